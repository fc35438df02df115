"""Account security: two-factor login (TOTP), recovery codes, password reset and changes."""

import secrets
import time
from datetime import timedelta

import pyotp
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from portal import audit
from portal.access import is_active_user
from portal.core.dates import utcnow
from portal.core.tokens import token_digest
from portal.extensions import db
from portal.network import services
from portal.network.models import LoginSession, PasswordReset, RecoveryCode, User
from portal.network.passwords import password_problem
from portal.signals import sessions_ended

ISSUER = "Fagnettverket"
RECOVERY_CODE_COUNT = 10
TOTP_PERIOD = 30


class AccountError(ValueError):
    """A refused account change; the message is Norwegian and shown to the user."""


def check_password(user: User, password: str) -> bool:
    """True when ``password`` is the user's current password."""
    try:
        return services.password_hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def two_factor_required(user: User) -> bool:
    """True when the user's role or the network setting demands two-factor login."""
    config = current_app.config
    if not config["TWO_FACTOR_ENFORCED"]:
        return False
    return two_factor_required_for(user.role, user.network.require_two_factor)


def two_factor_required_for(role: str, network_requires: bool) -> bool:
    """True when a role, or the network setting, demands two-factor login (from known facts)."""
    config = current_app.config
    return config["TWO_FACTOR_ENFORCED"] and (
        role in config["TWO_FACTOR_ROLES"] or network_requires
    )


def enrolment_pending(user: User) -> bool:
    """True when the user has typed the password but must still set up two-factor login."""
    return not user.has_two_factor and two_factor_required(user)


def fully_logged_in(user) -> bool:
    """The one answer to "is this login complete?" for pages and chat sockets alike: an active
    user with a live session who has every login step their role demands."""
    return is_active_user(user) and not enrolment_pending(user)


def new_totp_secret() -> str:
    """A fresh base32 secret for an authenticator app."""
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def _matching_step(secret: str, code: str, after_step: int | None) -> int | None:
    """The time step (now ±1) whose code matches, if it is newer than ``after_step``."""
    code = code.replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = int(time.time()) // TOTP_PERIOD
    for step in (current - 1, current, current + 1):
        if (after_step is None or step > after_step) and secrets.compare_digest(
            totp.at(step * TOTP_PERIOD), code
        ):
            return step
    return None


def _hash_code(code: str) -> str:
    """Digest of a recovery code, normalised (no dashes or spaces, lower case)."""
    return token_digest(code.replace("-", "").replace(" ", "").lower())


def _new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes; return the new ones (shown once)."""
    for old in db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)):
        db.session.delete(old)
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_code(code)))
    return codes


def enable_two_factor(user: User, secret: str, code: str) -> list[str]:
    """Turn on two-factor login once the app's first code matches; return recovery codes."""
    step = _matching_step(secret, code, None)
    if step is None:
        audit.record(user, "2fa.enrol_failed", user)
        raise AccountError(
            _("Koden stemmer ikke. Sjekk klokka på telefonen og prøv med en ny kode.")
        )
    user.totp_secret = secret
    user.totp_last_step = step
    user.two_factor_since = utcnow()
    codes = _new_recovery_codes(user)
    audit.record(user, "2fa.enabled", user)
    return codes


def disable_two_factor(user: User) -> None:
    """Turn off two-factor login and drop the recovery codes."""
    if two_factor_required(user):
        raise AccountError(_("Tofaktorinnlogging er påkrevd for din rolle og kan ikke slås av."))
    user.totp_secret = None
    user.totp_last_step = None
    user.two_factor_since = None
    for old in db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)):
        db.session.delete(old)
    audit.record(user, "2fa.disabled", user)


def regenerate_recovery_codes(user: User) -> list[str]:
    """New recovery codes; the old ones stop working."""
    codes = _new_recovery_codes(user)
    audit.record(user, "2fa.recovery_codes_renewed", user)
    return codes


def verify_second_factor(user: User, code: str) -> str | None:
    """Accept an unused TOTP code or recovery code once; return "totp"/"recovery" or None."""
    step = _matching_step(user.totp_secret or "", code, user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        audit.record(user, "2fa.succeeded", user, detail="totp")
        return "totp"
    recovery = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash_code(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if recovery is not None:
        recovery.used_at = utcnow()
        audit.record(user, "2fa.succeeded", user, detail="recovery_code")
        return "recovery"
    audit.record(None, "2fa.failed", user)
    return None


def unused_recovery_codes(user: User) -> int:
    """How many recovery codes the user has left."""
    return len(
        db.session.scalars(
            select(RecoveryCode.id).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        ).all()
    )


def set_password(actor: User, user: User, password: str) -> None:
    """Set a new password after checking the rules; every session of the user ends."""
    if problem := password_problem(password, user.email, user.name):
        raise AccountError(problem)
    user.password_hash = services.hash_password(password)
    services.end_all_sessions(user)
    revoke_password_resets(user)
    audit.record(actor, "password.changed", user)


def revoke_password_resets(user: User) -> int:
    """Use up every open reset link of the user (after a reset or a password change)."""
    now = utcnow()
    open_resets = db.session.scalars(
        select(PasswordReset).where(
            PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None)
        )
    ).all()
    for reset in open_resets:
        reset.used_at = now
    return len(open_resets)


def change_email(user: User, new_email: str) -> None:
    """Give the user another login e-mail address."""
    new_email = services.normalise_email(new_email)
    if new_email == user.email:
        return
    if services.find_user_by_email(new_email) is not None:
        raise AccountError(_("Det finnes allerede en bruker med denne e-postadressen."))
    user.email = new_email
    audit.record(user, "email.changed", user)


def start_password_reset(email: str) -> tuple[User, str] | None:
    """Create a reset link for an active user; None (silently) for unknown addresses."""
    user = services.find_user_by_email(email)
    if user is None or not user.active:
        audit.record(None, "password_reset.unknown_account")
        return None
    token = secrets.token_urlsafe(32)
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    db.session.add(
        PasswordReset(
            user=user,
            token_hash=token_digest(token),
            expires_at=utcnow() + timedelta(minutes=minutes),
        )
    )
    audit.record(None, "password_reset.requested", user)
    return user, token


def find_password_reset(token: str) -> PasswordReset | None:
    """The reset a token belongs to, if it is unused and not expired."""
    reset = db.session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == token_digest(token))
    )
    if reset is None or reset.used_at is not None or reset.expires_at <= utcnow():
        return None
    return reset


def complete_password_reset(reset: PasswordReset, password: str) -> User:
    """Set the new password and use up the link; login (and 2FA) is still required after."""
    set_password(reset.user, reset.user, password)
    audit.record(reset.user, "password_reset.completed", reset.user)
    return reset.user


def open_sessions(user: User) -> list[LoginSession]:
    """The user's live login sessions, most recently used first."""
    return list(
        db.session.scalars(
            select(LoginSession)
            .where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
            .order_by(LoginSession.last_seen_at.desc())
        )
    )


def end_other_session(user: User, session_id: int) -> bool:
    """End one of the user's own sessions by id; False if it is not theirs or already ended."""
    login = db.session.get(LoginSession, session_id)
    if login is None or login.user_id != user.id or login.ended_at is not None:
        return False
    login.ended_at = utcnow()
    audit.record(user, "session.ended", user)
    sessions_ended.send(user.id)
    return True

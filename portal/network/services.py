"""Network operations: accounts, login sessions, invitations, deactivation, roles."""

import secrets
from contextlib import suppress
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.orm.attributes import set_committed_value

from portal import audit
from portal.core.dates import utcnow
from portal.core.pagination import Page, paginate
from portal.core.tokens import token_digest
from portal.extensions import db
from portal.network.models import Invitation, LoginSession, Municipality, Network, Role, User
from portal.network.passwords import password_problem
from portal.signals import sessions_ended


class NetworkError(ValueError):
    """A refused operation; the message is Norwegian and shown to the user."""


def password_hasher() -> PasswordHasher:
    """Return the argon2 hasher with the parameters configured for this app."""
    return PasswordHasher(**current_app.config.get("ARGON2_PARAMETERS", {}))


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return password_hasher().hash(password)


def normalise_email(email: str) -> str:
    """Lower-case and trim an e-mail address."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """Return the user with this e-mail address, if any."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


_DUMMY_HASHES: dict[tuple, str] = {}


def dummy_hash(hasher: PasswordHasher) -> str:
    """A hash with the hasher's parameters to verify against for unknown addresses (made once)."""
    key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism, hasher.hash_len)
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = hasher.hash(secrets.token_urlsafe(16))
    return _DUMMY_HASHES[key]


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with these credentials, rehashing old hashes; audit failures."""
    user = find_user_by_email(email)
    hasher = password_hasher()
    if user is None:
        # Exactly one verify, as for a real address, so response time does not reveal it.
        with suppress(VerificationError):
            hasher.verify(dummy_hash(hasher), password)
        audit.record(None, "login.failed", detail="unknown_account")
        return None
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        audit.record(None, "login.failed", user, detail="bad_password")
        return None
    if not user.active:
        audit.record(None, "login.failed", user, detail="deactivated")
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user


def start_session(user: User, user_agent: str = "", method: str = "password") -> str:
    """Open a server-side login session (a completed login) and return its secret token."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        LoginSession(user=user, token_hash=token_digest(token), user_agent=user_agent[:200])
    )
    db.session.flush()
    audit.record(user, "login.succeeded", user, detail=method)
    return token


# Every signed-in request runs this: built once. It brings the user's network along, so the
# two-factor check (the network may demand it) reads what is loaded instead of querying again,
# and the user's municipality, which the start page and the lists name. The login session
# comes as columns, not an object: it is only read, and written with an UPDATE when it changes.
_LIVE_SESSION = (
    select(
        User,
        Network,
        Municipality,
        LoginSession.id,
        LoginSession.user_id,
        LoginSession.created_at,
        LoginSession.last_seen_at,
        LoginSession.ended_at,
    )
    .select_from(LoginSession)
    .join(LoginSession.user)
    .join(User.network)
    .outerjoin(User.municipality)
    .where(LoginSession.token_hash == bindparam("token_hash"))
)


def session_user(user_id: int, token: str | None) -> User | None:
    """Return the user of a live session token; None if ended, idle too long, too old, foreign
    or deactivated. Expiry and last-seen updates (at most one a minute) are committed here."""
    if not token:
        return None
    found = db.session.execute(_LIVE_SESSION, {"token_hash": token_digest(token)}).first()
    if found is None:
        return None
    user, network, place, login_id, login_user_id, created_at, last_seen_at, ended_at = found
    if ended_at is not None or login_user_id != user_id or not user.active:
        return None
    set_committed_value(user, "network", network)  # as loaded: no query when they are read
    set_committed_value(user, "municipality", place)
    now = utcnow()
    config = current_app.config
    idle = timedelta(minutes=config["IDLE_TIMEOUT_MINUTES"])
    absolute = timedelta(hours=config["ABSOLUTE_TIMEOUT_HOURS"])
    if now - last_seen_at > idle or now - created_at > absolute:
        _end_if_open(login_id, now)
        audit.record(user, "session.expired", user)
        sessions_ended.send(user.id)  # before the commit: its sockets close once it is done
        db.session.commit()
        return None
    if now - last_seen_at > timedelta(minutes=1):
        db.session.execute(
            update(LoginSession).where(LoginSession.id == login_id).values(last_seen_at=now)
        )
        db.session.commit()
    return user


def expire_sessions(now) -> int:
    """End every open session past the idle or absolute timeout (their sockets follow)."""
    config = current_app.config
    idle_since = now - timedelta(minutes=config["IDLE_TIMEOUT_MINUTES"])
    started_before = now - timedelta(hours=config["ABSOLUTE_TIMEOUT_HOURS"])
    candidates = db.session.scalars(
        select(LoginSession).where(
            LoginSession.ended_at.is_(None),
            (LoginSession.last_seen_at < idle_since) | (LoginSession.created_at < started_before),
        )
    ).all()
    expired = [login for login in candidates if _end_if_open(login.id, now)]
    for login in expired:
        audit.record(login.user, "session.expired", login.user)
    for user_id in {login.user_id for login in expired}:
        sessions_ended.send(user_id)
    return len(expired)


def _end_if_open(login_id: int, now) -> bool:
    """End a session unless another process (or request) ended it first."""
    ended = db.session.execute(
        update(LoginSession)
        .where(LoginSession.id == login_id, LoginSession.ended_at.is_(None))
        .values(ended_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return ended.rowcount == 1


def end_session(token: str | None) -> None:
    """End one login session (logout)."""
    if not token:
        return
    login = db.session.scalar(
        select(LoginSession).where(LoginSession.token_hash == token_digest(token))
    )
    if login is not None and login.ended_at is None:
        login.ended_at = utcnow()
        audit.record(login.user, "logout", login.user)
        sessions_ended.send(login.user_id)


def end_all_sessions(user: User) -> int:
    """End every open login session of a user; return how many were ended."""
    open_sessions = db.session.scalars(
        select(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
    ).all()
    now = utcnow()
    for login in open_sessions:
        login.ended_at = now
    sessions_ended.send(user.id)
    return len(open_sessions)


def create_invitation(
    actor: User, email: str, name: str, role: str, municipality: Municipality | None
) -> tuple[Invitation, str]:
    """Invite a person; return the invitation and its one-time token (to put in the link)."""
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise NetworkError(_("Det finnes allerede en bruker med denne e-postadressen."))
    now = utcnow()
    pending = db.session.scalars(
        select(Invitation).where(Invitation.email == email, Invitation.accepted_at.is_(None))
    ).all()
    if any(inv.is_open(now) for inv in pending):
        raise NetworkError(_("Denne e-postadressen har allerede en åpen invitasjon."))
    if role not in Role.__members__.values():
        raise NetworkError(_("Ukjent rolle."))
    if role == Role.MEMBER and municipality is None:
        raise NetworkError(_("Et medlem må høre til en kommune."))
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        token_hash=token_digest(token),
        email=email,
        name=name.strip(),
        role=role,
        municipality=municipality,
        invited_by=actor,
        expires_at=now + timedelta(days=current_app.config["INVITATION_DAYS"]),
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record(actor, "invitation.created", invitation, detail=f"role={role}")
    return invitation, token


def find_invitation(token: str) -> Invitation | None:
    """Return the invitation a token belongs to, open or not."""
    return db.session.scalar(select(Invitation).where(Invitation.token_hash == token_digest(token)))


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Return a Norwegian reason why an invitation cannot be used, or None if it can."""
    if invitation is None:
        return _("Invitasjonslenken er ugyldig. Be administratoren om en ny invitasjon.")
    if invitation.accepted_at is not None:
        return _("Invitasjonen er allerede brukt. Logg inn med e-postadressen og passordet ditt.")
    if invitation.revoked_at is not None:
        return _("Invitasjonen er trukket tilbake. Be administratoren om en ny invitasjon.")
    if not invitation.is_open(utcnow()):
        return _("Invitasjonen har utløpt. Be administratoren om en ny invitasjon.")
    return None


def accept_invitation(invitation: Invitation, name: str, password: str) -> User:
    """Create the invited user with the chosen password and mark the invitation used."""
    if problem := invitation_problem(invitation):
        raise NetworkError(problem)
    if find_user_by_email(invitation.email) is not None:
        raise NetworkError(_("Det finnes allerede en bruker med denne e-postadressen."))
    if problem := password_problem(password, invitation.email, name):
        raise NetworkError(problem)
    user = User(
        network_id=invitation.invited_by.network_id,
        municipality=invitation.municipality,
        email=invitation.email,
        name=name.strip(),
        role=invitation.role,
        password_hash=hash_password(password),
    )
    db.session.add(user)
    invitation.accepted_at = utcnow()
    db.session.flush()
    audit.record(user, "invitation.accepted", invitation)
    return user


def revoke_invitation(actor: User, invitation: Invitation) -> None:
    """Withdraw an open invitation."""
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        audit.record(actor, "invitation.revoked", invitation)


def open_invitations() -> list[Invitation]:
    """Invitations that have not been accepted, revoked or expired, newest first."""
    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
            .order_by(Invitation.created_at.desc())
        )
    )


def deactivate(actor: User, user: User) -> None:
    """Deactivate a member and end all their login sessions."""
    if not user.active:
        return
    user.active = False
    user.deactivated_at = utcnow()
    end_all_sessions(user)
    audit.record(actor, "member.deactivated", user)


def reactivate(actor: User, user: User) -> None:
    """Let a deactivated member log in again."""
    if user.active:
        return
    user.active = True
    user.deactivated_at = None
    audit.record(actor, "member.reactivated", user)


def change_role(actor: User, user: User, role: str) -> None:
    """Give a member another role and end their sessions so the change takes effect at once."""
    if role not in Role.__members__.values():
        raise NetworkError(_("Ukjent rolle."))
    if role == Role.MEMBER and user.municipality_id is None:
        raise NetworkError(_("Et medlem må høre til en kommune."))
    if user.role == role:
        return
    old = user.role
    user.role = role
    end_all_sessions(user)
    audit.record(actor, "member.role_changed", user, detail=f"{old}->{role}")


def the_network() -> Network:
    """Return the network this portal serves (the first one)."""
    network = db.session.scalar(select(Network).order_by(Network.id))
    if network is None:
        raise LookupError("no network: run `flask --app wsgi seed-demo` or create-admin")
    return network


MEMBERS_PER_PAGE = 50


def municipality_members(place: Municipality, page: int = 1) -> Page:
    """A municipality's active members by name, one page at a time (the columns the list
    shows; the page reads the index in that order, ix_user_municipality_members); how many
    there are is the count the database keeps (member_count), not counted again."""
    return paginate(_MEMBERS, page, MEMBERS_PER_PAGE, total=place.member_count, place=place.id)


_MEMBERS = (
    select(User.id, User.name, User.title, User.is_contact, User.role, User.email)
    .where(User.municipality_id == bindparam("place"), User.active.is_(True))
    .order_by(User.name, User.id)
)


def municipality_overview() -> list[Row]:
    """Every municipality by name with its count of active members (kept by the database):
    rows of id, number, name and members (one query)."""
    return list(db.session.execute(_MUNICIPALITY_OVERVIEW))


_MUNICIPALITY_OVERVIEW = select(
    Municipality.id,
    Municipality.number,
    Municipality.name,
    Municipality.member_count.label("members"),
).order_by(Municipality.name)


def contacts_and_staff() -> tuple[dict[int, str], list[Row]]:
    """The names of active contact persons by municipality id (joined with commas), and the
    active users who belong to no municipality (coordinator, legal adviser, admins) as rows of
    id, name and role; both by name, from one query."""
    contacts: dict[int, list[str]] = {}
    staff = []
    for person in db.session.execute(_CONTACTS_AND_STAFF):
        if person.municipality_id is None:
            staff.append(person)
        else:
            contacts.setdefault(person.municipality_id, []).append(person.name)
    return {place: ", ".join(names) for place, names in contacts.items()}, staff


_CONTACTS_AND_STAFF = (
    select(User.id, User.name, User.role, User.municipality_id)
    .where(User.active.is_(True), User.is_contact.is_(True) | User.municipality_id.is_(None))
    .order_by(User.name)
)

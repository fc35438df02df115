"""Account pages: second login step, forgotten password, own account, 2FA, sessions, own data."""

import hashlib
import io
import json
import time

import segno
from flask import Response, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from portal import links, mail, personal_data
from portal.access import load, requires
from portal.audit import AuditEvent
from portal.core.dates import utcnow
from portal.core.forms import ConfirmForm
from portal.extensions import db, limiter
from portal.network import accounts, services
from portal.network.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    EnrolTwoFactorForm,
    ForgotPasswordForm,
    NetworkSettingsForm,
    ReauthenticateForm,
    ResetPasswordForm,
    SecondFactorForm,
)
from portal.network.models import LoginSession, User
from portal.network.routes import (
    PENDING_LOGIN_KEY,
    address_rate_limit,
    bp,
    log_in_user,
    login_failed,
    login_rate_limit,
)

PENDING_TOTP_KEY = "totp_pending"
PENDING_LOGIN_SECONDS = 300
DISABLE_PREFIX = "av"
WRONG_CODE = _l("Koden stemmer ikke, eller den er brukt før. Vent på en ny kode og prøv igjen.")
WRONG_PASSWORD = _l("Passordet stemmer ikke.")
OPEN_WITHOUT_TWO_FACTOR = {
    "network.two_factor", "network.two_factor_qr", "network.logout", "network.login",
    "network.login_code", "assets.vendor", "static", "health.healthz", "health.readyz",
}  # fmt: skip


@bp.before_app_request
def require_two_factor_enrolment():
    """Send a user whose role demands two-factor login to set it up before anything else."""
    if request.endpoint in OPEN_WITHOUT_TWO_FACTOR:  # first: health checks load no user
        return None
    user = current_user._get_current_object()  # once, not through the proxy per check
    if user.is_authenticated and not accounts.fully_logged_in(user):
        flash(_("Din rolle krever tofaktorinnlogging. Sett det opp før du fortsetter."), "warning")
        return redirect(url_for("network.two_factor"))
    return None


def _pending_login_key() -> str:
    """Rate-limit key for second-factor attempts: the user waiting for their code."""
    pending = session.get(PENDING_LOGIN_KEY) or {}
    return f"2fa:{pending.get('user', 'none')}"


def _reauthentication_error(form: ReauthenticateForm, user: User) -> str | None:
    """Check the current password (and a code when 2FA is on); return a message if wrong."""
    if not accounts.check_password(user, form.current_password.data):
        return str(WRONG_PASSWORD)
    if user.has_two_factor and not accounts.verify_second_factor(user, form.code.data or ""):
        return str(WRONG_CODE)
    return None


@bp.route("/logg-inn/kode", methods=["GET", "POST"])
@requires("public")
@limiter.limit(
    address_rate_limit, key_func=_pending_login_key, methods=["POST"], deduct_when=login_failed
)
def login_code():
    """Second login step: the code from the authenticator app or a recovery code."""
    pending = session.get(PENDING_LOGIN_KEY)
    if not pending or time.time() - pending["at"] > PENDING_LOGIN_SECONDS:
        flash(_("Innloggingen tok for lang tid. Start på nytt."), "info")
        return redirect(url_for("network.login"))
    user = db.session.get(User, pending["user"])
    if user is None or not user.active or not user.has_two_factor:
        return redirect(url_for("network.login"))
    form = SecondFactorForm()
    error = None
    if form.validate_on_submit():
        method = accounts.verify_second_factor(user, form.code.data)
        if method:
            target = pending.get("next")
            log_in_user(user, method)
            if method == "recovery":
                left = accounts.unused_recovery_codes(user)
                flash(
                    _("Du brukte en gjenopprettingskode. Du har %(left)d igjen.", left=left),
                    "warning",
                )
            return redirect(target or url_for("network.dashboard"))
        db.session.commit()
        g.login_failed = True
        error = WRONG_CODE
    return render_template("network/login_code.html", form=form, error=error)


@bp.route("/glemt-passord", methods=["GET", "POST"])
@requires("public")
@limiter.limit(login_rate_limit, methods=["POST"])
def forgot_password():
    """Ask for a reset link; the answer is the same whether the address exists or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        if started := accounts.start_password_reset(form.email.data):
            user, token = started
            link = links.public_url("network.reset_password", token=token)
            body = render_template("network/reset_mail.txt", user=user, link=link)
            mail.send_mail(user.email, _("Nytt passord i Fagnettverket"), body)
        db.session.commit()
        return render_template("network/forgot_sent.html")
    return render_template("network/forgot_password.html", form=form)


@bp.route("/nytt-passord/<token>", methods=["GET", "POST"])
@requires("public")
def reset_password(token: str):
    """Choose a new password from a single-use reset link."""
    reset = accounts.find_password_reset(token)
    if reset is None:
        return render_template("network/reset_invalid.html"), 410
    form = ResetPasswordForm()
    error = None
    if form.validate_on_submit():
        try:
            accounts.complete_password_reset(reset, form.password.data)
        except accounts.AccountError as refused:
            error = str(refused)
        else:
            db.session.commit()
            flash(_("Passordet er endret. Logg inn med det nye passordet."))
            return redirect(url_for("network.login"))
    return render_template("network/reset_password.html", form=form, error=error)


@bp.route("/konto")
@requires("account.manage")
def account():
    """The signed-in user's own account."""
    return render_template(
        "network/account.html",
        codes_left=accounts.unused_recovery_codes(current_user),
        required=accounts.two_factor_required(current_user),
    )


@bp.route("/konto/passord", methods=["GET", "POST"])
@requires("account.manage")
def change_password():
    """Change the password; every other session ends, this one starts afresh."""
    form = ChangePasswordForm()
    error = None
    if form.validate_on_submit():
        error = _reauthentication_error(form, current_user)
        if error is None:
            user = current_user._get_current_object()
            try:
                accounts.set_password(user, user, form.password.data)
            except accounts.AccountError as refused:
                error = str(refused)
            else:
                log_in_user(user, "password_change")
                flash(_("Passordet er endret. Du er logget ut på alle andre enheter."))
                return redirect(url_for("network.account"))
        db.session.commit()
    return render_template("network/change_password.html", form=form, error=error)


@bp.route("/konto/epost", methods=["GET", "POST"])
@requires("account.manage")
def change_email():
    """Change the login e-mail address."""
    form = ChangeEmailForm()
    error = None
    if form.validate_on_submit():
        error = _reauthentication_error(form, current_user)
        if error is None:
            try:
                accounts.change_email(current_user, form.email.data)
            except accounts.AccountError as refused:
                error = str(refused)
            else:
                db.session.commit()
                flash(_("E-postadressen er endret."))
                return redirect(url_for("network.account"))
        db.session.commit()
    return render_template("network/change_email.html", form=form, error=error)


@bp.route("/konto/tofaktor", methods=["GET", "POST"])
@requires("account.manage")
def two_factor():
    """Set up two-factor login, or manage it once it is on."""
    if current_user.has_two_factor:
        return render_template(
            "network/two_factor_manage.html",
            form=ReauthenticateForm(),
            disable_form=ReauthenticateForm(prefix=DISABLE_PREFIX),
            codes_left=accounts.unused_recovery_codes(current_user),
            required=accounts.two_factor_required(current_user),
        )
    secret = session.setdefault(PENDING_TOTP_KEY, accounts.new_totp_secret())
    form = EnrolTwoFactorForm()
    error = None
    if form.validate_on_submit():
        if not accounts.check_password(current_user, form.current_password.data):
            error = WRONG_PASSWORD
        else:
            try:
                codes = accounts.enable_two_factor(current_user, secret, form.code.data)
            except accounts.AccountError as refused:
                error = str(refused)
            else:
                session.pop(PENDING_TOTP_KEY, None)
                db.session.commit()
                return render_template("network/recovery_codes.html", codes=codes)
        db.session.commit()
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render_template("network/two_factor_enrol.html", form=form, error=error, secret=grouped)


@bp.route("/konto/tofaktor/qr.svg")
@requires("account.manage")
def two_factor_qr():
    """The QR code for the pending authenticator secret (never for an enabled one)."""
    secret = session.get(PENDING_TOTP_KEY)
    if current_user.has_two_factor or not secret:
        abort(404)
    buffer = io.BytesIO()
    segno.make(accounts.provisioning_uri(current_user, secret), error="m").save(
        buffer, kind="svg", scale=5, border=2, title="QR-kode for autentiseringsappen"
    )
    return Response(buffer.getvalue(), mimetype="image/svg+xml")


@bp.route("/konto/tofaktor/nye-koder", methods=["POST"])
@requires("account.manage")
def renew_recovery_codes():
    """Replace the recovery codes (password and code first)."""
    form = ReauthenticateForm()
    if form.validate_on_submit():
        if error := _reauthentication_error(form, current_user):
            db.session.commit()
            flash(error, "error")
            return redirect(url_for("network.two_factor"))
        codes = accounts.regenerate_recovery_codes(current_user)
        db.session.commit()
        return render_template("network/recovery_codes.html", codes=codes)
    flash(_("Fyll ut passord og kode."), "error")
    return redirect(url_for("network.two_factor"))


@bp.route("/konto/tofaktor/deaktiver", methods=["POST"])
@requires("account.manage")
def disable_two_factor():
    """Turn two-factor login off (password and code first), where the role allows it."""
    form = ReauthenticateForm(prefix=DISABLE_PREFIX)
    if form.validate_on_submit():
        if error := _reauthentication_error(form, current_user):
            flash(error, "error")
        else:
            try:
                accounts.disable_two_factor(current_user)
            except accounts.AccountError as refused:
                flash(str(refused), "error")
            else:
                flash(_("Tofaktorinnlogging er slått av."))
        db.session.commit()
    return redirect(url_for("network.two_factor"))


@bp.route("/konto/okter")
@requires("account.manage")
def sessions():
    """Where the user is logged in, with a button to end each other session."""
    token = session.get("sid") or ""
    current_hash = hashlib.sha256(token.encode()).hexdigest()
    return render_template(
        "network/sessions.html",
        logins=accounts.open_sessions(current_user),
        current_hash=current_hash,
        confirm_form=ConfirmForm(),
    )


@bp.route("/konto/okter/<int:session_id>/avslutt", methods=["POST"])
@requires("account.manage")
def end_session(session_id: int):
    """End one of the user's other sessions."""
    if ConfirmForm().validate_on_submit() and accounts.end_other_session(current_user, session_id):
        db.session.commit()
        flash(_("Økten er avsluttet."))
    return redirect(url_for("network.sessions"))


@bp.route("/medlemmer/<int:user_id>/avslutt-okter", methods=["POST"])
@requires("member.end_sessions")
def end_member_sessions(user_id: int):
    """An admin ends every session of a member (a lost phone, a shared computer)."""
    person = load(User, user_id)
    if ConfirmForm().validate_on_submit():
        count = services.end_all_sessions(person)
        services.audit.record(current_user, "member.sessions_ended", person, detail=str(count))
        db.session.commit()
        flash(_("%(count)d økt(er) for %(name)s er avsluttet.", count=count, name=person.name))
    return redirect(url_for("network.member", user_id=person.id))


@bp.route("/konto/mine-data.json")
@requires("account.manage")
def my_data():
    """Download everything the portal holds about the signed-in user (GDPR access)."""
    services.audit.record(current_user, "personal_data.exported", current_user)
    db.session.commit()
    body = json.dumps(
        personal_data.collect(current_user), ensure_ascii=False, indent=2, default=str
    )
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="mine-data.json"'
    return response


@bp.route("/admin/innstillinger", methods=["GET", "POST"])
@requires("network.settings")
def settings():
    """Network-wide settings: require two-factor login for everyone."""
    network = services.the_network()
    form = NetworkSettingsForm(obj=network)
    if form.validate_on_submit():
        network.require_two_factor = form.require_two_factor.data
        services.audit.record(
            current_user, "network.settings_changed", network,
            detail=f"require_two_factor={int(network.require_two_factor)}",
        )  # fmt: skip
        db.session.commit()
        flash(_("Innstillingene er lagret."))
        return redirect(url_for("network.settings"))
    return render_template("network/settings.html", form=form)


def profile_data(user: User) -> dict:
    """Profile, login sessions and the audit trail of the user's own actions."""
    logins = db.session.scalars(select(LoginSession).where(LoginSession.user_id == user.id))
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.actor_id == user.id).order_by(AuditEvent.id)
    )
    return {
        "navn": user.name,
        "e_post": user.email,
        "stilling": user.title,
        "rolle": user.role,
        "kommune": user.municipality.name if user.municipality else None,
        "kontaktperson": user.is_contact,
        "opprettet": user.created_at.isoformat(),
        "tofaktor_siden": user.two_factor_since.isoformat() if user.two_factor_since else None,
        "innlogginger": [
            {
                "startet": s.created_at.isoformat(),
                "sist_brukt": s.last_seen_at.isoformat(),
                "nettleser": s.user_agent,
                "avsluttet": s.ended_at.isoformat() if s.ended_at else None,
            }
            for s in logins
        ],  # fmt: skip
        "hendelser": [{"tid": e.at.isoformat(), "hendelse": e.action} for e in events],
        "eksportert": utcnow().isoformat(),
    }

"""Pages for login, the start page, the network, members and invitations."""

import csv
import hashlib
import io
import secrets
import time
from datetime import datetime
from datetime import time as clock
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal import audit, links, mail
from portal.access import can, load, requires
from portal.audit import AuditEvent
from portal.core.cells import safe_cell
from portal.core.forms import ConfirmForm
from portal.core.fragments import id_url
from portal.core.numbers import bounded_int, int_arg
from portal.core.places import municipalities
from portal.core.tokens import token_digest
from portal.core.translations import labels
from portal.dashboard import Panel, cached_panels, note_change, panels_for
from portal.extensions import db, limiter
from portal.mail import OutboxMessage
from portal.network import services
from portal.network.forms import (
    AcceptInvitationForm,
    AuditFilterForm,
    InvitationForm,
    LoginForm,
    RoleForm,
)
from portal.network.models import ROLE_LABELS, Invitation, Municipality, User

bp = Blueprint("network", __name__, cli_group=None)

SESSION_TOKEN_KEY = "sid"  # noqa: S105 - the cookie key, not a secret
PENDING_LOGIN_KEY = "pending_login"
LOGIN_FAILED = _l("Feil e-postadresse eller passord. Sjekk at du har skrevet riktig og prøv igjen.")


def load_user(user_id: str) -> User | None:
    """Load the user behind the session cookie, only while their server-side session lives."""
    return services.session_user(int(user_id), session.get(SESSION_TOKEN_KEY))


def login_rate_limit() -> str:
    """Failed logins allowed from one client address (sized for a whole room on one wifi)."""
    return current_app.config["LOGIN_RATE_LIMIT"]


def address_rate_limit() -> str:
    """Failed logins allowed for one typed e-mail address (against password guessing)."""
    return current_app.config["LOGIN_ADDRESS_RATE_LIMIT"]


def login_failed(_response: Response) -> bool:
    """Deduct from the login limits only when the attempt failed (set by the view)."""
    return bool(g.get("login_failed"))


def _typed_email_digest() -> str:
    """SHA-256 of the e-mail typed into the login form (never kept in plain text)."""
    email = services.normalise_email(request.form.get("email", ""))
    return hashlib.sha256(email.encode()).hexdigest()


def _device_serializer() -> URLSafeTimedSerializer:
    """Signs the known-device cookie with the app's secret key."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="known-device")


def _known_device_nonce(email_digest: str) -> str | None:
    """The nonce of a valid known-device cookie issued to this address in this browser."""
    raw = request.cookies.get(current_app.config["DEVICE_COOKIE_NAME"])
    if not raw:
        return None
    max_age = current_app.config["DEVICE_COOKIE_DAYS"] * 86400
    try:
        payload = _device_serializer().loads(raw, max_age=max_age)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("e") != email_digest:
        return None
    return str(payload.get("n", ""))[:64] or None


def _submitted_email_key() -> str:
    """Rate-limit key for failed logins with the typed address: a browser where that person
    logged in before counts apart, so a stranger's wrong guesses never lock the owner out."""
    digest = _typed_email_digest()
    if nonce := _known_device_nonce(digest):
        return f"login-device:{digest}:{nonce}"
    return "login:" + digest


def remember_device(response: Response, email: str) -> Response:
    """Mark this browser as one where the address logged in (a signed, HttpOnly cookie)."""
    config = current_app.config
    digest = hashlib.sha256(services.normalise_email(email).encode()).hexdigest()
    nonce = _known_device_nonce(digest) or secrets.token_urlsafe(12)
    response.set_cookie(
        config["DEVICE_COOKIE_NAME"],
        _device_serializer().dumps({"e": digest, "n": nonce}),
        max_age=config["DEVICE_COOKIE_DAYS"] * 86400,
        secure=config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
        path="/",
    )
    return response


def _safe_next(target: str | None) -> str | None:
    """Return ``target`` if it is a path on this site, else None."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def log_in_user(user: User, method: str = "password") -> None:
    """Start a fresh session for ``user`` (a new session id on every login)."""
    session.clear()
    token = services.start_session(user, request.user_agent.string, method)
    db.session.commit()
    session[SESSION_TOKEN_KEY] = token
    login_user(user)


@bp.route("/logg-inn", methods=["GET", "POST"])
@requires("public")
@limiter.limit(login_rate_limit, methods=["POST"], deduct_when=login_failed)
@limiter.limit(
    address_rate_limit, key_func=_submitted_email_key, methods=["POST"], deduct_when=login_failed
)
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("network.dashboard"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        target = _safe_next(request.args.get("next"))
        if user is not None and user.has_two_factor:
            db.session.commit()
            session.clear()
            session[PENDING_LOGIN_KEY] = {"user": user.id, "at": int(time.time()), "next": target}
            return remember_device(redirect(url_for("network.login_code")), user.email)
        if user is not None:
            log_in_user(user)
            return remember_device(redirect(target or url_for("network.dashboard")), user.email)
        db.session.commit()
        g.login_failed = True
        error = LOGIN_FAILED
    return render_template("network/login.html", form=form, error=error)


@bp.route("/logg-ut", methods=["POST"])
@requires("signed_in")
def logout():
    """End this login session."""
    services.end_session(session.get(SESSION_TOKEN_KEY))
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Du er logget ut."), "info")
    return redirect(url_for("network.login"))


@bp.route("/")
@requires("signed_in")
def dashboard():
    """The start page: panels from every feature for this user (kept a few seconds)."""
    login = token_digest(session.get(SESSION_TOKEN_KEY) or "")
    panels = cached_panels(
        (current_user.id, current_user.role, current_user.municipality_id, login),
        lambda: render_template("network/panels.html", panels=panels_for(current_user)),
    )
    return render_template("dashboard.html", panels=Markup(panels))  # noqa: S704 - autoescaped


@bp.after_app_request
def count_changes(response: Response) -> Response:
    """A form sent by a signed-in user may change what their start page shows."""
    if (
        request.method not in ("GET", "HEAD", "OPTIONS")
        and response.status_code < 400
        and current_user.is_authenticated
    ):
        note_change()
    return response


@bp.route("/nettverket")
@requires("network.view")
def network():
    """The network: its municipalities with member counts, and the network staff."""
    contacts, staff = services.contacts_and_staff()
    return render_template(
        "network/network.html",
        network=current_user.network,
        municipalities=services.municipality_overview(),
        contacts=contacts,
        staff=staff,
    )


@bp.route("/kommuner/<int:municipality_id>")
@requires("network.view")
def municipality(municipality_id: int):
    """One municipality and its members with their contact roles."""
    place = load(Municipality, municipality_id)
    members = services.municipality_members(place, page=int_arg("side", 1))
    member_url, role_names = id_url("network.member", "user_id"), labels(ROLE_LABELS)
    rows = tuple(
        (member_url % user_id, name, is_contact, title, role_names[role], email)
        for user_id, name, title, is_contact, role, email in members.items
    )  # plain values: the table is rendered once per exact rows (core/fragments.py)
    return render_template(
        "network/municipality.html", municipality=place, members=members, rows=rows
    )


@bp.route("/medlemmer/<int:user_id>")
@requires("network.view")
def member(user_id: int):
    """A member's profile, with admin actions for those allowed to use them."""
    person = load(User, user_id)
    return render_template(
        "network/member.html",
        person=person,
        role_form=RoleForm(role=person.role),
        confirm_form=ConfirmForm(),
    )


@bp.route("/medlemmer/<int:user_id>/deaktiver", methods=["POST"])
@requires("member.deactivate")
def deactivate(user_id: int):
    """Deactivate a member; they are logged out everywhere at once."""
    person = load(User, user_id)
    if ConfirmForm().validate_on_submit():
        services.deactivate(current_user, person)
        db.session.commit()
        flash(_("%(name)s er deaktivert og logget ut overalt.", name=person.name))
    return redirect(url_for("network.member", user_id=person.id))


@bp.route("/medlemmer/<int:user_id>/aktiver", methods=["POST"])
@requires("member.deactivate")
def reactivate(user_id: int):
    """Let a deactivated member log in again."""
    person = load(User, user_id)
    if ConfirmForm().validate_on_submit():
        services.reactivate(current_user, person)
        db.session.commit()
        flash(_("%(name)s kan logge inn igjen.", name=person.name))
    return redirect(url_for("network.member", user_id=person.id))


@bp.route("/medlemmer/<int:user_id>/rolle", methods=["POST"])
@requires("member.change_role")
def change_role(user_id: int):
    """Give a member another role."""
    person = load(User, user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            services.change_role(current_user, person, form.role.data)
        except services.NetworkError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(
                _(
                    "%(name)s har nå rollen %(role)s.",
                    name=person.name,
                    role=person.role_label.lower(),
                )
            )
    else:
        flash(" ".join(map(str, form.role.errors)) or _("Velg en rolle fra listen."), "error")
    return redirect(url_for("network.member", user_id=person.id))


@bp.route("/admin/invitasjoner", methods=["GET", "POST"])
@requires("member.invite")
def invitations():
    """Invite a person by e-mail, and see invitations not yet accepted."""
    form = InvitationForm(municipalities())
    error = None
    if form.validate_on_submit():
        place = (
            db.session.get(Municipality, form.municipality.data) if form.municipality.data else None
        )
        try:
            invitation, token = services.create_invitation(
                current_user, form.email.data, form.name.data or "", form.role.data, place
            )
        except services.NetworkError as refused:
            error = str(refused)
        else:
            link = links.public_url("network.accept_invitation", token=token)
            mail.send_mail(
                invitation.email,
                _("Invitasjon til Fagnettverket"),
                render_template("network/invitation_mail.txt", invitation=invitation, link=link),
            )
            db.session.commit()
            return render_template(
                "network/invitation_created.html",
                invitation=invitation,
                link=link,
                outcome=mail.report(),
            )
    return render_template(
        "network/invitations.html",
        form=form,
        error=error,
        pending=services.open_invitations(),
        confirm_form=ConfirmForm(),
    )


@bp.route("/admin/invitasjoner/<int:invitation_id>/trekk-tilbake", methods=["POST"])
@requires("member.invite")
def revoke_invitation(invitation_id: int):
    """Withdraw an invitation before it is used."""
    invitation = load(Invitation, invitation_id)
    if ConfirmForm().validate_on_submit():
        services.revoke_invitation(current_user, invitation)
        db.session.commit()
        flash(_("Invitasjonen er trukket tilbake."))
    return redirect(url_for("network.invitations"))


@bp.route("/invitasjon/<token>", methods=["GET", "POST"])
@requires("public")
def accept_invitation(token: str):
    """Accept an invitation: choose a name and password, then start using the portal."""
    invitation = services.find_invitation(token)
    if problem := services.invitation_problem(invitation):
        status = 404 if invitation is None else 410
        return render_template("network/invitation_problem.html", problem=problem), status
    if current_user.is_authenticated:
        logout_user()
        session.clear()
    form = AcceptInvitationForm(name=invitation.name or None)
    if form.validate_on_submit():
        try:
            user = services.accept_invitation(invitation, form.name.data, form.password.data)
        except services.NetworkError as refused:
            form.password.errors.append(str(refused))
        else:
            log_in_user(user, "invitation")
            flash(_("Velkommen til Fagnettverket, %(name)s!", name=user.name))
            return redirect(url_for("network.dashboard"))
    return render_template("network/accept_invitation.html", form=form, invitation=invitation)


AUDIT_PAGE_LIMIT = 500


def _audit_query(form: AuditFilterForm):
    """The audit events matching the filter form, newest first."""
    query = select(AuditEvent).options(joinedload(AuditEvent.actor)).order_by(AuditEvent.id.desc())
    if person_id := bounded_int(form.user.data):
        query = query.where(AuditEvent.actor_id == person_id)
    if form.action.data:
        query = query.where(AuditEvent.action.startswith(form.action.data.strip()))
    if form.date_to.errors:  # end before start: the dates are shown with an error, not applied
        return query
    if form.date_from.data:
        query = query.where(AuditEvent.at >= datetime.combine(form.date_from.data, clock.min))
    if form.date_to.data:
        query = query.where(AuditEvent.at <= datetime.combine(form.date_to.data, clock.max))
    return query


def _audit_filter_form() -> AuditFilterForm:
    """The filter form read from the query string, with every user as a choice."""
    form = AuditFilterForm(request.args)
    people = db.session.scalars(select(User).order_by(User.name))
    form.user.choices = [(0, _("Alle"))] + [(u.id, u.name) for u in people]
    form.validate()
    return form


@bp.route("/admin/logg")
@requires("audit.view")
def audit_log():
    """The audit log, filtered by person, event and dates."""
    form = _audit_filter_form()
    events = db.session.scalars(_audit_query(form).limit(AUDIT_PAGE_LIMIT))
    return render_template(
        "network/audit.html", events=list(events), form=form, limit=AUDIT_PAGE_LIMIT
    )


@bp.route("/admin/logg.csv")
@requires("audit.view")
def audit_log_csv():
    """The filtered audit log as CSV (the export itself is audited)."""
    form = _audit_filter_form()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["tidspunkt_utc", "person_id", "person", "hendelse", "objekt", "objekt_id", "detalj"]
    )
    for event in db.session.scalars(_audit_query(form)):
        writer.writerow([safe_cell(cell) for cell in (
            event.at.isoformat(), event.actor_id or "", event.actor.name if event.actor else "",
            event.action, event.object_type or "", event.object_id or "", event.detail or "",
        )])  # fmt: skip
    audit.record(current_user, "audit.exported")
    db.session.commit()
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="revisjonslogg.csv"'
    return response


@bp.route("/admin/utboks")
@requires("outbox.view")
def outbox():
    """E-mails kept locally because no SMTP server is configured."""
    messages = db.session.scalars(
        select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(100)
    )
    return render_template("network/outbox.html", messages=list(messages))


def admin_panel(user) -> Panel | None:
    """Admins see open invitations on the start page."""
    if not can(user, "member.invite"):
        return None
    return Panel("network/panel_admin.html", {"pending": services.open_invitations()})


def welcome_panel(user) -> Panel:
    """Everyone sees who they are in the network."""
    return Panel("network/panel_welcome.html", {"user": user})

"""Pages for debriefing sessions, registration, the chat room page and defusing requests."""

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal import links, mail
from portal.access import can, load, requires
from portal.core.dates import oslo_today, utcnow
from portal.core.forms import ConfirmForm
from portal.core.places import municipalities
from portal.dashboard import Panel
from portal.debrief import chat, chatroom, defusing, series, services
from portal.debrief.forms import (
    DisplayNameForm,
    RegisterForm,
    SeriesInviteForm,
    SessionForm,
    SummaryForm,
)
from portal.debrief.models import DebriefSeries, DebriefSession, DefusingRequest
from portal.extensions import db, socketio
from portal.network.models import User

bp = Blueprint("debrief", __name__, cli_group="debrief")


def _moderators() -> list[User]:
    """People who can moderate a session: the network's moderators and admins."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_(("moderator", "admin")), User.active.is_(True))
            .order_by(User.name)
        )
    )


def _session_url(session: DebriefSession) -> str:
    """The session's address for e-mails and calendar files."""
    return links.public_url("debrief.debrief_session", session_id=session.id)


@bp.route("/debrifing")
@requires("debrief.view")
def debriefs():
    """Upcoming debrief sessions, my registrations and the defusing channel."""
    on_duty = defusing.is_on_duty(current_user)
    return render_template(
        "debrief/list.html",
        sessions=services.upcoming_sessions(utcnow()),
        registered=services.registered_session_ids(current_user),
        past=services.past_sessions() if can(current_user, "debrief.manage") else [],
        my_request=defusing.open_request_of(current_user),
        on_duty=on_duty,
        waiting=defusing.waiting_requests() if on_duty else [],
        confirm_form=ConfirmForm(),
    )


@bp.route("/debrifing/ny", methods=["GET", "POST"])
@requires("debrief.manage")
def debrief_new():
    """Plan a single session or a recurring series."""
    moderators = _moderators()
    form = SessionForm(moderators, moderator=current_user.id)
    error = None
    if form.validate_on_submit():
        plan = services.SessionPlan(
            title=form.title.data,
            moderator=db.session.get(User, form.moderator.data),
            start_time=form.start_time.data,
            end_time=form.end_time.data,
            procedure=form.procedure.data or "",
            procedure_link=form.procedure_link.data or "",
            video_url=form.video_url.data or "",
        )
        try:
            days = (
                [form.first_date.data]
                if form.repeat.data == "single"
                else services.series_dates(form.first_date.data, form.until.data, form.repeat.data)
            )
            warnings = services.planning_warnings(plan, days, oslo_today())
            if form.repeat.data == "single":
                created = [services.create_session(current_user, plan, form.first_date.data)]
            else:
                created = services.create_series(
                    current_user, plan, form.first_date.data, form.until.data, form.repeat.data
                )
        except services.DebriefError as refused:
            error = str(refused)
        else:
            db.session.commit()
            flash(_("%(count)s økt(er) er planlagt.", count=len(created)))
            for warning in warnings:
                flash(warning, "warning")
            made = series.series_by_uid(created[0].series_uid)
            if made is not None:
                return redirect(url_for("debrief.debrief_series", series_id=made.id))
            return redirect(url_for("debrief.debriefs"))
    return render_template("debrief/new.html", form=form, error=error)


def _series_url(item: DebriefSeries) -> str:
    """The series' address for e-mails and calendar files."""
    return links.public_url("debrief.debrief_series", series_id=item.id)


@bp.route("/debrifing/serier/<int:series_id>")
@requires("debrief.manage")
def debrief_series(series_id: int):
    """A series: its sessions and who is invited, with the invitation form."""
    item = load(DebriefSeries, series_id)
    people = list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)))
    return render_template(
        "debrief/series.html",
        series=item,
        sessions=series.sessions_of(item),
        invitees=series.invitees(item),
        places=municipalities(),
        people=people,
        form=SeriesInviteForm(),
        confirm_form=ConfirmForm(),
        now=utcnow(),
    )


@bp.route("/debrifing/serier/<int:series_id>/inviter", methods=["POST"])
@requires("debrief.manage")
def debrief_series_invite(series_id: int):
    """Invite people, or whole municipalities, to every session with one calendar invitation."""
    item = load(DebriefSeries, series_id)
    form = SeriesInviteForm()
    if form.validate_on_submit():
        chosen = select(User).where(
            User.active.is_(True),
            User.id.in_(form.people.data or [])
            | User.municipality_id.in_(form.municipalities.data or []),
        )
        added = series.invite(
            current_user, item, list(db.session.scalars(chosen)), _series_url(item)
        )
        db.session.commit()
        if added:
            mail.flash_report(_("%(count)s person(er) er invitert og påmeldt.", count=len(added)))
        else:
            flash(
                _("Ingen nye å invitere: velg personer eller kommuner som ikke er invitert."),
                "error",
            )
    return redirect(url_for("debrief.debrief_series", series_id=item.id))


@bp.route("/debrifing/serier/<int:series_id>/fjern/<int:user_id>", methods=["POST"])
@requires("debrief.manage")
def debrief_series_remove(series_id: int, user_id: int):
    """Take a person out of the series; they get a calendar cancellation."""
    item = load(DebriefSeries, series_id)
    person = load(User, user_id)
    if ConfirmForm().validate_on_submit():
        try:
            series.remove_invitee(current_user, item, person, _series_url(item))
        except services.DebriefError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            mail.flash_report(_("%(name)s er tatt ut av serien.", name=person.name))
    return redirect(url_for("debrief.debrief_series", series_id=item.id))


@bp.route("/debrifing/<int:session_id>/avlys", methods=["POST"])
@requires("debrief.manage")
def debrief_cancel(session_id: int):
    """Cancel one session of a series; invitees get the updated series invitation."""
    session = load(DebriefSession, session_id)
    item = series.series_by_uid(session.series_uid)
    if item is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        try:
            series.cancel_session(current_user, session, _series_url(item))
        except services.DebriefError as refused:
            flash(str(refused), "error")
            return redirect(url_for("debrief.debrief_session", session_id=session.id))
        db.session.commit()
        mail.flash_report(_("Økten er avlyst."))
        return redirect(url_for("debrief.debrief_series", series_id=item.id))
    return redirect(url_for("debrief.debrief_session", session_id=session.id))


@bp.route("/debrifing/<int:session_id>")
@requires("debrief.view")
def debrief_session(session_id: int):
    """One session: time, moderator, procedure, registration, the way into the room."""
    session = load(DebriefSession, session_id)
    participant = services.participant_of(session, current_user)
    return render_template(
        "debrief/session.html",
        session=session,
        series=series.series_by_uid(session.series_uid),
        participant=participant,
        state=session.room_state(utcnow()),
        register_form=RegisterForm(),
        name_form=DisplayNameForm(display_name=participant.display_name if participant else None),
        summary_form=SummaryForm(summary=session.summary),
        confirm_form=ConfirmForm(),
        retention=current_app.config["CHAT_RETENTION_MINUTES"],
    )


@bp.route("/debrifing/<int:session_id>/pamelding", methods=["POST"])
@requires("debrief.register")
def debrief_register(session_id: int):
    """Register for a session; the calendar invitation is e-mailed."""
    session = load(DebriefSession, session_id)
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            already = services.participant_of(session, current_user) is not None
            services.register(session, current_user, form.display_name.data or "")
        except services.DebriefError as refused:
            db.session.rollback()
            flash(str(refused), "error")
        else:
            if not already:
                services.send_invitation(session, current_user, _session_url(session))
            db.session.commit()
            mail.flash_report(_("Du er påmeldt."))
    else:
        flash(
            " ".join(map(str, form.display_name.errors)) or _("Skjemaet er utløpt. Prøv igjen."),
            "error",
        )
    return redirect(url_for("debrief.debrief_session", session_id=session.id))


@bp.route("/debrifing/<int:session_id>/avmelding", methods=["POST"])
@requires("debrief.register")
def debrief_unregister(session_id: int):
    """Withdraw from a session."""
    session = load(DebriefSession, session_id)
    if ConfirmForm().validate_on_submit():
        services.unregister(session, current_user)
        db.session.commit()
        chat.disconnect_user(current_user.id, session.id)
        flash(_("Du er meldt av økten."))
    return redirect(url_for("debrief.debrief_session", session_id=session.id))


@bp.route("/debrifing/<int:session_id>/visningsnavn", methods=["POST"])
@requires("debrief.view")
def debrief_rename(session_id: int):
    """Choose another display name for this session's room."""
    session = load(DebriefSession, session_id)
    participant = services.participant_of(session, current_user)
    if participant is None or participant.removed_at is not None or session.closed_at:
        flash(_("Du kan bare endre visningsnavn i en økt du er påmeldt."), "error")
        return redirect(url_for("debrief.debrief_session", session_id=session.id))
    form = DisplayNameForm()
    if form.validate_on_submit():
        try:
            services.rename(participant, form.display_name.data)
        except services.DebriefError as refused:
            db.session.rollback()
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(
                _(
                    "Visningsnavnet ditt i økten er nå «%(display_name)s».",
                    display_name=participant.display_name,
                )
            )
    else:
        flash(
            " ".join(map(str, form.display_name.errors)) or _("Skjemaet er utløpt. Prøv igjen."),
            "error",
        )
    return redirect(url_for("debrief.debrief_session", session_id=session.id))


@bp.route("/debrifing/<int:session_id>/kalender.ics")
@requires("debrief.view")
def debrief_ics(session_id: int):
    """The session as a calendar file."""
    session = load(DebriefSession, session_id)
    return Response(
        services.session_calendar(session, _session_url(session)),
        mimetype="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="debrifing.ics"'},
    )


@bp.route("/debrifing/<int:session_id>/rom")
@requires("debrief.view")
def debrief_room(session_id: int):
    """The live chat room (JavaScript), or why it cannot be entered now."""
    session = load(DebriefSession, session_id)
    moderator = can(current_user, "debrief.moderate", session)
    participant = services.participant_of(session, current_user)
    return render_template(
        "debrief/room.html",
        session=session,
        state=session.room_state(utcnow()),
        may_join=can(current_user, "debrief.join", session),
        moderator=moderator,
        participant=participant,
        retention=current_app.config["CHAT_RETENTION_MINUTES"],
        max_length=current_app.config["CHAT_MESSAGE_MAX"],
        confirm_form=ConfirmForm(),
    )


@bp.route("/debrifing/<int:session_id>/apne", methods=["POST"])
@requires("debrief.moderate")
def debrief_open(session_id: int):
    """Open the room before the scheduled start."""
    session = load(DebriefSession, session_id)
    if ConfirmForm().validate_on_submit():
        try:
            chatroom.open_room(current_user, session, utcnow())
        except services.DebriefError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("Rommet er åpent for deltakerne."))
    return redirect(url_for("debrief.debrief_room", session_id=session.id))


@bp.route("/debrifing/<int:session_id>/avslutt", methods=["POST"])
@requires("debrief.moderate")
def debrief_close(session_id: int):
    """Close the session and delete its chat at once."""
    session = load(DebriefSession, session_id)
    if ConfirmForm().validate_on_submit():
        chatroom.close_room(current_user, session, utcnow())
        db.session.commit()
        chat.announce_closed(session.id)
        flash(_("Økten er avsluttet og samtalen slettet. Skriv en kort oppsummering uten navn."))
    return redirect(url_for("debrief.debrief_session", session_id=session.id))


@bp.route("/debrifing/<int:session_id>/oppsummering", methods=["POST"])
@requires("debrief.moderate")
def debrief_summary(session_id: int):
    """Save the moderator's short summary without names."""
    session = load(DebriefSession, session_id)
    form = SummaryForm()
    if form.validate_on_submit():
        chatroom.save_summary(current_user, session, form.summary.data or "")
        db.session.commit()
        flash(_("Oppsummeringen er lagret."))
        return redirect(url_for("debrief.debrief_session", session_id=session.id))
    participant = services.participant_of(session, current_user)
    return render_template(
        "debrief/session.html",
        session=session,
        series=series.series_by_uid(session.series_uid),
        participant=participant,
        state=session.room_state(utcnow()),
        register_form=RegisterForm(),
        name_form=DisplayNameForm(),
        summary_form=form,
        confirm_form=ConfirmForm(),
        retention=current_app.config["CHAT_RETENTION_MINUTES"],
    ), 400


@bp.route("/debrifing/defusing", methods=["POST"])
@requires("defusing.request")
def defusing_request():
    """Ask for a defusing talk after an incident."""
    if ConfirmForm().validate_on_submit():
        defusing.request_defusing(current_user, utcnow())
        db.session.commit()
        flash(_("Forespørselen er sendt. Den som har vakt får beskjed i portalen."))
    return redirect(url_for("debrief.debriefs"))


@bp.route("/debrifing/defusing/<int:request_id>/trekk", methods=["POST"])
@requires("defusing.withdraw")
def defusing_withdraw(request_id: int):
    """Withdraw one's own waiting request."""
    request = load(DefusingRequest, request_id)
    if ConfirmForm().validate_on_submit():
        defusing.withdraw_request(current_user, request, utcnow())
        db.session.commit()
        flash(_("Forespørselen er trukket tilbake."))
    return redirect(url_for("debrief.debriefs"))


@bp.route("/debrifing/defusing/<int:request_id>/ta", methods=["POST"])
@requires("defusing.take")
def defusing_take(request_id: int):
    """Take a waiting request: a private room opens for the two of you."""
    request = load(DefusingRequest, request_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("debrief.debriefs"))
    try:
        room = defusing.take_request(current_user, request, utcnow())
    except services.DebriefError as refused:
        db.session.rollback()
        flash(str(refused), "error")
        return redirect(url_for("debrief.debriefs"))
    db.session.commit()
    socketio.emit(
        "defusing_taken",
        {"url": url_for("debrief.debrief_room", session_id=room.id), "by": current_user.name},
        to=chat.user_room(request.requester_id),
        namespace=chat.NAMESPACE,
    )
    return redirect(url_for("debrief.debrief_room", session_id=room.id))


@bp.route("/debrifing/vakt", methods=["POST"])
@requires("defusing.duty")
def defusing_duty():
    """Go on or off duty for defusing requests."""
    if ConfirmForm().validate_on_submit():
        on_duty = not defusing.is_on_duty(current_user)
        defusing.set_on_duty(current_user, on_duty)
        db.session.commit()
        flash(
            _("Du har vakt for defusing.")
            if on_duty
            else _("Du har ikke lenger vakt for defusing.")
        )
    return redirect(url_for("debrief.debriefs"))


def debrief_panel(user) -> Panel | None:
    """Defusing requests for those on duty; one's own request; the next registered session."""
    if not can(user, "debrief.view"):
        return None
    on_duty = defusing.is_on_duty(user)
    context = {
        "next": services.next_registered_session(user, utcnow()),
        "on_duty": on_duty,
        "waiting": defusing.waiting_requests() if on_duty else [],
        "my_request": defusing.open_request_of(user),
        "confirm_form": ConfirmForm(),
    }
    if not (context["next"] or on_duty or context["my_request"]):
        return None
    return Panel("debrief/panel.html", context)

"""Pages for samlinger: year plan, days and agenda, registration, minutes, homework, calendar."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.access import can, require, requires
from portal.dashboard import Panel, panel
from portal.extensions import db
from portal.meetings import bp, services
from portal.meetings.forms import (
    KEY_FIGURE_SUGGESTIONS,
    ActionItemForm,
    AgendaItemForm,
    AnswerForm,
    AttendeeForm,
    MinutesForm,
    RegistrationForm,
    SamlingForm,
    StatusForm,
    flat_errors,
)
from portal.meetings.models import ActionItem, AgendaItem, Samling, SamlingDay
from portal.meetings.services import MeetingError, MinutesConflict
from portal.network.forms import ConfirmForm
from portal.network.models import User
from portal.network.services import municipalities

ICS_TYPE = "text/calendar; charset=utf-8"


def _flash_delivery(delivery: services.Delivery, done: str) -> None:
    """Tell the moderator how the e-mails went."""
    if delivery.problem:
        flash(delivery.problem, "error")
    else:
        flash(done)


# --- Year plan and samlinger ----------------------------------------------------------------


SEASONS_SHOWN = 3


@bp.route("/samlinger")
@requires("meetings.view")
def index():
    """The year plan (møteplan): the newest seasons' samlinger, settled or not; all on request."""
    show_all = request.args.get("alle") == "1"
    seasons = None if show_all else SEASONS_SHOWN
    plan = services.year_plan(can(current_user, "meetings.manage"), seasons_shown=seasons)
    return render_template("meetings/index.html", plan=plan, show_all=show_all)


def _samling_values(form: SamlingForm) -> dict:
    """Service arguments from a submitted samling form."""
    days = [
        services.DayData(
            date=entry.form.date.data,
            start_time=entry.form.start_time.data,
            end_time=entry.form.end_time.data,
            kind=entry.form.kind.data,
            place=entry.form.place.data or "",
            video_link=entry.form.video_link.data or "",
            responsible_municipality_id=entry.form.responsible.data or None,
            notes=entry.form.notes.data or "",
            capacity=entry.form.capacity.data,
        )
        for entry in form.days.entries[: form.day_count.data]
    ]
    return {
        "title": form.title.data,
        "days": days,
        "season": form.season.data,
        "tentative_when": form.tentative_when.data or "",
        "description": form.description.data or "",
        "published": form.published.data,
        "registration_deadline": form.registration_deadline.data,
    }


def _samling_form_data(samling: Samling) -> dict:
    """Form values of an existing samling."""
    days = [
        {
            "date": day.date,
            "start_time": day.start_time,
            "end_time": day.end_time,
            "kind": day.kind,
            "place": day.place,
            "video_link": day.video_link,
            "responsible": day.responsible_municipality_id or 0,
            "capacity": day.capacity,
            "notes": day.notes,
        }
        for day in samling.days
    ]
    return {
        "title": samling.title,
        "day_count": len(samling.days),
        "season": samling.season,
        "tentative_when": samling.tentative_when,
        "registration_deadline": samling.registration_deadline,
        "description": samling.description,
        "published": samling.published,
        "days": days + [{}] * (3 - len(days)),
    }


@bp.route("/samlinger/ny", methods=["GET", "POST"])
@requires("meetings.manage")
def create():
    """Plan a new samling with one to three days."""
    form = SamlingForm(municipalities())
    error = None
    if form.validate_on_submit():
        try:
            samling = services.create_samling(current_user, **_samling_values(form))
        except MeetingError as refused:
            error = str(refused)
        else:
            db.session.commit()
            flash(f"Samlingen «{samling.title}» er lagt inn i møteplanen.")
            return redirect(url_for("meetings.samling", samling_id=samling.id))
    return render_template(
        "meetings/samling_form.html", form=form, error=error, errors=flat_errors(form), samling=None
    )


@bp.route("/samlinger/<int:samling_id>/endre", methods=["GET", "POST"])
@requires("meetings.manage")
def edit(samling_id: int):
    """Change a samling and its days."""
    samling = db.get_or_404(Samling, samling_id)
    require("meetings.manage", samling)
    form = SamlingForm(municipalities(), data=_samling_form_data(samling))
    error = None
    if form.validate_on_submit():
        try:
            services.update_samling(current_user, samling, **_samling_values(form))
        except MeetingError as refused:
            error = str(refused)
        else:
            db.session.commit()
            flash("Endringene er lagret.")
            return redirect(url_for("meetings.samling", samling_id=samling.id))
    return render_template(
        "meetings/samling_form.html",
        form=form,
        error=error,
        errors=flat_errors(form),
        samling=samling,
    )


@bp.route("/samlinger/<int:samling_id>")
@requires("meetings.view")
def samling(samling_id: int):
    """One samling: its days, programme, practical notes and your registrations."""
    samling = db.get_or_404(Samling, samling_id)
    require("meetings.view", samling)
    today = services.oslo_today()
    mine = {day.id: services.find_registration(day, current_user) for day in samling.days}
    return render_template(
        "meetings/samling.html",
        samling=samling,
        mine=mine,
        counts={day.id: services.registration_count(day) for day in samling.days},
        problems={day.id: services.change_problem(day, today) for day in samling.days},
        confirm_form=ConfirmForm(),
    )


# --- Agenda ---------------------------------------------------------------------------------


@bp.route("/samlinger/dag/<int:day_id>/program", methods=["GET", "POST"])
@requires("meetings.manage")
def agenda(day_id: int):
    """Edit a day's programme: add and remove points."""
    day = db.get_or_404(SamlingDay, day_id)
    require("meetings.manage", day)
    form = AgendaItemForm(municipalities())
    error = None
    if form.validate_on_submit():
        try:
            services.add_agenda_item(
                current_user,
                day,
                form.title.data,
                start_time=form.start_time.data,
                presenter_municipality=form.presenter_municipality.data or None,
                description=form.description.data or "",
                presenter=form.presenter.data or "",
                link_url=form.link_url.data or "",
                link_label=form.link_label.data or "",
            )
        except MeetingError as refused:
            error = str(refused)
        else:
            db.session.commit()
            flash("Programpunktet er lagt til.")
            return redirect(url_for("meetings.agenda", day_id=day.id))
    return render_template(
        "meetings/agenda.html",
        day=day,
        form=form,
        error=error,
        errors=flat_errors(form),
        confirm_form=ConfirmForm(),
    )


@bp.route("/samlinger/program/<int:item_id>/fjern", methods=["POST"])
@requires("meetings.manage")
def remove_agenda_item(item_id: int):
    """Take a point off the programme."""
    item = db.get_or_404(AgendaItem, item_id)
    require("meetings.manage", item)
    day_id = item.day_id
    if ConfirmForm().validate_on_submit():
        services.remove_agenda_item(current_user, item)
        db.session.commit()
        flash("Programpunktet er fjernet.")
    return redirect(url_for("meetings.agenda", day_id=day_id))


# --- Registration ---------------------------------------------------------------------------


@bp.route("/samlinger/dag/<int:day_id>/pamelding", methods=["GET", "POST"])
@requires("meetings.register")
def register(day_id: int):
    """Register for a day, or change your registration."""
    day = db.get_or_404(SamlingDay, day_id)
    require("meetings.register", day)
    existing = services.find_registration(day, current_user)
    if existing is not None:
        require("meetings.registration_change", existing)
        form = RegistrationForm(
            data={
                "overnight": "ja" if existing.overnight else "nei",
                "dietary": existing.dietary,
                "note": existing.note,
            }
        )
    else:
        form = RegistrationForm()
    error = services.change_problem(day, services.oslo_today())
    if form.validate_on_submit():
        values = {
            "overnight": form.overnight.data == "ja",
            "dietary": form.dietary.data or "",
            "note": form.note.data or "",
        }
        try:
            if existing is None:
                services.register(current_user, day, **values)
            else:
                services.change_registration(current_user, existing, **values)
        except MeetingError as refused:
            error = str(refused)
        else:
            db.session.commit()
            flash(
                f"Du er påmeldt dag {day.position} av «{day.samling.title}»."
                if existing is None
                else "Påmeldingen din er endret."
            )
            return redirect(url_for("meetings.samling", samling_id=day.samling_id))
    return render_template(
        "meetings/register.html",
        day=day,
        form=form,
        existing=existing,
        error=error,
        errors=flat_errors(form),
        confirm_form=ConfirmForm(),
    )


@bp.route("/samlinger/dag/<int:day_id>/meld-av", methods=["POST"])
@requires("meetings.register")
def withdraw(day_id: int):
    """Withdraw your registration for a day."""
    day = db.get_or_404(SamlingDay, day_id)
    require("meetings.register", day)
    registration = services.find_registration(day, current_user)
    if registration is None:
        abort(404)
    require("meetings.registration_change", registration)
    if ConfirmForm().validate_on_submit():
        try:
            services.withdraw(current_user, registration)
        except MeetingError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(f"Du er meldt av dag {day.position}.")
    return redirect(url_for("meetings.samling", samling_id=day.samling_id))


@bp.route("/samlinger/dag/<int:day_id>/pameldte")
@requires("meetings.registrations")
def registrations(day_id: int):
    """Who is registered for a day, with overnight and dietary needs."""
    day = db.get_or_404(SamlingDay, day_id)
    require("meetings.registrations", day)
    return render_template(
        "meetings/registrations.html", day=day, registrations=services.registrations_for(day)
    )


@bp.route("/samlinger/dag/<int:day_id>/pameldte.csv")
@requires("meetings.registrations")
def registrations_csv(day_id: int):
    """The registration list of a day as CSV."""
    day = db.get_or_404(SamlingDay, day_id)
    require("meetings.registrations", day)
    return Response(
        "\ufeff" + services.registrations_csv(day),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f"attachment; filename=pameldte-samling-{day.samling_id}"
            f"-dag-{day.position}.csv"
        },
    )


# --- Calendar -------------------------------------------------------------------------------


@bp.route("/samlinger/<int:samling_id>/kalender.ics")
@requires("meetings.view")
def samling_ics(samling_id: int):
    """The samling as a calendar file (one event per day)."""
    samling = db.get_or_404(Samling, samling_id)
    require("meetings.view", samling)
    return Response(
        services.samling_ics(samling),
        mimetype=ICS_TYPE,
        headers={"Content-Disposition": f"attachment; filename=samling-{samling.id}.ics"},
    )


@bp.route("/samlinger/<int:samling_id>/inviter", methods=["POST"])
@requires("meetings.manage")
def invite(samling_id: int):
    """E-mail every member an invitation with the calendar file attached."""
    samling = db.get_or_404(Samling, samling_id)
    require("meetings.manage", samling)
    if ConfirmForm().validate_on_submit():
        try:
            delivery = services.send_invitations(current_user, samling)
        except MeetingError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            _flash_delivery(delivery, f"Invitasjonen er sendt til {delivery.sent} personer.")
    return redirect(url_for("meetings.samling", samling_id=samling.id))


@bp.route("/samlinger/kalender")
@requires("meetings.calendar_feed")
def calendar():
    """Your personal calendar feed: create, replace or revoke its secret address."""
    return render_template(
        "meetings/calendar.html",
        feed=services.feed_of(current_user),
        feed_url=None,
        confirm_form=ConfirmForm(),
    )


@bp.route("/samlinger/kalender/ny", methods=["POST"])
@requires("meetings.calendar_feed")
def create_feed():
    """Make a new secret feed address (the old one stops working); shown once."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for("meetings.calendar"))
    token = services.create_feed(current_user)
    db.session.commit()
    return render_template(
        "meetings/calendar.html",
        feed=services.feed_of(current_user),
        feed_url=url_for("meetings.feed", token=token, _external=True),
        confirm_form=form,
    )


@bp.route("/samlinger/kalender/trekk-tilbake", methods=["POST"])
@requires("meetings.calendar_feed")
def revoke_feed():
    """Stop the personal feed address from working."""
    if ConfirmForm().validate_on_submit() and services.revoke_feed(current_user):
        db.session.commit()
        flash("Kalenderadressen er slettet og virker ikke lenger.")
    return redirect(url_for("meetings.calendar"))


@bp.route("/kalender/<token>.ics")
@requires("public")
def feed(token: str):
    """A personal calendar feed, opened by calendar programs with the secret in the address."""
    user = services.feed_user(token)
    if user is None:
        abort(404)
    body = services.personal_feed_ics(user)
    db.session.commit()
    return Response(body, mimetype=ICS_TYPE, headers={"Cache-Control": "private, no-store"})


# --- Minutes --------------------------------------------------------------------------------


@bp.route("/samlinger/<int:samling_id>/referat")
@requires("meetings.minutes_view")
def minutes(samling_id: int):
    """The referat of a samling (drafts only for moderators)."""
    samling = db.get_or_404(Samling, samling_id)
    require("meetings.view", samling)
    if samling.minutes is None and not can(current_user, "meetings.minutes_edit"):
        abort(404)
    if samling.minutes is not None:
        require("meetings.minutes_view", samling.minutes)
    return render_template(
        "meetings/minutes.html",
        samling=samling,
        minutes=samling.minutes,
        reports={r.municipality_id: r.text for r in samling.minutes.reports}
        if samling.minutes
        else {},
        places=municipalities(),
        confirm_form=ConfirmForm(),
    )


@bp.route("/samlinger/<int:samling_id>/referat/start", methods=["POST"])
@requires("meetings.minutes_edit")
def start_minutes(samling_id: int):
    """Open a draft referat with attendance from the registrations."""
    samling = db.get_or_404(Samling, samling_id)
    require("meetings.manage", samling)
    if ConfirmForm().validate_on_submit():
        services.start_minutes(current_user, samling)
        db.session.commit()
    return redirect(url_for("meetings.edit_minutes", samling_id=samling.id))


def _minutes_form_data(minutes) -> dict:
    """Form values of the saved minutes."""
    texts = {r.municipality_id: r.text for r in minutes.reports}
    return {
        "version": minutes.version,
        "decisions": minutes.decisions,
        "body": minutes.body,
        "attendance": [{"attendee_id": a.id, "status": a.status} for a in minutes.attendees],
        "reports": [
            {"municipality_id": m.id, "text": texts.get(m.id, "")} for m in municipalities()
        ],
    }


@bp.route("/samlinger/<int:samling_id>/referat/endre", methods=["GET", "POST"])
@requires("meetings.minutes_edit")
def edit_minutes(samling_id: int):
    """Edit the draft referat: attendance, status round, decisions and free text."""
    samling = db.get_or_404(Samling, samling_id)
    draft = samling.minutes
    if draft is None:
        abort(404)
    require("meetings.minutes_edit", draft)
    form = MinutesForm(data=_minutes_form_data(draft))
    error = None
    conflict = False
    if form.validate_on_submit():
        try:
            services.save_minutes(
                current_user,
                draft,
                version=int(form.version.data or 0),
                decisions=form.decisions.data or "",
                body=form.body.data or "",
                attendance={
                    int(row.attendee_id.data): row.status.data
                    for row in (entry.form for entry in form.attendance)
                    if (row.attendee_id.data or "").isdigit()
                },
                reports={
                    int(row.municipality_id.data): row.text.data or ""
                    for row in (entry.form for entry in form.reports)
                    if (row.municipality_id.data or "").isdigit()
                },
            )
        except MinutesConflict as refused:
            db.session.rollback()
            error, conflict = str(refused), True
            form.version.data = str(draft.version)
        except MeetingError as refused:
            error = str(refused)
        else:
            db.session.commit()
            flash("Referatet er lagret.")
            return redirect(url_for("meetings.edit_minutes", samling_id=samling.id))
    listed = {a.user_id for a in draft.attendees}
    people = [p for p in services.active_people() if p.id not in listed]
    return render_template(
        "meetings/minutes_form.html",
        samling=samling,
        minutes=draft,
        form=form,
        error=error,
        errors=flat_errors(form),
        conflict=conflict,
        attendees={a.id: a for a in draft.attendees},
        places={m.id: m for m in municipalities()},
        attendee_form=_attendee_form(people),
        confirm_form=ConfirmForm(),
    )


def _attendee_form(people: list[User]) -> AttendeeForm:
    """The add-a-person form with the people not yet listed."""
    form = AttendeeForm()
    form.person.choices = [(p.id, p.name) for p in people]
    return form


@bp.route("/samlinger/<int:samling_id>/referat/deltaker", methods=["POST"])
@requires("meetings.minutes_edit")
def add_attendee(samling_id: int):
    """Add a person to the attendance list."""
    samling = db.get_or_404(Samling, samling_id)
    draft = samling.minutes
    if draft is None:
        abort(404)
    require("meetings.minutes_edit", draft)
    form = _attendee_form(services.active_people())
    if form.validate_on_submit():
        person = db.get_or_404(User, form.person.data)
        try:
            services.add_attendee(current_user, draft, person, form.status.data)
        except MeetingError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(f"{person.name} er lagt til på deltakerlisten.")
    else:
        flash("Velg en person og oppmøte fra listene.", "error")
    return redirect(url_for("meetings.edit_minutes", samling_id=samling.id))


@bp.route("/samlinger/<int:samling_id>/referat/publiser", methods=["POST"])
@requires("meetings.minutes_edit")
def publish_minutes(samling_id: int):
    """Publish and lock the referat, and notify the members."""
    samling = db.get_or_404(Samling, samling_id)
    draft = samling.minutes
    if draft is None:
        abort(404)
    require("meetings.minutes_edit", draft)
    if ConfirmForm().validate_on_submit():
        delivery = services.publish_minutes(current_user, draft)
        db.session.commit()
        _flash_delivery(delivery, "Referatet er publisert, og medlemmene har fått beskjed.")
    return redirect(url_for("meetings.minutes", samling_id=samling.id))


@bp.route("/samlinger/<int:samling_id>/referat/historikk")
@requires("meetings.manage")
def minutes_history(samling_id: int):
    """Earlier versions of the referat."""
    samling = db.get_or_404(Samling, samling_id)
    require("meetings.manage", samling)
    if samling.minutes is None:
        abort(404)
    return render_template(
        "meetings/minutes_history.html",
        samling=samling,
        minutes=samling.minutes,
        history=services.revision_history(samling.minutes),
        people={p.id: p for p in db.session.scalars(select(User))},
        places={m.id: m for m in municipalities()},
    )


# --- Homework and key figures ---------------------------------------------------------------


@bp.route("/samlinger/<int:samling_id>/hjemmelekser/ny", methods=["GET", "POST"])
@requires("meetings.homework_manage")
def new_item(samling_id: int):
    """Add homework or an action item to a samling."""
    samling = db.get_or_404(Samling, samling_id)
    require("meetings.homework_manage", samling)
    form = ActionItemForm(municipalities(), services.active_people())
    error = None
    if form.validate_on_submit():
        try:
            item = services.add_action_item(
                current_user,
                samling,
                title=form.title.data,
                description=form.description.data or "",
                responsible=form.responsible.data,
                municipality_id=form.municipality.data or None,
                user_id=form.person.data or None,
                due_date=form.due_date.data,
                key_figure=form.key_figure.data or "",
            )
        except MeetingError as refused:
            error = str(refused)
        else:
            db.session.commit()
            flash(f"Oppgaven «{item.title}» er lagt til.")
            if samling.minutes is not None and not samling.minutes.is_published:
                return redirect(url_for("meetings.edit_minutes", samling_id=samling.id))
            return redirect(url_for("meetings.item", item_id=item.id))
    return render_template(
        "meetings/item_form.html",
        samling=samling,
        form=form,
        error=error,
        errors=flat_errors(form),
        default_due=services.default_due_date(samling),
        suggestions=KEY_FIGURE_SUGGESTIONS,
    )


@bp.route("/samlinger/hjemmelekser")
@requires("meetings.homework_view")
def items():
    """Homework and action items from the samlinger."""
    return render_template(
        "meetings/items.html",
        items=services.visible_items(can(current_user, "meetings.homework_manage")),
        mine={i.id for i in services.open_items_for(current_user)},
    )


def _render_item(item: ActionItem, answer_form: AnswerForm, error: str | None = None):
    """The item page with the answer form and, for moderators, every answer."""
    own = services.answer_of(item, current_user.municipality_id)
    return render_template(
        "meetings/item.html",
        item=item,
        own=own,
        answer_form=answer_form,
        status_form=StatusForm(status=item.status),
        error=error,
        errors=flat_errors(answer_form),
        side_by_side=services.answers_side_by_side(item)
        if can(current_user, "meetings.homework_manage")
        else None,
    )


@bp.route("/samlinger/hjemmelekser/<int:item_id>")
@requires("meetings.homework_view")
def item(item_id: int):
    """One homework item: your municipality's answer, and everyone's for moderators."""
    item = db.get_or_404(ActionItem, item_id)
    require("meetings.homework_view", item)
    own = services.answer_of(item, current_user.municipality_id)
    form = AnswerForm(data={"text": own.text, "number": own.number} if own else None)
    return _render_item(item, form)


@bp.route("/samlinger/hjemmelekser/<int:item_id>/svar", methods=["POST"])
@requires("meetings.homework_answer")
def answer(item_id: int):
    """Answer an every-municipality item for your municipality."""
    item = db.get_or_404(ActionItem, item_id)
    require("meetings.homework_answer", item)
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            services.answer_item(
                current_user, item, text=form.text.data or "", number=form.number.data
            )
        except MeetingError as refused:
            return _render_item(item, form, str(refused)), 400
        db.session.commit()
        flash("Svaret er lagret for kommunen din.")
        return redirect(url_for("meetings.item", item_id=item.id))
    return _render_item(item, form), 400


@bp.route("/samlinger/hjemmelekser/<int:item_id>/status", methods=["POST"])
@requires("meetings.homework_status")
def item_status(item_id: int):
    """Mark an item open or done."""
    item = db.get_or_404(ActionItem, item_id)
    require("meetings.homework_status", item)
    form = StatusForm()
    if form.validate_on_submit():
        services.set_item_status(current_user, item, form.status.data)
        db.session.commit()
        flash(f"Status er satt til «{item.status_label.lower()}».")
    else:
        flash("Velg status fra listen.", "error")
    return redirect(url_for("meetings.item", item_id=item.id))


@bp.route("/samlinger/nokkeltall")
@requires("meetings.key_figures")
def key_figures():
    """The network's key figures per municipality and year, as tables and bar charts."""
    figures = services.key_figures()
    charts = {}
    for figure in figures:
        year, values = figure.latest()
        charts[figure.name] = (year, services.bar_chart(values))
    return render_template(
        "meetings/key_figures.html",
        figures=figures,
        charts=charts,
        label_width=services.CHART_LABEL_WIDTH,
        bar_space=services.CHART_BAR_SPACE,
        row=services.CHART_ROW,
    )


# --- Start-page panels ----------------------------------------------------------------------


@panel(order=20)
def _next_samling_panel(user) -> Panel | None:
    """The next samling, with the user's registration for each day."""
    upcoming = services.next_samling(services.oslo_today())
    if upcoming is None or not can(user, "meetings.view", upcoming):
        return None
    mine = services.registered_day_ids(upcoming.days, user)
    registered = {day.id: day.id in mine for day in upcoming.days}
    return Panel("meetings/panel_next.html", {"samling": upcoming, "registered": registered})


@panel(order=21)
def _homework_panel(user) -> Panel | None:
    """Open homework for the user's municipality (or the user)."""
    mine = services.open_items_for(user)
    if not mine:
        return None
    return Panel("meetings/panel_homework.html", {"items": mine})


@panel(order=22)
def _minutes_panel(user) -> Panel | None:
    """Minutes published in the last month."""
    recent = [m for m in services.recently_published_minutes() if can(user, "meetings.view", m)]
    if not recent:
        return None
    return Panel("meetings/panel_minutes.html", {"minutes": recent})

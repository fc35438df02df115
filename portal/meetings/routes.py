"""Pages for samlinger: year plan, days and agenda, registration, calendar files and feeds."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import links, mail
from portal.access import can, load, require, requires
from portal.core.dates import oslo_today
from portal.core.forms import ConfirmForm
from portal.core.places import municipalities
from portal.core.translations import labels
from portal.dashboard import Panel
from portal.extensions import db
from portal.meetings import calendars, services, signups
from portal.meetings.forms import (
    AgendaItemForm,
    RegistrationForm,
    SamlingForm,
    flat_errors,
)
from portal.meetings.models import DAY_KIND_LABELS, AgendaItem, Samling, SamlingDay
from portal.meetings.services import MeetingError

bp = Blueprint("meetings", __name__, cli_group="meetings")

ICS_TYPE = "text/calendar; charset=utf-8"


# --- Year plan and samlinger ----------------------------------------------------------------


SEASONS_SHOWN = 3
# At most this many samlinger on the year plan, however busy a season: the page costs the same
# with years of history (older ones are one click away, «Vis også eldre sesonger»).
PLAN_LIMIT = 12


@bp.route("/samlinger")
@requires("meetings.view")
def index():
    """The year plan (møteplan): the newest seasons' samlinger, settled or not; all on request."""
    show_all = request.args.get("alle") == "1"
    may_manage = can(current_user, "meetings.manage")
    plan = services.year_plan(
        may_manage,
        seasons_shown=None if show_all else SEASONS_SHOWN,
        limit=None if show_all else PLAN_LIMIT,
    )
    shown = sum(len(samlinger) for _label, samlinger in plan)
    return render_template(
        "meetings/index.html",
        plan=plan,
        may_manage=may_manage,
        show_all=show_all,
        capped=not show_all and shown >= PLAN_LIMIT,
        shown=shown,
        kind_labels=tuple(labels(DAY_KIND_LABELS).items()),
    )


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
            flash(_("Samlingen «%(title)s» er lagt inn i møteplanen.", title=samling.title))
            if warning := services.past_dates_warning(samling.dates, oslo_today()):
                flash(warning, "warning")
            return redirect(url_for("meetings.samling", samling_id=samling.id))
    return render_template(
        "meetings/samling_form.html", form=form, error=error, errors=flat_errors(form), samling=None
    )


@bp.route("/samlinger/<int:samling_id>/endre", methods=["GET", "POST"])
@requires("meetings.manage")
def edit(samling_id: int):
    """Change a samling and its days."""
    samling = load(Samling, samling_id)
    form = SamlingForm(municipalities(), data=_samling_form_data(samling))
    error = None
    if form.validate_on_submit():
        try:
            services.update_samling(current_user, samling, **_samling_values(form))
        except MeetingError as refused:
            error = str(refused)
        else:
            db.session.commit()
            flash(_("Endringene er lagret."))
            if warning := services.past_dates_warning(samling.dates, oslo_today()):
                flash(warning, "warning")
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
    samling = load(Samling, samling_id, related=services.SAMLING_PAGE_RELATED)
    days = signups.page_days(samling.id, current_user)
    today = oslo_today()
    deadline = samling.registration_deadline
    return render_template(
        "meetings/samling.html",
        samling=samling,
        days=days,
        dated=any(day.date for day in days),
        problems={day.id: signups.closed_because(day.date, deadline, today) for day in days},
    )


# --- Agenda ---------------------------------------------------------------------------------


@bp.route("/samlinger/dag/<int:day_id>/program", methods=["GET", "POST"])
@requires("meetings.manage")
def agenda(day_id: int):
    """Edit a day's programme: add and remove points."""
    day = load(SamlingDay, day_id)
    form = AgendaItemForm(municipalities())
    error = None
    if form.validate_on_submit():
        try:
            services.add_agenda_item(current_user, day, form.title.data, **_agenda_fields(form))
        except MeetingError as refused:
            error = str(refused)
        else:
            db.session.commit()
            flash(_("Programpunktet er lagt til."))
            return redirect(url_for("meetings.agenda", day_id=day.id))
    return render_template(
        "meetings/agenda.html",
        day=day,
        form=form,
        error=error,
        errors=flat_errors(form),
        confirm_form=ConfirmForm(),
    )


def _agenda_fields(form: AgendaItemForm) -> dict:
    """A programme point's fields from the form, as the services take them."""
    return {
        "start_time": form.start_time.data,
        "presenter_municipality": form.presenter_municipality.data or None,
        "description": form.description.data or "",
        "presenter": form.presenter.data or "",
        "link_url": form.link_url.data or "",
        "link_label": form.link_label.data or "",
    }


@bp.route("/samlinger/program/<int:item_id>/endre", methods=["GET", "POST"])
@requires("meetings.manage")
def edit_agenda_item(item_id: int):
    """Change a point on the programme."""
    item = load(AgendaItem, item_id)
    form = AgendaItemForm(municipalities(), obj=item)
    if not form.is_submitted():
        form.presenter_municipality.data = item.presenter_municipality_id or 0
    error = None
    if form.validate_on_submit():
        try:
            services.update_agenda_item(current_user, item, form.title.data, **_agenda_fields(form))
        except MeetingError as refused:
            error = str(refused)
        else:
            db.session.commit()
            flash(_("Programpunktet er endret."))
            return redirect(url_for("meetings.agenda", day_id=item.day_id))
    return render_template(
        "meetings/agenda_item_form.html",
        item=item,
        day=item.day,
        form=form,
        error=error,
        errors=flat_errors(form),
    )


@bp.route("/samlinger/program/<int:item_id>/fjern", methods=["GET", "POST"])
@requires("meetings.manage")
def remove_agenda_item(item_id: int):
    """Ask first, then take a point off the programme."""
    item = load(AgendaItem, item_id)
    day_id = item.day_id
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("meetings/agenda_item_remove.html", item=item, confirm_form=form)
    services.remove_agenda_item(current_user, item)
    db.session.commit()
    flash(_("Programpunktet er fjernet."))
    return redirect(url_for("meetings.agenda", day_id=day_id))


# --- Registration ---------------------------------------------------------------------------


@bp.route("/samlinger/dag/<int:day_id>/pamelding", methods=["GET", "POST"])
@requires("meetings.register")
def register(day_id: int):
    """Register for a day, or change your registration."""
    day = load(SamlingDay, day_id)
    existing = signups.find_registration(day, current_user)
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
    error = signups.change_problem(day, oslo_today())
    if form.validate_on_submit():
        values = {
            "overnight": form.overnight.data == "ja",
            "dietary": form.dietary.data or "",
            "note": form.note.data or "",
        }
        try:
            if existing is None:
                signups.register(current_user, day, **values)
            else:
                signups.change_registration(current_user, existing, **values)
        except MeetingError as refused:
            error = str(refused)
        else:
            db.session.commit()
            flash(
                _(
                    "Du er påmeldt dag %(position)s av «%(title)s».",
                    position=day.position,
                    title=day.samling.title,
                )
                if existing is None
                else _("Påmeldingen din er endret.")
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
    day = load(SamlingDay, day_id)
    registration = signups.find_registration(day, current_user)
    if registration is None:
        abort(404)
    require("meetings.registration_change", registration)
    if ConfirmForm().validate_on_submit():
        try:
            signups.withdraw(current_user, registration)
        except MeetingError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("Du er meldt av dag %(position)s.", position=day.position))
    return redirect(url_for("meetings.samling", samling_id=day.samling_id))


@bp.route("/samlinger/dag/<int:day_id>/pameldte")
@requires("meetings.registrations")
def registrations(day_id: int):
    """Who is registered for a day, with overnight and dietary needs."""
    day = load(SamlingDay, day_id)
    return render_template(
        "meetings/registrations.html", day=day, registrations=signups.registrations_for(day)
    )


@bp.route("/samlinger/dag/<int:day_id>/pameldte.csv")
@requires("meetings.registrations")
def registrations_csv(day_id: int):
    """The registration list of a day as CSV."""
    day = load(SamlingDay, day_id)
    return Response(
        "\ufeff" + signups.registrations_csv(day),
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
    samling = load(Samling, samling_id)
    return Response(
        calendars.samling_ics(samling),
        mimetype=ICS_TYPE,
        headers={"Content-Disposition": f"attachment; filename=samling-{samling.id}.ics"},
    )


@bp.route("/samlinger/<int:samling_id>/inviter", methods=["POST"])
@requires("meetings.manage")
def invite(samling_id: int):
    """E-mail every member an invitation with the calendar file attached."""
    samling = load(Samling, samling_id)
    if ConfirmForm().validate_on_submit():
        try:
            calendars.send_invitations(current_user, samling)
        except MeetingError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            mail.flash_report(_("Invitasjonen er laget."))
    return redirect(url_for("meetings.samling", samling_id=samling.id))


@bp.route("/samlinger/kalender")
@requires("meetings.calendar_feed")
def calendar():
    """Your personal calendar feed: create, replace or revoke its secret address."""
    return render_template(
        "meetings/calendar.html",
        feed=calendars.feed_of(current_user),
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
    token = calendars.create_feed(current_user)
    db.session.commit()
    return render_template(
        "meetings/calendar.html",
        feed=calendars.feed_of(current_user),
        feed_url=links.public_url("meetings.feed", token=token),
        confirm_form=form,
    )


@bp.route("/samlinger/kalender/trekk-tilbake", methods=["POST"])
@requires("meetings.calendar_feed")
def revoke_feed():
    """Stop the personal feed address from working."""
    if ConfirmForm().validate_on_submit() and calendars.revoke_feed(current_user):
        db.session.commit()
        flash(_("Kalenderadressen er slettet og virker ikke lenger."))
    return redirect(url_for("meetings.calendar"))


@bp.route("/kalender/<token>.ics")
@requires("public")
def feed(token: str):
    """A personal calendar feed, opened by calendar programs with the secret in the address."""
    user = calendars.feed_user(token)
    if user is None:
        abort(404)
    body = calendars.personal_feed_ics(user)
    db.session.commit()
    return Response(body, mimetype=ICS_TYPE, headers={"Cache-Control": "private, no-store"})


# --- Start-page panels ----------------------------------------------------------------------


def next_samling_panel(user) -> Panel | None:
    """The next samling, with the user's registration for each day."""
    upcoming = services.next_samling(oslo_today())
    if upcoming is None or not can(user, "meetings.view", upcoming):
        return None
    mine = signups.registered_day_ids(upcoming.days, user)
    registered = {day.id: day.id in mine for day in upcoming.days}
    return Panel("meetings/panel_next.html", {"samling": upcoming, "registered": registered})

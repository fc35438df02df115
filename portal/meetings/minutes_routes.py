"""Pages for the referat (minutes) of a samling: draft, attendance, publishing, history."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal import mail
from portal.access import can, load, require, requires
from portal.core.cells import table_download
from portal.core.forms import ConfirmForm
from portal.core.places import municipalities
from portal.dashboard import Panel
from portal.extensions import db
from portal.meetings import calendars, minutes_book
from portal.meetings.forms import (
    AttendeeForm,
    ExternalForm,
    MinutesForm,
    flat_errors,
)
from portal.meetings.models import Minutes, Samling
from portal.meetings.routes import bp
from portal.meetings.services import MeetingError, MinutesConflict
from portal.network.models import User


@bp.route("/samlinger/<int:samling_id>/referat")
@requires("meetings.minutes_view")
def minutes(samling_id: int):
    """The referat of a samling (drafts only for moderators)."""
    samling = load(Samling, samling_id, "meetings.view")
    if samling.minutes is None and not can(current_user, "meetings.minutes_edit"):
        abort(404)
    if samling.minutes is not None:
        require("meetings.minutes_view", samling.minutes)
    return render_template(
        "meetings/minutes.html",
        samling=samling,
        minutes=samling.minutes,
        attendees=minutes_book.by_municipality(samling.minutes.attendees)
        if samling.minutes
        else [],
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
    samling = load(Samling, samling_id, "meetings.manage")
    if ConfirmForm().validate_on_submit():
        minutes_book.start_minutes(current_user, samling)
        db.session.commit()
    return redirect(url_for("meetings.edit_minutes", samling_id=samling.id))


def _minutes_form_data(minutes) -> dict:
    """Form values of the saved minutes."""
    texts = {r.municipality_id: r.text for r in minutes.reports}
    return {
        "version": minutes.version,
        "decisions": minutes.decisions,
        "body": minutes.body,
        "attendance": [
            {"attendee_id": a.id, "status": a.status}
            for a in minutes_book.by_municipality(minutes.attendees)
        ],
        "reports": [
            {"municipality_id": m.id, "text": texts.get(m.id, "")} for m in municipalities()
        ],
    }


def _minutes_draft(samling_id: int) -> Minutes:
    """The samling's referat (404 while there is none) if the current user may edit it (403)."""
    draft = db.get_or_404(Samling, samling_id).minutes
    if draft is None:
        abort(404)
    require("meetings.minutes_edit", draft)
    return draft


@bp.route("/samlinger/<int:samling_id>/referat/endre", methods=["GET", "POST"])
@requires("meetings.minutes_edit")
def edit_minutes(samling_id: int):
    """Edit the draft referat: attendance, status round, decisions and free text."""
    draft = _minutes_draft(samling_id)
    samling = draft.samling
    form = MinutesForm(data=_minutes_form_data(draft))
    error = None
    conflict = False
    if form.validate_on_submit():
        try:
            minutes_book.save_minutes(
                current_user,
                draft,
                version=int(form.version.data or 0),
                decisions=form.decisions.data or "",
                body=form.body.data or "",
                attendance={a.id: form.everyone.data for a in draft.attendees}
                if form.everyone.data
                else {
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
            flash(_("Referatet er lagret."))
            return redirect(url_for("meetings.edit_minutes", samling_id=samling.id))
    listed = {a.user_id for a in draft.attendees}
    people = [p for p in calendars.active_people() if p.id not in listed]
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
        external_form=ExternalForm(),
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
    draft = _minutes_draft(samling_id)
    samling = draft.samling
    form = _attendee_form(calendars.active_people())
    if form.validate_on_submit():
        person = db.get_or_404(User, form.person.data)
        try:
            minutes_book.add_attendee(current_user, draft, person, form.status.data)
        except MeetingError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("%(name)s er lagt til på deltakerlisten.", name=person.name))
    else:
        flash(_("Velg en person og oppmøte fra listene."), "error")
    return redirect(url_for("meetings.edit_minutes", samling_id=samling.id))


@bp.route("/samlinger/<int:samling_id>/referat/oppmote.<fmt>")
@requires("meetings.manage")
def attendance_export(samling_id: int, fmt: str):
    """The referat's attendance list, externals included, as CSV or XLSX."""
    samling = load(Samling, samling_id)
    if samling.minutes is None or fmt not in ("csv", "xlsx"):
        abort(404)
    rows = minutes_book.attendance_rows(samling.minutes)
    name = f"oppmote-samling-{samling.id}"
    return table_download(minutes_book.ATTENDANCE_HEADER, rows, fmt, name, "Oppmøte")


@bp.route("/samlinger/<int:samling_id>/referat/ekstern", methods=["POST"])
@requires("meetings.minutes_edit")
def add_external(samling_id: int):
    """Add a participant who is not a portal user (name and organisation)."""
    draft = _minutes_draft(samling_id)
    form = ExternalForm()
    if form.validate_on_submit():
        try:
            minutes_book.add_external(
                current_user, draft, form.name.data, form.organisation.data or ""
            )
        except MeetingError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("%(name)s er lagt til som ekstern deltaker.", name=form.name.data.strip()))
    else:
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for("meetings.edit_minutes", samling_id=draft.samling_id))


@bp.route("/samlinger/<int:samling_id>/referat/ekstern/<int:external_id>/fjern", methods=["POST"])
@requires("meetings.minutes_edit")
def remove_external(samling_id: int, external_id: int):
    """Take an external participant off the attendance list."""
    draft = _minutes_draft(samling_id)
    if ConfirmForm().validate_on_submit():
        try:
            minutes_book.remove_external(current_user, draft, external_id)
        except MeetingError as refused:
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("Den eksterne deltakeren er fjernet."))
    return redirect(url_for("meetings.edit_minutes", samling_id=draft.samling_id))


@bp.route("/samlinger/<int:samling_id>/referat/publiser", methods=["POST"])
@requires("meetings.minutes_edit")
def publish_minutes(samling_id: int):
    """Publish and lock the referat, and notify the members."""
    draft = _minutes_draft(samling_id)
    samling = draft.samling
    if ConfirmForm().validate_on_submit():
        minutes_book.publish_minutes(current_user, draft)
        db.session.commit()
        mail.flash_report(_("Referatet er publisert."))
    return redirect(url_for("meetings.minutes", samling_id=samling.id))


@bp.route("/samlinger/<int:samling_id>/referat/historikk")
@requires("meetings.manage")
def minutes_history(samling_id: int):
    """Earlier versions of the referat."""
    samling = load(Samling, samling_id)
    if samling.minutes is None:
        abort(404)
    return render_template(
        "meetings/minutes_history.html",
        samling=samling,
        minutes=samling.minutes,
        history=minutes_book.revision_history(samling.minutes),
        people={p.id: p for p in db.session.scalars(select(User))},
        places={m.id: m for m in municipalities()},
    )


def minutes_panel(user) -> Panel | None:
    """Minutes published in the last month."""
    recent = [m for m in minutes_book.recently_published_minutes() if can(user, "meetings.view", m)]
    if not recent:
        return None
    return Panel("meetings/panel_minutes.html", {"minutes": recent})

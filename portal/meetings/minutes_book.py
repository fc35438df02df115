"""Minutes (referat): drafts with attendance, revisions, publishing."""

import json
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from portal import audit, mail
from portal.core.dates import utcnow
from portal.extensions import db
from portal.meetings.calendars import active_people, samling_url
from portal.meetings.models import (
    ATTENDANCE_LABELS,
    Attendance,
    ExternalAttendee,
    Minutes,
    MinutesAttendee,
    MinutesRevision,
    MunicipalityReport,
    Samling,
)
from portal.meetings.services import MeetingError, MinutesConflict
from portal.network.models import User


def start_minutes(actor: User, samling: Samling) -> Minutes:
    """Open a draft referat with attendance taken from the registrations."""
    if samling.minutes is not None:
        return samling.minutes
    minutes = Minutes(samling=samling, updated_by_id=actor.id)
    db.session.add(minutes)
    people: dict[int, User] = {}
    for day in samling.days:
        for registration in day.registrations:
            people.setdefault(registration.user_id, registration.user)
    for person in sorted(people.values(), key=_person_order):
        minutes.attendees.append(
            MinutesAttendee(
                user_id=person.id,
                municipality_id=person.municipality_id,
                status=Attendance.PRESENT,
            )
        )
    db.session.flush()
    audit.record(actor, "minutes.started", minutes)
    return minutes


def _person_order(person: User) -> tuple[str, str]:
    """Sort people by municipality, then name."""
    return (person.municipality.name if person.municipality else "", person.name)


def by_municipality(attendees: list[MinutesAttendee]) -> list[MinutesAttendee]:
    """Attendees grouped by municipality (those without one last), then by name."""
    return sorted(
        attendees,
        key=lambda a: (a.municipality is None, a.municipality.name if a.municipality else "",
                       a.user.name),
    )  # fmt: skip


ATTENDANCE_HEADER = ["Navn", "Kommune eller organisasjon", "Oppmøte", "Deltaker"]


def attendance_rows(minutes: Minutes) -> list[list]:
    """The attendance list with external participants, for CSV/XLSX."""
    members = [
        [a.user.name, a.municipality.name if a.municipality else "", str(a.status_label), "Medlem"]
        for a in by_municipality(minutes.attendees)
    ]
    externals = [[e.name, e.organisation, str(ATTENDANCE_LABELS[Attendance.PRESENT]), "Ekstern"]
                 for e in minutes.externals]  # fmt: skip
    return members + externals


def add_attendee(actor: User, minutes: Minutes, person: User, status: str) -> MinutesAttendee:
    """Add a person to the attendance list of a draft."""
    _refuse_if_published(minutes)
    if status not in ATTENDANCE_LABELS:
        raise MeetingError(_("Velg oppmøte fra listen."))
    if any(a.user_id == person.id for a in minutes.attendees):
        raise MeetingError(_("%(name)s står allerede på deltakerlisten.", name=person.name))
    attendee = MinutesAttendee(
        user_id=person.id, municipality_id=person.municipality_id, status=status
    )
    minutes.attendees.append(attendee)
    db.session.flush()
    audit.record(actor, "minutes.attendee_added", minutes, detail=f"user={person.id}")
    return attendee


def add_external(actor: User, minutes: Minutes, name: str, organisation: str) -> ExternalAttendee:
    """Add a participant who is not a portal user to the attendance list."""
    _refuse_if_published(minutes)
    if not name.strip():
        raise MeetingError(_("Skriv navnet på deltakeren."))
    external = ExternalAttendee(name=name.strip(), organisation=organisation.strip())
    minutes.externals.append(external)
    db.session.flush()
    audit.record(actor, "minutes.external_added", minutes)
    return external


def remove_external(actor: User, minutes: Minutes, external_id: int) -> None:
    """Take an external participant off the list."""
    _refuse_if_published(minutes)
    external = next((e for e in minutes.externals if e.id == external_id), None)
    if external is None:
        raise MeetingError(_("Fant ikke deltakeren."))
    minutes.externals.remove(external)
    db.session.flush()
    audit.record(actor, "minutes.external_removed", minutes)


def _refuse_if_published(minutes: Minutes) -> None:
    """Published minutes are locked."""
    if minutes.is_published:
        raise MeetingError(_("Referatet er publisert og låst. Det kan ikke endres."))


def snapshot(minutes: Minutes) -> dict:
    """The content of the minutes as plain data (for the edit history)."""
    return {
        "decisions": minutes.decisions,
        "body": minutes.body,
        "attendance": {str(a.user_id): a.status for a in minutes.attendees},
        "reports": {str(r.municipality_id): r.text for r in minutes.reports},
    }


def save_minutes(
    actor: User,
    minutes: Minutes,
    *,
    version: int,
    decisions: str,
    body: str,
    attendance: dict[int, str],
    reports: dict[int, str],
) -> None:
    """Save a draft if nobody saved it since ``version`` was loaded; keep the old text."""
    _refuse_if_published(minutes)
    bumped = db.session.execute(
        update(Minutes)
        .where(Minutes.id == minutes.id, Minutes.version == version)
        .values(version=version + 1)
        .execution_options(synchronize_session=False)
    )
    if bumped.rowcount != 1:
        db.session.refresh(minutes)
        raise MinutesConflict(
            _(
                "Referatet ble lagret av noen andre mens du skrev. Teksten din er ikke lagret, men "
                "den står fortsatt i skjemaet. Sammenlign med den lagrede versjonen under, og lagre "
                "på nytt."
            )
        )
    db.session.add(
        MinutesRevision(
            minutes_id=minutes.id,
            version=version,
            saved_by_id=minutes.updated_by_id,
            saved_at=minutes.updated_at,
            snapshot=json.dumps(snapshot(minutes), ensure_ascii=False),
        )
    )
    minutes.version = version + 1
    minutes.decisions = decisions
    minutes.body = body
    minutes.updated_at = utcnow()
    minutes.updated_by_id = actor.id
    for attendee in minutes.attendees:
        status = attendance.get(attendee.id)
        if status in ATTENDANCE_LABELS:
            attendee.status = status
    existing = {r.municipality_id: r for r in minutes.reports}
    for municipality_id, text in reports.items():
        if municipality_id in existing:
            existing[municipality_id].text = text
        elif text.strip():
            minutes.reports.append(MunicipalityReport(municipality_id=municipality_id, text=text))
    db.session.flush()
    audit.record(actor, "minutes.saved", minutes, detail=f"version={minutes.version}")


def publish_minutes(actor: User, minutes: Minutes) -> None:
    """Publish and lock the minutes, and tell every member by e-mail."""
    _refuse_if_published(minutes)
    minutes.published_at = utcnow()
    minutes.published_by_id = actor.id
    db.session.flush()
    audit.record(actor, "minutes.published", minutes)
    samling = minutes.samling
    items = "\n".join(f"- {item.title}" for item in samling.items)
    body = (
        f"Referatet fra {samling.title} er publisert.\n\n"
        + (f"Hjemmelekser og oppgaver:\n{items}\n\n" if items else "")
        + f"Les referatet: {samling_url(samling)}/referat\n"
    )
    for person in active_people():
        mail.send_mail(person.email, f"Referat: {samling.title}", body)


def revision_history(minutes: Minutes) -> list[tuple[MinutesRevision, dict]]:
    """Earlier versions with their content, newest first."""
    return [(rev, json.loads(rev.snapshot)) for rev in minutes.revisions]


def recently_published_minutes(since_days: int = 30) -> list[Minutes]:
    """Minutes published in the last ``since_days`` days, newest first."""
    return list(
        db.session.scalars(
            select(Minutes)
            .where(Minutes.published_at >= utcnow() - timedelta(days=since_days))
            .options(joinedload(Minutes.samling))
            .order_by(Minutes.published_at.desc())
        )
    )

"""Registration for samling days: deadlines, capacity, changes and the CSV list."""

import csv
import io
from datetime import date, time
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, case, exists, func, select
from sqlalchemy.orm import joinedload

from portal import audit
from portal.core.cells import safe_cell
from portal.core.dates import norwegian_date, oslo_today, utcnow
from portal.core.loading import read_rows
from portal.extensions import db
from portal.meetings.models import (
    DAY_KIND_LABELS,
    AgendaItem,
    Registration,
    SamlingDay,
)
from portal.meetings.services import MeetingError
from portal.network.models import Municipality, User


def change_problem(day: SamlingDay, today: date) -> str | None:
    """Why registrations for this day can no longer be made or changed, or None."""
    return closed_because(day.date, day.samling.registration_deadline, today)


def closed_because(day_date: date | None, deadline: date | None, today: date) -> str | None:
    """Why registrations for a day on this date, with the samling's deadline, are closed."""
    if day_date is None:
        return "Dagen har ikke dato ennå. Påmeldingen åpner når datoen er avklart."
    deadline = deadline or day_date
    if today > deadline:
        return (
            f"Påmeldingsfristen gikk ut {norwegian_date(deadline)}. "
            "Kontakt koordinatoren hvis du må endre noe."
        )
    return None


class PageDay(NamedTuple):
    """A day as its samling's page shows it: plain values, the registrations counted, the
    user's own registration, and the programme."""

    id: int
    position: int
    date: "date | None"
    start_time: time | None
    end_time: time | None
    kind: str
    place: str
    video_link: str
    notes: str
    capacity: int | None
    responsible: str | None  # the responsible municipality's name
    registered: int
    mine: bool
    overnight: bool
    agenda: list[AgendaItem]

    @property
    def kind_label(self) -> str:
        """The day type in Norwegian."""
        return str(DAY_KIND_LABELS.get(self.kind, self.kind))

    @property
    def facts(self) -> tuple:
        """What the day's heading and facts show, for the memoised fragment (_rows.html)."""
        return (
            self.id, self.position, self.kind_label, self.date, self.start_time, self.end_time,
            self.place, self.video_link, self.responsible, self.registered, self.capacity,
            self.notes,
        )  # fmt: skip


_USER = bindparam("user_id")
_PAGE_DAYS = (
    select(
        SamlingDay.id,
        SamlingDay.position,
        SamlingDay.date,
        SamlingDay.start_time,
        SamlingDay.end_time,
        SamlingDay.kind,
        SamlingDay.place,
        SamlingDay.video_link,
        SamlingDay.notes,
        SamlingDay.capacity,
        Municipality.name,
        func.count(Registration.id),
        func.max(case((Registration.user_id == _USER, 1), else_=0)),
        func.max(case((and_(Registration.user_id == _USER, Registration.overnight), 1), else_=0)),
        exists().where(AgendaItem.day_id == SamlingDay.id),
    )
    .outerjoin(Municipality, Municipality.id == SamlingDay.responsible_municipality_id)
    .outerjoin(Registration, Registration.day_id == SamlingDay.id)
    .where(SamlingDay.samling_id == bindparam("samling_id"))
    .group_by(SamlingDay.id, Municipality.id)
    .order_by(SamlingDay.position)
)


def page_days(samling_id: int, user: User) -> list[PageDay]:
    """A samling's days with their registrations and programme (one query, two with a
    programme)."""
    rows = read_rows(_PAGE_DAYS, samling_id=samling_id, user_id=user.id)
    agenda: dict[int, list[AgendaItem]] = {row[0]: [] for row in rows}
    if any(row[-1] for row in rows):
        for item in db.session.scalars(
            select(AgendaItem)
            .options(joinedload(AgendaItem.day), joinedload(AgendaItem.presenter_municipality))
            .where(AgendaItem.day_id.in_(list(agenda)))
            .order_by(AgendaItem.position)
        ):
            agenda[item.day_id].append(item)
    return [
        PageDay(*row[:-4], row[-4], bool(row[-3]), bool(row[-2]), agenda[row[0]]) for row in rows
    ]


def registration_count(day: SamlingDay) -> int:
    """How many are registered for the day."""
    return db.session.scalar(
        select(func.count(Registration.id)).where(Registration.day_id == day.id)
    )


def registered_day_ids(days: list[SamlingDay], user: User) -> set[int]:
    """Which of these days the user is registered for (one query)."""
    return set(
        db.session.scalars(
            select(Registration.day_id).where(
                Registration.day_id.in_([day.id for day in days]), Registration.user_id == user.id
            )
        )
    )


def find_registration(day: SamlingDay, user: User) -> Registration | None:
    """The user's registration for the day, if any."""
    return db.session.scalar(
        select(Registration).where(Registration.day_id == day.id, Registration.user_id == user.id)
    )


def register(
    actor: User,
    day: SamlingDay,
    *,
    overnight: bool = False,
    dietary: str = "",
    note: str = "",
    today: date | None = None,
) -> Registration:
    """Register the actor for a day, within the deadline and the capacity."""
    if problem := change_problem(day, today or oslo_today()):
        raise MeetingError(problem)
    if find_registration(day, actor) is not None:
        raise MeetingError(_("Du er allerede påmeldt denne dagen. Du kan endre påmeldingen din."))
    if day.capacity is not None and registration_count(day) >= day.capacity:
        raise MeetingError(
            _(
                "Dagen er full (%(capacity)s plasser). Kontakt koordinatoren om venteliste.",
                capacity=day.capacity,
            )
        )
    registration = Registration(
        day=day, user_id=actor.id, overnight=overnight, dietary=dietary.strip(), note=note.strip()
    )
    db.session.add(registration)
    db.session.flush()
    audit.record(actor, "registration.created", registration, detail=f"day={day.id}")
    return registration


def change_registration(
    actor: User,
    registration: Registration,
    *,
    overnight: bool,
    dietary: str,
    note: str,
    today: date | None = None,
) -> None:
    """Change one's own registration until the deadline."""
    if problem := change_problem(registration.day, today or oslo_today()):
        raise MeetingError(problem)
    registration.overnight = overnight
    registration.dietary = dietary.strip()
    registration.note = note.strip()
    registration.updated_at = utcnow()
    audit.record(actor, "registration.changed", registration)


def withdraw(actor: User, registration: Registration, today: date | None = None) -> None:
    """Withdraw one's registration until the deadline."""
    if problem := change_problem(registration.day, today or oslo_today()):
        raise MeetingError(problem)
    db.session.delete(registration)
    db.session.flush()
    audit.record(actor, "registration.withdrawn", registration.day, detail=f"user={actor.id}")


def registrations_for(day: SamlingDay) -> list[Registration]:
    """The day's registrations, by municipality and name."""
    return sorted(
        day.registrations,
        key=lambda r: (r.user.municipality.name if r.user.municipality else "", r.user.name),
    )


def registrations_csv(day: SamlingDay) -> str:
    """The day's registrations as CSV (semicolon-separated, as Norwegian Excel expects)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Navn", "Kommune", "E-post", "Overnatting", "Kosthold/allergier", "Merknad"])
    for registration in registrations_for(day):
        person = registration.user
        writer.writerow(
            [
                safe_cell(person.name),
                person.municipality.name if person.municipality else "",
                safe_cell(person.email),
                "ja" if registration.overnight else "nei",
                safe_cell(registration.dietary),
                safe_cell(registration.note),
            ]
        )
    return buffer.getvalue()

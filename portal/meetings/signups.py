"""Registration for samling days: deadlines, capacity, changes and the CSV list."""

import csv
import io
from datetime import date
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, case, func, select

from portal import audit
from portal.core.cells import safe_cell
from portal.core.dates import norwegian_date, oslo_today, utcnow
from portal.extensions import db
from portal.meetings.models import (
    Registration,
    SamlingDay,
)
from portal.meetings.services import MeetingError
from portal.network.models import User


def registration_deadline(day: SamlingDay) -> date | None:
    """The last date to register for, change or withdraw from a day."""
    return day.samling.registration_deadline or day.date


def change_problem(day: SamlingDay, today: date) -> str | None:
    """Why registrations for this day can no longer be made or changed, or None."""
    if day.date is None:
        return "Dagen har ikke dato ennå. Påmeldingen åpner når datoen er avklart."
    deadline = registration_deadline(day)
    if deadline and today > deadline:
        return (
            f"Påmeldingsfristen gikk ut {norwegian_date(deadline)}. "
            "Kontakt koordinatoren hvis du må endre noe."
        )
    return None


class DaySignups(NamedTuple):
    """How many are registered for a day, and whether (and how) the user is."""

    count: int
    mine: bool
    overnight: bool


_DAY_SIGNUPS = (
    select(
        Registration.day_id,
        func.count(Registration.id),
        func.max(case((Registration.user_id == bindparam("user_id"), 1), else_=0)),
        func.max(
            case(
                (and_(Registration.user_id == bindparam("user_id"), Registration.overnight), 1),
                else_=0,
            )
        ),
    )
    .where(Registration.day_id.in_(bindparam("day_ids", expanding=True)))
    .group_by(Registration.day_id)
)


def day_signups(days: list[SamlingDay], user: User) -> dict[int, DaySignups]:
    """Each day's registration count and the user's own registration (one query)."""
    found = {
        day_id: DaySignups(count, bool(mine), bool(overnight))
        for day_id, count, mine, overnight in db.session.execute(
            _DAY_SIGNUPS, {"user_id": user.id, "day_ids": [day.id for day in days]}
        )
    }
    nobody = DaySignups(0, False, False)
    return {day.id: found.get(day.id, nobody) for day in days}


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

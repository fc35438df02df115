"""Samlinger: plans, agenda, registration, minutes, homework, key figures, calendar and mail."""

import csv
import io
import json
import logging
import secrets
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload, selectinload

from portal import audit, mail, personal_data
from portal.dates import norwegian_date, utcnow
from portal.extensions import db
from portal.meetings.ical import OSLO, CalendarEvent, build_calendar
from portal.meetings.models import (
    ATTENDANCE_LABELS,
    ActionItem,
    AgendaItem,
    Attendance,
    CalendarFeed,
    DayKind,
    HomeworkAnswer,
    ItemStatus,
    Minutes,
    MinutesAttendee,
    MinutesRevision,
    MunicipalityReport,
    Registration,
    Responsible,
    Samling,
    SamlingDay,
    season_of,
)
from portal.network.models import Municipality, User
from portal.network.services import token_digest

log = logging.getLogger(__name__)

MAX_DAYS = 3
UID_DOMAIN = "fagnettverk-portalen"


class MeetingError(ValueError):
    """A refused operation; the message is Norwegian and shown to the user."""


class MinutesConflict(MeetingError):
    """Someone else saved the minutes since this editor loaded them."""


def oslo_today() -> date:
    """Today's date in Norway."""
    return datetime.now(OSLO).date()


def _clock(value: time) -> str:
    """«09:30»."""
    return value.strftime("%H:%M")


# --- Samlinger and days -------------------------------------------------------------------


@dataclass
class DayData:
    """What a moderator types for one day of a samling."""

    date: "date | None" = None
    start_time: time | None = None
    end_time: time | None = None
    kind: str = DayKind.PROJECT
    place: str = ""
    video_link: str = ""
    responsible_municipality_id: int | None = None
    notes: str = ""
    capacity: int | None = None


def day_problems(days: list[DayData]) -> list[str]:
    """Norwegian reasons why these days cannot make one samling (empty when they can)."""
    problems = []
    if not 1 <= len(days) <= MAX_DAYS:
        problems.append("En samling har fra én til tre dager.")
    for number, day in enumerate(days, start=1):
        if day.kind not in DayKind.__members__.values():
            problems.append(f"Dag {number}: velg type dag fra listen.")
        if day.start_time and day.end_time and day.end_time <= day.start_time:
            problems.append(
                f"Dag {number}: sluttid ({_clock(day.end_time)}) må være etter "
                f"starttid ({_clock(day.start_time)})."
            )
        if day.date and not (day.start_time and day.end_time):
            problems.append(f"Dag {number}: fyll ut start- og sluttid når datoen er satt.")
        if day.capacity is not None and day.capacity < 1:
            problems.append(f"Dag {number}: antall plasser må være minst 1.")
    dated = [d.date for d in days if d.date]
    if len(set(dated)) != len(dated):
        problems.append("To dager har samme dato.")
    if dated and max(dated) - min(dated) > timedelta(days=MAX_DAYS - 1):
        first = min(dated)
        for number, day in enumerate(days, start=1):
            if day.date and day.date - first > timedelta(days=MAX_DAYS - 1):
                problems.append(
                    f"Dag {number} ({norwegian_date(day.date)}) ligger utenfor samlingen, som "
                    f"begynner {norwegian_date(first)}: alle dagene må ligge innenfor tre "
                    "dager på rad."
                )
    if dated and sorted(dated) != dated:
        problems.append("Dagene må stå i rekkefølge etter dato.")
    return problems


def _check_deadline(deadline: date | None, days: list[DayData]) -> None:
    """The registration deadline must come before the first day."""
    dated = [d.date for d in days if d.date]
    if deadline and dated and deadline > min(dated):
        raise MeetingError(
            f"Påmeldingsfristen ({norwegian_date(deadline)}) må være før eller på første dag "
            f"({norwegian_date(min(dated))})."
        )


def _season(days: list[DayData], season: int | None) -> int:
    """The season of a samling: from its first date, else the one chosen."""
    dated = [d.date for d in days if d.date]
    if dated:
        return season_of(min(dated))
    if season is None:
        raise MeetingError("Velg sesong når ingen av dagene har dato ennå.")
    return season


def _apply_day(day: SamlingDay, data: DayData, position: int) -> None:
    """Copy typed values onto a day."""
    day.position = position
    day.date = data.date
    day.start_time = data.start_time
    day.end_time = data.end_time
    day.kind = data.kind
    day.place = data.place.strip()
    day.video_link = data.video_link.strip()
    day.responsible_municipality_id = data.responsible_municipality_id
    day.notes = data.notes
    day.capacity = data.capacity


def create_samling(
    actor: User,
    *,
    title: str,
    days: list[DayData],
    season: int | None = None,
    tentative_when: str = "",
    description: str = "",
    published: bool = True,
    registration_deadline: date | None = None,
) -> Samling:
    """Create a samling with its days; refuse days that do not make one samling."""
    if problems := day_problems(days):
        raise MeetingError(" ".join(problems))
    _check_deadline(registration_deadline, days)
    samling = Samling(
        title=title.strip(),
        season=_season(days, season),
        tentative_when=tentative_when.strip(),
        description=description,
        published=published,
        registration_deadline=registration_deadline,
        organizer_id=actor.id,
    )
    db.session.add(samling)
    for position, data in enumerate(days, start=1):
        day = SamlingDay()
        samling.days.append(day)
        _apply_day(day, data, position)
    db.session.flush()
    audit.record(actor, "samling.created", samling, detail=f"days={len(days)}")
    return samling


def update_samling(
    actor: User,
    samling: Samling,
    *,
    title: str,
    days: list[DayData],
    season: int | None = None,
    tentative_when: str = "",
    description: str = "",
    published: bool = True,
    registration_deadline: date | None = None,
) -> None:
    """Change a samling and its days; a day with registrations cannot be removed."""
    if problems := day_problems(days):
        raise MeetingError(" ".join(problems))
    _check_deadline(registration_deadline, days)
    removed = samling.days[len(days) :]
    if any(day.registrations for day in removed):
        raise MeetingError(
            "En dag som har påmeldte kan ikke fjernes. Be deltakerne melde seg av først."
        )
    samling.title = title.strip()
    samling.season = _season(days, season)
    samling.tentative_when = tentative_when.strip()
    samling.description = description
    samling.published = published
    samling.registration_deadline = registration_deadline
    samling.sequence += 1
    for day in removed:
        samling.days.remove(day)
    for position, data in enumerate(days, start=1):
        if position <= len(samling.days):
            day = samling.days[position - 1]
        else:
            day = SamlingDay()
            samling.days.append(day)
        _apply_day(day, data, position)
    db.session.flush()
    audit.record(actor, "samling.updated", samling, detail=f"days={len(days)}")


def day_data(day: SamlingDay) -> DayData:
    """The editable values of a day."""
    return DayData(
        date=day.date,
        start_time=day.start_time,
        end_time=day.end_time,
        kind=day.kind,
        place=day.place,
        video_link=day.video_link,
        responsible_municipality_id=day.responsible_municipality_id,
        notes=day.notes,
        capacity=day.capacity,
    )


def add_day(actor: User, samling: Samling, data: DayData) -> SamlingDay:
    """Add one more day to a samling, refusing a day outside it."""
    days = [day_data(d) for d in samling.days] + [data]
    if problems := day_problems(days):
        raise MeetingError(" ".join(problems))
    _check_deadline(samling.registration_deadline, days)
    day = SamlingDay()
    samling.days.append(day)
    _apply_day(day, data, len(days))
    samling.sequence += 1
    db.session.flush()
    audit.record(actor, "samling.day_added", samling, detail=f"day={day.id}")
    return day


def year_plan(
    user_may_see_drafts: bool, seasons_shown: int | None = None
) -> list[tuple[str, list[Samling]]]:
    """Samlinger grouped by season (newest season first), dated ones in date order; only the
    newest ``seasons_shown`` seasons when given."""
    query = select(Samling).options(
        selectinload(Samling.days).selectinload(SamlingDay.responsible_municipality)
    )
    if not user_may_see_drafts:
        query = query.where(Samling.published.is_(True))
    if seasons_shown is not None:
        newest = select(Samling.season).distinct().order_by(Samling.season.desc())
        if not user_may_see_drafts:
            newest = newest.where(Samling.published.is_(True))
        query = query.where(Samling.season.in_(newest.limit(seasons_shown).scalar_subquery()))
    samlinger = list(db.session.scalars(query))
    seasons: dict[int, list[Samling]] = {}
    for samling in samlinger:
        seasons.setdefault(samling.season, []).append(samling)
    plan = []
    for season in sorted(seasons, reverse=True):
        ordered = sorted(
            seasons[season], key=lambda s: (s.first_date is None, s.first_date or date.max, s.id)
        )
        plan.append((ordered[0].season_label, ordered))
    return plan


def next_samling(today: date) -> Samling | None:
    """The next published samling with a day today or later."""
    upcoming = db.session.scalars(
        select(Samling)
        .join(SamlingDay)
        .where(Samling.published.is_(True), SamlingDay.date >= today)
        .order_by(SamlingDay.date)
        .limit(1)
    ).first()
    return upcoming


# --- Agenda ---------------------------------------------------------------------------------


def _renumber(day: SamlingDay) -> None:
    """Order a day's programme by time; items without a time keep their order at the end."""
    ordered = sorted(
        day.agenda, key=lambda i: (i.start_time is None, i.start_time or time.min, i.position)
    )
    for position, item in enumerate(ordered, start=1):
        item.position = position
    day.agenda.sort(key=lambda i: i.position)


def add_agenda_item(
    actor: User,
    day: SamlingDay,
    title: str,
    *,
    start_time: time | None = None,
    presenter_municipality: Municipality | int | None = None,
    description: str = "",
    presenter: str = "",
    link_url: str = "",
    link_label: str = "",
) -> AgendaItem:
    """Add a point to a day's programme (ordered by time); flushes and audits."""
    if not title.strip():
        raise MeetingError("Programpunktet må ha en tittel.")
    outside = start_time and day.start_time and day.end_time
    if outside and not day.start_time <= start_time < day.end_time:
        raise MeetingError(
            f"Klokkeslettet {_clock(start_time)} ligger utenfor dagen "
            f"({_clock(day.start_time)}–{_clock(day.end_time)})."
        )
    municipality_id = getattr(presenter_municipality, "id", presenter_municipality)
    item = AgendaItem(
        day=day,
        position=len(day.agenda) + 1,
        start_time=start_time,
        title=title.strip(),
        presenter=presenter.strip(),
        presenter_municipality_id=municipality_id,
        description=description,
        link_url=link_url.strip(),
        link_label=link_label.strip(),
    )
    db.session.add(item)
    _renumber(day)
    db.session.flush()
    audit.record(actor, "agenda.item_added", item, detail=f"day={day.id}")
    return item


def remove_agenda_item(actor: User, item: AgendaItem) -> None:
    """Take a point off the programme."""
    day = item.day
    day.agenda.remove(item)
    db.session.delete(item)
    _renumber(day)
    db.session.flush()
    audit.record(actor, "agenda.item_removed", day, detail=f"item={item.id}")


# --- Registration ---------------------------------------------------------------------------


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
        raise MeetingError("Du er allerede påmeldt denne dagen. Du kan endre påmeldingen din.")
    if day.capacity is not None and registration_count(day) >= day.capacity:
        raise MeetingError(
            f"Dagen er full ({day.capacity} plasser). Kontakt koordinatoren om venteliste."
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


def _cell(value: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def registrations_csv(day: SamlingDay) -> str:
    """The day's registrations as CSV (semicolon-separated, as Norwegian Excel expects)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Navn", "Kommune", "E-post", "Overnatting", "Kosthold/allergier", "Merknad"])
    for registration in registrations_for(day):
        person = registration.user
        writer.writerow(
            [
                _cell(person.name),
                person.municipality.name if person.municipality else "",
                _cell(person.email),
                "ja" if registration.overnight else "nei",
                _cell(registration.dietary),
                _cell(registration.note),
            ]
        )
    return buffer.getvalue()


# --- Calendar -------------------------------------------------------------------------------


def day_uid(day: SamlingDay) -> str:
    """Stable UID of a day's calendar event."""
    return f"samling-{day.samling_id}-dag-{day.id}@{UID_DOMAIN}"


def samling_url(samling: Samling) -> str:
    """The samling's address on the portal."""
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/samlinger/{samling.id}"


def day_events(samling: Samling, registered_day_ids: frozenset[int] = frozenset()) -> list:
    """One calendar event per dated day of a samling."""
    events = []
    organizer = samling.organizer
    for day in samling.days:
        if day.date is None or day.start_time is None or day.end_time is None:
            continue
        lines = [f"{day.kind_label}, dag {day.position} av {len(samling.days)}."]
        if day.responsible_municipality:
            lines.append(f"Ansvarlig for dagen: {day.responsible_municipality.name} kommune.")
        if day.video_link and day.place:
            lines.append(f"Videolenke: {day.video_link}")
        if day.id in registered_day_ids:
            lines.append("Du er påmeldt denne dagen.")
        if day.notes:
            lines.append(day.notes)
        lines.append(samling_url(samling))
        events.append(
            CalendarEvent(
                uid=day_uid(day),
                summary=f"{samling.title} – {day.kind_label.lower()}",
                start=datetime.combine(day.date, day.start_time),
                end=datetime.combine(day.date, day.end_time),
                description="\n\n".join(lines),
                location=day.location,
                url=samling_url(samling),
                organizer_email=organizer.email if organizer else None,
                organizer_name=organizer.name if organizer else None,
                sequence=samling.sequence,
            )
        )
    return events


def samling_ics(samling: Samling) -> bytes:
    """The .ics file of one samling."""
    return build_calendar(day_events(samling), name=samling.title)


def _samling_feed_source(user: User) -> list[CalendarEvent]:
    """Every published samling day, marked where the user is registered."""
    registered = frozenset(
        db.session.scalars(select(Registration.day_id).where(Registration.user_id == user.id))
    )
    samlinger = db.session.scalars(
        select(Samling).where(Samling.published.is_(True)).order_by(Samling.id)
    )
    return [event for s in samlinger for event in day_events(s, registered)]


FEED_SOURCES: list[Callable[[User], list[CalendarEvent]]] = [_samling_feed_source]


def personal_feed_events(user: User) -> list[CalendarEvent]:
    """All events of the user's personal feed, from every registered source."""
    return [event for source in FEED_SOURCES for event in source(user)]


def personal_feed_ics(user: User) -> bytes:
    """The user's personal calendar feed."""
    return build_calendar(personal_feed_events(user), name="Fagnettverket")


def create_feed(actor: User) -> str:
    """Give the actor a new personal feed token (replacing any old one); return the token."""
    token = secrets.token_urlsafe(32)
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == actor.id))
    if feed is None:
        feed = CalendarFeed(user_id=actor.id)
        db.session.add(feed)
    feed.token_hash = token_digest(token)
    feed.created_at = utcnow()
    feed.last_used_at = None
    db.session.flush()
    audit.record(actor, "calendar_feed.created", feed)
    return token


def revoke_feed(actor: User) -> bool:
    """Remove the actor's feed so the old address stops working; True if one existed."""
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == actor.id))
    if feed is None:
        return False
    db.session.delete(feed)
    db.session.flush()
    audit.record(actor, "calendar_feed.revoked", actor)
    return True


def feed_of(user: User) -> CalendarFeed | None:
    """The user's feed, if they have one."""
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def feed_user(token: str) -> User | None:
    """The active user a feed token belongs to, or None."""
    feed = db.session.scalar(
        select(CalendarFeed).where(CalendarFeed.token_hash == token_digest(token))
    )
    if feed is None or not feed.user.active:
        return None
    feed.last_used_at = utcnow()
    return feed.user


# --- E-mail ---------------------------------------------------------------------------------

MAIL_CONFIG_PROBLEM = (
    "E-posten kunne ikke sendes fordi e-postoppsettet ser ut til å være feil "
    "(MAIL_SERVER, MAIL_PORT, MAIL_SENDER eller innloggingen). {kept} e-post(er) er lagt i "
    "utboksen i stedet, så ingenting er tapt. Be administratoren rette oppsettet."
)


@dataclass
class Delivery:
    """How a batch of e-mails went: sent (or kept by design), or kept after an SMTP failure."""

    sent: int = 0
    kept_after_failure: int = 0
    _smtp_broken: bool = field(default=False, repr=False)

    @property
    def problem(self) -> str | None:
        """A Norwegian message when some mail could not be sent."""
        if not self.kept_after_failure:
            return None
        return MAIL_CONFIG_PROBLEM.format(kept=self.kept_after_failure)

    def send(self, to: str, subject: str, body: str, attachments=()) -> None:
        """Send one e-mail; after an SMTP failure keep this and the rest in the outbox."""
        if not self._smtp_broken:
            try:
                mail.send_mail(to, subject, body, attachments)
            except (OSError, smtplib.SMTPException, ValueError, TypeError) as error:
                log.warning("SMTP delivery failed: %s", type(error).__name__)
                self._smtp_broken = True
            else:
                self.sent += 1
                return
        try:
            raw = mail.build_message(to, subject, body, attachments).as_string()
        except (ValueError, TypeError):
            raw = ""
        db.session.add(mail.OutboxMessage(recipient=to, subject=subject, body=body, raw=raw))
        self.kept_after_failure += 1


def active_people() -> list[User]:
    """Everyone with an active account."""
    return list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.id)))


def _ics_attachment(samling: Samling) -> mail.Attachment:
    """The samling's .ics as an e-mail attachment."""
    return mail.Attachment(
        filename=f"samling-{samling.id}.ics",
        content=samling_ics(samling),
        mimetype="text/calendar",
    )


def _day_lines(samling: Samling) -> str:
    """The days of a samling as plain-text lines."""
    lines = []
    for day in samling.days:
        when = norwegian_date(day.date) if day.date else "dato ikke avklart ennå"
        if day.start_time and day.end_time:
            when += f" kl. {_clock(day.start_time)}–{_clock(day.end_time)}"
        place = f", {day.location}" if day.location else ""
        lines.append(f"- Dag {day.position} ({day.kind_label.lower()}): {when}{place}")
    return "\n".join(lines)


def send_invitations(actor: User, samling: Samling) -> Delivery:
    """E-mail every active member an invitation with the samling's .ics attached."""
    if not samling.dates:
        raise MeetingError(
            "Samlingen har ingen dager med dato ennå, så det er ingenting å invitere til."
        )
    attachment = _ics_attachment(samling)
    body = (
        f"Velkommen til {samling.title}.\n\n{_day_lines(samling)}\n\n"
        f"Program og påmelding: {samling_url(samling)}\n\n"
        "Kalenderfilen er vedlagt. Åpne den for å legge samlingen inn i kalenderen din.\n"
    )
    delivery = Delivery()
    for person in active_people():
        delivery.send(person.email, f"Invitasjon: {samling.title}", body, [attachment])
    audit.record(actor, "samling.invited", samling, detail=f"sent={delivery.sent}")
    return delivery


def send_reminders(days_ahead: int, today: date | None = None) -> Delivery:
    """Remind everyone registered for a day ``days_ahead`` days from today (once per day)."""
    target = (today or oslo_today()) + timedelta(days=days_ahead)
    registrations = db.session.scalars(
        select(Registration)
        .join(SamlingDay)
        .join(Samling)
        .where(
            SamlingDay.date == target,
            Samling.published.is_(True),
            Registration.reminded_on.is_(None),
        )
        .order_by(Registration.id)
    ).all()
    delivery = Delivery()
    for registration in registrations:
        day = registration.day
        samling = day.samling
        body = (
            f"Påminnelse: du er påmeldt {samling.title}, dag {day.position} "
            f"({day.kind_label.lower()}), {norwegian_date(day.date)} kl. "
            f"{_clock(day.start_time)}–{_clock(day.end_time)}"
            f"{', ' + day.location if day.location else ''}.\n\n"
            f"Program og påmelding: {samling_url(samling)}\n"
        )
        delivery.send(
            registration.user.email,
            f"Påminnelse: {samling.title}",
            body,
            [_ics_attachment(samling)],
        )
        registration.reminded_on = today or oslo_today()
    db.session.flush()
    return delivery


# --- Minutes --------------------------------------------------------------------------------


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


def add_attendee(actor: User, minutes: Minutes, person: User, status: str) -> MinutesAttendee:
    """Add a person to the attendance list of a draft."""
    _refuse_if_published(minutes)
    if status not in ATTENDANCE_LABELS:
        raise MeetingError("Velg oppmøte fra listen.")
    if any(a.user_id == person.id for a in minutes.attendees):
        raise MeetingError(f"{person.name} står allerede på deltakerlisten.")
    attendee = MinutesAttendee(
        user_id=person.id, municipality_id=person.municipality_id, status=status
    )
    minutes.attendees.append(attendee)
    db.session.flush()
    audit.record(actor, "minutes.attendee_added", minutes, detail=f"user={person.id}")
    return attendee


def _refuse_if_published(minutes: Minutes) -> None:
    """Published minutes are locked."""
    if minutes.is_published:
        raise MeetingError("Referatet er publisert og låst. Det kan ikke endres.")


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
            "Referatet ble lagret av noen andre mens du skrev. Teksten din er ikke lagret, men "
            "den står fortsatt i skjemaet. Sammenlign med den lagrede versjonen under, og lagre "
            "på nytt."
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


def publish_minutes(actor: User, minutes: Minutes) -> Delivery:
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
    delivery = Delivery()
    for person in active_people():
        delivery.send(person.email, f"Referat: {samling.title}", body)
    return delivery


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


# --- Homework and key figures ---------------------------------------------------------------


def default_due_date(samling: Samling) -> date | None:
    """The first day of the next samling after this one, if it has a date."""
    last = samling.dates[-1] if samling.dates else None
    if last is None:
        return None
    return db.session.scalar(
        select(func.min(SamlingDay.date)).where(
            SamlingDay.date > last, SamlingDay.samling_id != samling.id
        )
    )


def add_action_item(
    actor: User,
    samling: Samling,
    *,
    title: str,
    description: str = "",
    responsible: str = Responsible.ALL,
    municipality_id: int | None = None,
    user_id: int | None = None,
    due_date: date | None = None,
    key_figure: str = "",
) -> ActionItem:
    """Add homework or an action item to a samling; the due date defaults to the next samling."""
    if not title.strip():
        raise MeetingError("Oppgaven må ha en tittel.")
    if responsible == Responsible.MUNICIPALITY and municipality_id is None:
        raise MeetingError("Velg hvilken kommune som er ansvarlig.")
    if responsible == Responsible.PERSON and user_id is None:
        raise MeetingError("Velg hvilken person som er ansvarlig.")
    if responsible not in Responsible.__members__.values():
        raise MeetingError("Velg hvem som er ansvarlig fra listen.")
    if key_figure.strip() and responsible != Responsible.ALL:
        raise MeetingError("Nøkkeltall samles bare inn fra alle kommunene.")
    item = ActionItem(
        samling=samling,
        title=title.strip(),
        description=description,
        responsible=responsible,
        responsible_municipality_id=municipality_id
        if responsible == Responsible.MUNICIPALITY
        else None,
        responsible_user_id=user_id if responsible == Responsible.PERSON else None,
        due_date=due_date or default_due_date(samling),
        key_figure=key_figure.strip(),
        created_by_id=actor.id,
    )
    db.session.add(item)
    db.session.flush()
    audit.record(actor, "homework.created", item, detail=f"responsible={responsible}")
    return item


def set_item_status(actor: User, item: ActionItem, status: str) -> None:
    """Mark an item open or done."""
    if status not in ItemStatus.__members__.values():
        raise MeetingError("Velg status fra listen.")
    item.status = status
    audit.record(actor, "homework.status", item, detail=status)


def answer_item(actor: User, item: ActionItem, *, text: str, number: int | None) -> HomeworkAnswer:
    """Give or change the actor's municipality's answer to an every-municipality item."""
    if not item.for_every_municipality:
        raise MeetingError("Denne oppgaven besvares ikke av hver kommune.")
    if actor.municipality_id is None:
        raise MeetingError("Bare medlemmer av en kommune kan svare for kommunen.")
    if item.status != ItemStatus.OPEN:
        raise MeetingError("Oppgaven er avsluttet og kan ikke besvares lenger.")
    if not text.strip() and number is None:
        raise MeetingError("Skriv et svar eller et tall.")
    if number is not None and number < 0:
        raise MeetingError("Tallet kan ikke være negativt.")
    answer = db.session.scalar(
        select(HomeworkAnswer).where(
            HomeworkAnswer.item_id == item.id,
            HomeworkAnswer.municipality_id == actor.municipality_id,
        )
    )
    if answer is None:
        answer = HomeworkAnswer(item=item, municipality_id=actor.municipality_id)
        db.session.add(answer)
    answer.text = text.strip()
    answer.number = number
    answer.answered_by_id = actor.id
    answer.answered_at = utcnow()
    db.session.flush()
    audit.record(actor, "homework.answered", item, detail=f"municipality={actor.municipality_id}")
    return answer


def answer_of(item: ActionItem, municipality_id: int | None) -> HomeworkAnswer | None:
    """A municipality's answer to an item, if any."""
    return next((a for a in item.answers if a.municipality_id == municipality_id), None)


def answers_side_by_side(item: ActionItem) -> list[tuple[Municipality, HomeworkAnswer | None]]:
    """Every municipality with its answer, or None if it has not answered."""
    places = db.session.scalars(select(Municipality).order_by(Municipality.name))
    answers = {a.municipality_id: a for a in item.answers}
    return [(place, answers.get(place.id)) for place in places]


def visible_items(include_unpublished: bool) -> list[ActionItem]:
    """Homework items, newest samling first; unpublished minutes' items only for moderators."""
    items = db.session.scalars(
        select(ActionItem)
        .options(
            selectinload(ActionItem.samling).selectinload(Samling.minutes),
            selectinload(ActionItem.answers),
        )
        .order_by(ActionItem.id.desc())
    ).all()
    return [i for i in items if include_unpublished or i.samling.minutes_published()]


def open_items_for(user: User) -> list[ActionItem]:
    """Open published items the user's municipality (or the user) should still deal with."""
    mine = []
    for item in visible_items(include_unpublished=False):
        if item.status != ItemStatus.OPEN:
            continue
        if item.for_every_municipality:
            if user.municipality_id and answer_of(item, user.municipality_id) is None:
                mine.append(item)
        elif item.responsible == Responsible.MUNICIPALITY:
            if item.responsible_municipality_id == user.municipality_id:
                mine.append(item)
        elif item.responsible_user_id == user.id:
            mine.append(item)
    return mine


@dataclass
class KeyFigure:
    """One key figure: its values per municipality and year."""

    name: str
    years: list[int]
    municipalities: list[str]
    values: dict[tuple[str, int], int]

    def latest(self) -> tuple[int, list[tuple[str, int]]]:
        """The newest year and the municipalities' values for it."""
        year = self.years[-1]
        return year, [
            (m, self.values[(m, year)]) for m in self.municipalities if (m, year) in self.values
        ]


def key_figures() -> list[KeyFigure]:
    """Numeric answers of published key-figure items, per figure, municipality and year."""
    rows = db.session.execute(
        select(ActionItem, HomeworkAnswer, Municipality.name)
        .join(HomeworkAnswer, HomeworkAnswer.item_id == ActionItem.id)
        .join(Municipality, Municipality.id == HomeworkAnswer.municipality_id)
        .where(ActionItem.key_figure != "", HomeworkAnswer.number.is_not(None))
        .order_by(HomeworkAnswer.answered_at)
    ).all()
    figures: dict[str, dict[tuple[str, int], int]] = {}
    for item, answer, place in rows:
        if item.samling.minutes_published():
            figures.setdefault(item.key_figure, {})[(place, item.figure_year)] = answer.number
    result = []
    for name in sorted(figures):
        values = figures[name]
        result.append(
            KeyFigure(
                name=name,
                years=sorted({year for _, year in values}),
                municipalities=sorted({place for place, _ in values}),
                values=values,
            )
        )
    return result


@dataclass(frozen=True)
class Bar:
    """One bar of a horizontal bar chart, in SVG user units."""

    label: str
    value: int
    y: int
    width: float


CHART_LABEL_WIDTH = 110
CHART_BAR_SPACE = 300
CHART_ROW = 28


def bar_chart(values: list[tuple[str, int]]) -> list[Bar]:
    """Lay out horizontal bars scaled to the largest value."""
    largest = max((v for _, v in values), default=0) or 1
    return [
        Bar(label, value, index * CHART_ROW, round(CHART_BAR_SPACE * value / largest, 1))
        for index, (label, value) in enumerate(values)
    ]


@personal_data.source("samlinger")
def personal_meeting_data(user: User) -> dict:
    """The user's registrations and the homework answers they gave (GDPR export)."""
    registrations = db.session.scalars(select(Registration).where(Registration.user_id == user.id))
    answers = db.session.scalars(
        select(HomeworkAnswer).where(HomeworkAnswer.answered_by_id == user.id)
    )
    return {
        "påmeldinger": [
            {"samling": r.day.samling.title, "dag": r.day.date.isoformat() if r.day.date else None,
             "overnatting": r.overnight, "kost": r.dietary, "merknad": r.note}
            for r in registrations
        ],
        "hjemmelekser_besvart": [
            {"oppgave": a.item.title, "svar": a.text, "tall": a.number,
             "tid": a.answered_at.isoformat()}
            for a in answers
        ],
    }  # fmt: skip

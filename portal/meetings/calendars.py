"""Calendars and invitations: iCalendar files and personal feeds, invitation and reminder e-mails."""

import secrets
from collections.abc import Callable
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from portal import audit, links, mail
from portal.core.dates import norwegian_date, oslo_today, utcnow
from portal.core.tokens import token_digest
from portal.extensions import db
from portal.meetings.ical import CalendarEvent, build_calendar
from portal.meetings.models import (
    CalendarFeed,
    Registration,
    Samling,
    SamlingDay,
)
from portal.meetings.services import UID_DOMAIN, MeetingError, _clock
from portal.network.models import User


def day_uid(day: SamlingDay) -> str:
    """Stable UID of a day's calendar event."""
    return f"samling-{day.samling_id}-dag-{day.id}@{UID_DOMAIN}"


def samling_url(samling: Samling) -> str:
    """The samling's address on the portal."""
    return links.public_url("meetings.samling", samling_id=samling.id)


def day_events(samling: Samling, registered_day_ids: frozenset[int] = frozenset()) -> list:
    """One calendar event per dated day of a samling."""
    events = []
    organizer = samling.organizer
    for day in samling.days:
        if day.date is None:
            continue
        timed = day.start_time is not None and day.end_time is not None
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
                start=datetime.combine(day.date, day.start_time) if timed else day.date,
                end=datetime.combine(day.date, day.end_time) if timed else day.date + timedelta(1),
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


def send_invitations(actor: User, samling: Samling) -> int:
    """E-mail every active member an invitation with the samling's .ics attached."""
    if not samling.dates:
        raise MeetingError(
            _("Samlingen har ingen dager med dato ennå, så det er ingenting å invitere til.")
        )
    attachment = _ics_attachment(samling)
    body = (
        f"Velkommen til {samling.title}.\n\n{_day_lines(samling)}\n\n"
        f"Program og påmelding: {samling_url(samling)}\n\n"
        "Kalenderfilen er vedlagt. Åpne den for å legge samlingen inn i kalenderen din.\n"
    )
    people = active_people()
    for person in people:
        mail.send_mail(person.email, f"Invitasjon: {samling.title}", body, [attachment])
    audit.record(actor, "samling.invited", samling, detail=f"recipients={len(people)}")
    return len(people)


def send_reminders(days_ahead: int, today: date | None = None) -> int:
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
    for registration in registrations:
        day = registration.day
        samling = day.samling
        body = (
            f"Påminnelse: du er påmeldt {samling.title}, dag {day.position} "
            f"({day.kind_label.lower()}), {norwegian_date(day.date)}"
            + (f" kl. {_clock(day.start_time)}–{_clock(day.end_time)}" if day.start_time else "")
            + f"{', ' + day.location if day.location else ''}.\n\n"
            f"Program og påmelding: {samling_url(samling)}\n"
        )
        mail.send_mail(
            registration.user.email,
            f"Påminnelse: {samling.title}",
            body,
            [_ics_attachment(samling)],
        )
        registration.reminded_on = today or oslo_today()
    db.session.flush()
    return len(registrations)

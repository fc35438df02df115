"""The årshjul: the network's own events, the year's items for a user, and the feed entries."""

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from portal import audit, year_items
from portal.extensions import db
from portal.meetings.ical import CalendarEvent
from portal.yearwheel.models import YearEvent

FEED_KINDS_ELSEWHERE = frozenset({"samling", "debrief"})  # the meetings feed has these already


class YearWheelError(ValueError):
    """A refused operation; the message is Norwegian and shown to the user."""


def add_event(
    actor, *, title: str, starts_on: date | None, ends_on: date | None, description: str
) -> YearEvent:
    """Put one of the network's own events (e.g. a reporting deadline) on the year."""
    title = (title or "").strip()
    if not title:
        raise YearWheelError(_("Hendelsen må ha en tittel."))
    if starts_on is None:
        raise YearWheelError(_("Velg en dato."))
    ends_on = ends_on or starts_on
    if ends_on < starts_on:
        raise YearWheelError(_("Perioden kan ikke slutte før den begynner."))
    event = YearEvent(
        title=title[:200],
        starts_on=starts_on,
        ends_on=ends_on,
        description=(description or "").strip(),
        created_by_id=actor.id,
    )
    db.session.add(event)
    db.session.flush()
    audit.record(actor, "yearwheel.event_added", event)
    return event


def delete_event(actor, event: YearEvent) -> None:
    """Remove one of the network's own events."""
    audit.record(actor, "yearwheel.event_deleted", event)
    db.session.delete(event)
    db.session.flush()


def events_between(start: date, end: date) -> list[YearEvent]:
    """The network's own events overlapping start..end."""
    return list(
        db.session.scalars(
            select(YearEvent)
            .where(YearEvent.starts_on <= end, YearEvent.ends_on >= start)
            .order_by(YearEvent.starts_on)
        )
    )


def items_of_year(user, year: int, kinds: list[str] | None = None) -> list[year_items.WheelItem]:
    """Every item of the year that the user may see (optionally only some kinds)."""
    return year_items.items_for(user, date(year, 1, 1), date(year, 12, 31), kinds)


def feed_events(user, today: date, url_root: str) -> list[CalendarEvent]:
    """The user's own årshjul items as all-day calendar entries, a year back and two ahead."""
    items = year_items.items_for(user, today - timedelta(days=365), today + timedelta(days=730))
    return [
        CalendarEvent(
            uid=f"{item.uid}@fagnettverket",
            summary=f"{item.kind_label}: {item.title}",
            start=item.starts_on,
            end=item.ends_on + timedelta(days=1),
            url=url_root.rstrip("/") + item.url if item.url else "",
        )
        for item in items
        if item.concerns_user and item.kind not in FEED_KINDS_ELSEWHERE
    ]

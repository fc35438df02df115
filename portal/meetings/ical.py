"""iCalendar files for samlinger and debrief sessions (pure: no request, no app), built with icalendar."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from icalendar import Calendar, Event, vCalAddress, vText

from portal.core.dates import OSLO

PRODUCT_ID = "-//Fagnettverk-portalen//NO"


@dataclass(frozen=True)
class CalendarEvent:
    """One calendar entry; naive start/end are wall-clock time in Europe/Oslo (dates: all day)."""

    uid: str
    summary: str
    start: datetime | date
    end: datetime | date
    description: str = ""
    location: str = ""
    url: str = ""
    organizer_email: str | None = None
    organizer_name: str | None = None
    sequence: int = 0
    cancelled: bool = False
    rrule: dict | None = None
    exdates: tuple[datetime, ...] = ()
    attendee_email: str | None = None


def in_oslo(moment: datetime) -> datetime:
    """Attach Europe/Oslo to a naive wall-clock time; convert an aware one."""
    return moment.replace(tzinfo=OSLO) if moment.tzinfo is None else moment.astimezone(OSLO)


def build_calendar(
    events: Iterable[CalendarEvent], name: str, method: str = "PUBLISH", now: datetime | None = None
) -> bytes:
    """Return an RFC 5545 calendar with one VEVENT per event and the Oslo VTIMEZONE."""
    stamp = now or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Oslo")
    for item in events:
        calendar.add_component(_vevent(item, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _vevent(item: CalendarEvent, stamp: datetime) -> Event:
    """One VEVENT."""
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    if isinstance(item.start, datetime):
        event.add("dtstart", in_oslo(item.start))
        event.add("dtend", in_oslo(item.end))
    else:  # a whole day whose times are not known yet
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
    if item.rrule:
        event.add("rrule", item.rrule)
    if item.exdates:
        event.add("exdate", [in_oslo(moment) for moment in item.exdates])
    event.add("summary", item.summary)
    event.add("sequence", item.sequence)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    if item.description:
        event.add("description", item.description)
    if item.location:
        event.add("location", item.location)
    if item.url:
        event.add("url", item.url)
    if item.organizer_email:
        organizer = vCalAddress(f"mailto:{item.organizer_email}")
        if item.organizer_name:
            organizer.params["cn"] = vText(item.organizer_name)
        event["organizer"] = organizer
    if item.attendee_email:
        attendee = vCalAddress(f"mailto:{item.attendee_email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee)
    return event

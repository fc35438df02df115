"""The iCalendar builder, parsed back with the icalendar library."""

from datetime import datetime

from icalendar import Calendar

from portal.meetings.ical import OSLO, CalendarEvent, build_calendar


def two_day_samling() -> list[CalendarEvent]:
    """A samling across the autumn DST change (27–28 October 2023 → clocks back on the 29th)."""
    return [
        CalendarEvent(
            uid="samling-1-dag-1@fagnettverk",
            summary="Samling dag 1: prosjektdag",
            start=datetime(2023, 10, 28, 10, 0),
            end=datetime(2023, 10, 28, 16, 0),
            location="Fauske hotell",
            description="Felles case. Ta med klær etter forholdene.",
            organizer_email="koordinator@salten.example",
            organizer_name="Marte Sandvik",
        ),
        CalendarEvent(
            uid="samling-1-dag-2@fagnettverk",
            summary="Samling dag 2: temadag",
            start=datetime(2023, 10, 29, 9, 0),
            end=datetime(2023, 10, 29, 14, 0),
            location="Fauske hotell",
        ),
    ]


def test_events_parse_back_field_by_field():
    calendar = Calendar.from_ical(build_calendar(two_day_samling(), name="Samling"))
    events = calendar.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [
        "samling-1-dag-1@fagnettverk",
        "samling-1-dag-2@fagnettverk",
    ]
    first = events[0]
    assert str(first["summary"]) == "Samling dag 1: prosjektdag"
    assert str(first["location"]) == "Fauske hotell"
    assert "Ta med klær" in str(first["description"])
    assert str(first["organizer"]) == "mailto:koordinator@salten.example"
    assert first["organizer"].params["cn"] == "Marte Sandvik"
    assert first.decoded("dtstart") == datetime(2023, 10, 28, 10, 0, tzinfo=OSLO)


def test_times_are_oslo_across_the_dst_change():
    calendar = Calendar.from_ical(build_calendar(two_day_samling(), name="Samling"))
    day1, day2 = calendar.walk("VEVENT")
    assert day1.decoded("dtstart").utcoffset().total_seconds() == 2 * 3600  # summer time
    assert day2.decoded("dtstart").utcoffset().total_seconds() == 1 * 3600  # winter time
    assert day1["dtstart"].params["TZID"] == "Europe/Oslo"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Oslo"


def test_uid_is_stable_between_builds():
    first = Calendar.from_ical(build_calendar(two_day_samling(), name="x"))
    second = Calendar.from_ical(build_calendar(two_day_samling(), name="x"))
    assert [e["uid"] for e in first.walk("VEVENT")] == [e["uid"] for e in second.walk("VEVENT")]


def test_cancelled_event_is_marked():
    event = CalendarEvent(
        uid="x@y", summary="Avlyst", start=datetime(2024, 1, 18, 12), end=datetime(2024, 1, 18, 14),
        cancelled=True, sequence=2,
    )  # fmt: skip
    parsed = Calendar.from_ical(build_calendar([event], name="x")).walk("VEVENT")[0]
    assert str(parsed["status"]) == "CANCELLED"
    assert parsed["sequence"] == 2

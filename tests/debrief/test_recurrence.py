"""The pure rules of a recurring series: its dates and its iCalendar rule agree."""

from datetime import date, datetime

from dateutil.rrule import rrulestr

from portal.debrief import recurrence


def test_monthly_series_keeps_the_weekday_of_the_month():
    assert recurrence.series_dates(date(2027, 2, 11), date(2027, 4, 30), "monthly") == [
        date(2027, 2, 11), date(2027, 3, 11), date(2027, 4, 8),
    ]  # fmt: skip
    assert recurrence.week_of_month(date(2027, 4, 29)) == -1  # a fifth Thursday means the last


def test_last_date_before_the_first_gives_no_dates():
    assert recurrence.series_dates(date(2027, 3, 1), date(2027, 2, 1), "weekly") == []


def test_the_ical_rule_yields_the_same_dates_as_the_series():
    for first, frequency in [
        (date(2027, 2, 4), "monthly"), (date(2027, 4, 29), "monthly"), (date(2027, 2, 4), "biweekly"),
    ]:  # fmt: skip
        until = datetime(2027, 12, 31, 14)
        rule = recurrence.ical_rule(first, until, frequency)
        text = ";".join(
            f"{key.upper()}={value:%Y%m%dT%H%M%S}" if key == "until" else f"{key.upper()}={value}"
            for key, value in rule.items()
        )
        expanded = rrulestr(text, dtstart=datetime.combine(first, datetime.min.time()))
        assert [moment.date() for moment in expanded] == recurrence.series_dates(
            first, until.date(), frequency
        )

"""Recurring debrief series: the dates a series falls on and its iCalendar rule (no Flask)."""

from datetime import date, datetime, time

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

# frequency -> (iCalendar FREQ, interval)
FREQUENCIES = {"monthly": ("MONTHLY", 1), "biweekly": ("WEEKLY", 2), "weekly": ("WEEKLY", 1)}
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def week_of_month(first: date) -> int:
    """Which weekday of its month a date is: 1–4, or -1 for the last (a fifth one)."""
    nth = (first.day - 1) // 7 + 1
    return -1 if nth == 5 else nth


def series_dates(first: date, until: date, frequency: str) -> list[date]:
    """Dates of a series: monthly on the same weekday of the month (e.g. 2nd Thursday), or weekly."""
    freq, interval = FREQUENCIES[frequency]
    start, end = datetime.combine(first, time()), datetime.combine(until, time())
    if freq == "MONTHLY":
        on = weekday(first.weekday(), week_of_month(first))
        rule = rrule(MONTHLY, interval=interval, byweekday=on, dtstart=start, until=end)
    else:
        rule = rrule(WEEKLY, interval=interval, dtstart=start, until=end)
    return [moment.date() for moment in rule]


def ical_rule(first: date, until: datetime, frequency: str) -> dict:
    """The same series as an iCalendar RRULE: monthly on the nth weekday (e.g. 1TH), or weekly."""
    freq, interval = FREQUENCIES[frequency]
    rule: dict = {"freq": freq, "until": until}
    if interval > 1:
        rule["interval"] = interval
    day = WEEKDAYS[first.weekday()]
    rule["byday"] = f"{week_of_month(first)}{day}" if freq == "MONTHLY" else day
    return rule

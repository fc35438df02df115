"""Time helpers: the database stores naive UTC; pages show Europe/Oslo in Norwegian."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask_babel import format_date, format_datetime

OSLO = ZoneInfo("Europe/Oslo")


def utcnow() -> datetime:
    """Return the current time as naive UTC, the form every timestamp column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def oslo_today() -> date:
    """Today's date in Norway."""
    return datetime.now(OSLO).date()


def oslo_to_utc(moment: datetime) -> datetime:
    """Naive Oslo wall-clock time to the naive UTC the database stores."""
    return moment.replace(tzinfo=OSLO).astimezone(UTC).replace(tzinfo=None)


def utc_to_oslo(moment: datetime) -> datetime:
    """Naive UTC from the database to naive Oslo wall-clock time."""
    return moment.replace(tzinfo=UTC).astimezone(OSLO).replace(tzinfo=None)


def norwegian_date(value: date | datetime | None, style: str = "d. MMMM y") -> str:
    """Format a date the Norwegian way, e.g. «22. november 2026»."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, style)
    return format_date(value, style)


def norwegian_datetime(value: datetime | None) -> str:
    """Format a naive-UTC timestamp in Oslo time, e.g. «22. nov. 2026 kl. 14:05»."""
    if value is None:
        return ""
    return format_datetime(value, "d. MMM y 'kl.' HH:mm")

"""Time helpers: the database stores naive UTC; pages show Europe/Oslo in Norwegian."""

from datetime import UTC, date, datetime

from flask_babel import format_date, format_datetime


def utcnow() -> datetime:
    """Return the current time as naive UTC, the form every timestamp column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


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

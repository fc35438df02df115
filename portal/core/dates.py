"""Time helpers: the database stores naive UTC; pages show Europe/Oslo in Norwegian."""

from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from flask import g, has_app_context
from flask_babel import get_locale, get_timezone

from portal.config import Config

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
    return _formatted(value, style, *_locale_and_timezone())


def norwegian_datetime(value: datetime | None) -> str:
    """Format a naive-UTC timestamp in Oslo time, e.g. «22. nov. 2026 kl. 14:05»."""
    if value is None:
        return ""
    return _formatted(value, "d. MMM y 'kl.' HH:mm", *_locale_and_timezone())


def _locale_and_timezone() -> tuple[str, str]:
    """The request's locale and time zone, looked up once per request (or app context)."""
    if not has_app_context():
        return Config.BABEL_DEFAULT_LOCALE, Config.BABEL_DEFAULT_TIMEZONE
    if "date_locale" not in g:
        g.date_locale = (str(get_locale()), str(get_timezone()))
    return g.date_locale


@lru_cache(maxsize=4096)
def _formatted(value: date | datetime, style: str, locale: str, timezone: str) -> str:
    """One formatted value (a naive datetime is UTC, shown in ``timezone``)."""
    if isinstance(value, datetime):
        return babel_dates.format_datetime(
            value, style, tzinfo=babel_dates.get_timezone(timezone), locale=locale
        )
    return babel_dates.format_date(value, style, locale=locale)

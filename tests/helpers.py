"""Helpers for route tests: CSRF-aware form posts and logging in through the real login page."""

import re
from datetime import UTC, date, datetime, timedelta

from flask.testing import FlaskClient

from portal.network.demo import DEMO_PASSWORD

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf_token(client: FlaskClient, page: str = "/logg-inn") -> str:
    """Load a page and return the CSRF token it carries (every page has one in <head>)."""
    response = client.get(page, follow_redirects=True)
    match = CSRF_META.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {page}"
    return match.group(1)


def submit(client: FlaskClient, page: str, data: dict, action: str | None = None, **kwargs):
    """GET ``page`` for its CSRF token, then POST ``data`` to ``action`` (default: the page)."""
    token = csrf_token(client, page)
    return client.post(action or page, data={**data, "csrf_token": token}, **kwargs)


def login(client: FlaskClient, user_or_email, password: str = DEMO_PASSWORD):
    """Log in through the login form; return the response."""
    email = getattr(user_or_email, "email", user_or_email)
    return submit(client, "/logg-inn", {"email": email, "password": password})


def text(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)


def totp_step_now() -> datetime:
    """The real current time floored to a whole 30-second TOTP step (naive UTC, for freezegun).

    Tests freeze the clock here rather than at a fixed date, so that anything that measures
    real time beside the frozen clock (the rate limiter's storage, Redis expiry) agrees with it.
    """
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    return now - timedelta(seconds=now.second % 30)


def month_ahead(months: int, day: int = 1) -> date:
    """The given day of the month ``months`` months after this one (never in the past)."""
    index = date.today().month - 1 + months
    return date(date.today().year + index // 12, index % 12 + 1, day)


def first_thursday(months_ahead: int) -> date:
    """The first Thursday of the month ``months_ahead`` months from now."""
    first = month_ahead(months_ahead)
    return first + timedelta(days=(3 - first.weekday()) % 7)

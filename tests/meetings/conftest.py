"""Fixtures for samlinger: a two-day samling in the near future, built through the services."""

from datetime import time, timedelta

import pytest

from portal.core.dates import oslo_today
from portal.extensions import db
from portal.meetings import services
from portal.meetings.models import DayKind
from portal.network.models import User
from tests.conftest import in_app_context


def two_days(first, place="Fauske hotell", responsible=None, capacity=None):
    """DayData for a project day and a theme day starting on ``first``."""
    return [
        services.DayData(date=first, start_time=time(10), end_time=time(16),
                         kind=DayKind.PROJECT, place=place, capacity=capacity),
        services.DayData(date=first + timedelta(days=1), start_time=time(9), end_time=time(14),
                         kind=DayKind.THEME, place=place, responsible_municipality_id=responsible,
                         capacity=capacity),
    ]  # fmt: skip


@pytest.fixture
def make_samling(app, users):
    """make_samling(days_ahead=30, published=True, deadline_days=None, capacity=None) -> id."""

    def create(days_ahead=30, published=True, deadline_days=None, capacity=None, title=None):
        with in_app_context(app):
            moderator = db.session.get(User, users["moderator"].id)
            first = oslo_today() + timedelta(days=days_ahead)
            samling = services.create_samling(
                moderator,
                title=title or f"Samling om {days_ahead} dager",
                days=two_days(first, capacity=capacity),
                published=published,
                registration_deadline=oslo_today() + timedelta(days=deadline_days)
                if deadline_days is not None
                else None,
            )
            db.session.commit()
            return samling.id

    return create

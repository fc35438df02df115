"""Search fixtures: content in every state, built through the features' own services."""

from datetime import time, timedelta

import pytest

from portal.cases import services as cases
from portal.core.dates import oslo_today
from portal.debrief import services as debrief_services
from portal.debrief.models import KIND_DEFUSING
from portal.extensions import db
from portal.meetings import homework as homework_items
from portal.meetings import minutes_book
from portal.meetings import services as meetings
from portal.meetings.models import DayKind
from portal.network.models import User
from portal.rutiner import approval
from portal.rutiner import services as rutiner
from portal.search import services
from tests.cases.factories import CHECKLIST_ALL, case_data


def person(user) -> User:
    """The user attached to the current session."""
    return db.session.get(User, user.id)


def find(user, text: str, **filters) -> list[str]:
    """Titles (without highlighting) of what ``user`` finds for ``text``."""
    results = services.search(person(user), text, services.Filters(**filters))
    return [hit.title.striptags() for hit in results.hits]


@pytest.fixture
def req(app):
    """An app and request context for service-level search tests (results carry URLs)."""
    with app.test_request_context():
        yield
        db.session.remove()


class Build:
    """Create content in a given state through the services, committed."""

    def __init__(self, users, network, place, make_user):
        self.users, self.network, self.place, self.make_user = users, network, place, make_user

    def routine(self, title, body, state="approved", author="member", place_name="Bodø"):
        """A routine: draft, pending or approved (the colleague or admin approves)."""
        writer = person(self.users[author])
        if place_name == "Bodø":
            approver = person(self.users["colleague"])
        elif place_name is None:
            approver = person(self.users["admin"])
        else:
            approver = self.make_user(municipality=place_name)
        routine = rutiner.create_routine(
            writer, network_id=self.network, municipality_id=self.place(place_name) if place_name else None,
            title=title, body=body, change_note="", category="admission", tags="",
            review_interval_months=12, responsible=writer,
        )  # fmt: skip
        if state in ("pending", "approved"):
            approval.submit(writer, routine, approver)
        if state == "approved":
            approval.approve(approver, routine, significant=True)
        db.session.commit()
        return routine

    def case(self, title, text, state="published", author="other"):
        """A case: draft, review or published (the moderator publishes)."""
        writer = person(self.users[author])
        case = cases.create_case(writer, case_data(title=title, situation=text))
        if state in ("review", "published"):
            cases.submit(writer, case, CHECKLIST_ALL)
        if state == "published":
            cases.publish(person(self.users["moderator"]), case)
        db.session.commit()
        return case

    def samling(self, title, description="", published=True, minutes=None, decisions=""):
        """A samling, with minutes «draft» or «published» holding ``decisions``."""
        moderator = person(self.users["moderator"])
        first = oslo_today() + timedelta(days=20)
        days = [meetings.DayData(date=first, start_time=time(10), end_time=time(15),
                                 kind=DayKind.PROJECT, place="Fauske hotell")]  # fmt: skip
        samling = meetings.create_samling(
            moderator, title=title, days=days, published=published, description=description
        )
        if minutes:
            record = minutes_book.start_minutes(moderator, samling)
            minutes_book.save_minutes(
                moderator, record, version=record.version, decisions=decisions, body="",
                attendance={}, reports={},
            )  # fmt: skip
            if minutes == "published":
                minutes_book.publish_minutes(moderator, record)
        db.session.commit()
        return samling

    def homework(self, samling, title, description=""):
        """An every-municipality homework item on a samling."""
        item = homework_items.add_action_item(
            person(self.users["moderator"]), samling, title=title, description=description
        )
        db.session.commit()
        return item

    def debrief(self, title, procedure, defusing=False):
        """A scheduled debriefing session, or a private defusing room."""
        moderator = person(self.users["moderator"])
        plan = debrief_services.SessionPlan(
            title=title, moderator=moderator, start_time=time(14), end_time=time(15),
            procedure=procedure,
        )  # fmt: skip
        session = debrief_services.create_session(moderator, plan, oslo_today())
        if defusing:
            session.kind = KIND_DEFUSING
        db.session.commit()
        return session


@pytest.fixture
def build(req, users, network, place, make_user) -> Build:
    """Builders for service-level tests, inside a request context."""
    return Build(users, network, place, make_user)

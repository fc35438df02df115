"""Helpers for routine tests: attached users and routines in a given state."""

import pytest

from portal.extensions import db
from portal.network.models import User
from portal.rutiner import approval, services

BODY = "## Formål\nSikre trygg innleggelse.\n\n## Fremgangsmåte\n1. Ring fastlegen.\n"


def person(user) -> User:
    """The user attached to the current session."""
    return db.session.get(User, user.id)


@pytest.fixture
def routine_factory(app, network, place):
    """Create a routine in a state: make(owner, state="draft"|"pending"|"approved", place=...)."""

    def make(author, state="draft", place_name="Bodø", approver=None, title="Innleggelse", **kw):
        author = person(author)
        municipality_id = place(place_name) if place_name else None
        routine = services.create_routine(
            author,
            network_id=network,
            municipality_id=municipality_id,
            title=title,
            body=kw.pop("body", BODY),
            change_note="Første utkast",
            category=kw.pop("category", "admission"),
            tags=kw.pop("tags", "akutt"),
            review_interval_months=kw.pop("months", 12),
            responsible=author,
            now=kw.pop("now", None),
        )
        if state in ("pending", "approved"):
            approval.submit(author, routine, person(approver))
        if state == "approved":
            approval.approve(person(approver), routine, significant=True, now=kw.pop("at", None))
        db.session.commit()
        return routine

    return make

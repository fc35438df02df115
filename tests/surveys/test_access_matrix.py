"""The survey rules as a matrix: role x municipality x survey state."""

import pytest

from portal.access import can
from portal.surveys.models import Survey

PEOPLE = ["anonymous", "member", "contact", "other", "moderator", "admin", "legal"]
COORD = {"moderator", "admin"}
SIGNED_IN = {"member", "contact", "other", "moderator", "admin", "legal"}
MEMBERS = {"member", "contact", "other"}


def make(status="open", audience="municipality", anonymous=False, contact_only=True, shared=False):
    return Survey(status=status, audience=audience, anonymous=anonymous,
                  contact_only=contact_only, share_results=shared)  # fmt: skip


STATES = {
    "draft": make(status="draft"),
    "open_contact_only": make(),
    "open_any_member": make(contact_only=False),
    "closed": make(status="closed"),
    "anonymous_members": make(audience="member", anonymous=True),
    "identified_shared": make(shared=True),
    "anonymous_shared": make(audience="member", anonymous=True, shared=True),
    "anonymous_closed": make(status="closed", audience="member", anonymous=True, shared=True),
}

# (action, state) -> who may.
MATRIX = {
    ("survey.list", None): SIGNED_IN,
    ("survey.manage", "draft"): COORD,
    ("survey.manage", "open_contact_only"): COORD,
    ("survey.export", "closed"): COORD,
    # An open anonymous survey shows no results to anybody: nothing to difference.
    ("survey.export", "anonymous_members"): set(),
    ("survey.export", "anonymous_closed"): COORD,
    ("survey.to_agenda", "closed"): COORD,
    ("survey.to_agenda", "anonymous_members"): set(),
    ("survey.view", "draft"): COORD,
    ("survey.view", "open_contact_only"): SIGNED_IN,
    ("survey.results", "draft"): COORD,
    ("survey.results", "closed"): SIGNED_IN,
    ("survey.answer", "draft"): set(),
    ("survey.answer", "open_contact_only"): {"contact"},
    ("survey.answer", "open_any_member"): MEMBERS,
    ("survey.answer", "anonymous_members"): MEMBERS,
    ("survey.answer", "closed"): {"contact"},  # may open the page; the service refuses to save
    ("survey.own_answers", "open_contact_only"): MEMBERS,
    ("survey.own_answers", "draft"): set(),
    ("survey.analyse", "open_contact_only"): COORD,
    ("survey.analyse", "anonymous_members"): set(),
    ("survey.analyse", "identified_shared"): COORD | MEMBERS | {"legal"},
    ("survey.analyse", "anonymous_shared"): set(),
    ("survey.analyse", "anonymous_closed"): COORD,
}


@pytest.fixture
def people(users, make_user):
    everyone = dict(users)
    everyone["contact"] = make_user(municipality="Bodø", is_contact=True, name="Kontakt Bodø")
    everyone["anonymous"] = None
    return everyone


@pytest.mark.parametrize(("action", "state"), sorted(MATRIX, key=str))
def test_survey_policy_matrix(people, action, state):
    obj = STATES[state] if state else None
    allowed = {who for who in PEOPLE if can(people[who], action, obj)}
    assert allowed == MATRIX[(action, state)]


def test_route_level_checks(people):
    assert {w for w in PEOPLE if can(people[w], "survey.answer")} == MEMBERS | {"contact"}
    assert {w for w in PEOPLE if can(people[w], "survey.manage")} == COORD
    assert {w for w in PEOPLE if can(people[w], "survey.own_answers")} == MEMBERS | {"contact"}

"""The case policy as a matrix: role x municipality x case state."""

from datetime import datetime

import pytest

from portal.access import can
from portal.cases.models import Case

PEOPLE = ["anonymous", "author", "colleague", "other", "moderator", "admin", "legal"]
SIGNED_IN = set(PEOPLE) - {"anonymous"}
BODO = {"author", "colleague"}

# state -> action -> who may do it to a case written by the Bodø author.
MATRIX = {
    "draft": {
        "case.view": BODO, "case.edit": BODO, "case.submit": BODO, "case.review": set(),
        "case.discuss": set(), "case.view_log": BODO, "case.withdraw": BODO,
    },
    "review": {
        "case.view": BODO | {"moderator", "legal"}, "case.edit": BODO, "case.submit": set(),
        "case.review": {"moderator", "legal"}, "case.discuss": set(), "case.view_log": BODO,
        "case.withdraw": BODO | {"moderator", "admin"},
    },
    "published": {
        "case.view": SIGNED_IN, "case.edit": BODO, "case.submit": set(), "case.review": set(),
        "case.discuss": SIGNED_IN, "case.view_log": BODO,
        "case.withdraw": BODO | {"moderator", "admin"},
    },
    "withdrawn published": {
        "case.view": BODO | {"moderator", "admin"}, "case.edit": set(), "case.submit": set(),
        "case.review": set(), "case.discuss": set(), "case.view_log": BODO, "case.withdraw": set(),
    },
    "withdrawn draft": {
        "case.view": BODO, "case.edit": set(), "case.submit": set(), "case.review": set(),
        "case.discuss": set(), "case.view_log": BODO, "case.withdraw": set(),
    },
}  # fmt: skip

# action -> who may use the kind of action at all (the route-level question).
ROUTE_LEVEL = {
    "case.list": SIGNED_IN,
    "case.create": {"author", "colleague", "other"},
    "case.view": SIGNED_IN,
    "case.edit": {"author", "colleague", "other"},
    "case.submit": {"author", "colleague", "other"},
    "case.review": {"moderator", "legal"},
    "case.discuss": SIGNED_IN,
    "case.view_log": {"author", "colleague", "other"},
    "case.withdraw": {"author", "colleague", "other", "moderator", "admin"},
}


@pytest.fixture
def people(users):
    """Matrix columns: the Bodø author and colleague, Fauske, and the network roles."""
    return {"anonymous": None, "author": users["member"], **users}


def make_case(author, state: str) -> Case:
    """An unsaved case by ``author`` in the given state."""
    status = state.removeprefix("withdrawn ")
    return Case(
        municipality_id=author.municipality_id,
        author_id=author.id,
        title="Sak",
        status=status,
        withdrawn_at=datetime(2026, 1, 1) if state.startswith("withdrawn") else None,
    )


@pytest.mark.parametrize("state", sorted(MATRIX))
@pytest.mark.parametrize("who", PEOPLE)
def test_case_policy_matrix(people, state, who):
    case = make_case(people["author"], state)
    allowed = {action for action, permitted in MATRIX[state].items() if who in permitted}
    granted = {action for action in MATRIX[state] if can(people[who], action, case)}
    assert granted == allowed


@pytest.mark.parametrize("action", sorted(ROUTE_LEVEL))
@pytest.mark.parametrize("who", PEOPLE)
def test_case_route_level_policy(people, action, who):
    assert can(people[who], action) is (who in ROUTE_LEVEL[action])


def test_a_reviewer_never_reviews_their_own_case(make_user, users):
    moderator = make_user(role="moderator", municipality="Bodø")
    own = make_case(moderator, "review")
    assert not can(moderator, "case.review", own)
    assert can(users["legal"], "case.review", own)


def test_deactivated_member_sees_nothing(users, ctx):
    users["member"].active = False
    case = make_case(users["member"], "published")
    assert not can(users["member"], "case.view", case)
    assert not can(users["member"], "case.list")

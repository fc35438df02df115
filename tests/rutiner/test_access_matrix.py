"""The routine policy as a matrix: person x action x routine state and owner."""

import pytest

from portal.access import can
from portal.extensions import db
from portal.rutiner import approval, services
from tests.rutiner.conftest import person

PEOPLE = ["anonymous", "member", "colleague", "other", "moderator", "admin", "legal"]
SIGNED_IN = set(PEOPLE) - {"anonymous"}
BODO = {"member", "colleague"}
COORDINATORS = {"moderator", "admin"}
WRITERS = BODO | {"other"} | COORDINATORS

# (action, object) -> who may. Objects: Bodø draft / pending (Kari wrote it, Ola approves) /
# approved / expired, network-wide draft / approved, and None (the route-level question).
MATRIX = {
    ("rutiner.view", None): SIGNED_IN,
    ("rutiner.view", "bodo_draft"): BODO,
    ("rutiner.view", "bodo_pending"): BODO,
    ("rutiner.view", "bodo_approved"): SIGNED_IN,
    ("rutiner.view", "bodo_expired"): SIGNED_IN,
    ("rutiner.view", "felles_draft"): COORDINATORS,
    ("rutiner.view", "felles_approved"): SIGNED_IN,
    ("rutiner.view_draft", "bodo_approved"): BODO,
    ("rutiner.view_draft", "felles_approved"): COORDINATORS,
    ("rutiner.comment", "bodo_draft"): BODO,
    ("rutiner.comment", "bodo_approved"): SIGNED_IN,
    ("rutiner.create", None): WRITERS,
    ("rutiner.edit", None): WRITERS,
    ("rutiner.edit", "bodo_draft"): BODO,
    ("rutiner.edit", "bodo_approved"): BODO,
    ("rutiner.edit", "bodo_expired"): set(),
    ("rutiner.edit", "felles_draft"): COORDINATORS,
    ("rutiner.edit", "felles_approved"): COORDINATORS,
    ("rutiner.submit", "bodo_draft"): BODO,
    ("rutiner.submit", "bodo_pending"): set(),
    ("rutiner.submit", "felles_draft"): COORDINATORS,
    ("rutiner.approve", "bodo_pending"): {"colleague"},
    ("rutiner.approve", "bodo_draft"): set(),
    ("rutiner.approve", "bodo_approved"): set(),
    ("rutiner.withdraw", "bodo_approved"): BODO,
    ("rutiner.withdraw", "bodo_expired"): set(),
    ("rutiner.withdraw", "bodo_draft"): set(),
    ("rutiner.delete", "bodo_draft"): BODO,
    ("rutiner.delete", "bodo_approved"): set(),
    ("rutiner.delete", "felles_draft"): COORDINATORS,
    ("rutiner.confirm", "bodo_approved"): BODO,
    ("rutiner.confirm", "bodo_draft"): set(),
    ("rutiner.confirm", "bodo_expired"): set(),
    ("rutiner.confirm", "felles_approved"): SIGNED_IN,
    ("rutiner.readers", "bodo_approved"): BODO,
    ("rutiner.readers", "felles_approved"): COORDINATORS,
    ("rutiner.adopt", "bodo_approved"): {"other"} | COORDINATORS,
    ("rutiner.adopt", "felles_approved"): BODO | {"other"},
    ("rutiner.adopt", "bodo_draft"): set(),
    ("rutiner.adopt", "bodo_expired"): set(),
}


@pytest.fixture
def routines(ctx, users, routine_factory):
    """One routine per state in the matrix."""
    expired = routine_factory(users["member"], "approved", approver=users["colleague"])
    approval.withdraw(person(users["member"]), expired)
    db.session.commit()
    felles = {"place_name": None, "approver": users["admin"]}
    return {
        None: None,
        "bodo_draft": routine_factory(users["member"]),
        "bodo_pending": routine_factory(users["member"], "pending", approver=users["colleague"]),
        "bodo_approved": routine_factory(users["member"], "approved", approver=users["colleague"]),
        "bodo_expired": expired,
        "felles_draft": routine_factory(users["moderator"], **felles),
        "felles_approved": routine_factory(users["moderator"], "approved", **felles),
    }


@pytest.mark.parametrize(("action", "state"), sorted(MATRIX, key=str))
def test_routine_policy_matrix(users, routines, action, state):
    allowed = {who for who in PEOPLE if can(users.get(who), action, routines[state])}
    assert allowed == MATRIX[(action, state)]


def test_comment_deletion(users, routines):
    comment = services.add_comment(person(users["other"]), routines["bodo_approved"], "Fint")
    db.session.flush()
    allowed = {who for who in PEOPLE if can(users.get(who), "rutiner.delete_comment", comment)}
    assert allowed == {"other"} | COORDINATORS


def test_author_named_as_approver_still_cannot_approve(users, routines):
    pending = routines["bodo_pending"]
    pending.approver_id = users["member"].id
    assert not can(users["member"], "rutiner.approve", pending)


def test_deactivated_member_may_do_nothing(users, routines, make_user):
    gone = make_user(municipality="Bodø", active=False)
    for action, state in MATRIX:
        assert not can(gone, action, routines[state])

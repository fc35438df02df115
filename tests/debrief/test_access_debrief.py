"""The debrief policy as a matrix: role x relation to the session x session state."""

from datetime import timedelta

import pytest

from portal.access import can
from portal.core.dates import utcnow
from portal.debrief import chatroom, defusing, services
from portal.debrief.models import DebriefSession
from portal.extensions import db
from portal.network.models import User

PEOPLE = ["anonymous", "member", "colleague", "other", "moderator", "admin", "legal"]

# In an open scheduled session led by the moderator, where «member» is registered:
OPEN_SESSION = {
    "debrief.view": {"member", "colleague", "other", "moderator", "admin", "legal"},
    "debrief.manage": {"moderator", "admin"},
    "debrief.register": {"member", "colleague", "other", "admin", "legal"},
    "debrief.join": {"member", "moderator"},
    "debrief.moderate": {"moderator"},
}


def person(users, name):
    """The user for a matrix column, attached to this context; None for an anonymous visitor."""
    return None if name == "anonymous" else db.session.get(User, users[name].id)


def scheduled(users, starts_in: int = -5, closed: bool = False) -> DebriefSession:
    """A scheduled session led by the moderator, with «member» registered."""
    now = utcnow()
    session = DebriefSession(
        title="Debrifing",
        starts_at=now + timedelta(minutes=starts_in),
        ends_at=now + timedelta(minutes=starts_in + 120),
        moderator_id=users["moderator"].id,
        created_by_id=users["moderator"].id,
        closed_at=now if closed else None,
    )
    db.session.add(session)
    db.session.flush()
    services.register(session, db.session.get(User, users["member"].id))
    return session


@pytest.mark.parametrize("action", sorted(OPEN_SESSION))
@pytest.mark.parametrize("who", PEOPLE)
def test_open_session_matrix(ctx, users, action, who):
    session = scheduled(users)
    assert can(person(users, who), action, session) is (who in OPEN_SESSION[action])


@pytest.mark.parametrize("who", PEOPLE)
def test_waiting_room_lets_only_moderators_in(ctx, users, who):
    session = scheduled(users, starts_in=60)
    assert can(person(users, who), "debrief.join", session) is (who == "moderator")


@pytest.mark.parametrize("who", PEOPLE)
def test_closed_session_lets_nobody_in_or_register(ctx, users, who):
    session = scheduled(users, closed=True)
    assert not can(person(users, who), "debrief.join", session)
    assert not can(person(users, who), "debrief.register", session)


def test_removed_participant_loses_the_room(ctx, users):
    session = scheduled(users)
    participant = services.participant_of(session, person(users, "member"))
    chatroom.remove_participant(person(users, "moderator"), participant, utcnow())
    assert not can(person(users, "member"), "debrief.join", session)


def test_defusing_room_is_private_to_its_two_people(ctx, users):
    member = person(users, "member")
    helper = person(users, "colleague")
    request = defusing.request_defusing(member, utcnow())
    assert not can(helper, "defusing.take", request), "only while on duty"
    defusing.set_on_duty(helper, True)
    assert can(helper, "defusing.take", request)
    assert not can(member, "defusing.take", request), "not one's own request"
    room = defusing.take_request(helper, request, utcnow())
    for who in PEOPLE:
        allowed = who in ("member", "colleague")
        assert can(person(users, who), "debrief.view", room) is allowed
        assert can(person(users, who), "debrief.join", room) is allowed
        assert can(person(users, who), "debrief.moderate", room) is (who == "colleague")


@pytest.mark.parametrize("who", PEOPLE)
def test_defusing_actions_by_role(ctx, users, who):
    user = person(users, who)
    assert can(user, "defusing.request") is (who in ("member", "colleague", "other"))
    assert can(user, "defusing.duty") is (who in ("member", "colleague", "other", "moderator"))

"""A socket's grant from joining stands in for the login and registration checks of each
message: it is for one room only, dropped with the socket, and verified again when due."""

from datetime import timedelta

from freezegun import freeze_time
from sqlalchemy import func, select, update

from portal.core.dates import utcnow
from portal.debrief import chat, grants
from portal.debrief.chat import NAMESPACE
from portal.debrief.models import ChatMessage
from portal.extensions import db
from portal.network.models import LoginSession
from tests.debrief.conftest import ack
from tests.debrief.test_chat import logged_in, room


def grant(session_id: int, verified_at, participant_id: int | None = 7) -> grants.Grant:
    """A participant's grant for a room."""
    author = grants.Author(1, participant_id, f"p{participant_id}", "Deltaker", "Kari")
    return grants.Grant(session_id, author, "member", False, False, verified_at)


def test_a_grant_is_due_for_verification_after_recheck():
    now = utcnow()
    fresh = grant(1, now)
    assert not fresh.due(now + grants.RECHECK - timedelta(seconds=1))
    assert fresh.due(now + grants.RECHECK)
    assert not fresh.verified(now + grants.RECHECK).due(now + grants.RECHECK)


def test_a_grant_is_for_one_room_and_goes_with_its_socket_or_room():
    store, now = grants.Grants(), utcnow()
    store.put("a", grant(1, now))
    store.put("b", grant(1, now))
    store.put("c", grant(2, now))
    assert store.get("a", 1) is not None and store.get("a", 2) is None
    store.drop(["a"])
    assert store.get("a", 1) is None
    store.drop_room(1)
    assert store.get("b", 1) is None and store.get("c", 2) is not None


def test_moderators_write_without_a_participant():
    assert grant(1, utcnow(), participant_id=None).author.moderator
    assert not grant(1, utcnow()).author.moderator


def messages(app) -> int:
    """Stored chat messages."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ChatMessage))


def test_a_socket_that_has_not_joined_cannot_send(app, sockets, make_session, register, users):
    session_id, _moderator, _member = room(app, sockets, make_session, register, users)
    other_socket = sockets(logged_in(app, users["member"]))
    assert ack(other_socket, "send", {"session": session_id, "body": "hei"})["ok"] is False
    assert ack(other_socket, "typing", {"session": session_id})["ok"] is False
    assert messages(app) == 0


def test_after_leaving_the_room_the_socket_cannot_send(app, sockets, make_session, register, users):
    session_id, _moderator, member = room(app, sockets, make_session, register, users)
    assert ack(member, "leave", {"session": session_id})["ok"]
    assert ack(member, "send", {"session": session_id, "body": "hei"})["ok"] is False
    assert messages(app) == 0


def test_a_due_grant_finds_a_login_ended_without_a_signal(
    app, sockets, make_session, register, users, monkeypatch
):
    """Every ending of a login disconnects at once; should one be missed (say, a process that
    never got the word), the next verification of the grant still refuses."""
    monkeypatch.setattr(chat, "schedule_presence", lambda _session_id: None)
    session_id, _moderator, member = room(app, sockets, make_session, register, users)
    with app.app_context():
        db.session.execute(
            update(LoginSession)
            .where(LoginSession.user_id == users["member"].id)
            .values(ended_at=utcnow())
        )
        db.session.commit()
    with freeze_time(utcnow() + grants.RECHECK + timedelta(seconds=1)):
        assert ack(member, "send", {"session": session_id, "body": "hei"})["ok"] is False
    assert not member.is_connected(NAMESPACE)
    assert messages(app) == 0


def test_a_due_grant_is_renewed_for_a_live_login(app, sockets, make_session, register, users):
    session_id, _moderator, member = room(app, sockets, make_session, register, users)
    with freeze_time(utcnow() + grants.RECHECK + timedelta(seconds=1)):
        assert ack(member, "send", {"session": session_id, "body": "fortsatt her"})["ok"]
    assert messages(app) == 1

"""The chat socket is a door like any page: full login (2FA where required) and live sessions."""

from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select, update

from portal.core.dates import utcnow
from portal.debrief import chat
from portal.debrief.chat import NAMESPACE
from portal.debrief.models import ChatConnection, ChatMessage
from portal.extensions import db, socketio
from portal.network.models import LoginSession
from tests.debrief.conftest import ack, events
from tests.debrief.test_chat import logged_in, room
from tests.helpers import login, submit, totp_step_now
from tests.network.test_accounts import enrol


@pytest.fixture(autouse=True)
def _no_presence_broadcasts(monkeypatch):
    """Presence is broadcast from a delayed background task that could outlive the test (and
    meet the next test's table cleanup); these tests are about who may use the socket."""
    monkeypatch.setattr(chat, "schedule_presence", lambda _session_id: None)


@pytest.fixture
def enforce_2fa(app):
    """Turn required two-factor login on (production's default) for one test."""

    def switch(on: bool = True) -> None:
        app.config["TWO_FACTOR_ENFORCED"] = on

    yield switch
    app.config["TWO_FACTOR_ENFORCED"] = False


def count(app, model) -> int:
    """Rows of ``model``."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_password_only_moderator_cannot_connect(app, sockets, users, enforce_2fa):
    enforce_2fa()
    http = logged_in(app, users["moderator"])
    assert http.get("/debrifing").location == "/konto/tofaktor"
    socket = sockets(http)
    assert not socket.is_connected(NAMESPACE)
    assert count(app, ChatConnection) == 0


def test_member_without_2fa_requirement_still_connects(app, sockets, users, enforce_2fa):
    enforce_2fa()
    assert sockets(logged_in(app, users["member"])).is_connected(NAMESPACE)


EVENTS = {
    "join": {},
    "leave": {},
    "send": {"body": "hei alle sammen"},
    "typing": {},
    "delete": {"message": 1},
    "mute": {"ref": "p1", "minutes": 5},
    "pause": {"paused": True},
    "remove": {"ref": "p1"},
}


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_every_event_needs_a_full_login(
    app, sockets, make_session, register, users, enforce_2fa, event
):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    enforce_2fa()  # the moderator's login is now incomplete until 2FA is set up
    reply = ack(moderator, event, {"session": session_id, **EVENTS[event]})
    assert not (reply or {}).get("ok")
    assert not moderator.is_connected(NAMESPACE)
    assert count(app, ChatMessage) == 0
    assert events(member, "chat") == [] and events(member, "paused") == []
    assert member.is_connected(NAMESPACE)


def age_sessions(app, user, **columns) -> None:
    """Move a user's login sessions back in time (last use or start)."""
    with app.app_context():
        db.session.execute(
            update(LoginSession).where(LoginSession.user_id == user.id).values(**columns)
        )
        db.session.commit()


@pytest.mark.parametrize(
    "aged",
    [
        {"last_seen_at": utcnow() - timedelta(minutes=31)},
        {"created_at": utcnow() - timedelta(hours=13)},
    ],
    ids=["idle", "absolute"],
)
def test_socket_of_an_expired_session_stops_receiving(
    app, sockets, make_session, register, users, aged
):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    age_sessions(app, users["member"], **aged)
    with app.app_context():
        assert chat.sweep_expired_sessions() == 1
    assert not member.is_connected(NAMESPACE)
    with app.app_context():
        rooms = db.session.scalars(select(ChatConnection.user_id)).all()
    assert rooms == [users["moderator"].id], "the server no longer sends to the member"
    assert ack(moderator, "send", {"session": session_id, "body": "er dere der?"})["ok"]
    with app.app_context():
        assert chat.sweep_expired_sessions() == 0, "an ended session is not ended twice"


def test_a_page_request_that_finds_its_session_expired_closes_that_users_sockets(
    app, sockets, make_session, register, users
):
    session_id = make_session(users["moderator"])
    register(session_id, users["member"])
    page = logged_in(app, users["member"])
    member = sockets(page)
    assert ack(member, "join", {"session": session_id})["ok"]
    age_sessions(app, users["member"], last_seen_at=utcnow() - timedelta(minutes=31))
    assert page.get("/rutiner/").status_code == 302  # the page finds the session expired
    assert not member.is_connected(NAMESPACE)
    with app.app_context():
        ended = db.session.scalars(
            select(LoginSession.ended_at).where(LoginSession.user_id == users["member"].id)
        ).all()
    assert ended and all(when is not None for when in ended)


def test_live_sessions_survive_the_sweep(app, sockets, make_session, register, users):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    with app.app_context():
        assert chat.sweep_expired_sessions() == 0
    assert member.is_connected(NAMESPACE) and moderator.is_connected(NAMESPACE)


def test_first_socket_starts_one_sweep_per_process(app, sockets, users, monkeypatch):
    started = []
    monkeypatch.setattr(chat._sweep_started, "_flag", False)
    monkeypatch.setattr(socketio, "start_background_task", lambda *args: started.append(args))
    app.config["SESSION_SWEEP_SECONDS"] = 60
    try:
        sockets(logged_in(app, users["member"]))
        sockets(logged_in(app, users["colleague"]))
    finally:
        app.config["SESSION_SWEEP_SECONDS"] = 0
    assert [args[0] for args in started] == [chat._sweep_forever]
    assert started[0][2] == 60


def test_password_without_the_code_cannot_connect(app, sockets, users):
    http = app.test_client()
    with freeze_time(totp_step_now()):
        login(http, users["moderator"])
        enrol(http)
        submit(http, "/", {}, action="/logg-ut")
        assert login(http, users["moderator"]).location == "/logg-inn/kode"
        socket = sockets(http)
    assert not socket.is_connected(NAMESPACE)
    assert count(app, ChatConnection) == 0

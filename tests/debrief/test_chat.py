"""The live chat over Socket.IO: authentication, access on every event, moderation, catch-up."""

import time
from datetime import timedelta
from urllib.parse import urlsplit

from portal.core.dates import utcnow
from portal.debrief import chatroom
from portal.debrief.chat import NAMESPACE
from portal.debrief.models import ChatConnection, ChatMessage, DebriefParticipant, DefusingRequest
from portal.extensions import db
from tests.debrief.conftest import ack, events
from tests.helpers import login, submit, text


def received(client) -> dict[str, list]:
    """Everything a client received, grouped by event name (and cleared)."""
    grouped: dict[str, list] = {}
    for item in client.get_received(NAMESPACE):
        grouped.setdefault(item["name"], []).append(item["args"][0])
    return grouped


def logged_in(app, user):
    """A fresh HTTP client logged in as ``user``."""
    client = app.test_client()
    login(client, user)
    return client


def room(app, sockets, make_session, register, users):
    """An open session with the moderator and the member joined; returns (id, mod, member)."""
    session_id = make_session(users["moderator"])
    register(session_id, users["member"])
    moderator = sockets(logged_in(app, users["moderator"]))
    member = sockets(logged_in(app, users["member"]))
    assert ack(moderator, "join", {"session": session_id})["ok"]
    assert ack(member, "join", {"session": session_id})["ok"]
    moderator.get_received(NAMESPACE)
    member.get_received(NAMESPACE)
    return session_id, moderator, member


def test_anonymous_connection_is_refused(app, sockets):
    client = sockets(app.test_client())
    assert not client.is_connected(NAMESPACE)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ChatConnection.sid))) == 0


def test_join_requires_registration_and_an_open_room(app, sockets, make_session, register, users):
    later = make_session(users["moderator"], starts_in=60)
    now = make_session(users["moderator"])
    outsider = sockets(logged_in(app, users["other"]))
    assert ack(outsider, "join", {"session": now}) == {
        "ok": False,
        "error": "Du har ikke tilgang til dette rommet.",
    }
    register(later, users["member"])
    member = sockets(logged_in(app, users["member"]))
    assert not ack(member, "join", {"session": later})["ok"]
    moderator = sockets(logged_in(app, users["moderator"]))
    assert ack(moderator, "join", {"session": later})["ok"], "moderator may enter early"


def test_forged_and_malformed_events_are_refused_and_the_socket_survives(
    app, sockets, make_session, register, users
):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    for payload in (None, "x", {"session": "1"}, {"session": True}, {"session": 10**12},
                    {"session": session_id + 999}, [session_id]):  # fmt: skip
        reply = ack(member, "send", payload)
        assert reply["ok"] is False
    assert ack(member, "join", {"session": session_id + 999})["ok"] is False
    assert ack(member, "delete", {"session": session_id, "message": 1})["ok"] is False
    assert member.is_connected(NAMESPACE)
    assert ack(member, "send", {"session": session_id, "body": "fortsatt her"})["ok"]
    assert [m["html"] for m in events(moderator, "chat")] == ["fortsatt her"]


def test_message_is_stored_then_broadcast_with_names_only_to_moderators(
    app, sockets, make_session, register, users
):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    reply = ack(
        member, "send", {"session": session_id, "body": "Se https://helsenorge.no <b>x</b>"}
    )
    assert reply["ok"]
    with app.app_context():
        stored = db.session.get(ChatMessage, reply["id"])
        assert stored.body == "Se https://helsenorge.no <b>x</b>"
    to_member = events(member, "chat")
    to_moderator = events(moderator, "chat")
    assert [m["id"] for m in to_member] == [reply["id"]]
    assert to_member[0]["author"] == "Deltaker 1"
    assert "name" not in to_member[0]
    assert to_moderator[0]["name"] == users["member"].name
    html = to_member[0]["html"]
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert '<a href="https://helsenorge.no" rel="noopener noreferrer nofollow">' in html


def test_empty_too_long_and_script_messages(app, sockets, make_session, register, users):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    assert ack(member, "send", {"session": session_id, "body": "   "})["error"].startswith(
        "Meldingen er tom"
    )
    too_long = "a" * (app.config["CHAT_MESSAGE_MAX"] + 1)
    assert "for lang" in ack(member, "send", {"session": session_id, "body": too_long})["error"]
    assert ack(member, "send", {"session": session_id, "body": 42})["ok"] is False
    ack(member, "send", {"session": session_id, "body": "<script>alert(1)</script>"})
    html = events(moderator, "chat")[0]["html"]
    assert "<script" not in html and "&lt;script&gt;" in html


def test_events_for_a_room_not_joined_are_refused(app, sockets, make_session, register, users):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    second = make_session(users["moderator"])
    register(second, users["member"])
    assert ack(member, "send", {"session": second, "body": "hei"})["ok"] is False
    assert ack(member, "typing", {"session": second})["ok"] is False


def wait_for(client, name: str, seconds: float = 3.0) -> tuple[list, dict[str, list]]:
    """Poll until ``name`` arrives (presence is broadcast from a background task)."""
    seen: dict[str, list] = {}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for event, payloads in received(client).items():
            seen.setdefault(event, []).extend(payloads)
        if name in seen:
            return seen[name], seen
        time.sleep(0.05)
    raise AssertionError(f"no {name!r} event within {seconds} s")


def test_typing_and_presence(app, sockets, make_session, register, users):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    assert ack(member, "typing", {"session": session_id})["ok"]
    assert events(moderator, "typing")[0]["label"] == "Deltaker 1"
    assert events(member, "typing") == []
    time.sleep(0.5)
    member.get_received(NAMESPACE)
    moderator.get_received(NAMESPACE)
    register(session_id, users["colleague"], "Ola")
    colleague = sockets(logged_in(app, users["colleague"]))
    reply = ack(colleague, "join", {"session": session_id})
    labels = [p["label"] for p in reply["presence"]]
    assert labels == [f"{users['moderator'].name} (moderator)", "Deltaker 1", "Ola"]
    assert all("name" not in p for p in reply["presence"])
    presence, seen_by_member = wait_for(member, "presence")
    assert [p["label"] for p in presence[-1]["people"]] == labels
    assert "Ola kom inn." in [n["text"] for n in seen_by_member["notice"]]
    presence, _ = wait_for(moderator, "presence")
    assert users["colleague"].name in {p.get("name") for p in presence[-1]["people"]}
    colleague.disconnect(namespace=NAMESPACE)
    presence, seen_by_member = wait_for(member, "presence")
    assert "Ola" not in [p["label"] for p in presence[-1]["people"]]
    assert "Ola gikk ut." in [n["text"] for n in seen_by_member["notice"]]


def test_moderator_deletes_a_message_and_members_cannot(
    app, sockets, make_session, register, users
):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    message_id = ack(member, "send", {"session": session_id, "body": "angrer"})["id"]
    assert ack(member, "delete", {"session": session_id, "message": message_id})["ok"] is False
    assert ack(moderator, "delete", {"session": session_id, "message": message_id})["ok"]
    assert events(member, "deleted")[-1] == {"session": session_id, "id": message_id}
    with app.app_context():
        message = db.session.get(ChatMessage, message_id)
        assert message.body == "" and message.deleted_at is not None
    catch_up = ack(member, "join", {"session": session_id, "last_id": 0})
    assert catch_up["deleted"] == [message_id]
    assert catch_up["messages"][0]["html"] == ""


def test_mute_stops_only_that_participant(app, sockets, make_session, register, users):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    with app.app_context():
        ref = "p" + str(db.session.scalar(db.select(DebriefParticipant.id)))
    assert ack(member, "mute", {"session": session_id, "ref": ref, "minutes": 5})["ok"] is False
    assert ack(moderator, "mute", {"session": session_id, "ref": ref, "minutes": 0})["ok"] is False
    assert ack(moderator, "mute", {"session": session_id, "ref": ref, "minutes": 10})["ok"]
    assert events(member, "muted")[0]["session"] == session_id
    assert "dempet" in ack(member, "send", {"session": session_id, "body": "hei"})["error"]
    assert ack(moderator, "send", {"session": session_id, "body": "Vi tar en pause"})["ok"]


def test_pause_makes_the_room_read_only_for_participants(
    app, sockets, make_session, register, users
):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    assert ack(member, "pause", {"session": session_id, "paused": True})["ok"] is False
    assert ack(moderator, "pause", {"session": session_id, "paused": "ja"})["ok"] is False
    assert ack(moderator, "pause", {"session": session_id, "paused": True})["ok"]
    assert events(member, "paused") == [{"session": session_id, "paused": True}]
    assert "pause" in ack(member, "send", {"session": session_id, "body": "hei"})["error"]
    assert ack(moderator, "send", {"session": session_id, "body": "les dette"})["ok"]
    assert ack(moderator, "pause", {"session": session_id, "paused": False})["ok"]
    assert ack(member, "send", {"session": session_id, "body": "takk"})["ok"]


def test_removed_participant_is_disconnected_and_cannot_return(
    app, sockets, make_session, register, users
):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    member_http = logged_in(app, users["member"])
    with app.app_context():
        ref = "p" + str(db.session.scalar(db.select(DebriefParticipant.id)))
    assert ack(moderator, "remove", {"session": session_id, "ref": ref})["ok"]
    assert not member.is_connected(NAMESPACE)
    again = sockets(member_http)
    assert ack(again, "join", {"session": session_id})["ok"] is False
    assert "gikk ut." in events(moderator, "notice")[-1]["text"]


def test_reconnect_catches_up_without_loss_or_duplicates(
    app, sockets, make_session, register, users
):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    first = ack(member, "send", {"session": session_id, "body": "én"})["id"]
    member.disconnect(namespace=NAMESPACE)
    missed = [
        ack(moderator, "send", {"session": session_id, "body": text})["id"]
        for text in ("to", "tre")
    ]
    back = sockets(logged_in(app, users["member"]))
    reply = ack(back, "join", {"session": session_id, "last_id": first})
    assert [m["id"] for m in reply["messages"]] == missed
    assert [m["html"] for m in reply["messages"]] == ["to", "tre"]
    fourth = ack(moderator, "send", {"session": session_id, "body": "fire"})["id"]
    assert [m["id"] for m in events(back, "chat")] == [fourth]


def test_reconnect_storm_leaves_the_room_working(app, sockets, make_session, register, users):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    member_http = logged_in(app, users["member"])
    for _ in range(25):
        client = sockets(member_http)
        assert ack(client, "join", {"session": session_id, "last_id": 0})["ok"]
        client.disconnect(namespace=NAMESPACE)
    assert ack(member, "send", {"session": session_id, "body": "stabilt"})["ok"]
    assert [m["html"] for m in events(moderator, "chat")] == ["stabilt"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ChatConnection.sid))) == 2


def test_flooding_is_rate_limited_per_user(app, sockets, make_session, register, users):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    app.config["CHAT_RATE_LIMIT"] = "3 per minute"
    try:
        replies = [ack(member, "send", {"session": session_id, "body": f"{i}"}) for i in range(5)]
        assert [r["ok"] for r in replies] == [True, True, True, False, False]
        assert "for mange" in replies[-1]["error"]
        assert ack(moderator, "send", {"session": session_id, "body": "ok"})["ok"]
    finally:
        app.config["CHAT_RATE_LIMIT"] = "20 per minute"


def test_closing_ends_the_room_and_refuses_new_joins(app, sockets, make_session, register, users):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    ack(member, "send", {"session": session_id, "body": "siste"})
    moderator_http = logged_in(app, users["moderator"])
    response = submit(
        moderator_http,
        f"/debrifing/{session_id}",
        {},
        action=f"/debrifing/{session_id}/avslutt",
    )
    assert response.status_code == 302
    assert events(member, "closed") == [{"session": session_id}]
    assert ack(member, "send", {"session": session_id, "body": "etterpå"})["ok"] is False
    again = sockets(logged_in(app, users["member"]))
    assert ack(again, "join", {"session": session_id})["ok"] is False


def test_logout_disconnects_the_users_sockets(app, sockets, make_session, register, users):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    member_http = logged_in(app, users["member"])
    second = sockets(member_http)
    assert second.is_connected(NAMESPACE)
    submit(member_http, "/", {}, action="/logg-ut")
    assert not second.is_connected(NAMESPACE)
    assert member.is_connected(NAMESPACE) is False
    assert moderator.is_connected(NAMESPACE)


def test_deactivation_disconnects_the_user(app, sockets, make_session, register, users):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    admin_http = logged_in(app, users["admin"])
    submit(
        admin_http,
        f"/medlemmer/{users['member'].id}",
        {},
        action=f"/medlemmer/{users['member'].id}/deaktiver",
    )
    assert not member.is_connected(NAMESPACE)


def test_room_outside_its_time_closes_by_itself(app, sockets, make_session, register, users):
    session_id = make_session(users["moderator"], starts_in=-300, length=60)
    register(session_id, users["member"])
    member = sockets(logged_in(app, users["member"]))
    assert ack(member, "join", {"session": session_id})["ok"], "open until closed or purged"
    with app.app_context():
        chatroom.purge_expired(utcnow() + timedelta(minutes=1))
        db.session.commit()
    assert ack(member, "send", {"session": session_id, "body": "hei"})["ok"] is False


def test_identifier_warns_before_sending_and_the_override_is_marked_for_moderators(
    app, sockets, make_session, register, users
):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    body = "Pasienten Kari Nordmann ringte fra 912 34 567"
    warned = ack(member, "send", {"session": session_id, "body": body})
    assert warned["ok"] is False and warned["warning"] == ["Navn", "Telefonnummer"]
    assert "navn, telefonnummer" in warned["error"] and "Moderator ser" in warned["error"]
    assert events(moderator, "chat") == [], "nothing is stored or shown before the writer decides"
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ChatMessage.id))) == 0

    # A forged «override» on a clean message marks nothing; the server scans again on send.
    clean = ack(member, "send", {"session": session_id, "body": "Tungt i dag", "override": True})
    assert clean["ok"]
    sent = ack(member, "send", {"session": session_id, "body": body, "override": True})
    assert sent["ok"]
    with app.app_context():
        flags = dict(db.session.execute(
            db.select(ChatMessage.id, ChatMessage.identifier_warning_overridden)).all())  # fmt: skip
        assert flags == {clean["id"]: False, sent["id"]: True}
    to_moderator = {m["id"]: m for m in events(moderator, "chat")}
    assert to_moderator[sent["id"]]["warning_overridden"] is True
    assert to_moderator[clean["id"]]["warning_overridden"] is False
    assert all("warning_overridden" not in m for m in events(member, "chat"))
    rejoined = ack(moderator, "join", {"session": session_id})
    assert [m["warning_overridden"] for m in rejoined["messages"]] == [False, True]


def test_the_warning_needs_access_like_any_event(app, sockets, make_session, register, users):
    session_id, _moderator, _member = room(app, sockets, make_session, register, users)
    outsider = sockets(logged_in(app, users["other"]))
    reply = ack(outsider, "send", {"session": session_id, "body": "Kari Nordmann"})
    assert reply == {"ok": False, "error": "Du har ikke tilgang til dette rommet."}


def test_a_waiting_member_is_told_live_when_their_defusing_request_is_taken(app, users, sockets):
    member = app.test_client()
    login(member, users["member"])
    submit(member, "/debrifing", {}, action="/debrifing/defusing")
    page = text(member.get("/debrifing"))
    assert 'id="defusing-waiting"' in page and "js/defusing.js" in page
    listening = sockets(member)
    events(listening, "defusing_taken")
    helper = app.test_client()
    login(helper, users["moderator"])
    submit(helper, "/debrifing", {}, action="/debrifing/vakt")
    with app.app_context():
        request_id = db.session.scalar(db.select(DefusingRequest.id))
    response = submit(helper, "/", {}, action=f"/debrifing/defusing/{request_id}/ta")
    (taken,) = events(listening, "defusing_taken")
    assert taken == {"url": urlsplit(response.location).path, "by": users["moderator"].name}

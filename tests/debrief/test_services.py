"""Debrief services without sockets: planning, registration, messages, purge, defusing."""

from datetime import date, datetime, time, timedelta

import pytest

from portal.core.dates import utcnow
from portal.debrief import chatroom, defusing, services
from portal.debrief.models import ChatMessage, DebriefParticipant, DebriefSession
from portal.extensions import db
from portal.mail import OutboxMessage
from portal.meetings import calendars
from portal.network.models import User


def attached(user) -> User:
    """The test user loaded into this context's session."""
    return db.session.get(User, user.id)


def plan(moderator, **changes) -> services.SessionPlan:
    """A Thursday 12–14 plan."""
    values = {
        "title": "Debrifing",
        "moderator": moderator,
        "start_time": time(12),
        "end_time": time(14),
    }
    return services.SessionPlan(**{**values, **changes})


def open_session(moderator, minutes_ago: int = 5) -> DebriefSession:
    """A session that started a few minutes ago."""
    now = utcnow()
    session = DebriefSession(
        title="Debrifing",
        starts_at=now - timedelta(minutes=minutes_ago),
        ends_at=now + timedelta(minutes=120 - minutes_ago),
        moderator_id=moderator.id,
        created_by_id=moderator.id,
    )
    db.session.add(session)
    db.session.flush()
    return session


def test_monthly_series_keeps_the_weekday_of_the_month():
    days = services.series_dates(date(2027, 2, 4), date(2027, 6, 20), "monthly")
    assert days == [date(2027, 2, 4), date(2027, 3, 4), date(2027, 4, 1), date(2027, 5, 6),
                    date(2027, 6, 3)]  # fmt: skip
    assert all(d.weekday() == 3 for d in days)
    second = services.series_dates(date(2027, 2, 11), date(2027, 4, 30), "monthly")
    assert second == [date(2027, 2, 11), date(2027, 3, 11), date(2027, 4, 8)]
    last = services.series_dates(date(2027, 4, 29), date(2027, 6, 30), "monthly")
    assert last == [date(2027, 4, 29), date(2027, 5, 27), date(2027, 6, 24)]
    assert len(services.series_dates(date(2027, 2, 4), date(2027, 3, 4), "biweekly")) == 3
    with pytest.raises(services.DebriefError):
        services.series_dates(date(2027, 3, 1), date(2027, 2, 1), "monthly")


def test_series_stores_utc_across_daylight_saving(ctx, users):
    moderator = attached(users["moderator"])
    sessions = services.create_series(
        moderator, plan(moderator), date(2027, 2, 4), date(2027, 6, 20), "monthly"
    )
    assert len(sessions) == 5
    assert sessions[0].starts_at == datetime(2027, 2, 4, 11, 0)
    assert sessions[2].starts_at == datetime(2027, 4, 1, 10, 0)
    assert len({s.series_uid for s in sessions}) == 1
    with pytest.raises(services.DebriefError, match="Sluttidspunktet"):
        services.create_session(moderator, plan(moderator, end_time=time(11)), date(2027, 2, 4))


def test_registration_names_and_their_rules(ctx, users, make_user):
    moderator = attached(users["moderator"])
    session = open_session(moderator)
    first = services.register(session, attached(users["member"]))
    assert first.display_name == "Deltaker 1"
    assert services.register(session, attached(users["member"])) is first
    second = services.register(session, attached(users["colleague"]), "  Ola  ")
    assert second.display_name == "Ola"
    third_user = make_user(municipality="Fauske")
    for bad, message in (("ola", "allerede"), ("Moderator Ola", "moderator"), ("x" * 41, "høyst")):
        with pytest.raises(services.DebriefError, match=message):
            services.register(session, third_user, bad)
    services.rename(first, "Kari")
    assert first.display_name == "Kari"
    services.unregister(session, attached(users["member"]))
    assert services.participant_of(session, attached(users["member"])) is None


def test_invitation_mail_carries_the_ics_and_the_feed_lists_the_session(ctx, users):
    moderator = attached(users["moderator"])
    member = attached(users["member"])
    session = services.create_session(moderator, plan(moderator), date(2027, 3, 4))
    services.register(session, member)
    services.send_invitation(session, member, "http://portal.example/debrifing/1")
    mail = db.session.scalar(db.select(OutboxMessage))
    assert mail.recipient == member.email
    assert "text/calendar" in mail.raw and "debrifing.ics" in mail.raw
    ics = services.session_calendar(session).decode()
    assert "DTSTART;TZID=Europe/Oslo:20270304T120000" in ics
    assert services.registered_events in calendars.FEED_SOURCES
    uids = [e.uid for e in calendars.personal_feed_events(member)]
    assert f"debrief-{session.id}@fagnettverk" in uids


def test_post_message_rules(ctx, app, users):
    moderator = attached(users["moderator"])
    member = attached(users["member"])
    session = open_session(moderator)
    participant = services.register(session, member)
    now = utcnow()
    with pytest.raises(services.DebriefError, match="tom"):
        chatroom.post_message(session, member, " \n ", now)
    with pytest.raises(services.DebriefError, match="for lang"):
        chatroom.post_message(session, member, "x" * (app.config["CHAT_MESSAGE_MAX"] + 1), now)
    with pytest.raises(services.DebriefError, match="ikke deltaker"):
        chatroom.post_message(session, attached(users["other"]), "hei", now)
    chatroom.set_paused(moderator, session, True)
    with pytest.raises(services.DebriefError, match="pause"):
        chatroom.post_message(session, member, "hei", now)
    assert chatroom.post_message(session, moderator, "Vi venter litt", now).author_ref.startswith(
        "m"
    )
    chatroom.set_paused(moderator, session, False)
    chatroom.mute(moderator, participant, 5, now)
    with pytest.raises(services.DebriefError, match="dempet"):
        chatroom.post_message(session, member, "hei", now)
    later = now + timedelta(minutes=6)
    message = chatroom.post_message(session, member, "hei igjen", later)
    assert (message.author_label, message.author_ref) == ("Deltaker 1", f"p{participant.id}")
    assert [m.id for m in chatroom.history(session, 0)][-1] == message.id
    assert chatroom.history(session, message.id) == []


def test_waiting_room_refuses_until_opened(ctx, users):
    moderator = attached(users["moderator"])
    session = open_session(moderator, minutes_ago=-30)
    services.register(session, attached(users["member"]))
    with pytest.raises(services.DebriefError, match="ikke åpent"):
        chatroom.post_message(session, attached(users["member"]), "hei", utcnow())
    chatroom.open_room(moderator, session, utcnow())
    assert chatroom.post_message(session, attached(users["member"]), "hei", utcnow()).id


def test_close_deletes_the_chat_at_once_and_keeps_the_summary(ctx, app, users):
    moderator = attached(users["moderator"])
    session = open_session(moderator)
    services.register(session, attached(users["member"]))
    chatroom.post_message(session, attached(users["member"]), "vanskelig dag", utcnow())
    other = open_session(moderator)
    chatroom.post_message(other, moderator, "en annen økt", utcnow())
    now = utcnow()
    assert chatroom.close_room(moderator, session, now) == 1
    assert session.purged_at == now
    assert db.session.scalars(db.select(ChatMessage.session_id)).all() == [other.id]
    chatroom.save_summary(moderator, session, "Tiltak: felles gjennomgang av alenearbeid.")
    assert chatroom.purge_expired(now) == 0
    assert session.summary.startswith("Tiltak")


def test_overdue_rooms_close_and_purge_by_themselves(ctx, app, users):
    moderator = attached(users["moderator"])
    session = open_session(moderator, minutes_ago=300)
    services.register(session, attached(users["member"]))
    chatroom.post_message(session, attached(users["member"]), "hei", utcnow())
    assert chatroom.purge_expired(utcnow()) == 1
    assert session.closed_at == session.ends_at


def test_defusing_request_take_and_private_room(ctx, users):
    member = attached(users["member"])
    helper = attached(users["colleague"])
    request = defusing.request_defusing(member, utcnow())
    assert defusing.request_defusing(member, utcnow()) is request, "no duplicate requests"
    assert defusing.waiting_requests() == [request]
    defusing.set_on_duty(helper, True)
    assert defusing.is_on_duty(helper)
    room = defusing.take_request(helper, request, utcnow())
    assert room.is_defusing and room.moderator_id == helper.id
    assert room.room_state(utcnow()) == "open"
    assert [p.user_id for p in room.participants] == [member.id]
    assert room.participants[0].display_name == member.name.split()[0]
    with pytest.raises(services.DebriefError, match="allerede"):
        defusing.take_request(attached(users["moderator"]), request, utcnow())
    assert defusing.waiting_requests() == []
    chatroom.close_room(helper, room, utcnow())
    assert defusing.open_request_of(member) is None


def test_withdrawn_request_cannot_be_taken(ctx, users):
    member = attached(users["member"])
    request = defusing.request_defusing(member, utcnow())
    defusing.withdraw_request(member, request, utcnow())
    with pytest.raises(services.DebriefError):
        defusing.take_request(attached(users["moderator"]), request, utcnow())


def test_next_registered_session_is_the_soonest_one_the_user_still_attends(
    app, make_session, register, users
):
    later = make_session(users["moderator"], starts_in=60 * 24 * 7)
    sooner = make_session(users["moderator"], starts_in=60 * 24)
    make_session(users["moderator"], starts_in=60)  # not registered
    register(later, users["member"])
    removed = register(sooner, users["member"])
    with app.app_context():
        member = db.session.get(User, users["member"].id)
        assert services.next_registered_session(member, utcnow()).id == sooner
        db.session.get(DebriefParticipant, removed).removed_at = utcnow()
        db.session.commit()
        assert services.next_registered_session(member, utcnow()).id == later

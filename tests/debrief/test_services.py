"""Debrief services without sockets: planning, registration, messages, purge, defusing."""

from datetime import date, datetime, time, timedelta

import pytest

from portal.dates import utcnow
from portal.extensions import db
from portal.mail import OutboxMessage
from portal.meetings import debrief_services as services
from portal.meetings import services as meeting_services
from portal.meetings.debrief_models import ChatMessage, DebriefParticipant, DebriefSession
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
    assert services.registered_events in meeting_services.FEED_SOURCES
    uids = [e.uid for e in meeting_services.personal_feed_events(member)]
    assert f"debrief-{session.id}@fagnettverk" in uids


def test_message_html_escapes_everything_and_links_only_http():
    html = services.message_html('<img src=x onerror=alert(1)> https://a.no/x?y=1&z=2 "q"\nny')
    assert "<img" not in html and "&lt;img" in html
    assert '<a href="https://a.no/x?y=1&amp;z=2" rel="noopener noreferrer nofollow">' in html
    assert "<br>" in html
    assert "<a" not in services.message_html("javascript:alert(1) data:text/html,x")
    assert services.message_html("slutt: https://a.no.").endswith("</a>.")


def test_post_message_rules(ctx, app, users):
    moderator = attached(users["moderator"])
    member = attached(users["member"])
    session = open_session(moderator)
    participant = services.register(session, member)
    now = utcnow()
    with pytest.raises(services.DebriefError, match="tom"):
        services.post_message(session, member, " \n ", now)
    with pytest.raises(services.DebriefError, match="for lang"):
        services.post_message(session, member, "x" * (app.config["CHAT_MESSAGE_MAX"] + 1), now)
    with pytest.raises(services.DebriefError, match="ikke deltaker"):
        services.post_message(session, attached(users["other"]), "hei", now)
    services.set_paused(moderator, session, True)
    with pytest.raises(services.DebriefError, match="pause"):
        services.post_message(session, member, "hei", now)
    assert services.post_message(session, moderator, "Vi venter litt", now).author_ref.startswith(
        "m"
    )
    services.set_paused(moderator, session, False)
    services.mute(moderator, participant, 5, now)
    with pytest.raises(services.DebriefError, match="dempet"):
        services.post_message(session, member, "hei", now)
    later = now + timedelta(minutes=6)
    message = services.post_message(session, member, "hei igjen", later)
    assert (message.author_label, message.author_ref) == ("Deltaker 1", f"p{participant.id}")
    assert [m.id for m in services.history(session, 0)][-1] == message.id
    assert services.history(session, message.id) == []


def test_waiting_room_refuses_until_opened(ctx, users):
    moderator = attached(users["moderator"])
    session = open_session(moderator, minutes_ago=-30)
    services.register(session, attached(users["member"]))
    with pytest.raises(services.DebriefError, match="ikke åpent"):
        services.post_message(session, attached(users["member"]), "hei", utcnow())
    services.open_room(moderator, session, utcnow())
    assert services.post_message(session, attached(users["member"]), "hei", utcnow()).id


def test_close_purges_after_the_grace_period_and_keeps_the_summary(ctx, app, users):
    moderator = attached(users["moderator"])
    session = open_session(moderator)
    services.register(session, attached(users["member"]))
    services.post_message(session, attached(users["member"]), "vanskelig dag", utcnow())
    now = utcnow()
    assert services.close_room(moderator, session, now) == 0, "kept during the grace period"
    services.save_summary(moderator, session, "Tiltak: felles gjennomgang av alenearbeid.")
    grace = timedelta(minutes=app.config["CHAT_RETENTION_MINUTES"])
    assert services.purge_expired(now + grace) == 1
    assert db.session.scalar(db.select(db.func.count(ChatMessage.id))) == 0
    assert session.purged_at is not None
    assert session.summary.startswith("Tiltak")


def test_overdue_rooms_close_and_purge_by_themselves(ctx, app, users):
    moderator = attached(users["moderator"])
    session = open_session(moderator, minutes_ago=300)
    services.register(session, attached(users["member"]))
    services.post_message(session, attached(users["member"]), "hei", utcnow())
    assert services.purge_expired(utcnow()) == 1
    assert session.closed_at == session.ends_at


def test_defusing_request_take_and_private_room(ctx, users):
    member = attached(users["member"])
    helper = attached(users["colleague"])
    request = services.request_defusing(member, utcnow())
    assert services.request_defusing(member, utcnow()) is request, "no duplicate requests"
    assert services.waiting_requests() == [request]
    services.set_on_duty(helper, True)
    assert services.is_on_duty(helper)
    room = services.take_request(helper, request, utcnow())
    assert room.is_defusing and room.moderator_id == helper.id
    assert room.room_state(utcnow()) == "open"
    assert [p.user_id for p in room.participants] == [member.id]
    assert room.participants[0].display_name == member.name.split()[0]
    with pytest.raises(services.DebriefError, match="allerede"):
        services.take_request(attached(users["moderator"]), request, utcnow())
    assert services.waiting_requests() == []
    services.close_room(helper, room, utcnow())
    assert services.open_request_of(member) is None


def test_withdrawn_request_cannot_be_taken(ctx, users):
    member = attached(users["member"])
    request = services.request_defusing(member, utcnow())
    services.withdraw_request(member, request, utcnow())
    with pytest.raises(services.DebriefError):
        services.take_request(attached(users["moderator"]), request, utcnow())


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

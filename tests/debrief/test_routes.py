"""Debrief pages: planning, registration with .ics, the room page, closing, defusing."""

from email import message_from_string, policy

from dateutil.relativedelta import relativedelta

from portal.core.dates import utcnow
from portal.debrief import chatroom
from portal.debrief.models import ChatMessage, DebriefSession, DefusingRequest
from portal.extensions import db
from portal.mail import OutboxMessage
from portal.network.models import User
from tests.helpers import first_thursday, login, submit, text

FIRST = first_thursday(2)  # the first Thursday two months ahead


def test_menu_and_list(client, users, make_session):
    make_session(users["moderator"], starts_in=60 * 24)
    login(client, users["member"])
    page = text(client.get("/debrifing"))
    assert 'href="/debrifing"' in page and ">Debrifing</a>" in page
    assert "Kommende økter" in page and users["moderator"].name in page
    assert "Planlegg økt eller serie" not in page
    assert client.get("/debrifing/ny").status_code == 403


def test_moderator_plans_a_monthly_series(client, app, users):
    login(client, users["moderator"])
    response = submit(
        client,
        "/debrifing/ny",
        {
            "title": "Debrifing",
            "repeat": "monthly",
            "first_date": FIRST.isoformat(),
            "until": (FIRST + relativedelta(months=4, day=20)).isoformat(),  # five Thursdays
            "start_time": "12:00",
            "end_time": "14:00",
            "moderator": str(users["moderator"].id),
            "procedure": "1. Rammer\n2. Fakta",
            "procedure_link": "/rutiner/1",
            "video_url": "",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        sessions = db.session.scalars(
            db.select(DebriefSession).order_by(DebriefSession.starts_at)
        ).all()
        assert len(sessions) == 5
        assert {s.series_uid for s in sessions} != {None}
        first_id = sessions[0].id
    page = text(client.get(f"/debrifing/{first_id}"))
    assert "<li>Fakta</li>" in page and "Les rutinen for debrifing" in page


def test_planning_errors_keep_what_was_typed(client, app, users):
    login(client, users["moderator"])
    response = submit(
        client,
        "/debrifing/ny",
        {
            "title": "Min økt",
            "repeat": "monthly",
            "first_date": FIRST.isoformat(),
            "until": "",
            "start_time": "14:00",
            "end_time": "12:00",
            "moderator": str(users["moderator"].id),
            "procedure": "Min prosedyre",
            "video_url": "javascript:alert(1)",
        },
    )
    page = text(response)
    assert response.status_code == 200
    assert "Velg siste dato for serien." in page
    assert "Skriv en gyldig adresse" in page
    assert "Min prosedyre" in page and 'value="Min økt"' in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(DebriefSession.id))) == 0


def test_member_registers_gets_ics_mail_and_download(client, app, users, make_session):
    session_id = make_session(users["moderator"], starts_in=60 * 24)
    login(client, users["member"])
    response = submit(
        client, f"/debrifing/{session_id}", {"display_name": "Kari"},
        action=f"/debrifing/{session_id}/pamelding",
    )  # fmt: skip
    assert response.status_code == 302
    page = text(client.get(f"/debrifing/{session_id}"))
    assert "Du er påmeldt" in page and "«Kari»" in page
    with app.app_context():
        mail = db.session.scalar(db.select(OutboxMessage))
        assert mail.recipient == users["member"].email
        parts = message_from_string(mail.raw, policy=policy.default).iter_attachments()
        attachment = next(p for p in parts if p.get_content_type() == "text/calendar")
        assert b"BEGIN:VCALENDAR" in attachment.get_payload(decode=True)
    ics = client.get(f"/debrifing/{session_id}/kalender.ics")
    assert ics.mimetype == "text/calendar" and b"BEGIN:VEVENT" in ics.data


def test_duplicate_display_name_is_refused_clearly(client, users, make_session, register):
    session_id = make_session(users["moderator"], starts_in=60)
    register(session_id, users["colleague"], "Kari")
    login(client, users["member"])
    submit(
        client, f"/debrifing/{session_id}", {"display_name": "kari"},
        action=f"/debrifing/{session_id}/pamelding",
    )  # fmt: skip
    page = text(client.get(f"/debrifing/{session_id}"))
    assert "Noen andre bruker allerede dette visningsnavnet" in page
    assert "Meld meg på" in page


def test_room_page_by_state(client, users, make_session, register):
    later = make_session(users["moderator"], starts_in=60)
    now = make_session(users["moderator"])
    register(later, users["member"])
    register(now, users["member"])
    login(client, users["member"])
    assert "Rommet åpner" in text(client.get(f"/debrifing/{later}/rom"))
    page = text(client.get(f"/debrifing/{now}/rom"))
    assert 'id="chat"' in page and "Samtalen slettes i det moderator avslutter økten." in page
    assert "avsluttes det og samtalen slettes 30 minutter etter planlagt slutt" in page
    assert "/vendor/socket.io/socket.io.min.js" in page and "js/chat.js" in page
    client.get("/logg-inn")
    other = make_session(users["moderator"])
    assert "må være påmeldt" in text(client.get(f"/debrifing/{other}/rom"))


def test_moderator_opens_early_and_closes(client, app, users, make_session, register):
    session_id = make_session(users["moderator"], starts_in=60)
    register(session_id, users["member"])
    login(client, users["moderator"])
    submit(client, f"/debrifing/{session_id}", {}, action=f"/debrifing/{session_id}/apne")
    with app.app_context():
        session = db.session.get(DebriefSession, session_id)
        assert session.room_state(utcnow()) == "open"
        chatroom.post_message(session, db.session.get(User, users["member"].id), "hei", utcnow())
        db.session.commit()
    submit(client, f"/debrifing/{session_id}", {}, action=f"/debrifing/{session_id}/avslutt")
    with app.app_context():  # the button says «slett samtalen»: the messages are gone now
        assert db.session.scalar(db.select(db.func.count(ChatMessage.id))) == 0
        assert db.session.get(DebriefSession, session_id).purged_at is not None
    submit(
        client, f"/debrifing/{session_id}", {"summary": "Oppfølging: ny rutine for alenearbeid."},
        action=f"/debrifing/{session_id}/oppsummering",
    )  # fmt: skip
    page = text(client.get(f"/debrifing/{session_id}"))
    assert "Oppfølging: ny rutine for alenearbeid." in page and "Avsluttet" in page


def test_member_cannot_moderate(client, users, make_session, register):
    session_id = make_session(users["moderator"])
    register(session_id, users["member"])
    login(client, users["member"])
    for action in ("apne", "avslutt", "oppsummering"):
        response = submit(
            client, f"/debrifing/{session_id}", {}, action=f"/debrifing/{session_id}/{action}"
        )
        assert response.status_code == 403


def test_purge_command_deletes_old_chat_and_keeps_summary(app, users, make_session, register):
    session_id = make_session(users["moderator"], starts_in=-200, length=60)
    register(session_id, users["member"])
    with app.app_context():
        session = db.session.get(DebriefSession, session_id)
        session.opened_at = session.starts_at
        db.session.add(
            ChatMessage(session_id=session_id, author_id=users["member"].id, author_ref="p1",
                        author_label="Deltaker 1", body="hei", created_at=session.starts_at)
        )  # fmt: skip
        session.summary = "Kort notat"
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["debrief", "purge-chat"])
    assert result.exit_code == 0 and "Slettet 1 chatmeldinger." in result.output
    with app.app_context():
        session = db.session.get(DebriefSession, session_id)
        assert session.closed_at is not None and session.summary == "Kort notat"
        assert db.session.scalar(db.select(db.func.count(ChatMessage.id))) == 0


def test_defusing_request_duty_panel_and_private_room(app, users):
    member = app.test_client()
    login(member, users["member"])
    submit(member, "/debrifing", {}, action="/debrifing/defusing")
    assert "Forespørselen din er sendt" in text(member.get("/debrifing"))

    helper = app.test_client()
    login(helper, users["moderator"])
    assert "venter på en defusing-samtale" not in text(helper.get("/"))
    submit(helper, "/debrifing", {}, action="/debrifing/vakt")
    dashboard = text(helper.get("/"))
    assert (
        "1 person venter på en defusing-samtale." in dashboard and users["member"].name in dashboard
    )
    with app.app_context():
        request_id = db.session.scalar(db.select(DefusingRequest.id))
    response = submit(helper, "/", {}, action=f"/debrifing/defusing/{request_id}/ta")
    assert response.status_code == 302 and "/rom" in response.location
    room_url = response.location
    assert 'id="chat"' in text(member.get(room_url))
    assert "Gå til samtalen" in text(member.get("/"))

    outsider = app.test_client()
    login(outsider, users["colleague"])
    assert outsider.get(room_url).status_code == 403
    again = submit(helper, "/", {}, action=f"/debrifing/defusing/{request_id}/ta")
    assert again.status_code == 403


def test_unknown_session_is_404(client, users):
    login(client, users["member"])
    assert client.get("/debrifing/999999").status_code == 404
    assert client.get("/debrifing/999999/rom").status_code == 404


def test_anonymous_is_sent_to_login(client, users, make_session):
    session_id = make_session(users["moderator"], starts_in=60 * 24 * 3)
    response = client.get(f"/debrifing/{session_id}")
    assert response.status_code == 302 and "/logg-inn" in response.location

"""Logging in and out, rate limits, CSRF, deactivation: through the real pages."""

from sqlalchemy import select

from portal.audit import AuditEvent
from portal.extensions import db
from portal.network.demo import DEMO_PASSWORD
from tests.helpers import csrf_token, login, submit, text


def test_login_with_correct_password_reaches_dashboard(client, users):
    response = login(client, users["member"])
    assert response.status_code == 302
    assert response.location == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert "Hei, Kari Bodø" in text(page)


def test_login_is_case_insensitive_for_email(client, users):
    response = login(client, users["member"].email.upper())
    assert response.status_code == 302


def test_wrong_password_shows_norwegian_error_and_keeps_email(client, users):
    response = login(client, users["member"], password="feil-passord-her")
    body = text(response)
    assert response.status_code == 200
    assert "Feil e-postadresse eller passord" in body
    assert f'value="{users["member"].email}"' in body
    assert "feil-passord-her" not in body


def test_unknown_email_gets_the_same_answer(client, users):
    response = login(client, "ingen@test.example", password="noe-langt-passord")
    assert "Feil e-postadresse eller passord" in text(response)
    assert 'value="ingen@test.example"' in text(response)


def test_empty_form_names_the_missing_fields(client, users):
    response = submit(client, "/logg-inn", {"email": "", "password": ""})
    assert text(response).count("Fyll ut feltet.") >= 2


def test_login_attempts_are_audited_without_secrets(app, client, users):
    login(client, users["member"], password="galt-passord-123")
    login(client, users["member"])
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["login.failed", "login.succeeded"]
    assert events[0].detail == "bad_password" and events[0].actor_id is None
    assert events[1].actor_id == users["member"].id
    for event in events:
        assert "galt-passord" not in (event.detail or "")


def test_login_is_rate_limited_with_norwegian_message(client, users):
    for _ in range(5):
        assert login(client, users["member"], password="feil-passord-x").status_code == 200
    response = login(client, users["member"], password="feil-passord-x")
    assert response.status_code == 429
    assert "For mange forsøk" in text(response)


def test_post_without_csrf_token_is_rejected(client, users):
    response = client.post(
        "/logg-inn", data={"email": users["member"].email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 400
    assert "Skjemaet er utløpt" in text(response)


def test_login_starts_a_new_session(client, users):
    token_before = csrf_token(client)
    with client.session_transaction() as session:
        session["planted"] = "fra angriper"
    login(client, users["member"])
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("sid")
    assert csrf_token(client, "/") != token_before


def test_logout_kills_the_session_server_side(client, app, users):
    login(client, users["member"])
    with client.session_transaction() as session:
        stolen = dict(session)
    response = submit(client, "/", {}, action="/logg-ut")
    assert response.status_code == 302
    thief = app.test_client()
    with thief.session_transaction() as session:
        session.update(stolen)
    assert thief.get("/").status_code == 302


def test_deactivated_member_is_logged_out_everywhere(app, users):
    laptop, phone, admin = app.test_client(), app.test_client(), app.test_client()
    login(laptop, users["member"])
    login(phone, users["member"])
    assert laptop.get("/").status_code == 200
    login(admin, users["admin"])
    page = f"/medlemmer/{users['member'].id}"
    response = submit(admin, page, {}, action=f"{page}/deaktiver")
    assert response.status_code == 302
    assert laptop.get("/").status_code == 302
    assert phone.get("/").status_code == 302
    assert "Feil e-postadresse eller passord" in text(login(app.test_client(), users["member"]))


def test_reactivated_member_can_log_in_again(client, app, users):
    admin = app.test_client()
    login(admin, users["admin"])
    page = f"/medlemmer/{users['member'].id}"
    submit(admin, page, {}, action=f"{page}/deaktiver")
    submit(admin, page, {}, action=f"{page}/aktiver")
    assert login(client, users["member"]).status_code == 302


def test_next_parameter_only_redirects_within_the_site(client, users):
    token = csrf_token(client)
    data = {"email": users["member"].email, "password": DEMO_PASSWORD, "csrf_token": token}
    response = client.post("/logg-inn?next=https://evil.example/", data=data)
    assert response.location == "/"
    client.post("/logg-ut", data={"csrf_token": csrf_token(client, "/")})
    data["csrf_token"] = csrf_token(client)
    response = client.post("/logg-inn?next=/nettverket", data=data)
    assert response.location == "/nettverket"


def test_role_change_takes_effect_and_ends_sessions(app, users):
    member_client, admin = app.test_client(), app.test_client()
    login(member_client, users["member"])
    login(admin, users["admin"])
    page = f"/medlemmer/{users['member'].id}"
    response = submit(admin, page, {"role": "moderator"}, action=f"{page}/rolle")
    assert response.status_code == 302
    assert member_client.get("/").status_code == 302
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "member.role_changed")
        )
        assert event.detail == "member->moderator"


def test_member_cannot_deactivate_anyone(client, users):
    login(client, users["member"])
    page = f"/medlemmer/{users['colleague'].id}"
    assert submit(client, page, {}, action=f"{page}/deaktiver").status_code == 403

"""Two-factor login, password rules and resets, sessions that really end, the audit page."""

import csv
import io
import json
import re
from datetime import timedelta

import pyotp
import pytest
from freezegun import freeze_time
from sqlalchemy import select

from portal.audit import AuditEvent
from portal.extensions import db
from portal.mail import OutboxMessage
from portal.network.models import User
from portal.network.passwords import password_problem
from tests.helpers import login, submit, text, totp_step_now

STRONG = "tre blå hester leser avis"
KEY = re.compile(r'id="totp-nokkel">([A-Z2-7 ]+)<')
CODES = re.compile(r"<code>([0-9a-f]{6}-[0-9a-f]{6})</code>")


def enrol(client) -> tuple[pyotp.TOTP, list[str]]:
    """Set up 2FA through the pages; return the app's TOTP and the recovery codes."""
    page = text(client.get("/konto/tofaktor"))
    totp = pyotp.TOTP(KEY.search(page).group(1).replace(" ", ""))
    response = submit(
        client, "/konto/tofaktor", {"code": totp.now(), "current_password": "Salten-demo-2026"}
    )
    assert "Gjenopprettingskodene dine" in text(response)
    return totp, CODES.findall(text(response))


def second_step(client, code):
    """Post a code on the second login step."""
    return submit(client, "/logg-inn/kode", {"code": code})


@pytest.fixture
def frozen():
    """Freeze the clock at a whole TOTP step."""
    with freeze_time(totp_step_now()) as clock:
        yield clock


def test_enrol_and_log_in_with_totp(app, client, users, frozen):
    login(client, users["member"])
    totp, codes = enrol(client)
    assert len(codes) == 10
    submit(client, "/", {}, action="/logg-ut")

    response = login(client, users["member"])
    assert response.location == "/logg-inn/kode"
    assert client.get("/").status_code == 302  # not logged in before the second step
    frozen.tick(timedelta(seconds=30))
    assert second_step(client, totp.now()).location == "/"
    assert "Hei, Kari Bodø" in text(client.get("/"))


def test_totp_code_is_accepted_only_once(app, client, users, frozen):
    login(client, users["member"])
    totp, _codes = enrol(client)
    submit(client, "/", {}, action="/logg-ut")
    frozen.tick(timedelta(seconds=30))
    code = totp.now()
    login(client, users["member"])
    assert second_step(client, code).location == "/"
    submit(client, "/", {}, action="/logg-ut")
    thief = app.test_client()
    login(thief, users["member"])
    replay = second_step(thief, code)
    assert replay.status_code == 200
    assert "brukt før" in text(replay)


def test_recovery_code_works_once(app, client, users, frozen):
    login(client, users["member"])
    _totp, codes = enrol(client)
    submit(client, "/", {}, action="/logg-ut")
    login(client, users["member"])
    response = second_step(client, codes[0].upper())
    assert response.location == "/"
    assert "Du har 9 igjen" in text(client.get("/"))
    other = app.test_client()
    login(other, users["member"])
    assert second_step(other, codes[0]).status_code == 200


def test_wrong_codes_are_rate_limited_and_logged(app, client, users, frozen):
    login(client, users["member"])
    enrol(client)
    submit(client, "/", {}, action="/logg-ut")
    login(client, users["member"])
    for _ in range(5):
        assert second_step(client, "000000").status_code == 200
    assert second_step(client, "000000").status_code == 429
    with app.app_context():
        failures = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "2fa.failed")
        ).all()
        assert len(failures) == 5


def test_enrolment_with_wrong_code_or_password_is_refused(client, users, frozen):
    login(client, users["member"])
    client.get("/konto/tofaktor")
    body = text(
        submit(
            client, "/konto/tofaktor", {"code": "123456", "current_password": "Salten-demo-2026"}
        )
    )
    assert "Koden stemmer ikke" in body
    body = text(submit(client, "/konto/tofaktor", {"code": "123456", "current_password": "feil"}))
    assert "Passordet stemmer ikke." in body


def test_role_that_requires_2fa_is_sent_to_enrolment(app, client, users):
    app.config["TWO_FACTOR_ENFORCED"] = True
    try:
        login(client, users["moderator"])
        response = client.get("/nettverket")
        assert response.status_code == 302 and response.location == "/konto/tofaktor"
        member = app.test_client()
        login(member, users["member"])
        assert member.get("/nettverket").status_code == 200
    finally:
        app.config["TWO_FACTOR_ENFORCED"] = False


def test_network_setting_requires_2fa_for_everyone(app, users):
    app.config["TWO_FACTOR_ENFORCED"] = True
    try:
        admin, member = app.test_client(), app.test_client()
        with freeze_time(totp_step_now()):
            login(admin, users["admin"])
            enrol(admin)
            submit(admin, "/admin/innstillinger", {"require_two_factor": "y"})
        login(member, users["member"])
        assert member.get("/nettverket").location == "/konto/tofaktor"
    finally:
        app.config["TWO_FACTOR_ENFORCED"] = False


def test_forgot_password_never_reveals_whether_an_address_exists(app, client, users):
    known = text(submit(client, "/glemt-passord", {"email": users["member"].email}))
    unknown = text(submit(client, "/glemt-passord", {"email": "ingen@test.example"}))
    strip = re.compile(r'<meta name="csrf-token"[^>]*>')
    assert strip.sub("", known) == strip.sub("", unknown)
    with app.app_context():
        mails = db.session.scalars(select(OutboxMessage)).all()
        assert [m.recipient for m in mails] == [users["member"].email]


def reset_link(app) -> str:
    """The reset path from the latest e-mail in the outbox."""
    with app.app_context():
        body = (
            db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first().body
        )
    return re.search(r"http://localhost(/nytt-passord/[\w-]+)", body).group(1)


def test_password_reset_link_is_single_use_and_keeps_2fa(app, client, users, frozen):
    login(client, users["member"])
    totp, _ = enrol(client)
    submit(client, "/", {}, action="/logg-ut")
    submit(client, "/glemt-passord", {"email": users["member"].email})
    path = reset_link(app)
    response = submit(client, path, {"password": STRONG, "password_repeat": STRONG})
    assert response.location == "/logg-inn"
    assert client.get(path).status_code == 410
    assert login(client, users["member"], STRONG).location == "/logg-inn/kode"


def test_expired_reset_link_is_refused(app, client, users):
    with freeze_time(totp_step_now()) as clock:
        submit(client, "/glemt-passord", {"email": users["member"].email})
        path = reset_link(app)
        clock.tick(timedelta(minutes=61))
        assert client.get(path).status_code == 410


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort", "minst 12 tegn"),
        ("x" * 129, "høyst 128 tegn"),
        ("kari@bodo.example", "e-postadressen"),
        ("passord12345", "for lett å gjette"),
        ("qwertyuiop123", "for lett å gjette"),
        ("fagnettverket2026", "for lett å gjette"),
    ],
)
def test_password_rules(password, message):
    assert message in password_problem(password, "kari@bodo.example", "Kari Johansen")


def test_good_password_passes():
    assert password_problem(STRONG, "kari@bodo.example", "Kari Johansen") is None


def test_change_password_needs_current_and_ends_other_sessions(app, users):
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, users["member"])
    login(phone, users["member"])
    page = "/konto/passord"
    wrong = submit(
        laptop, page, {"current_password": "feil", "password": STRONG, "password_repeat": STRONG}
    )
    assert "Passordet stemmer ikke." in text(wrong)
    weak = submit(laptop, page, {"current_password": "Salten-demo-2026", "password": "passord12345",
                                 "password_repeat": "passord12345"})  # fmt: skip
    assert "for lett å gjette" in text(weak)
    ok = submit(
        laptop,
        page,
        {"current_password": "Salten-demo-2026", "password": STRONG, "password_repeat": STRONG},
    )
    assert ok.location == "/konto"
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 302
    assert login(app.test_client(), users["member"], STRONG).status_code == 302


def test_change_email_needs_password(app, client, users):
    login(client, users["member"])
    refused = submit(client, "/konto/epost", {"email": "ny@bodo.example", "current_password": "x"})
    assert "Passordet stemmer ikke." in text(refused)
    taken = submit(
        client,
        "/konto/epost",
        {"email": users["other"].email, "current_password": "Salten-demo-2026"},
    )
    assert "finnes allerede" in text(taken)
    done = submit(
        client, "/konto/epost", {"email": "ny@bodo.example", "current_password": "Salten-demo-2026"}
    )
    assert done.location == "/konto"
    with app.app_context():
        assert db.session.get(User, users["member"].id).email == "ny@bodo.example"


def test_my_sessions_lists_and_ends_other_sessions(app, users):
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, users["member"])
    login(phone, users["member"])
    page = text(laptop.get("/konto/okter"))
    assert "Denne økten" in page
    ids = re.findall(r"/konto/okter/(\d+)/avslutt", page)
    assert len(ids) == 1
    submit(laptop, "/konto/okter", {}, action=f"/konto/okter/{ids[0]}/avslutt")
    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 200


def test_admin_ends_all_sessions_of_a_member(app, users):
    member, admin = app.test_client(), app.test_client()
    login(member, users["member"])
    login(admin, users["admin"])
    page = f"/medlemmer/{users['member'].id}"
    submit(admin, page, {}, action=f"{page}/avslutt-okter")
    assert member.get("/").status_code == 302


def test_idle_and_absolute_timeouts(app, users):
    client = app.test_client()
    with freeze_time(totp_step_now()) as clock:
        login(client, users["member"])
        clock.tick(timedelta(minutes=29))
        assert client.get("/").status_code == 200
        clock.tick(timedelta(minutes=31))
        assert client.get("/").status_code == 302
        login(client, users["member"])
        for _ in range(12 * 3):
            clock.tick(timedelta(minutes=20))
            assert client.get("/").status_code == 200
        clock.tick(timedelta(minutes=20))
        assert client.get("/").status_code == 302


def test_audit_page_filters_and_exports_csv(app, client, users):
    login(app.test_client(), users["member"], "feil-passord-her")
    login(client, users["admin"])
    filtered = text(client.get(f"/admin/logg?user={users['admin'].id}&action=login"))
    assert "login.succeeded" in filtered and "login.failed" not in filtered
    export = client.get("/admin/logg.csv?action=login")
    assert export.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    assert {row["hendelse"] for row in rows} == {"login.failed", "login.succeeded"}
    assert "audit.exported" in text(client.get("/admin/logg"))


def test_audit_filter_with_end_before_start_says_so_and_keeps_the_dates(client, users):
    login(client, users["admin"])
    page = text(client.get("/admin/logg?date_from=2026-03-10&date_to=2026-03-01&action=login"))
    assert "Til-datoen kan ikke være før fra-datoen." in page
    assert 'value="2026-03-10"' in page and 'value="2026-03-01"' in page
    assert "login.succeeded" in page  # the other filters still apply; the dates do not


def test_denied_access_is_audited(app, client, users):
    login(client, users["member"])
    assert client.get("/admin/logg").status_code == 403
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "access.denied"))
        assert event.actor_id == users["member"].id and event.detail == "network.audit_log"


def test_personal_data_export(client, users):
    login(client, users["member"])
    response = client.get("/konto/mine-data.json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.get_data(as_text=True))
    assert data["profil"]["e_post"] == users["member"].email
    assert data["profil"]["kommune"] == "Bodø"
    assert "password_hash" not in response.get_data(as_text=True)
    assert "Salten-demo-2026" not in response.get_data(as_text=True)


def test_qr_code_is_svg_for_pending_secret_only(client, users, frozen):
    login(client, users["member"])
    client.get("/konto/tofaktor")
    qr = client.get("/konto/tofaktor/qr.svg")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    enrol(client)
    assert client.get("/konto/tofaktor/qr.svg").status_code == 404

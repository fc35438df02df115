"""The front door: links from PUBLIC_URL, trusted hosts, proxy hops, resets and login limits."""

import csv
import io
import re
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from portal import create_app
from portal.config import Config
from portal.extensions import db, limiter
from portal.links import MissingPublicUrl, public_url
from portal.mail import OutboxMessage
from portal.network import services
from portal.network.models import Role
from tests.conftest import SuiteConfig
from tests.helpers import CSRF_META, csrf_token, login, submit, text

EVIL = "http://evil.example"
STRONG = "tre blå hester leser avis"
NEWER = "fire grønne bananer synger opera"


def submit_as_host(client, base_url: str, page: str, data: dict, action: str | None = None):
    """GET ``page`` and POST ``data`` with the request's Host header set to ``base_url``'s."""
    page_text = text(client.get(page, base_url=base_url))
    token = CSRF_META.search(page_text).group(1)
    return client.post(action or page, data={**data, "csrf_token": token}, base_url=base_url)


def outbox_bodies(app) -> list[str]:
    """Every e-mail body in the outbox, oldest first."""
    with app.app_context():
        return [
            m.body for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        ]


def reset_paths(app) -> list[str]:
    """The reset paths of every mail in the outbox, oldest first."""
    return [
        re.search(r"http://localhost(/nytt-passord/[\w-]+)", b).group(1) for b in outbox_bodies(app)
    ]


# --- 1. Links come from PUBLIC_URL ------------------------------------------------------------


def test_reset_mail_link_ignores_a_forged_host_header(app, client, users):
    response = submit_as_host(client, EVIL, "/glemt-passord", {"email": users["member"].email})
    assert response.status_code == 200
    [body] = outbox_bodies(app)
    assert "evil.example" not in body
    assert re.search(r"http://localhost/nytt-passord/[\w-]+", body)


def test_invitation_link_ignores_a_forged_host_header(app, client, users, place):
    credentials = {"email": users["admin"].email, "password": "Salten-demo-2026"}
    assert submit_as_host(client, EVIL, "/logg-inn", credentials).status_code == 302
    data = {"email": "ny@steigen.example", "name": "Nina Ny", "role": "member",
            "municipality": place("Steigen")}  # fmt: skip
    response = submit_as_host(client, EVIL, "/admin/invitasjoner", data)
    assert "http://localhost/invitasjon/" in text(response)
    assert "evil.example" not in text(response)
    [body] = outbox_bodies(app)
    assert "http://localhost/invitasjon/" in body and "evil.example" not in body


def test_calendar_feed_address_ignores_a_forged_host_header(client, users):
    credentials = {"email": users["member"].email, "password": "Salten-demo-2026"}
    assert submit_as_host(client, EVIL, "/logg-inn", credentials).status_code == 302
    response = submit_as_host(
        client, EVIL, "/samlinger/kalender", {}, action="/samlinger/kalender/ny"
    )
    url = re.search(r'id="kalenderadresse">([^<]+)<', text(response)).group(1)
    assert url.startswith("http://localhost/")


class ProductionConfig(SuiteConfig):
    """Production settings on the suite database."""

    DEVELOPMENT = False
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-fagnettverk"
    PUBLIC_URL = "https://fagnettverk.example.no"
    TRUSTED_HOSTS = ["intern.example.no"]


def test_production_answers_only_its_own_hosts(app):
    production = create_app(ProductionConfig)
    client = production.test_client()
    assert client.get("/logg-inn", base_url="https://fagnettverk.example.no").status_code == 200
    assert client.get("/logg-inn", base_url="https://intern.example.no").status_code == 200
    assert client.get("/logg-inn", base_url="https://evil.example").status_code == 400
    refused = client.post("/glemt-passord", base_url="https://evil.example", data={"email": "x"})
    assert refused.status_code == 400


def test_production_refuses_to_start_without_public_url(app):
    class Unset(ProductionConfig):
        PUBLIC_URL = None

    with pytest.raises(MissingPublicUrl, match="PUBLIC_URL"):
        create_app(Unset)


def test_development_builds_links_from_the_local_default(app):
    class Development(SuiteConfig):
        PUBLIC_URL = Config.PUBLIC_URL if Config.DEVELOPMENT else "http://127.0.0.1:5000"

    with create_app(Development).test_request_context(base_url=EVIL):
        assert public_url("network.login") == "http://127.0.0.1:5000/logg-inn"


# --- 3. Password resets -----------------------------------------------------------------------


def test_using_a_newer_reset_link_kills_the_older_one(app, client, users):
    for _ in range(2):
        submit(client, "/glemt-passord", {"email": users["member"].email})
    older, newer = reset_paths(app)
    response = submit(client, newer, {"password": STRONG, "password_repeat": STRONG})
    assert response.location == "/logg-inn"
    assert client.get(older).status_code == 410
    response = submit(app.test_client(), older, {"password": NEWER, "password_repeat": NEWER})
    assert response.status_code == 410
    assert login(app.test_client(), users["member"], STRONG).status_code == 302


def test_changing_the_password_kills_open_reset_links(app, client, users):
    submit(app.test_client(), "/glemt-passord", {"email": users["member"].email})
    [path] = reset_paths(app)
    login(client, users["member"])
    response = submit(
        client, "/konto/passord",
        {"current_password": "Salten-demo-2026", "password": STRONG, "password_repeat": STRONG},
    )  # fmt: skip
    assert response.status_code == 302
    assert app.test_client().get(path).status_code == 410


# --- 3. Login timing and limits ---------------------------------------------------------------


def test_known_and_unknown_addresses_cost_exactly_one_verify(app, users, monkeypatch):
    calls = {"verify": 0, "hash": 0}
    real_verify, real_hash = PasswordHasher.verify, PasswordHasher.hash

    def counting_verify(self, *args):
        calls["verify"] += 1
        return real_verify(self, *args)

    def counting_hash(self, *args, **kwargs):
        calls["hash"] += 1
        return real_hash(self, *args, **kwargs)

    monkeypatch.setattr(PasswordHasher, "verify", counting_verify)
    monkeypatch.setattr(PasswordHasher, "hash", counting_hash)
    with app.app_context():
        services.authenticate("ingen@test.example", "et passord")  # the dummy hash may be made
        calls.update(verify=0, hash=0)
        for email in ("ingen@test.example", "annen@test.example", users["member"].email):
            services.authenticate(email, "galt passord her")
        assert calls == {"verify": 3, "hash": 0}


def test_a_room_on_one_wifi_all_get_in(app, make_user, room_sized_ip_limit):
    people = [make_user(name=f"Deltaker {n}") for n in range(20)]
    for person in people:
        browser = app.test_client()
        assert login(browser, person, "en skrivefeil i passordet").status_code == 200
        assert login(browser, person).status_code == 302, person.name


def test_successful_logins_do_not_count(app, users):
    for _ in range(8):
        assert login(app.test_client(), users["member"]).status_code == 302


@pytest.fixture
def room_sized_ip_limit(app):
    """The production per-client-address limit (the tests' own is tight)."""
    app.config["LOGIN_RATE_LIMIT"] = Config.LOGIN_RATE_LIMIT
    yield
    app.config["LOGIN_RATE_LIMIT"] = SuiteConfig.LOGIN_RATE_LIMIT


def test_wrong_guesses_do_not_lock_the_owner_out(app, users, room_sized_ip_limit):
    owner = app.test_client()
    assert login(owner, users["member"]).status_code == 302
    submit(owner, "/", {}, action="/logg-ut")
    attacker = app.test_client()
    for _ in range(5):
        assert login(attacker, users["member"], "gjetter-passord").status_code == 200
    assert login(attacker, users["member"], "gjetter-passord").status_code == 429
    assert login(app.test_client(), users["member"]).status_code == 429, "guessing stays limited"
    assert login(owner, users["member"]).status_code == 302, "the owner's browser gets in"


def test_known_device_cookie_is_bound_to_its_address(app, users, room_sized_ip_limit):
    browser = app.test_client()
    assert login(browser, users["colleague"]).status_code == 302
    submit(browser, "/", {}, action="/logg-ut")
    for _ in range(5):
        login(app.test_client(), users["member"], "gjetter-passord")
    assert login(browser, users["member"]).status_code == 429


def failed_logins_from(client, forwarded_for: str, count: int) -> list[int]:
    """Statuses of ``count`` failed logins (each with another unknown address) from one client."""
    headers = {"X-Forwarded-For": forwarded_for}
    statuses = []
    for n in range(count):
        token = csrf_token(client)
        data = {"email": f"ukjent{n}@test.example", "password": "feil", "csrf_token": token}
        statuses.append(client.post("/logg-inn", data=data, headers=headers).status_code)
    return statuses


def test_behind_one_proxy_hop_each_client_has_its_own_limit(app):
    class BehindProxy(SuiteConfig):
        PROXY_HOPS = 1

    proxied = create_app(BehindProxy)
    client = proxied.test_client()
    assert failed_logins_from(client, "10.0.0.1", 6) == [200] * 5 + [429]
    assert failed_logins_from(client, "10.0.0.2", 1) == [200]
    assert failed_logins_from(client, "10.0.0.9, 10.0.0.1", 1) == [429], "only one hop trusted"


def test_without_proxy_hops_forwarded_for_is_ignored(app):
    client = app.test_client()
    assert failed_logins_from(client, "10.0.0.1", 6) == [200] * 5 + [429]
    assert failed_logins_from(client, "10.0.0.2", 1) == [429]


def test_limits_are_declared_on_routes_only_so_the_before_request_check_may_be_skipped(app):
    # RouteLimiter skips Flask-Limiter's check before every request; that check would apply
    # default, application and blueprint limits, and the portal must declare none.
    manager = limiter.limit_manager
    assert manager.default_limits == [] and manager.application_limits == []
    assert not any(app.config.get(key) for key in ("RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION"))
    assert not any(manager.blueprint_limits(app, name) for name in app.blueprints)


# --- 4. Exports -------------------------------------------------------------------------------


def test_audit_log_csv_defuses_names_that_look_like_formulas(app, client, make_user):
    admin = make_user(role=Role.ADMIN, municipality=None, name='=HYPERLINK("http://x","y")')
    login(client, admin)
    response = client.get("/admin/logg.csv")
    rows = list(csv.reader(io.StringIO(text(response))))
    names = {row[2] for row in rows[1:]}
    assert names == {'\'=HYPERLINK("http://x","y")'}


def test_shipped_nginx_drops_unknown_hosts_and_the_portal_trusts_its_one_hop():
    deploy = Path(__file__).resolve().parents[2] / "deploy"
    nginx = (deploy / "nginx.conf").read_text()
    default = re.search(r"server \{[^}]*default_server[^}]*\}", nginx).group(0)
    assert "server_name _;" in default and "return 444;" in default
    assert "PROXY_HOPS=1" in (deploy / "portal.env.example").read_text().splitlines()

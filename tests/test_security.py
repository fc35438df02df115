"""Security headers on every route, cookie flags, and the Socket.IO origin check."""

import re

import pytest

from portal import create_app
from tests.conftest import SuiteConfig
from tests.helpers import login

SAMPLE_VALUES = {"int": "1", "default": "x", "path": "x.css"}


def sample_urls(app) -> list[tuple[str, str]]:
    """(endpoint, url) for every route, with placeholder values in its variables."""
    urls = []
    for rule in app.url_map.iter_rules():
        url = rule.rule
        for converter, name in re.findall(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", rule.rule):
            value = SAMPLE_VALUES.get(converter or "default", "x")
            url = re.sub(rf"<(?:\w+(?:\([^)]*\))?:)?{name}>", value, url)
        urls.append((rule.endpoint, url))
    return urls


def assert_security_headers(response, endpoint: str) -> None:
    """The headers every response must carry."""
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, endpoint
    assert "unsafe-inline" not in csp, endpoint
    assert headers.get("X-Content-Type-Options") == "nosniff", endpoint
    assert headers.get("Referrer-Policy") == "same-origin", endpoint
    assert "camera=()" in headers.get("Permissions-Policy", ""), endpoint
    if endpoint not in ("static", "assets.vendor"):
        assert headers.get("Cache-Control") == "no-store", endpoint


@pytest.mark.parametrize("who", [None, "admin", "member"])
def test_every_route_sends_security_headers(app, users, who):
    client = app.test_client()
    if who:
        login(client, users[who])
    for endpoint, url in sample_urls(app):
        response = client.get(url)
        assert_security_headers(response, endpoint)
        response = client.post(url)
        assert_security_headers(response, endpoint)


def test_hsts_and_secure_host_cookie_outside_development(users):
    class ProductionConfig(SuiteConfig):
        DEVELOPMENT = False
        SESSION_COOKIE_SECURE = True
        SESSION_COOKIE_NAME = "__Host-fagnettverk"

    production = create_app(ProductionConfig)
    client = production.test_client()
    response = client.get("/logg-inn", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-fagnettverk=")
    for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert flag in cookie
    assert "Domain" not in cookie


def test_no_hsts_in_development(client):
    assert "Strict-Transport-Security" not in client.get("/logg-inn").headers


def test_socketio_handshake_refuses_foreign_origin(client):
    path = "/socket.io/?EIO=4&transport=polling"
    foreign = client.get(path, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 400
    same = client.get(path, headers={"Origin": "http://localhost"})
    assert same.status_code == 200

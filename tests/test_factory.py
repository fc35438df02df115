"""The factory and configuration."""

import re
import sys
import types

import pytest
from sqlalchemy import text

from portal import create_app
from portal.config import Config, database_url
from portal.core import fragments
from portal.extensions import async_mode, db, socketio
from tests.conftest import SuiteConfig


def test_database_url_defaults_to_embedded_sqlite():
    assert database_url(None).startswith("sqlite:///")
    assert database_url(None).endswith("instance/portal.db")


def test_postgres_urls_use_psycopg3():
    assert database_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def _sqlite_synchronous(app) -> int:
    """The synchronous level of a new connection to the app's database (1 NORMAL, 2 FULL)."""
    with app.app_context():
        return db.session.execute(text("PRAGMA synchronous")).scalar_one()


@pytest.mark.skipif(
    not SuiteConfig.SQLALCHEMY_DATABASE_URI.startswith("sqlite"), reason="an SQLite setting"
)
def test_sqlite_syncs_the_log_at_checkpoints_unless_configured_to_sync_every_commit(app):
    class SyncEveryCommit(SuiteConfig):
        SQLITE_SYNCHRONOUS = "FULL"

    class Unsafe(SuiteConfig):
        SQLITE_SYNCHRONOUS = "OFF"

    assert _sqlite_synchronous(app) == 1
    assert _sqlite_synchronous(create_app(SyncEveryCommit)) == 2
    with pytest.raises(RuntimeError, match="SQLITE_SYNCHRONOUS must be one of NORMAL, FULL"):
        create_app(Unsafe)


def test_production_defaults_are_safe():
    class Deployed(Config):
        PUBLIC_URL = Config.PUBLIC_URL or "https://fagnettverk.example.no"

    app = create_app(Deployed)
    assert app.debug is False
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["REMEMBER_COOKIE_DURATION"] == 0
    if not app.config["DEVELOPMENT"]:
        assert app.config["SESSION_COOKIE_SECURE"] is True


def test_pages_are_norwegian(client):
    response = client.get("/logg-inn")
    body = response.get_data(as_text=True)
    assert '<html lang="nb"' in body
    assert "Logg inn" in body
    assert "E-postadresse" in body


def test_front_end_assets_are_served_locally(client):
    page = client.get("/logg-inn").get_data(as_text=True)
    assert "/vendor/designsystemet/src/index.css" in page
    assert "http" not in page.split("<body")[0].replace("http-equiv", "")
    css = client.get("/vendor/designsystemet/src/index.css")
    assert css.status_code == 200 and b".ds-button" in css.data
    assert client.get("/vendor/designsystemet/../package.json").status_code == 404
    assert client.get("/vendor/ukjent/x.css").status_code == 404


def test_unknown_page_gives_norwegian_404(client):
    response = client.get("/finnes-ikke")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.get_data(as_text=True)


def test_menu_marks_the_current_page_and_section(client, users):
    from tests.helpers import login

    login(client, users["member"])
    page = client.get("/nettverket").get_data(as_text=True)
    assert '<a href="/nettverket" aria-current="page">Nettverket</a>' in page
    assert '<a href="/" aria-current' not in page
    section = client.get("/rutiner/ny").get_data(as_text=True)
    assert 'aria-current="true">Rutiner</a>' in section
    assert 'aria-current="page">Nettverket' not in section


def test_shared_layout_shows_each_person_their_own_name_token_and_search(app, users):
    from tests.helpers import login

    member, admin = app.test_client(), app.test_client()
    login(member, users["member"])
    login(admin, users["admin"])
    pages = {
        "member": member.get("/sok?q=Hemmelig+søkeord").get_data(as_text=True),
        "admin": admin.get("/sok").get_data(as_text=True),
    }
    tokens = {}
    for who, page in pages.items():
        other = "admin" if who == "member" else "member"
        assert f"{users[who].name}<span" in page and f"{users[other].name}<span" not in page
        meta = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
        logout = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        assert meta == logout
        tokens[who] = meta
    assert tokens["member"] != tokens["admin"]
    assert 'value="Hemmelig søkeord"' in pages["member"]
    assert "Hemmelig" not in pages["admin"] and 'name="q" autocomplete="off"' in pages["admin"]
    assert "Hemmelig" not in repr(list(fragments._cache.keys()))  # a typed search is not kept


def test_socketio_uses_threads_unless_the_server_patched_for_gevent(app, monkeypatch):
    assert async_mode() == "threading" and socketio.async_mode == "threading"
    monkey = types.SimpleNamespace(is_module_patched=lambda name: name == "socket")
    monkeypatch.setitem(sys.modules, "gevent.monkey", monkey)
    assert async_mode() == "gevent", "gunicorn's gevent worker patched the standard library"

"""Shared fixtures: the app on a migrated database, a clean slate per test, users per role."""

import importlib
import os
import pkgutil
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

import psycopg
import pytest
from flask import has_app_context
from flask_migrate import upgrade
from freezegun import freeze_time
from sqlalchemy import MetaData, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

import portal
from portal import create_app
from portal.config import TestingConfig, database_url
from portal.extensions import db, limiter
from portal.network import demo
from portal.network.models import Municipality, Role, User
from portal.network.services import hash_password

EARLIEST_START = clock_time(12)
LATEST_START = clock_time(20)
TMP = Path(tempfile.mkdtemp(prefix="portal-tests-"))


def pytest_addoption(parser: pytest.Parser) -> None:
    """--clock-ahead-days N runs the whole suite with the clock N days in the future."""
    parser.addoption(
        "--clock-ahead-days",
        type=int,
        default=0,
        help="run every test with the clock this many days ahead (no test may hang on today)",
    )


def suite_clock_start(now: datetime, days: int) -> datetime:
    """Where the suite's clock starts: on the day ``days`` ahead, at noon or later, never behind ``now``.

    A run that crossed midnight would mix dates computed at collection with dates computed in
    the test; between noon and 22:00 UTC Oslo and UTC share the date, and a start no later than
    20:00 leaves two hours for the run. Never behind the real clock, because threads freezegun
    leaves alone (the rate limiter's expiry timer) read the real clock: with the suite's clock
    behind it, they expired every rate-limit hit at once.
    """
    day = now.date() + timedelta(days=days)
    start = datetime.combine(day, max(now.time(), EARLIEST_START))
    if start.time() > LATEST_START:
        start = datetime.combine(day + timedelta(days=1), EARLIEST_START)
    return start


def pytest_configure(config: pytest.Config) -> None:
    """Run the suite on one day, its clock ticking from ``suite_clock_start``, before collection."""
    days = config.getoption("--clock-ahead-days")
    for module in pkgutil.walk_packages(portal.__path__, "portal."):
        importlib.import_module(module.name)  # typed models must see the real datetime class
    config.moved_clock = freeze_time(suite_clock_start(datetime.now(), days), tick=True)
    config.moved_clock.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the suite's clock."""
    config.moved_clock.stop()


def suite_database_url() -> str:
    """PostgreSQL when TEST_DATABASE_URL/DATABASE_URL is set, else a SQLite file per run."""
    raw = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    return database_url(raw) if raw else f"sqlite:///{TMP / 'suite.db'}"


class SuiteConfig(TestingConfig):
    """Testing settings with the suite database and cheap password hashing."""

    SQLALCHEMY_DATABASE_URI = suite_database_url()
    ARGON2_PARAMETERS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
    FILES_DIR = str(TMP / "files")


def fresh_database_url(name: str) -> str:
    """An empty database beside the suite's: a new SQLite file, or a new PostgreSQL database."""
    url = make_url(SuiteConfig.SQLALCHEMY_DATABASE_URI)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{TMP / (name + '.db')}"
    database = f"{url.database}_{name}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
        connection.execute(f'CREATE DATABASE "{database}"')
    return url.set(database=database).render_as_string(hide_password=False)


def drop_everything() -> None:
    """Drop every table in the database, whatever state an earlier run left it in."""
    meta = MetaData()
    meta.reflect(bind=db.engine)
    meta.drop_all(bind=db.engine)


def empty_all_tables() -> None:
    """Delete every row, keeping the schema and the alembic revision."""
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        for attempt in range(5):
            try:
                db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
                break
            except OperationalError:  # a late background task (chat presence) held a table
                db.session.rollback()
                if attempt == 4:
                    raise
                time.sleep(0.5)
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture(scope="session")
def app():
    """The portal, on a database built by the migrations."""
    application = create_app(SuiteConfig)
    with application.app_context():
        drop_everything()
        upgrade()
    return application


@pytest.fixture(autouse=True)
def _clean_slate(request):
    """Give each test empty tables and fresh rate limits."""
    yield
    if "app" in request.fixturenames:
        application = request.getfixturevalue("app")
        with application.app_context():
            db.session.remove()
            empty_all_tables()
            limiter.reset()


@pytest.fixture
def redis_url():
    """REDIS_URL for tests of the scale-out path: required when REQUIRE_REDIS=1 (CI's
    PostgreSQL + Redis pass, so it can never silently skip there), skipped otherwise."""
    url = os.environ.get("REDIS_URL")
    if not url:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("REDIS_URL must be set when REQUIRE_REDIS=1: Redis is tested for real")
        pytest.skip("REDIS_URL not set; CI's PostgreSQL + Redis pass runs this")
    return url


@pytest.fixture
def ctx(app):
    """An application context for service-level tests (no HTTP requests inside it).

    Route tests must not hold an app context while they make requests: Flask would reuse it,
    and ``g`` (with the logged-in user) would leak from one request into the next.
    """
    with app.app_context():
        yield
        db.session.remove()


@contextmanager
def in_app_context(app):
    """Use the test's app context if it holds one, else a short-lived one."""
    if has_app_context():
        yield
    else:
        with app.app_context():
            yield
            db.session.remove()


def detached(obj):
    """Load an object's columns and detach it, so a route test can read it after the context."""
    db.session.refresh(obj)
    db.session.expunge(obj)
    return obj


@pytest.fixture
def client(app):
    """A test client (cookies kept between requests)."""
    return app.test_client()


@pytest.fixture
def network(app):
    """The Salten network with its ten municipalities."""
    with in_app_context(app):
        net = demo.ensure_network()
        db.session.commit()
        return net.id


@pytest.fixture
def place(app, network):
    """Municipality id by name: place("Bodø")."""
    with in_app_context(app):
        ids = {m.name: m.id for m in db.session.scalars(db.select(Municipality))}
    return ids.__getitem__


@pytest.fixture
def make_user(app, network, place):
    """Create a user: make_user(role=..., municipality="Bodø", email=..., active=...)."""
    counter = iter(range(1, 10_000))

    def create(role: str = Role.MEMBER, municipality: str | None = "Bodø", **fields) -> User:
        number = next(counter)
        keep_attached = has_app_context()
        with in_app_context(app):
            user = User(
                network_id=network,
                municipality_id=place(municipality) if municipality else None,
                email=fields.pop("email", f"bruker{number}@test.example"),
                name=fields.pop("name", f"Test Bruker {number}"),
                role=role,
                password_hash=hash_password(fields.pop("password", demo.DEMO_PASSWORD)),
                **fields,
            )
            db.session.add(user)
            db.session.commit()
            return user if keep_attached else detached(user)

    return create


@pytest.fixture
def users(make_user):
    """One user per access-matrix column: members of Bodø and Fauske, moderator, admin, adviser."""
    return {
        "member": make_user(municipality="Bodø", name="Kari Bodø"),
        "colleague": make_user(municipality="Bodø", name="Ola Bodø"),
        "other": make_user(municipality="Fauske", name="Hilde Fauske"),
        "moderator": make_user(role=Role.MODERATOR, municipality=None, name="Marte Koordinator"),
        "admin": make_user(role=Role.ADMIN, municipality=None, name="Ingrid Admin"),
        "legal": make_user(role=Role.LEGAL, municipality=None, name="Henrik Jurist"),
    }

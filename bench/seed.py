"""Seed a scaled demo network for the load and fault benchmarks (bulk inserts, one hash)."""

import psycopg
from flask_migrate import upgrade
from sqlalchemy import insert, select
from sqlalchemy.engine import make_url

from portal import create_app
from portal.config import TestingConfig
from portal.extensions import db
from portal.network import demo
from portal.network.models import Municipality, User
from portal.network.services import hash_password

LOGIN_PASSWORD = demo.DEMO_PASSWORD
MEMBERS_PER_SCALE = 1000


def fresh_database(url: str, name: str) -> str:
    """A new empty database: the SQLite file as given, or a new PostgreSQL database."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return url
    admin = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return parsed.set(drivername="postgresql+psycopg", database=name).render_as_string(
        hide_password=False
    )


def seed_scaled(url: str, scale: int) -> dict:
    """Migrate a fresh database and fill it; return its URL, logins and the pages to browse."""
    database = fresh_database(url, f"portal_load_{scale}")

    class SeedConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database

    app = create_app(SeedConfig)
    with app.app_context():
        upgrade()
        demo.seed_demo()
        network = demo.ensure_network()
        places = db.session.scalars(select(Municipality)).all()
        password_hash = hash_password(LOGIN_PASSWORD)
        rows = [
            {"network_id": network.id, "municipality_id": places[i % len(places)].id,
             "email": f"last{i}@{places[i % len(places)].number}.example", "name": f"Bruker {i}",
             "title": "Miljøterapeut", "role": "member", "is_contact": False, "active": True,
             "password_hash": password_hash}
            for i in range(MEMBERS_PER_SCALE * scale)
        ]  # fmt: skip
        if rows:
            db.session.execute(insert(User), rows)
        db.session.commit()
        emails = [row["email"] for row in rows[:200]] or [demo.demo_logins()[3].email]
        paths = ["/", "/nettverket", f"/kommuner/{places[0].id}"]
        members = len(rows)
        db.session.remove()
        db.engine.dispose()
    return {
        "database": database,
        "emails": emails,
        "paths": paths,
        "summary": f"{len(places)} municipalities, {members} members",
    }

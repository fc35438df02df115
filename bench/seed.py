"""Seed a scaled demo network for the load and fault benchmarks (bulk inserts, one hash)."""

from datetime import datetime

import psycopg
from flask_migrate import upgrade
from sqlalchemy import func, insert, select
from sqlalchemy.engine import make_url

from portal import create_app
from portal.config import TestingConfig
from portal.extensions import db
from portal.network import demo
from portal.network.models import Municipality, User
from portal.network.services import hash_password

LOGIN_PASSWORD = demo.DEMO_PASSWORD
MEMBERS_PER_SCALE = 1000
ROUTINES_PER_SCALE = 2000
CASES_PER_SCALE = 500
SAMLINGER_PER_SCALE = 100
ROUTINE_BODY = (
    "## Formål\n\nSikre trygg innleggelse etter psykisk helsevernloven.\n\n"
    "## Ansvar\n\nFagleder har ansvar for at rutinen er kjent.\n\n"
    "## Fremgangsmåte\n\n1. Kontakt fastlege.\n2. Ring DPS.\n3. Dokumenter i journal.\n"
) * 8
CASE_TEXT = "Bruker i 40-årene med ROP-lidelse. Samarbeid med DPS og fastlege. " * 20


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
    database = fresh_database(url, f"{make_url(url).database}_{scale}x")

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
        sample = _seed_features(network.id, places, scale) if scale else None
        emails = [row["email"] for row in rows[:200]] or [demo.demo_logins()[3].email]
        paths = ["/", "/nettverket", f"/kommuner/{places[0].id}"]
        if sample:
            paths += [
                "/rutiner/", "/rutiner/?kategori=admission", f"/rutiner/{sample['routine']}",
                "/saker/", f"/saker/{sample['case']}", "/samlinger", f"/samlinger/{sample['samling']}",
            ]  # fmt: skip
        members = len(rows)
        db.session.remove()
        db.engine.dispose()
    return {
        "database": database,
        "emails": emails,
        "paths": paths,
        "summary": f"{len(places)} municipalities, {members} members"
        + (
            f", {ROUTINES_PER_SCALE * scale} routines x 2 versions, {CASES_PER_SCALE * scale}"
            f" cases, {SAMLINGER_PER_SCALE * scale} samlinger"
            if scale
            else ""
        ),
    }


def _seed_features(network_id: int, places: list, scale: int) -> dict[str, int]:
    """Approved routines (two versions each), published cases and dated samlinger; return
    the ids of one of each to browse."""
    from datetime import date, time, timedelta

    from portal.cases.models import Case
    from portal.meetings.models import Samling, SamlingDay
    from portal.rutiner.models import Routine, RoutineVersion

    author_ids = db.session.scalars(select(User.id).where(User.role == "member")).all()
    categories = ["admission", "collaboration", "violence_threats", "new_employee"]
    base_routine = db.session.scalar(select(func.max(Routine.id))) or 0
    base_version = db.session.scalar(select(func.max(RoutineVersion.id))) or 0
    base_case = db.session.scalar(select(func.max(Case.id))) or 0
    count = ROUTINES_PER_SCALE * scale
    db.session.execute(insert(Routine), [
        {"network_id": network_id, "municipality_id": places[i % len(places)].id,
         "title": f"Rutine {i} for innleggelse og samarbeid", "category": categories[i % 4],
         "status": "approved", "responsible_id": author_ids[i % len(author_ids)],
         "version_count": 2, "released_version_id": base_version + 2 * i + 2,
         "approved_at": datetime(2026, 1, 5), "next_review_date": date(2027, 1, 5)}
        for i in range(count)
    ])  # fmt: skip
    db.session.execute(insert(RoutineVersion), [
        {"routine_id": base_routine + i // 2 + 1, "number": i % 2 + 1,
         "title": f"Rutine {i // 2} for innleggelse og samarbeid", "body": ROUTINE_BODY,
         "author_id": author_ids[i % len(author_ids)],
         "approved_at": datetime(2025 + i % 2, 1, 5),  # both approved, as real versions are
         "approved_by_id": author_ids[(i + 1) % len(author_ids)]}
        for i in range(2 * count)
    ])  # fmt: skip
    db.session.execute(insert(Case), [
        {"municipality_id": places[i % len(places)].id, "author_id": author_ids[i % len(author_ids)],
         "title": f"Samhandling om en case {i}", "status": "published", "context": CASE_TEXT,
         "situation": CASE_TEXT, "what_worked": CASE_TEXT, "published_at": datetime(2026, 2, 1)}
        for i in range(CASES_PER_SCALE * scale)
    ])  # fmt: skip
    base_samling = db.session.scalar(select(func.max(Samling.id))) or 0
    samlinger = SAMLINGER_PER_SCALE * scale
    db.session.execute(insert(Samling), [
        {"title": f"Samling {i}", "season": 2000 + i % 30, "published": True}
        for i in range(samlinger)
    ])  # fmt: skip
    start = date(2000, 9, 27)
    db.session.execute(insert(SamlingDay), [
        {"samling_id": base_samling + i // 2 + 1, "position": i % 2 + 1,
         "date": start + timedelta(days=7 * (i // 2) + i % 2), "start_time": time(10),
         "end_time": time(16), "place": "Fauske hotell",
         "responsible_municipality_id": places[i % len(places)].id}
        for i in range(2 * samlinger)
    ])  # fmt: skip
    db.session.commit()
    return {"routine": base_routine + 7, "case": base_case + 3, "samling": base_samling + 5}

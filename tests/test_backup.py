"""Restore drill: create data and files, back up, wipe both, restore, check everything came back."""

import hashlib
import shutil

import pytest
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import inspect, select

from portal import create_app
from portal.documents import owners, services
from portal.extensions import db, migrate
from portal.meetings.models import Samling
from portal.network.models import User
from tests.conftest import TMP, SuiteConfig, drop_everything, fresh_database_url
from tests.helpers import login


@pytest.fixture
def drill_app():
    """An app on its own empty database, migrated to the newest revision."""

    class DrillConfig(SuiteConfig):
        SQLALCHEMY_DATABASE_URI = fresh_database_url("restore_drill")
        FILES_DIR = str(TMP / "drill-files")

    application = create_app(DrillConfig)
    with application.app_context():
        upgrade()
        yield application
        db.session.remove()
        db.engine.dispose()


def snapshot() -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row, per table."""
    result = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        digest = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
        result[table.name] = (len(rows), digest)
    return result


def test_backup_wipe_restore(drill_app):
    runner = drill_app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    storage = drill_app.extensions["documents.storage"]
    coordinator = db.session.scalars(
        select(User).filter_by(email="koordinator@salten.example")
    ).one()
    samling = db.session.scalars(select(Samling).order_by(Samling.id)).first()
    slides = b"Presentasjon fra samlingen\n" * 100
    (attachment,) = services.attach(
        coordinator,
        owners.resolve("samling", samling.id),
        [services.Upload("Presentasjon.txt", slides)],
        storage,
        services.Limits(max_bytes=10**6),
    )
    db.session.commit()
    attachment_id, digest = attachment.id, attachment.sha256
    before = snapshot()
    assert before["user"][0] >= 23
    db.session.remove()

    created = runner.invoke(args=["backup", "create", "--dir", str(TMP / "backups")])
    assert created.exit_code == 0, created.output
    backup_file = created.output.splitlines()[0].split(": ", 1)[1].strip()

    db.session.remove()
    drop_everything()
    assert inspect(db.engine).get_table_names() == []
    shutil.rmtree(drill_app.config["FILES_DIR"])
    assert not storage.exists(digest)

    restored = runner.invoke(args=["backup", "restore", backup_file, "--yes"])
    assert restored.exit_code == 0, restored.output
    assert "Databasen og 2 filer er gjenopprettet" in restored.output  # the demo slides too
    assert snapshot() == before
    assert storage.get(digest) == slides

    with db.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    assert current == set(ScriptDirectory.from_config(migrate.get_config()).get_heads())

    client = drill_app.test_client()
    assert login(client, "koordinator@salten.example").status_code == 302
    assert client.get("/").status_code == 200
    assert client.get(f"/dokumenter/fil/{attachment_id}/last-ned").data == slides

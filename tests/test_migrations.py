"""The schema comes only from migrations: no drift from the models, and downgrades work."""

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from portal import create_app
from portal.extensions import db
from tests.conftest import TMP, SuiteConfig


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


@pytest.fixture
def fresh_app():
    """An app on an empty database of the suite's kind."""

    class FreshConfig(SuiteConfig):
        SQLALCHEMY_DATABASE_URI = fresh_database_url("migrations")

    application = create_app(FreshConfig)
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


def table_names() -> set[str]:
    """Tables in the current database, without Alembic's own."""
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_migrations_match_the_models(fresh_app):
    upgrade(revision="heads")
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_upgrade_downgrade_upgrade(fresh_app):
    upgrade(revision="heads")
    assert table_names() == set(db.metadata.tables)
    downgrade(revision="base")
    assert table_names() == set()
    upgrade(revision="heads")
    assert table_names() == set(db.metadata.tables)

"""The schema comes only from migrations: no drift from the models, and downgrades work."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from portal import create_app
from portal.extensions import db
from tests.conftest import SuiteConfig, fresh_database_url


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
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_upgrade_downgrade_upgrade(fresh_app):
    upgrade()
    assert table_names() == set(db.metadata.tables)
    downgrade(revision="base")
    assert table_names() == set()
    upgrade()
    assert table_names() == set(db.metadata.tables)

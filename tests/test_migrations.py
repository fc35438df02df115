"""The schema comes only from migrations: no drift from the models, and downgrades work."""

import re

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from portal import create_app
from portal.extensions import db
from portal.network.demo import seed_demo
from portal.search.engines import VECTOR_COLUMNS, VECTOR_INDEXES, include_object
from tests.conftest import SuiteConfig, fresh_database_url
from tests.helpers import login


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
    """Tables in the current database, without Alembic's own and the search engine's."""
    names = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    return {name for name in names if include_object(None, name, "table", True, None)}


def engine_structure() -> set[str]:
    """The search engine's structure beside the models: FTS5 table, or tsvector and its index."""
    inspector = inspect(db.engine)
    if db.engine.dialect.name == "postgresql":
        if "search_document" not in inspector.get_table_names():
            return set()
        columns = {c["name"] for c in inspector.get_columns("search_document")}
        indexes = {i["name"] for i in inspector.get_indexes("search_document")}
        return (VECTOR_COLUMNS & columns) | (VECTOR_INDEXES & indexes)
    return {name for name in inspector.get_table_names() if name.startswith("search_fts")} | set(
        db.session.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search%'")
        ).scalars()
    )


EXPECTED_ENGINE_STRUCTURE = {
    "postgresql": VECTOR_COLUMNS | VECTOR_INDEXES,
    "sqlite": {"search_fts", "search_fts_config", "search_fts_content", "search_fts_data",
               "search_fts_docsize", "search_fts_idx", "search_document_unindex"},
}  # fmt: skip


def test_migrations_match_the_models(fresh_app):
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []
    assert engine_structure() == EXPECTED_ENGINE_STRUCTURE[db.engine.dialect.name]


def test_upgrade_downgrade_upgrade(fresh_app):
    upgrade()
    assert table_names() == set(db.metadata.tables)
    downgrade(revision="base")
    assert table_names() == set()
    assert engine_structure() == set()
    upgrade()
    assert table_names() == set(db.metadata.tables)
    assert engine_structure() == EXPECTED_ENGINE_STRUCTURE[db.engine.dialect.name]


def stored_values() -> set[tuple[str, str]]:
    """Every stored routine status and category and samling day kind, tagged by column."""
    with db.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT 'status', status FROM routine UNION SELECT 'category', category FROM routine"
                " UNION SELECT 'kind', kind FROM samling_day"
            )
        )
        return {(column, value) for column, value in rows}


def test_english_values_migration_converts_stored_values_both_ways(fresh_app):
    upgrade()
    seed_demo()
    db.session.commit()
    english = stored_values()
    assert ("category", "admission") in english and ("status", "approved") in english
    assert ("kind", "project") in english
    downgrade(revision="0007_accounts")
    norwegian = stored_values()
    assert ("category", "innleggelse") in norwegian and ("status", "godkjent") in norwegian
    assert ("kind", "prosjektdag") in norwegian
    assert not {value for _column, value in norwegian} & {value for _c, value in english}
    upgrade()
    assert stored_values() == english


def test_bookmarked_norwegian_category_links_still_filter(app, client, users):
    login(client, users["member"])
    csrf = re.compile(r'(name="csrf[-_]token" (?:content|value)=)"[^"]*"')
    old = csrf.sub(r"\1", client.get("/rutiner/?kategori=innleggelse").get_data(as_text=True))
    new = csrf.sub(r"\1", client.get("/rutiner/?kategori=admission").get_data(as_text=True))
    assert '<option value="admission" selected' in new and old == new

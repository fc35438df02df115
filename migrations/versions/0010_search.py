"""search: the index's documents, and the engine structure of the database in use

Revision ID: 0010_search
Revises: 0009_manual_findings
Create Date: 2026-11-30 12:20:00

SQLite gets an FTS5 table of stems (filled by the portal, which stems in Python; a third
column holds the document's visibility, kind and municipality as tokens, so that the access
filter is part of the full-text match) and a trigger that removes a document's stems with the
document. PostgreSQL gets a tsvector column
(filled with the built-in 'norwegian' configuration) and a GIN index on it. The index starts
empty: run `flask search reindex` after upgrading a database that already holds content.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_search"
down_revision = "0009_manual_findings"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("visibility", sa.String(length=40), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_document")),
        sa.UniqueConstraint("source", "object_id", "part", name=op.f("uq_search_document_source")),
    )
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_document_date"), ["date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_search_document_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(
            "ix_search_document_visibility_kind", ["visibility", "kind"], unique=False
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE search_document ADD COLUMN vector tsvector")
        op.execute("CREATE INDEX ix_search_document_vector ON search_document USING gin (vector)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5("
            "title_terms, body_terms, scope_terms, tokenize = 'unicode61 remove_diacritics 0')"
        )
        op.execute(
            "CREATE TRIGGER search_document_unindex AFTER DELETE ON search_document "
            "BEGIN DELETE FROM search_fts WHERE rowid = old.id; END"
        )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TRIGGER IF EXISTS search_document_unindex")
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table("search_document")

"""search speed: on PostgreSQL a title-only tsvector, GIN indexes without a pending list,
text stored apart from the row, vectors kept in it (lz4-compressed where the server has it)

Revision ID: 0018_search_speed
Revises: 0017_coordinator_month
Create Date: 2026-11-30 15:10:00

The title vector ranks the title tier and answers suggestions without decompressing the large
vector. With fastupdate off, a query never scans a GIN pending list after a bulk reindex.
The body (read only for the 20 hits shown) moves out of the row and the vector stays in it, so
testing a row's match reads no TOAST table, and lz4 makes each vector quicker to decompress;
the vectors are recomputed so that they are stored that way. SQLite needs nothing.
"""

from alembic import op

revision = "0018_search_speed"
down_revision = "0017_coordinator_month"
branch_labels = None
depends_on = None


def _has_lz4() -> bool:
    """True when the server was built with lz4 (the Debian and official builds are)."""
    return bool(
        op.get_bind()
        .exec_driver_sql(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        .scalar()
    )


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE search_document ADD COLUMN title_vector tsvector")
    op.execute("ALTER TABLE search_document ALTER COLUMN body SET STORAGE EXTERNAL")
    op.execute("ALTER TABLE search_document ALTER COLUMN vector SET STORAGE MAIN")
    if _has_lz4():
        op.execute("ALTER TABLE search_document ALTER COLUMN vector SET COMPRESSION lz4")
    op.execute(  # new values, so that they are stored the new way (body || '' is a copy)
        "UPDATE search_document SET title_vector = to_tsvector('norwegian', title), vector = "
        "setweight(to_tsvector('norwegian', title), 'A') || "
        "setweight(to_tsvector('norwegian', body), 'B'), body = body || ''"
    )
    op.execute(
        "CREATE INDEX ix_search_document_title_vector ON search_document "
        "USING gin (title_vector) WITH (fastupdate = off)"
    )
    op.execute("ALTER INDEX ix_search_document_vector SET (fastupdate = off)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER INDEX ix_search_document_vector RESET (fastupdate)")
    op.execute("DROP INDEX ix_search_document_title_vector")
    op.execute("ALTER TABLE search_document ALTER COLUMN vector SET COMPRESSION default")
    op.execute("ALTER TABLE search_document ALTER COLUMN vector SET STORAGE EXTENDED")
    op.execute("ALTER TABLE search_document ALTER COLUMN body SET STORAGE EXTENDED")
    op.execute("ALTER TABLE search_document DROP COLUMN title_vector")

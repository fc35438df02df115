"""The search index's documents, shared by both engines.

The engine's own structure lives beside this table and is created by the migration: on
SQLite an FTS5 table ``search_fts`` of stems (rowid = document id, emptied by a trigger when a
document is deleted), on PostgreSQL a ``vector`` tsvector column with a GIN index.
"""

import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db


class SearchDocument(db.Model):
    """One searchable text: what it is, where it may be shown, and its words."""

    __tablename__ = "search_document"
    __table_args__ = (UniqueConstraint("source", "object_id", "part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int]
    part: Mapped[str] = mapped_column(String(20), default="")
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(40))
    municipality_id: Mapped[int | None] = mapped_column(index=True)
    date: Mapped[datetime.date | None] = mapped_column(index=True)

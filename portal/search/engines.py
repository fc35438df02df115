"""The two search engines behind one interface, chosen by the database in use.

SQLite: an FTS5 table of Snowball stems made in Python (``query.stemmed``), ranked with bm25.
PostgreSQL: a tsvector column built with the 'norwegian' configuration, GIN-indexed, ranked
with ts_rank_cd. Both filter on the shared ``search_document`` columns in the same statement,
so hits, counts and suggestions only ever include documents the caller's scope allows. A
dedicated engine (OpenSearch) would be a third class with the same methods.
"""

from dataclasses import dataclass
from datetime import date
from functools import reduce
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from portal.search import query as q
from portal.search.models import SearchDocument as Doc
from portal.search.registry import Document

FTS = sa.table("search_fts", sa.column("rowid"), sa.column("title_terms"), sa.column("body_terms"))
VECTOR = sa.literal_column("search_document.vector")
NORWEGIAN = sa.literal_column("'norwegian'::regconfig")
HIT_COLUMNS = (Doc.id, Doc.source, Doc.object_id, Doc.part, Doc.kind, Doc.title, Doc.body,
               Doc.municipality_id, Doc.date)  # fmt: skip
SUGGESTION_COLUMNS = (Doc.id, Doc.source, Doc.object_id, Doc.part, Doc.kind, Doc.title)


@dataclass(frozen=True)
class Scope:
    """Which documents a search may touch: visibility keys and the user's filters."""

    keys: tuple[str, ...]
    kind: str | None = None
    municipality_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def filters(self, with_kind: bool = True) -> list[Any]:
        """WHERE clauses on the document table."""
        clauses: list[Any] = [Doc.visibility.in_(self.keys)]
        if with_kind and self.kind:
            clauses.append(Doc.kind == self.kind)
        if self.municipality_id is not None:
            clauses.append(Doc.municipality_id == self.municipality_id)
        if self.date_from is not None:
            clauses.append(Doc.date >= self.date_from)
        if self.date_to is not None:
            clauses.append(Doc.date <= self.date_to)
        return clauses


class Engine(Protocol):
    """What the search service needs from an engine."""

    name: str

    def add(self, connection: Connection, documents: list[tuple[int, Document]]) -> None:
        """Index the words of documents just inserted into search_document."""

    def hits(
        self, connection: Connection, query: q.Query, scope: Scope, limit: int, offset: int
    ) -> list[Row]:
        """The best-ranked documents in scope, with HIT_COLUMNS."""

    def counts(self, connection: Connection, query: q.Query, scope: Scope) -> dict[str, int]:
        """Matches in scope per kind (the kind filter is ignored, so every kind is counted)."""

    def suggestions(
        self, connection: Connection, query: q.Query, scope: Scope, limit: int
    ) -> list[Row]:
        """Documents whose titles start with the query's words, with SUGGESTION_COLUMNS."""

    def raw(self, connection: Connection, query: q.Query, limit: int) -> list[int]:
        """The bare engine query without scope (for the benchmark's comparison)."""


class SqliteEngine:
    """FTS5 over Python-stemmed text in the same SQLite database."""

    name = "sqlite-fts5"
    title_weight = 10.0

    def add(self, connection: Connection, documents: list[tuple[int, Document]]) -> None:
        """Insert the stems of each document under its id."""
        if documents:
            connection.execute(
                sa.insert(FTS),
                [
                    {"rowid": doc_id, "title_terms": q.stemmed(doc.title),
                     "body_terms": q.stemmed(doc.body)}
                    for doc_id, doc in documents
                ],
            )  # fmt: skip

    def _matching(self, columns, match: str):
        """SELECT columns FROM the FTS table joined to the documents WHERE it matches."""
        return (
            sa.select(*columns)
            .select_from(FTS.join(Doc.__table__, Doc.id == FTS.c.rowid))
            .where(sa.text("search_fts MATCH :match").bindparams(match=match))
        )

    def _rank(self):
        """bm25 with the title weighing more than the body (lower is better)."""
        return sa.func.bm25(sa.literal_column("search_fts"), self.title_weight, 1.0)

    def hits(self, connection, query, scope, limit, offset):
        """Ranked hits in scope."""
        statement = (
            self._matching(HIT_COLUMNS, q.fts5_match(query))
            .where(*scope.filters())
            .order_by(self._rank(), Doc.id)
            .limit(limit)
            .offset(offset)
        )
        return list(connection.execute(statement))

    def counts(self, connection, query, scope):
        """Per-kind counts in scope."""
        statement = (
            self._matching((Doc.kind, sa.func.count()), q.fts5_match(query))
            .where(*scope.filters(with_kind=False))
            .group_by(Doc.kind)
        )
        return {kind: count for kind, count in connection.execute(statement)}

    def suggestions(self, connection, query, scope, limit):
        """Title-prefix matches in scope."""
        statement = (
            self._matching(SUGGESTION_COLUMNS, q.fts5_match(query, column="title_terms"))
            .where(*scope.filters())
            .order_by(self._rank(), Doc.id)
            .limit(limit)
        )
        return list(connection.execute(statement))

    def raw(self, connection, query, limit):
        """rowids of the best FTS5 matches, nothing else."""
        statement = sa.text(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH :match ORDER BY rank LIMIT :limit"
        )
        rows = connection.execute(statement, {"match": q.fts5_match(query), "limit": limit})
        return list(rows.scalars())


class PostgresEngine:
    """PostgreSQL full-text search with the built-in 'norwegian' configuration."""

    name = "postgresql-tsvector"

    def add(self, connection: Connection, documents: list[tuple[int, Document]]) -> None:
        """Compute the weighted vectors (title A, body B) of the new rows in the database."""
        if documents:
            connection.execute(
                sa.text(
                    "UPDATE search_document SET vector = "
                    "setweight(to_tsvector('norwegian', title), 'A') || "
                    "setweight(to_tsvector('norwegian', body), 'B') WHERE id IN :ids"
                ).bindparams(sa.bindparam("ids", expanding=True)),
                {"ids": [doc_id for doc_id, _doc in documents]},
            )

    @staticmethod
    def _part(part: q.Part, weight: str = ""):
        """One part as a tsquery: words are bound parameters, never query syntax."""
        if part.prefix:  # the word holds letters and digits only (query.WORD)
            return sa.func.to_tsquery(NORWEGIAN, part.words[0] + ":*" + weight)
        if len(part.words) > 1:
            return sa.func.phraseto_tsquery(NORWEGIAN, " ".join(part.words))
        return sa.func.plainto_tsquery(NORWEGIAN, part.words[0])

    def tsquery(self, query: q.Query, weight: str = ""):
        """The whole query: all required parts, none of the excluded ones."""
        required = [self._part(part, weight) for part in query.required]
        expression = reduce(sa.func.tsquery_and, required)
        for part in query.excluded:
            expression = sa.func.tsquery_and(expression, sa.func.tsquery_not(self._part(part)))
        return expression

    def _matching(self, columns, tsquery):
        """SELECT columns FROM the documents WHERE the vector matches, best first."""
        return (
            sa.select(*columns)
            .where(VECTOR.op("@@")(tsquery))
            .order_by(sa.func.ts_rank_cd(VECTOR, tsquery).desc(), Doc.id)
        )

    def hits(self, connection, query, scope, limit, offset):
        """Ranked hits in scope."""
        statement = (
            self._matching(HIT_COLUMNS, self.tsquery(query))
            .where(*scope.filters())
            .limit(limit)
            .offset(offset)
        )
        return list(connection.execute(statement))

    def counts(self, connection, query, scope):
        """Per-kind counts in scope."""
        statement = (
            sa.select(Doc.kind, sa.func.count())
            .where(VECTOR.op("@@")(self.tsquery(query)), *scope.filters(with_kind=False))
            .group_by(Doc.kind)
        )
        return {kind: count for kind, count in connection.execute(statement)}

    def suggestions(self, connection, query, scope, limit):
        """Title-prefix matches (weight A) in scope."""
        statement = (
            self._matching(SUGGESTION_COLUMNS, self.tsquery(query, weight="A"))
            .where(*scope.filters())
            .limit(limit)
        )
        return list(connection.execute(statement))

    def raw(self, connection, query, limit):
        """ids of the best tsvector matches, nothing else."""
        statement = self._matching((Doc.id,), self.tsquery(query)).limit(limit)
        return list(connection.execute(statement).scalars())


ENGINES: dict[str, Engine] = {"sqlite": SqliteEngine(), "postgresql": PostgresEngine()}


def engine_for(dialect: str) -> Engine:
    """The engine that serves the database in use."""
    return ENGINES[dialect]


def include_object(obj, name: str | None, type_: str, _reflected: bool, _compare_to) -> bool:
    """Alembic's include_object: everything except the engine structure that the migration
    makes beside the models (the FTS5 table and its shadow tables, the tsvector column and its
    index); tests/test_migrations.py checks that structure on its own."""
    if type_ == "table" and name and (name == "search_fts" or name.startswith("search_fts_")):
        return False
    if type_ == "column" and name == "vector" and obj.table.name == "search_document":
        return False
    return not (type_ == "index" and name == "ix_search_document_vector")

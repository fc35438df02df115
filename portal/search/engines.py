"""The two search engines behind one interface, chosen by the database in use.

SQLite: an FTS5 table of Snowball stems made in Python (``query.stemmed``), ranked with bm25.
PostgreSQL: a tsvector column built with the 'norwegian' configuration, GIN-indexed, ranked
with ts_rank. Both filter on the shared ``search_document`` columns in the same statement,
so hits, counts and suggestions only ever include documents the caller's scope allows. A
dedicated engine (OpenSearch) would be a third class with the same methods.
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import reduce
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from portal.search import query as q
from portal.search.models import SearchDocument as Doc
from portal.search.registry import kinds

FTS = sa.table(
    "search_fts",
    sa.column("rowid"),
    sa.column("title_terms"),
    sa.column("body_terms"),
    sa.column("scope_terms"),
)
TEXT_COLUMNS = "{title_terms body_terms}"
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
        return clauses + self.date_filters()

    def date_filters(self) -> list[Any]:
        """WHERE clauses for the date range."""
        clauses = []
        if self.date_from is not None:
            clauses.append(Doc.date >= self.date_from)
        if self.date_to is not None:
            clauses.append(Doc.date <= self.date_to)
        return clauses


class Engine(Protocol):
    """What the search service needs from an engine."""

    name: str

    def add(self, connection: Connection, documents: list[tuple[int, dict]]) -> None:
        """Index the words of documents just inserted into search_document (id, row)."""

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


def scope_token(marker: str, value: object) -> str:
    """A visibility key, kind or municipality as one FTS5 token (letters and digits only)."""
    return "x" + marker + re.sub(r"[^0-9a-z]", "", str(value).lower())


class SqliteEngine:
    """FTS5 over Python-stemmed text in the same SQLite database.

    Each document's visibility, kind and municipality are tokens in a third column, so that
    the scope is part of the full-text match: FTS5 intersects them with the words before any
    row is read or ranked. The user's words are matched in the title and body columns only.
    """

    name = "sqlite-fts5"
    weights = (10.0, 1.0, 0.0)  # title, body, scope

    def add(self, connection: Connection, documents: list[tuple[int, dict]]) -> None:
        """Insert the stems and scope tokens of each document under its id."""
        if documents:
            connection.execute(
                sa.insert(FTS),
                [
                    {"rowid": doc_id, "title_terms": q.stemmed(row["title"]),
                     "body_terms": q.stemmed(row["body"]), "scope_terms": self._scope_terms(row)}
                    for doc_id, row in documents
                ],
            )  # fmt: skip

    @staticmethod
    def _scope_terms(row: dict) -> str:
        """The scope tokens of one document."""
        tokens = [scope_token("v", row["visibility"]), scope_token("k", row["kind"])]
        if row["municipality_id"] is not None:
            tokens.append(scope_token("m", row["municipality_id"]))
        return " ".join(tokens)

    @staticmethod
    def _match(query: q.Query, scope: Scope, columns: str, kind: str | None) -> str:
        """The MATCH expression: the query in ``columns``, within the scope's tokens."""
        keys = " OR ".join(f'"{scope_token("v", key)}"' for key in scope.keys)
        expression = f"{q.fts5_match(query, column=columns)} AND scope_terms : ({keys})"
        if kind:
            expression += f' AND scope_terms : "{scope_token("k", kind)}"'
        if scope.municipality_id is not None:
            expression += f' AND scope_terms : "{scope_token("m", scope.municipality_id)}"'
        return expression

    def _rank(self):
        """bm25 with the title weighing more than the body (lower is better)."""
        return sa.func.bm25(sa.literal_column("search_fts"), *self.weights)

    def _ranked(self, match: str, scope: Scope, limit: int, offset: int = 0):
        """The ids and scores of the best matches (dates need the document table)."""
        statement = (
            sa.select(FTS.c.rowid.label("id"), self._rank().label("score"))
            .where(sa.text("search_fts MATCH :match").bindparams(match=match))
            .order_by(sa.literal_column("score"), FTS.c.rowid)
            .limit(limit)
            .offset(offset)
        )
        if scope.date_from is not None or scope.date_to is not None:
            statement = statement.join(Doc.__table__, Doc.id == FTS.c.rowid).where(
                *scope.date_filters()
            )
        return statement.subquery()

    def hits(self, connection, query, scope, limit, offset):
        """Ranked hits in scope."""
        match = self._match(query, scope, TEXT_COLUMNS, scope.kind)
        ranked = self._ranked(match, scope, limit, offset)
        statement = (
            sa.select(*HIT_COLUMNS)
            .join(ranked, Doc.id == ranked.c.id)
            .where(*scope.filters())
            .order_by(ranked.c.score, Doc.id)
        )
        return list(connection.execute(statement))

    def counts(self, connection, query, scope):
        """Per-kind counts in scope: a count of the FTS5 match per kind, in one statement."""
        codes = [kind.code for kind in kinds()]
        per_kind = []
        for code in codes:
            match = self._match(query, scope, TEXT_COLUMNS, code)
            statement = sa.select(sa.func.count()).select_from(FTS)
            statement = statement.where(
                sa.text(f"search_fts MATCH :match_{code}").bindparams(**{f"match_{code}": match})
            )
            if scope.date_from is not None or scope.date_to is not None:
                statement = statement.join(Doc.__table__, Doc.id == FTS.c.rowid).where(
                    *scope.date_filters()
                )
            per_kind.append(statement.scalar_subquery())
        row = connection.execute(sa.select(*per_kind)).one()
        return {code: count for code, count in zip(codes, row, strict=True) if count}

    def suggestions(self, connection, query, scope, limit):
        """Title-prefix matches in scope."""
        ranked = self._ranked(self._match(query, scope, "title_terms", None), scope, limit)
        statement = (
            sa.select(*SUGGESTION_COLUMNS)
            .join(ranked, Doc.id == ranked.c.id)
            .where(*scope.filters())
            .order_by(ranked.c.score, Doc.id)
        )
        return list(connection.execute(statement))

    def raw(self, connection, query, limit):
        """rowids of the best FTS5 matches of the words alone, nothing else."""
        statement = sa.text(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH :match "
            "ORDER BY bm25(search_fts, 10.0, 1.0, 0.0) LIMIT :limit"
        )
        match = q.fts5_match(query, column=TEXT_COLUMNS)
        return list(connection.execute(statement, {"match": match, "limit": limit}).scalars())


class PostgresEngine:
    """PostgreSQL full-text search with the built-in 'norwegian' configuration."""

    name = "postgresql-tsvector"

    def add(self, connection: Connection, documents: list[tuple[int, dict]]) -> None:
        """Compute the weighted vectors (title A, body B) of the new rows in the database."""
        if documents:
            connection.execute(
                sa.text(
                    "UPDATE search_document SET vector = "
                    "setweight(to_tsvector('norwegian', title), 'A') || "
                    "setweight(to_tsvector('norwegian', body), 'B') WHERE id IN :ids"
                ).bindparams(sa.bindparam("ids", expanding=True)),
                {"ids": [doc_id for doc_id, _row in documents]},
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
            .order_by(sa.func.ts_rank(VECTOR, tsquery).desc(), Doc.id)
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

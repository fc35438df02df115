"""The two search engines behind one interface, chosen by the database in use.

SQLite: an FTS5 table of Snowball stems made in Python (``query.stemmed``), ranked with bm25.
PostgreSQL: a tsvector column built with the 'norwegian' configuration, GIN-indexed, ranked
with ts_rank, and a small title-only tsvector beside it. Both filter on the shared
``search_document`` columns in the same statement, so hits, counts and suggestions only ever
include documents the caller's scope allows. A dedicated engine (OpenSearch) would be a third
class with the same methods.

Ranking is exact when a query matches at most ``depth`` documents. Beyond that (words that
occur in most documents, whose weight in the ranking is close to nil) an engine ranks a
bounded candidate set: the documents with every word in the title first, then the ``depth``
most recently indexed matches; older text-only matches are counted but not listed.
"""

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date
from functools import reduce
from itertools import count
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from portal.network.models import Municipality
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
TITLE_VECTOR = sa.literal_column("search_document.title_vector")
VECTOR_COLUMNS = {"vector", "title_vector"}
WITH_VECTORS = sa.table(  # search_document with the PostgreSQL columns the model leaves out
    "search_document", *(sa.column(column.name) for column in Doc.__table__.columns),
    *(sa.column(name) for name in sorted(VECTOR_COLUMNS)),
)  # fmt: skip
VECTOR_INDEXES = {"ix_search_document_vector", "ix_search_document_title_vector"}
NORWEGIAN = sa.literal_column("'norwegian'::regconfig")
WEIGHT_A, WEIGHT_B = sa.literal_column("'A'::\"char\""), sa.literal_column("'B'::\"char\"")
STATEMENTS_KEPT = 500  # built search statements kept per process (one per shape of query)
HIT_COLUMNS = (Doc.id, Doc.source, Doc.object_id, Doc.part, Doc.kind, Doc.title, Doc.body,
               Doc.municipality_id, Doc.date, Municipality.name.label("place"))  # fmt: skip
SUGGESTION_COLUMNS = (Doc.id, Doc.source, Doc.object_id, Doc.part, Doc.kind, Doc.title)


@dataclass(frozen=True)
class Scope:
    """Which documents a search may touch: visibility keys and the user's filters."""

    keys: tuple[str, ...]
    kind: str | None = None
    municipality_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def filters(self, with_kind: bool = True, bound: bool = False) -> list[Any]:
        """WHERE clauses on the document table: on the scope's values or, with ``bound``, on
        named parameters without values, which ``parameters()`` fills (a statement built so
        serves every scope of the same shape, and refuses to run without them)."""
        value = self._value(bound)
        clauses: list[Any] = [Doc.visibility.in_(value("scope_keys"))]
        if with_kind and self.kind:
            clauses.append(Doc.kind == value("scope_kind"))
        if self.municipality_id is not None:
            clauses.append(Doc.municipality_id == value("scope_municipality"))
        return clauses + self.date_filters(bound)

    def date_filters(self, bound: bool = False) -> list[Any]:
        """WHERE clauses for the date range."""
        value = self._value(bound)
        clauses = []
        if self.date_from is not None:
            clauses.append(Doc.date >= value("scope_from"))
        if self.date_to is not None:
            clauses.append(Doc.date <= value("scope_to"))
        return clauses

    def _value(self, bound: bool) -> Callable[[str], Any]:
        """A filter's value by parameter name, or with ``bound`` a parameter without one."""
        if bound:
            return lambda name: sa.bindparam(name, expanding=name == "scope_keys")
        return self.parameters().__getitem__

    def shape(self) -> tuple[bool, ...]:
        """Which filters are set: what a statement built on parameters depends on."""
        return (bool(self.kind), self.municipality_id is not None, self.date_from is not None,
                self.date_to is not None)  # fmt: skip

    def parameters(self) -> dict[str, Any]:
        """The values of the parameters that ``filters(bound=True)`` names."""
        return {"scope_keys": list(self.keys), "scope_kind": self.kind,
                "scope_municipality": self.municipality_id, "scope_from": self.date_from,
                "scope_to": self.date_to}  # fmt: skip


@dataclass(frozen=True)
class Page:
    """Which hits to rank and return: ``limit`` from ``offset``, ranking every match up to
    ``depth`` of them, counting each kind up to ``cap`` + 1."""

    limit: int
    offset: int
    depth: int
    cap: int


class Engine(Protocol):
    """What the search service needs from an engine."""

    name: str

    def insert(self, connection: Connection, rows: list[dict]) -> None:
        """Insert rows into search_document and index their words, in the same transaction."""

    def searching(self, connection: Connection) -> AbstractContextManager[None]:
        """A savepoint for one search, rolled back after it (a refused expression leaves the
        transaction usable; a search writes nothing)."""

    def results(
        self,
        connection: Connection,
        query: q.Query,
        scope: Scope,
        page: Page,
    ) -> tuple[dict[str, int], list[Row]]:
        """Matches in scope per kind, each counted up to ``page.cap`` + 1 (so a count above
        the cap means «more than cap»; the kind filter is ignored, so every kind is counted),
        and one page of the best-ranked hits of the scope's kind with HIT_COLUMNS: all
        matches ranked or, beyond ``page.depth`` matches, the title matches and the
        ``page.depth`` newest (see the module's note)."""

    def suggestions(
        self, connection: Connection, query: q.Query, scope: Scope, limit: int, depth: int
    ) -> list[Row]:
        """Documents whose titles start with the query's words, with SUGGESTION_COLUMNS (the
        best among the ``depth`` newest such documents)."""

    def raw(self, connection: Connection, query: q.Query, limit: int) -> list[int]:
        """The bare engine query without scope (for the benchmark's comparison)."""


def scope_token(marker: str, value: object) -> str:
    """A visibility key, kind or municipality as one FTS5 token (letters and digits only)."""
    return "x" + marker + re.sub(r"[^0-9a-z]", "", str(value).lower())


def fts_match(expression: str):
    """``search_fts MATCH`` an expression, as a bound parameter of its own."""
    return sa.literal_column("search_fts").op("MATCH")(
        sa.bindparam("match", expression, unique=True)
    )


class SqliteEngine:
    """FTS5 over Python-stemmed text in the same SQLite database.

    Each document's visibility, kind and municipality are tokens in a third column, so that
    the scope is part of the full-text match: FTS5 intersects them with the words before any
    row is read or ranked. The user's words are matched in the title and body columns only.
    """

    name = "sqlite-fts5"
    weights = (10.0, 1.0, 0.0)  # title, body, scope

    def insert(self, connection: Connection, rows: list[dict]) -> None:
        """Insert the documents, then their stems and scope tokens under the same ids."""
        if rows:
            statement = sa.insert(Doc).returning(Doc.id, sort_by_parameter_order=True)
            ids = connection.execute(statement, rows).scalars().all()
            connection.execute(
                sa.insert(FTS),
                [
                    {"rowid": doc_id, "title_terms": q.stemmed(row["title"]),
                     "body_terms": q.stemmed(row["body"]), "scope_terms": self._scope_terms(row)}
                    for doc_id, row in zip(ids, rows, strict=True)
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
    def _match(query: q.Query, scope: Scope, kind: str | None, in_title: bool = False) -> str:
        """The MATCH expression: the query in the text (with ``in_title``, every required part
        in the title), within the scope's tokens."""
        keys = " OR ".join(f'"{scope_token("v", key)}"' for key in scope.keys)
        if in_title:
            words = q.fts5_title_match(query, title="title_terms", text=TEXT_COLUMNS)
        else:
            words = q.fts5_match(query, column=TEXT_COLUMNS)
        expression = f"{words} AND scope_terms : ({keys})"
        if kind:
            expression += f' AND scope_terms : "{scope_token("k", kind)}"'
        if scope.municipality_id is not None:
            expression += f' AND scope_terms : "{scope_token("m", scope.municipality_id)}"'
        return expression

    def _rank(self):
        """bm25 with the title weighing more than the body (lower is better)."""
        return sa.func.bm25(sa.literal_column("search_fts"), *self.weights)

    @staticmethod
    def _within_dates(statement, scope: Scope):
        """The statement joined with the document table when the scope has a date range."""
        if scope.date_from is None and scope.date_to is None:
            return statement
        return statement.join(Doc.__table__, Doc.id == FTS.c.rowid).where(*scope.date_filters())

    def _newest(self, match: str, scope: Scope, depth: int, tier: int):
        """Candidates of one tier: the ``depth`` newest matches (all, if fewer), with scores.

        FTS5 walks the matches by descending rowid without reading or ranking them, so the
        cut-off id is cheap; bm25 then runs only on the rows at or above it.
        """
        cutoff = (
            self._within_dates(sa.select(FTS.c.rowid).where(fts_match(match)), scope)
            .order_by(FTS.c.rowid.desc())
            .limit(1)
            .offset(depth - 1)
            .correlate(None)
            .scalar_subquery()
        )
        statement = sa.select(
            FTS.c.rowid.label("id"), sa.literal(tier).label("tier"), self._rank().label("score")
        ).where(fts_match(match), FTS.c.rowid >= sa.func.coalesce(cutoff, 0))
        return self._within_dates(statement, scope)

    def _ranked(self, query: q.Query, scope: Scope, limit: int, offset: int, depth: int | None):
        """ids, tiers and scores of one page of matches, best first."""
        if depth is None:
            candidates = self._within_dates(
                sa.select(
                    FTS.c.rowid.label("id"),
                    sa.literal(0).label("tier"),
                    self._rank().label("score"),
                ).where(fts_match(self._match(query, scope, scope.kind))),
                scope,
            ).subquery()
        else:
            title_match = self._match(query, scope, scope.kind, in_title=True)
            title = self._newest(title_match, scope, depth, 0).cte("title_tier")
            text = self._newest(self._match(query, scope, scope.kind), scope, depth, 1).where(
                FTS.c.rowid.not_in(sa.select(title.c.id))
            )
            candidates = sa.union_all(sa.select(title), text).subquery()
        return (
            sa.select(candidates)
            .order_by(candidates.c.tier, candidates.c.score, candidates.c.id)
            .limit(limit)
            .offset(offset)
            .subquery()
        )

    def searching(self, connection: Connection) -> AbstractContextManager[None]:
        """A savepoint rolled back after the search."""
        return rolled_back(connection)

    def results(self, connection, query, scope, page):
        """The counts, then the hits (skipped when nothing matched), in two statements."""
        counts = self._counts(connection, query, scope, page.cap)
        shown = counts.get(scope.kind, 0) if scope.kind else sum(counts.values())
        if not shown:
            return counts, []
        depth = page.depth if shown > page.depth else None
        return counts, self._hits(connection, query, scope, page.limit, page.offset, depth)

    def _hits(self, connection, query, scope, limit, offset, depth):
        """Ranked hits in scope."""
        ranked = self._ranked(query, scope, limit, offset, depth)
        statement = (
            sa.select(*HIT_COLUMNS)
            .join(ranked, Doc.id == ranked.c.id)
            .outerjoin(Municipality, Municipality.id == Doc.municipality_id)
            .where(*scope.filters())
            .order_by(ranked.c.tier, ranked.c.score, Doc.id)
        )
        return list(connection.execute(statement))

    def _counts(self, connection, query, scope, cap):
        """Per-kind counts in scope, each stopping at cap + 1 matches, in one statement."""
        codes = [kind.code for kind in kinds()]
        per_kind = []
        for code in codes:
            matches = self._within_dates(
                sa.select(FTS.c.rowid).where(fts_match(self._match(query, scope, code))), scope
            )
            capped = matches.limit(cap + 1).subquery()
            per_kind.append(sa.select(sa.func.count()).select_from(capped).scalar_subquery())
        row = connection.execute(sa.select(*per_kind)).one()
        return {code: count for code, count in zip(codes, row, strict=True) if count}

    def suggestions(self, connection, query, scope, limit, depth):
        """Title-prefix matches in scope, among the ``depth`` newest."""
        match = self._match(query, scope, None, in_title=True)
        candidates = self._newest(match, scope, depth, 0).subquery()
        statement = (
            sa.select(*SUGGESTION_COLUMNS)
            .join(candidates, Doc.id == candidates.c.id)
            .where(*scope.filters())
            .order_by(candidates.c.score, Doc.id)
            .limit(limit)
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


@contextmanager
def rolled_back(connection: Connection, *settings: str) -> Iterator[None]:
    """A savepoint, with ``settings`` applied inside it, rolled back after the statements inside
    (a search writes nothing; a refused expression leaves the transaction usable).

    PostgreSQL searches are planned with ``SET LOCAL enable_seqscan = off``: for a word in most
    documents the planner prefers a sequential scan, which decompresses and tests the vector of
    every row in the table; a bitmap scan of the GIN index reads only the rows the index names.
    SET LOCAL ends with the savepoint, so no later statement of the request is planned so.
    """
    savepoint = connection.begin_nested()
    try:
        for setting in settings:
            connection.exec_driver_sql(setting)
        yield
    finally:
        savepoint.rollback()


def _part_value(part: q.Part) -> str:
    """What one part gives PostgreSQL's tsquery function: a prefix with :*, a phrase's words."""
    return part.words[0] + ":*" if part.prefix else " ".join(part.words)


class PostgresEngine:
    """PostgreSQL full-text search with the built-in 'norwegian' configuration.

    ``vector`` holds the weighted words of title (A) and text (B) and answers every match;
    ``title_vector`` holds the title's alone, small enough to rank without decompressing the
    large vector, and serves suggestions and the title tier.
    """

    name = "postgresql-tsvector"

    def __init__(self) -> None:
        self._statements: dict[tuple, Any] = {}

    def insert(self, connection: Connection, rows: list[dict]) -> None:
        """Insert the documents with their vectors computed in the same statement, so that
        each row is written once (not inserted and then updated)."""
        if rows:
            title = sa.func.to_tsvector(NORWEGIAN, sa.bindparam("title_words"))
            body = sa.func.to_tsvector(NORWEGIAN, sa.bindparam("body_words"))
            vector = sa.func.setweight(title, WEIGHT_A).op("||")(sa.func.setweight(body, WEIGHT_B))
            connection.execute(
                sa.insert(WITH_VECTORS).values(title_vector=title, vector=vector),
                [row | {"title_words": row["title"], "body_words": row["body"]} for row in rows],
            )

    @staticmethod
    def _part(part: q.Part, name: str | None = None):
        """One part as a tsquery: words are bound parameters (named ``name`` and filled by
        ``parameters()`` when given), never query syntax."""
        value = sa.bindparam(name) if name else _part_value(part)
        if part.prefix:  # the word holds letters and digits only (query.WORD)
            return sa.func.to_tsquery(NORWEGIAN, value)
        if len(part.words) > 1:
            return sa.func.phraseto_tsquery(NORWEGIAN, value)
        return sa.func.plainto_tsquery(NORWEGIAN, value)

    def tsquery(self, query: q.Query, bound: bool = False):
        """The whole query: all required parts, none of the excluded ones (with ``bound``, on
        parameters named by position, so the statement serves every query of the same shape)."""
        names = (f"part{number}" if bound else None for number in count())
        required = [self._part(part, next(names)) for part in query.required]
        expression = reduce(sa.func.tsquery_and, required)
        for part in query.excluded:
            excluded = sa.func.tsquery_not(self._part(part, next(names)))
            expression = sa.func.tsquery_and(expression, excluded)
        return expression

    @staticmethod
    def parameters(query: q.Query, scope: Scope) -> dict[str, Any]:
        """The values of the parameters a bound statement names: the parts, then the scope."""
        parts = (*query.required, *query.excluded)
        return {f"part{number}": _part_value(part) for number, part in enumerate(parts)} | (
            scope.parameters()
        )

    @staticmethod
    def _newest(vector, tsquery, conditions: list[Any], depth: int, tier: int):
        """Candidates of one tier: the ``depth`` newest matches, ranked only once cut."""
        newest = (
            sa.select(Doc.id, vector.label("ranked_vector"))
            .where(*conditions)
            .order_by(Doc.id.desc())
            .limit(depth)
            .subquery()
        )
        score = sa.func.ts_rank(newest.c.ranked_vector, tsquery)
        return sa.select(newest.c.id, sa.literal(tier).label("tier"), score.label("score"))

    def searching(self, connection: Connection) -> AbstractContextManager[None]:
        """A savepoint planning without sequential scans, rolled back after the search."""
        return rolled_back(connection, "SET LOCAL enable_seqscan = off")

    def _candidates(self, query: q.Query, scope: Scope, shown, depth: int):
        """ids, tiers and scores of the matches to rank: every match when there are at most
        ``depth``, otherwise the title tier and the ``depth`` newest (one branch runs)."""
        tsquery = self.tsquery(query, bound=True)
        beyond = sa.select(shown.c.id).limit(depth + 1).subquery()
        deep_cte = sa.select((sa.func.count() > depth).label("deep")).select_from(beyond)
        deep = deep_cte.cte("deep").select().scalar_subquery()
        every = sa.select(
            Doc.id, sa.literal(0).label("tier"), sa.func.ts_rank(VECTOR, tsquery).label("score")
        ).where(Doc.id.in_(shown.select()), sa.not_(deep))
        required = self.tsquery(query.without_exclusions(), bound=True)
        titled = (
            sa.select(Doc.id)
            .where(deep, TITLE_VECTOR.op("@@")(required), VECTOR.op("@@")(tsquery))
            .where(*scope.filters(bound=True))
            .order_by(Doc.id.desc())
            .limit(depth)
            .cte("titled")
        )
        title_tier = sa.select(
            Doc.id, sa.literal(0).label("tier"), sa.func.ts_rank(TITLE_VECTOR, required)
        ).where(Doc.id.in_(titled.select()))
        newest = sa.select(shown.c.id).where(deep).order_by(shown.c.id.desc()).limit(depth)
        text_tier = sa.select(
            Doc.id, sa.literal(1).label("tier"), sa.func.ts_rank(VECTOR, tsquery)
        ).where(Doc.id.in_(newest.subquery().select()), Doc.id.not_in(titled.select()))
        return sa.union_all(every, title_tier, text_tier).subquery()

    def _statement(self, query: q.Query, scope: Scope, page: Page, codes: tuple[str, ...]):
        """The counts per kind (one column each, in the order of ``codes``) beside one page of
        hits, on parameters: built once per shape of query and scope."""
        matches = (
            sa.select(Doc.id, Doc.kind)
            .where(VECTOR.op("@@")(self.tsquery(query, bound=True)))
            .where(*scope.filters(with_kind=False, bound=True))
            .cte("matches")
            .prefix_with("MATERIALIZED")
        )
        counted = sa.select(
            *[sa.func.count().filter(matches.c.kind == code).label(f"found_{number}")
              for number, code in enumerate(codes)]
        ).subquery()  # fmt: skip
        shown = sa.select(matches.c.id)
        if scope.kind:
            shown = shown.where(matches.c.kind == sa.bindparam("scope_kind"))
        candidates = self._candidates(query, scope, shown.subquery("shown"), page.depth)
        best = (
            sa.select(candidates)
            .order_by(candidates.c.tier, candidates.c.score.desc(), candidates.c.id)
            .limit(page.limit)
            .offset(page.offset)
            .subquery()
        )
        hits = (
            sa.select(*HIT_COLUMNS, best.c.tier, best.c.score)
            .join(best, Doc.id == best.c.id)
            .outerjoin(Municipality, Municipality.id == Doc.municipality_id)
            .subquery()
        )
        return (
            sa.select(*counted.c, *[hits.c[column.key] for column in HIT_COLUMNS])
            .select_from(counted.outerjoin(hits, sa.true()))
            .order_by(hits.c.tier, hits.c.score.desc(), hits.c.id)
        )

    def results(self, connection, query, scope, page):
        """Counts and one page of hits in one statement: the index is asked, and positions
        re-checked, once for both (run inside ``searching``)."""
        codes = tuple(kind.code for kind in kinds())
        shape = (query.shape(), scope.shape(), page, codes)
        statement = self._statements.get(shape)
        if statement is None:
            if len(self._statements) >= STATEMENTS_KEPT:
                self._statements.clear()
            statement = self._statements[shape] = self._statement(query, scope, page, codes)
        rows = connection.execute(statement, self.parameters(query, scope)).all()
        found = {code: min(rows[0][number], page.cap + 1) for number, code in enumerate(codes)}
        return {code: n for code, n in found.items() if n}, [
            row for row in rows if row.id is not None
        ]

    def suggestions(self, connection, query, scope, limit, depth):
        """Title-prefix matches in scope, among the ``depth`` newest."""
        tsquery = self.tsquery(query)
        in_title = [TITLE_VECTOR.op("@@")(tsquery), *scope.filters()]
        candidates = self._newest(TITLE_VECTOR, tsquery, in_title, depth, 0).subquery()
        statement = (
            sa.select(*SUGGESTION_COLUMNS)
            .join(candidates, Doc.id == candidates.c.id)
            .order_by(candidates.c.score.desc(), Doc.id)
            .limit(limit)
        )
        return list(connection.execute(statement))

    def raw(self, connection, query, limit):
        """ids of the best tsvector matches, nothing else."""
        tsquery = self.tsquery(query)
        statement = (
            sa.select(Doc.id)
            .where(VECTOR.op("@@")(tsquery))
            .order_by(sa.func.ts_rank(VECTOR, tsquery).desc(), Doc.id)
            .limit(limit)
        )
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
    if type_ == "column" and name in VECTOR_COLUMNS and obj.table.name == "search_document":
        return False
    return not (type_ == "index" and name in VECTOR_INDEXES)

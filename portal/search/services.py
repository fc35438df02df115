"""Search: keep the index in step with the sources, and answer queries through the policy."""

import datetime
import logging
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import format_number
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from portal import access
from portal.extensions import db
from portal.search import query as q
from portal.search import registry
from portal.search.engines import Engine, Page, Scope, engine_for
from portal.search.models import SearchDocument as Doc

PER_PAGE = 20
SUGGESTIONS = 8
COUNT_CAP = 1_000  # each kind is counted up to here; beyond it the page says «over 1 000»
RANK_DEPTH = 500  # more matches: the title matches and the newest 500 are ranked (<= COUNT_CAP)
TITLE_CHARS = 300
BODY_CHARS = 100_000
REINDEX_BATCH = 500

log = logging.getLogger(__name__)


# --- The index -------------------------------------------------------------------------------


def engine_of(session: Session) -> Engine:
    """The engine for the session's database."""
    return engine_for(session.get_bind().dialect.name)


def _rows(source: registry.Source, object_id: int, documents: list[registry.Document]):
    """The table rows of an object's documents, cut to the index's sizes."""
    return [
        {"source": source.name, "object_id": object_id, "part": doc.part, "kind": source.kind.code,
         "title": doc.title[:TITLE_CHARS], "body": doc.body[:BODY_CHARS],
         "visibility": doc.visibility, "municipality_id": doc.municipality_id, "date": doc.date}
        for doc in documents
    ]  # fmt: skip


def unindex(connection: Connection, source: registry.Source, object_id: int) -> None:
    """Remove an object's documents (on SQLite a trigger removes their stems with them)."""
    connection.execute(sa.delete(Doc).where(Doc.source == source.name, Doc.object_id == object_id))


def index_object(session: Session, source: registry.Source, obj: Any) -> None:
    """Replace an object's documents with what the source makes of it now."""
    connection = session.connection()
    unindex(connection, source, obj.id)
    engine_of(session).insert(connection, _rows(source, obj.id, source.documents(obj)))


def reindex(session: Session) -> dict[str, int]:
    """Rebuild the whole index from the sources; return documents per source."""
    connection = session.connection()
    engine = engine_of(session)
    connection.execute(sa.delete(Doc))
    counts = {}
    for source in registry.sources():
        counts[source.name] = 0
        batch: list[dict] = []
        for obj in session.scalars(sa.select(source.model).order_by(source.model.id)):
            batch += _rows(source, obj.id, source.documents(obj))
            if len(batch) >= REINDEX_BATCH:
                engine.insert(connection, batch)
                counts[source.name] += len(batch)
                batch = []
        engine.insert(connection, batch)
        counts[source.name] += len(batch)
    # A bulk load leaves the planner without statistics until autovacuum gets to the table.
    connection.exec_driver_sql("ANALYZE search_document")
    return counts


def document_count(session: Session) -> int:
    """How many documents the index holds."""
    return session.scalar(sa.select(sa.func.count()).select_from(Doc)) or 0


# --- Asking ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the search to."""

    kind: str | None = None
    municipality_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    page: int = 1


@dataclass(frozen=True)
class Hit:
    """One result as shown: highlighted title and snippet, where it lives, its date."""

    kind: registry.Kind
    title: Markup
    snippet: Markup
    url: str
    where: str
    date: datetime.date | None
    draft: bool


@dataclass
class Results:
    """One page of results, and the per-kind counts of what the user may see."""

    query: q.Query
    filters: Filters
    hits: list[Hit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    failed: bool = False

    @property
    def total(self) -> int:
        """How many hits there are (a lower bound when a count stopped at the cap)."""
        return sum(min(count, COUNT_CAP) for count in self.counted())

    @property
    def pages(self) -> int:
        """How many pages the results fill (no deeper than the ranked candidates reach)."""
        return max(1, math.ceil(min(self.total, RANK_DEPTH) / PER_PAGE))

    def groups(self) -> list[tuple[registry.Kind, list[Hit]]]:
        """The page's hits grouped by kind, the group of the best hit first."""
        grouped: dict[str, tuple[registry.Kind, list[Hit]]] = {}
        for hit in self.hits:
            grouped.setdefault(hit.kind.code, (hit.kind, []))[1].append(hit)
        return list(grouped.values())

    def kinds(self) -> list[tuple[registry.Kind, str]]:
        """Every kind with its count as shown, for the filter."""
        return [(kind, shown([self.counts.get(kind.code, 0)])) for kind in registry.kinds()]

    def all_shown(self) -> str:
        """The count of every kind together, as shown."""
        return shown(self.counts.values())

    def total_shown(self) -> str:
        """The number of hits as shown."""
        return shown(self.counted())

    def counted(self) -> list[int]:
        """The counts behind the total: the filtered kind's, or every kind's."""
        return (
            [self.counts.get(self.filters.kind, 0)]
            if self.filters.kind
            else [*self.counts.values()]
        )


def shown(counts: Iterable[int]) -> str:
    """Counts added up for the page: the sum, or «over N» when one stopped at the cap."""
    counts = list(counts)
    total = format_number(sum(min(count, COUNT_CAP) for count in counts))
    if any(count > COUNT_CAP for count in counts):
        return _("over %(count)s", count=total)
    return total


def visibility_keys(user) -> tuple[str, ...]:
    """The visibility keys of the documents a user may find (the policy decides per hit too)."""
    keys = [registry.NETWORK]
    if user.municipality_id is not None:
        keys.append(registry.municipality_key(user.municipality_id))
    if access.is_coordinator(user):
        keys.append(registry.COORDINATORS)
    return tuple(keys)


def _scope(user, filters: Filters) -> Scope:
    """The user's visibility keys and filters."""
    return Scope(
        keys=visibility_keys(user),
        kind=filters.kind,
        municipality_id=filters.municipality_id,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )


def _permitted(user, rows: list[Row]) -> list[tuple[Row, Any]]:
    """The rows (with their objects) the user may open, checked with the rule of their pages."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        wanted[row.source].add(row.object_id)
    objects: dict[tuple[str, int], Any] = {}
    for name, ids in wanted.items():
        source = registry.source(name)
        if source is None:
            continue
        found = sa.select(source.model).where(source.model.id.in_(ids)).options(*source.loads)
        for obj in db.session.scalars(found):
            objects[(name, obj.id)] = obj
    allowed = []
    for row in rows:
        obj = objects.get((row.source, row.object_id))
        source = registry.source(row.source)
        if obj is not None and access.can(user, source.view_action(row.part), obj):
            allowed.append((row, obj))
        else:  # the index and the policy disagree: never show it; say so without the query
            log.warning("search hit withheld", extra={"fields": {"document_id": row.id}})
    return allowed


def search(user, text: str, filters: Filters, per_page: int = PER_PAGE) -> Results:
    """One page of what the user may see that matches the query, and counts per kind."""
    query = q.parse(text)
    results = Results(query=query, filters=filters)
    if not query.runnable:
        return results
    engine = engine_of(db.session)
    connection = db.session.connection()
    scope = _scope(user, filters)
    page = Page(
        limit=per_page, offset=(filters.page - 1) * per_page, depth=RANK_DEPTH, cap=COUNT_CAP
    )
    try:
        with engine.searching(connection):
            results.counts, rows = engine.results(connection, query, scope, page)
    except DBAPIError:  # the engine refused the expression: never a 500, never the text in logs
        log.warning("search query refused by the engine", extra={"fields": {"engine": engine.name}})
        results.failed = True
        return results
    permitted = _permitted(user, rows)
    for row, obj in permitted:
        source = registry.source(row.source)
        results.hits.append(
            Hit(
                kind=source.kind,
                title=q.highlight(row.title, query, limit=None),
                snippet=q.highlight(row.body, query),
                url=source.url(obj),
                where=row.place or "",
                date=row.date,
                draft=bool(row.part),
            )
        )
    return results


def suggest(user, text: str, limit: int = SUGGESTIONS) -> list[dict]:
    """Titles that start with what the user has typed so far, among what they may see."""
    query = q.prefix_query(text)
    if not query.runnable:
        return []
    engine = engine_of(db.session)
    connection = db.session.connection()
    try:
        with connection.begin_nested():
            rows = engine.suggestions(connection, query, _scope(user, Filters()), limit, RANK_DEPTH)
    except DBAPIError:
        log.warning("search suggestion refused by the engine")
        return []
    return [
        {"title": row.title, "url": registry.source(row.source).url(obj),
         "kind": str(registry.source(row.source).kind.label)}
        for row, obj in _permitted(user, rows)
    ]  # fmt: skip

"""Search sources: each feature tells, from its own package, how its objects become documents.

A source names the model it indexes (the root), a function that turns one root object into
zero or more documents (zero: not searchable in its current state), the models whose changes
touch the root's documents, and how to check a hit against the access policy.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

NETWORK = "network"
COORDINATORS = "coordinators"


def municipality_key(municipality_id: int) -> str:
    """The visibility key of documents seen only inside one municipality."""
    return f"municipality:{municipality_id}"


@dataclass(frozen=True)
class Document:
    """What the index keeps of one searchable thing: the words and where it may be shown."""

    title: str
    body: str
    visibility: str
    part: str = ""
    municipality_id: int | None = None
    date: datetime.date | None = None


@dataclass(frozen=True)
class Kind:
    """A group of results the user can filter by («Rutiner», «Saker», …)."""

    code: str
    label: Any
    order: int


@dataclass(frozen=True)
class Source:
    """How one model is indexed, linked and checked."""

    name: str
    kind: Kind
    model: type
    documents: Callable[[Any], list[Document]]
    url: Callable[[Any], str]
    view_action: Callable[[str], str]
    watches: dict[type, Callable[[Any], Iterable[Any]]] = field(default_factory=dict)
    loads: tuple[Any, ...] = ()  # loader options for what view_action's rule reads of a hit


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    """Add a source (once per name)."""
    if source.name in _SOURCES:
        raise ValueError(f"search source {source.name!r} is registered already")
    _SOURCES[source.name] = source
    return source


def sources() -> list[Source]:
    """Every registered source."""
    return list(_SOURCES.values())


def source(name: str) -> Source | None:
    """The source of that name, if any."""
    return _SOURCES.get(name)


def kinds() -> list[Kind]:
    """The result groups, in display order."""
    found = {s.kind.code: s.kind for s in _SOURCES.values()}
    return sorted(found.values(), key=lambda k: k.order)


def roots_of(obj: Any) -> list[tuple[Source, Any]]:
    """The (source, root object) pairs whose documents a change to ``obj`` may touch."""
    found = []
    for candidate in _SOURCES.values():
        if isinstance(obj, candidate.model):
            found.append((candidate, obj))
        for model, to_roots in candidate.watches.items():
            if isinstance(obj, model):
                found.extend((candidate, root) for root in to_roots(obj) if root is not None)
    return found

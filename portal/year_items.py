"""The årshjul's sources: each feature registers a function listing its dated items for a user.

A source is called with the viewing user and a date range and returns only items that user may
see (each source asks the policy). ``concerns_user`` marks items that belong in the user's
personal calendar feed. Pure: no Flask, no database.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

KINDS = {
    "samling": "Samlinger",
    "debrief": "Debrifing-torsdager",
    "survey": "Kartlegginger",
    "review": "Revisjon av rutiner",
    "homework": "Frister for hjemmelekser",
    "agreement": "Bistandsavtaler",
    "event": "Andre hendelser",
}


@dataclass(frozen=True)
class WheelItem:
    """One dated item on the year: a day or a period, with a link to its page."""

    kind: str
    uid: str
    title: str
    starts_on: date
    ends_on: date
    url: str = ""
    concerns_user: bool = False

    @property
    def kind_label(self) -> str:
        """The kind in Norwegian."""
        return KINDS[self.kind]


Source = Callable[[Any, date, date], Iterable[WheelItem]]
_SOURCES: dict[str, Source] = {}


def source(kind: str) -> Callable[[Source], Source]:
    """Register the source of one kind of item."""
    if kind not in KINDS:
        raise ValueError(f"unknown årshjul kind {kind!r}")

    def register(collect: Source) -> Source:
        _SOURCES[kind] = collect
        return collect

    return register


def items_for(user, start: date, end: date, kinds: Iterable[str] | None = None) -> list[WheelItem]:
    """Every item the user may see between start and end (inclusive), sorted by date."""
    wanted = set(kinds) if kinds else set(_SOURCES)
    found = [
        item
        for kind, collect in _SOURCES.items()
        if kind in wanted
        for item in collect(user, start, end)
        if item.ends_on >= start and item.starts_on <= end
    ]
    return sorted(found, key=lambda i: (i.starts_on, i.ends_on, i.kind, i.title))


def registered_kinds() -> list[str]:
    """The kinds that have a source, in display order."""
    return [kind for kind in KINDS if kind in _SOURCES]

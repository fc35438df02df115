"""GDPR access: each feature registers what it holds about a person; the export collects it."""

from collections.abc import Callable
from typing import Any

DataSource = Callable[[Any], Any]
_SOURCES: dict[str, DataSource] = {}


def source(name: str) -> Callable[[DataSource], DataSource]:
    """Register a function(user) returning JSON-ready data about that user under ``name``."""

    def register(collect: DataSource) -> DataSource:
        _SOURCES[name] = collect
        return collect

    return register


def collect(user) -> dict[str, Any]:
    """Everything the registered sources hold about ``user``."""
    return {name: gather(user) for name, gather in sorted(_SOURCES.items())}

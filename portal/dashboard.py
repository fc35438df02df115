"""Start-page panels: each feature registers a function that returns a panel for a user."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Panel:
    """A start-page panel: a template under templates/ and the values it needs."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelSource = Callable[[Any], Panel | None]
_SOURCES: list[tuple[int, PanelSource]] = []


def panel(order: int) -> Callable[[PanelSource], PanelSource]:
    """Register a panel source; lower ``order`` comes first on the page."""

    def register(source: PanelSource) -> PanelSource:
        _SOURCES.append((order, source))
        _SOURCES.sort(key=lambda item: item[0])
        return source

    return register


def panels_for(user) -> list[Panel]:
    """Return the panels this user should see, in page order."""
    return [p for _, source in _SOURCES if (p := source(user)) is not None]

"""Start-page panels: each feature registers a function that returns a panel for a user.

The panels cost about twenty small queries, and the start page is the page people come back
to most. Their rendered HTML is kept for a few seconds (``DASHBOARD_CACHE_SECONDS``) under a key
made of the user, their role and municipality, their login session and the number of changes
they have made in it (``note_change``, counted in the signed session cookie, so every process
sees it): a member gets only what was rendered for them in this login, their own changes show
at once, and other people's changes within those seconds.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from cachetools import TTLCache
from flask import current_app, session

CHANGES_KEY = "changes"  # in the session cookie: how many changes this login has made
CACHE_SIZE = 4096  # login sessions per process
_lock = Lock()


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


def note_change() -> None:
    """Count a change made in this login session (its start-page panels are rendered anew)."""
    session[CHANGES_KEY] = session.get(CHANGES_KEY, 0) + 1


def cached_panels(key: Hashable, render: Callable[[], str]) -> str:
    """The panels' HTML for ``key`` plus this session's change count, rendered when not kept."""
    seconds = current_app.config["DASHBOARD_CACHE_SECONDS"]
    if seconds <= 0:
        return render()
    key = (key, session.get(CHANGES_KEY, 0))
    with _lock:
        cache = current_app.extensions.setdefault(
            "dashboard_panels", TTLCache(maxsize=CACHE_SIZE, ttl=seconds)
        )
        found = cache.get(key)
    if found is None:
        found = render()
        with _lock:
            cache[key] = found
    return found

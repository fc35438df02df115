"""Survey results worked out once per results version: aggregates and rendered heatmaps.

Aggregating every answer (357 municipalities x 40 areas) and rendering the heatmap take far
longer than a page should. Both depend only on the survey and its submitted answers, which
change only through a submission, opening, closing or a change of settings; each of those
raises ``Survey.results_version``.
Entries are keyed by survey (id and creation time, so a wiped or restored database cannot
match a stale entry) and version: a changed survey is looked up under a new key, in every
process alike. Values are plain data or HTML, never ORM objects. Each app has its own cache
(one app, one database).
"""

from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any, TypeVar

from cachetools import LRUCache
from flask import current_app

from portal.surveys.models import Survey

CACHE_SIZE = 256  # entries per process: a few per survey (aggregate, gaps, heatmap HTML, SVG)
_lock = Lock()
T = TypeVar("T")


def results_changed(survey: Survey) -> None:
    """Mark the survey's results as changed (counted in SQL, so concurrent saves add up)."""
    survey.results_version = Survey.results_version + 1


def cached(survey: Survey, part: Hashable, compute: Callable[[], T]) -> T:
    """``part`` of the survey's results at its current version, computed on the first call."""
    key = (survey.id, survey.created_at, survey.results_version, part)
    with _lock:
        cache = current_app.extensions.setdefault("survey_results", LRUCache(maxsize=CACHE_SIZE))
        found: Any = cache.get(key)
    if found is None:
        found = compute()
        with _lock:
            cache[key] = found
    return found


def etag(survey: Survey, part: str) -> str:
    """An entity tag for a cached part: it changes exactly when the results version does."""
    created = survey.created_at.timestamp()
    return f"s{survey.id}-{created:.6f}-v{survey.results_version}-{part}"

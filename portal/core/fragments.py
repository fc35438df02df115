"""Memoised template fragments: a macro's HTML kept for the exact plain values it was given.

A list row is rendered from a handful of plain values (an id, a title, a status, a date), and
the same values give the same HTML for everyone, so a row is rendered once per process and then
taken from a bounded LRU. Correct by construction rather than by invalidation: the key is the
macro's compiled code, the request's locale and script root, and every argument; only plain
immutable values are accepted (an ORM object could change behind the key), and the macros live
in ``*_rows.html`` files that use nothing but their arguments, ``_`` and ``url_for``
(tests/core/test_fragments.py checks every such file).

In a template: ``{% from "x/_rows.html" import row %}`` then ``{{ memo(row, a, b, c) }}``.
"""

import threading
from contextlib import suppress
from datetime import date, datetime, time
from typing import Any

from cachetools import LRUCache
from flask import g, has_request_context, request, url_for
from flask_babel import get_locale
from jinja2.runtime import Macro
from markupsafe import Markup

# Bounded by the characters of HTML kept, not by a number of fragments: a list row is a few
# hundred, a case's section or a whole table body can be tens of thousands. A fragment's key
# holds the values it shows, so memory is some two to three times this: about 30–60 MB a process.
CACHE_CHARACTERS = 15_000_000
PLAIN = (str, int, float, bool, type(None), date, datetime, time)  # Markup is a str


def new_cache(characters: int) -> LRUCache:
    """An LRU of fragments holding at most this many characters of HTML."""
    return LRUCache(maxsize=characters, getsizeof=len)


_cache: LRUCache = new_cache(CACHE_CHARACTERS)
_lock = threading.Lock()


def _plain(value: Any) -> bool:
    """True for a value that cannot change behind a cache key."""
    if isinstance(value, tuple):
        return all(_plain(item) for item in value)
    return isinstance(value, PLAIN)


def _request_key() -> tuple[str, str]:
    """What a fragment depends on besides its arguments: the locale and the script root."""
    if not has_request_context():
        return (str(get_locale()), "")
    store = g._get_current_object()
    try:
        return store.fragment_key
    except AttributeError:
        store.fragment_key = (str(get_locale()), request.script_root)
        return store.fragment_key


def memo(macro: Macro, *args: Any) -> Markup:
    """The macro's HTML for these arguments, rendered once and then kept."""
    key = (macro._func.__code__, _request_key(), args)
    try:
        with _lock:
            return _cache[key]
    except (KeyError, TypeError):  # not kept yet, or unhashable: refused below with a message
        pass
    if not all(_plain(arg) for arg in args):
        kinds = ", ".join(sorted({type(arg).__name__ for arg in args if not _plain(arg)}))
        raise TypeError(f"memo() takes plain values only, not {kinds}")
    html = macro(*args)  # Markup: the macro escaped its values as it rendered
    with _lock, suppress(ValueError):  # larger than the whole cache: rendered every time
        _cache[key] = html
    return html


ID_SENTINEL = 987_654_321  # stands in for the id while the URL is built (ids are < 2**31)


def id_url(endpoint: str, key: str, **values: Any) -> str:
    """The endpoint's URL as a ``%d`` format for one id, built once for a whole list.

    ``{% set case_url = id_url('cases.show', 'case_id') %}`` then ``{{ case_url % item.id }}``:
    werkzeug builds the URL once (script root, rule, converters and the other ``values`` as
    url_for does) instead of once per row; the id may also be a query value (a page number).
    """
    built = url_for(endpoint, **values, **{key: ID_SENTINEL})
    return built.replace("%", "%%").replace(str(ID_SENTINEL), "%d", 1)

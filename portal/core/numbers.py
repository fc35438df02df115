"""Whole numbers from URLs: ids and page numbers fit a database integer, or they are not valid.

A 20-digit ``?side=`` or ``/medlemmer/<id>`` would overflow PostgreSQL's (and SQLite's) integer
and answer 500; here it is simply not a number the portal knows.
"""

from flask import request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


def bounded_int(raw: object) -> int | None:
    """``raw`` as an integer in 1..MAX_ID (plain digits only), or None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 10:
        value = int(raw)
    else:
        return None
    return value if 1 <= value <= MAX_ID else None


def int_arg(name: str, default: int | None = None) -> int | None:
    """A query-string number (page, municipality, person) in range, else ``default``."""
    value = bounded_int(request.args.get(name, ""))
    return default if value is None else value


class IdConverter(IntegerConverter):
    """The ``<int:...>`` URL converter, limited to 1..MAX_ID (anything else is a 404)."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 - Werkzeug's signature
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)

"""Loading: one object by id with loader options, through a statement built once; rows of a
column statement without the ORM layer."""

from functools import lru_cache
from typing import Any

from flask import abort
from sqlalchemy import Row, Select, bindparam, select

from portal.extensions import db


@lru_cache(maxsize=64)  # the options are module constants: one statement per kind of page
def by_id(model: type, options: tuple) -> Select:
    """``model`` by id (the ``object_id`` parameter) with these loader options, built once:
    Session.get with options builds a new statement and its cache key on every call."""
    return select(model).options(*options).where(model.id == bindparam("object_id"))


def get_or_404(model: type, object_id: int, options: tuple[Any, ...] = ()):
    """The object with this id (its relationships as ``options`` say); 404 when there is none."""
    if not options:
        return db.get_or_404(model, object_id)
    obj = db.session.scalar(by_id(model, options), {"object_id": object_id})
    if obj is None:
        abort(404)
    return obj


def read_rows(statement: Select, **values: Any) -> list[Row]:
    """The rows of a statement of columns (no ORM objects), ``values`` bound: executed on the
    session's connection, past the ORM's per-query layer (a list page's query costs about half).
    Whatever the session has pending is flushed first, as the ORM would."""
    db.session.flush()
    return db.session.connection().execute(statement, values).all()

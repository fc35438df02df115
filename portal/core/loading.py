"""Loading one object by id with loader options, through a statement built once."""

from functools import lru_cache
from typing import Any

from flask import abort
from sqlalchemy import Select, bindparam, select

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

"""Loading: one object by id with the relationships its page shows, through a statement built
once; rows of a column statement without the ORM layer."""

from functools import lru_cache
from typing import Any

from flask import abort
from sqlalchemy import Row, Select, bindparam, inspect, select
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from portal.extensions import db


@lru_cache(maxsize=64)  # the relationship names are module constants: one per kind of page
def by_id(model: type, related: tuple[str, ...]) -> Select:
    """``model`` by id (the ``object_id`` parameter) beside the object of each of its ``related``
    single-object relationships (outer joins), built once. A name may go one step further from
    a relationship named before it: ``"released_version.approved_by"``."""
    statement = select(model)
    entities: dict[str, Any] = {"": model}
    seen = {model}
    for name in related:
        parent, _, attribute = name.rpartition(".")
        relationship = getattr(entities[parent], attribute)
        target = relationship.property.mapper.class_
        if target in seen:  # a second relationship to one class needs its own alias
            target = aliased(target)
        seen.add(target)
        entities[name] = target
        statement = statement.add_columns(target).outerjoin(relationship.of_type(target))
    return statement.where(model.id == bindparam("object_id"))


def get_or_404(model: type, object_id: int, related: tuple[str, ...] = ()):
    """The object with this id, its ``related`` relationships (single objects, also one step
    further: ``"released_version.approved_by"``) loaded with it in one query and set as loaded;
    404 when there is none. Through a statement built once: cheaper than Session.get, which
    builds its query on every call, and than joinedload, whose loaders are set up again on
    every execution."""
    if not related:  # already loaded in this request (the user's municipality): no query
        known = db.session.identity_map.get(identity_key(model, object_id))
        if known is not None and not inspect(known).expired:
            return known
    row = db.session.execute(by_id(model, related), {"object_id": object_id}).first()
    if row is None:
        abort(404)
    obj, *others = row
    loaded = {"": obj}
    for name, other in zip(related, others, strict=True):
        parent, _, attribute = name.rpartition(".")
        loaded[name] = other
        if loaded[parent] is not None:  # none to hang it on when the step before was empty
            set_committed_value(loaded[parent], attribute, other)
    return obj


def read_rows(statement: Select, **values: Any) -> list[Row]:
    """The rows of a statement of columns (no ORM objects), ``values`` bound: executed on the
    session's connection, past the ORM's per-query layer (a list page's query costs about half).
    Whatever the session has pending is flushed first, as the ORM would."""
    db.session.flush()
    return db.session.connection().execute(statement, values).all()

"""Municipality look-ups shared by every feature."""

from sqlalchemy import Row, select

from portal.extensions import db
from portal.network.models import Municipality


def municipalities() -> list[Row]:
    """All municipalities by name, as rows of id, number and name (for lists and choices)."""
    statement = select(Municipality.id, Municipality.number, Municipality.name)
    return list(db.session.execute(statement.order_by(Municipality.name)))

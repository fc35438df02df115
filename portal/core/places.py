"""Municipality look-ups shared by every feature."""

from sqlalchemy import select

from portal.extensions import db
from portal.network.models import Municipality


def municipalities() -> list[Municipality]:
    """All municipalities, by name."""
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name)))

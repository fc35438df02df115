"""Municipality look-ups shared by every feature."""

from sqlalchemy import Row, select

from portal.core.loading import read_rows
from portal.network.models import Municipality

_BY_NAME = select(Municipality.id, Municipality.number, Municipality.name).order_by(
    Municipality.name
)


def municipalities() -> list[Row]:
    """All municipalities by name, as rows of id, number and name (for lists and choices)."""
    return read_rows(_BY_NAME)

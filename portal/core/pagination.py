"""One way to page through a list: the count and one page of the statement's rows."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from portal.extensions import db


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, its number, the page size and how many rows in all."""

    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages the list has (none when it is empty)."""
        return -(-self.total // self.per_page)


def paginate(statement: Select, page: int, per_page: int) -> Page:
    """One page of the statement's rows; a page past the end is empty rather than a 404.

    A statement of one entity gives entities; a statement of columns gives rows, which are
    cheaper to load and read like objects (``row.title``).
    """
    page = max(1, page)
    count = select(func.count()).select_from(statement.order_by(None).subquery())
    total = db.session.execute(count).scalar_one()
    if total <= (page - 1) * per_page:
        return Page([], page, per_page, total)
    result = db.session.execute(statement.limit(per_page).offset((page - 1) * per_page))
    items = result.scalars().all() if _one_entity(statement) else result.all()
    return Page(list(items), page, per_page, total)


def _one_entity(statement: Select) -> bool:
    """True when the statement selects one mapped class and nothing else (``select(Case)``)."""
    descriptions = statement.column_descriptions
    return len(descriptions) == 1 and descriptions[0]["expr"] is descriptions[0]["entity"]

"""One way to page through a list: the count and one page of the statement's rows."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from portal.core.numbers import MAX_ID
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

    The statement selects the columns the list shows, and the page holds rows (cheaper to
    load than ORM objects, and read like them: ``row.title``). The rows come first: a page that
    is not full is the last one, so the total needs no count (a list shorter than one page,
    the common case, costs one query; a page past the end counts).
    """
    page = min(max(1, page), MAX_ID)  # any page number the database can take as an offset
    offset = (page - 1) * per_page
    items = db.session.execute(statement.limit(per_page).offset(offset)).all()
    if len(items) < per_page and (items or page == 1):
        return Page(items, page, per_page, offset + len(items))
    count = select(func.count()).select_from(statement.order_by(None).subquery())
    return Page(items, page, per_page, db.session.execute(count).scalar_one())

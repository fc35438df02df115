"""One way to page through a list: one page of the statement's rows and how many there are."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from portal.core.numbers import MAX_ID
from portal.extensions import db

# Rows counted past the start of the page shown: a count reads every row it counts, so a list of
# 20,000 costs what one of 1,000 does, and the page says «over 1000» (as search does).
COUNT_AHEAD = 1_000


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, its number, the page size and how many rows in all; when
    ``more`` is set, the list holds more than ``total`` rows (it was counted no further)."""

    items: list[Any]
    page: int
    per_page: int
    total: int
    more: bool = False

    @property
    def pages(self) -> int:
        """How many pages the list has, as far as it was counted (none when it is empty); a
        list that goes on has at least the page after this one."""
        counted = -(-self.total // self.per_page)
        return max(counted, self.page + 1) if self.more else counted


def paginate(statement: Select, page: int, per_page: int, count_ahead: int | None = None) -> Page:
    """One page of the statement's rows; a page past the end is empty rather than a 404.

    The statement selects the columns the list shows, and the page holds rows (cheaper to
    load than ORM objects, and read like them: ``row.title``). The rows come first: a page that
    is not full is the last one, so the total needs no count (a list shorter than one page,
    the common case, costs one query; a page past the end counts). A count stops
    ``count_ahead`` (COUNT_AHEAD) rows past the page's start: its cost does not grow with the list.
    """
    page = min(max(1, page), MAX_ID)  # any page number the database can take as an offset
    offset = (page - 1) * per_page
    items = db.session.execute(statement.limit(per_page).offset(offset)).all()
    if len(items) < per_page and (items or page == 1):
        return Page(items, page, per_page, offset + len(items))
    horizon = min(offset + (COUNT_AHEAD if count_ahead is None else count_ahead), MAX_ID)
    counted = statement.order_by(None).limit(horizon + 1).subquery()
    total = db.session.execute(select(func.count()).select_from(counted)).scalar_one()
    return Page(items, page, per_page, min(total, horizon), more=total > horizon)

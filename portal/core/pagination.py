"""One way to page through a list: one page of the statement's rows and how many there are."""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, bindparam, func, literal, select

from portal.core.loading import read_rows
from portal.core.numbers import MAX_ID

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


def paginate(
    statement: Select,
    page: int,
    per_page: int,
    count_ahead: int | None = None,
    total: int | None = None,
    **values: Any,
) -> Page:
    """One page of the statement's rows; a page past the end is empty rather than a 404.

    The statement selects the columns the list shows, and the page holds rows (cheaper to
    load than ORM objects, and read like them: ``row.title``). The rows come first: a page that
    is not full is the last one, so the total needs no count (a list shorter than one page,
    the common case, costs one query; a page past the end counts). A count stops
    ``count_ahead`` (COUNT_AHEAD) rows past the page's start: its cost does not grow with the list.
    ``values`` fill the statement's bound parameters: a statement built once (module level, or
    cached per shape) and its page and count statements are then built once too, not per request.
    A ``total`` the caller already has (a count the database keeps) takes the count's place.
    """
    page = min(max(1, page), MAX_ID)  # any page number the database can take as an offset
    offset = (page - 1) * per_page
    rows, count = _page_statements(statement)
    items = read_rows(rows, **values, page_size=per_page, page_start=offset)
    if total is not None:
        return Page(items, page, per_page, total)
    if len(items) < per_page and (items or page == 1):
        return Page(items, page, per_page, offset + len(items))
    horizon = min(offset + (COUNT_AHEAD if count_ahead is None else count_ahead), MAX_ID)
    total = read_rows(count, **values, count_limit=horizon + 1)[0][0]
    return Page(items, page, per_page, min(total, horizon), more=total > horizon)


@lru_cache(maxsize=256)
def _page_statements(statement: Select) -> tuple[Select, Select]:
    """The statement's page (its size and start bound at execution) and its capped count."""
    rows = statement.limit(bindparam("page_size")).offset(bindparam("page_start"))
    counted = _rows_only(statement).order_by(None).limit(bindparam("count_limit")).subquery()
    return rows, select(func.count()).select_from(counted)


def _rows_only(statement: Select) -> Select:
    """The statement selecting a constant per row, to be counted: the database need not read
    the shown columns (an index of the filter and order is enough); not for DISTINCT or
    GROUP BY, whose rows depend on the columns."""
    if statement._distinct or statement._group_by_clauses:
        return statement
    return statement.with_only_columns(literal(1), maintain_column_froms=True)

"""Paging a list: the count, one page of rows, and pages past the end."""

from sqlalchemy import event, select

from portal.core.pagination import paginate
from portal.extensions import db
from portal.network.models import Municipality


def test_a_page_holds_rows_of_the_selected_columns_in_order(ctx, network):
    by_name = select(Municipality.id, Municipality.name).order_by(Municipality.name)
    rows = paginate(by_name, page=1, per_page=3)
    assert [row.name for row in rows.items] == ["Beiarn", "Bodø", "Fauske"]
    assert all(isinstance(row.id, int) for row in rows.items)


def test_pages_count_and_the_last_page_holds_the_rest(ctx, network):
    names = select(Municipality.name).order_by(Municipality.name)
    everyone = paginate(names, page=1, per_page=100).total
    last = everyone // 3 + (1 if everyone % 3 else 0)
    page = paginate(names, page=last, per_page=3)
    assert page.total == everyone and page.pages == last and page.page == last
    assert len(page.items) == everyone - (last - 1) * 3


def test_a_page_past_the_end_is_empty_but_knows_the_total(ctx, network):
    names = select(Municipality.name)
    past = paginate(names, page=999, per_page=3)
    assert past.items == [] and past.total > 0 and past.pages < 999


def test_an_empty_list_has_no_pages_and_page_zero_means_the_first(ctx, network):
    nothing = paginate(select(Municipality.name).where(Municipality.name == "Oslo"), 1, 3)
    assert nothing.items == [] and nothing.total == 0 and nothing.pages == 0
    first = paginate(select(Municipality.name).order_by(Municipality.name), page=0, per_page=2)
    assert first.page == 1 and [row.name for row in first.items] == ["Beiarn", "Bodø"]


def test_a_page_that_is_not_full_counts_without_a_count_query(app, ctx, network):
    statements: list[str] = []
    record = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        short = paginate(select(Municipality.name).order_by(Municipality.name), 1, 100)
        full = paginate(select(Municipality.name).order_by(Municipality.name), 1, 2)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert short.total == len(short.items) == full.total
    assert [s for s in statements if "count(" in s.lower()] == [statements[-1]]
    assert len(statements) == 3


def test_a_long_list_is_counted_only_so_far_past_the_page(ctx, network):
    names = select(Municipality.name).order_by(Municipality.name)  # the ten Salten municipalities
    first = paginate(names, page=1, per_page=2, count_ahead=5)
    assert (first.total, first.more, first.pages) == (5, True, 3)
    third = paginate(names, page=3, per_page=2, count_ahead=5)
    assert (third.total, third.more) == (9, True)  # counted from the page's start
    last = paginate(names, page=4, per_page=2, count_ahead=100)
    assert (last.total, last.more, last.pages) == (10, False, 5)

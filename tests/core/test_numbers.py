"""Whole numbers from URLs stay within a database integer."""

import pytest

from portal.core.numbers import MAX_ID, bounded_int


@pytest.mark.parametrize(("raw", "expected"), [("1", 1), ("42", 42), (str(MAX_ID), MAX_ID), (7, 7)])
def test_numbers_in_range_pass(raw, expected):
    assert bounded_int(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "0", "-1", "9" * 20, str(MAX_ID + 1), "1e3", " 1", "١٢", "²", True, None, 2**40, 0]
)
def test_anything_else_is_no_number(raw):
    assert bounded_int(raw) is None

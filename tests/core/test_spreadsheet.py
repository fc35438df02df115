"""Spreadsheet-safe cells: formulas in user text never run in Excel or LibreOffice."""

import pytest

from portal.core.cells import safe_cell


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://evil.example","Klikk")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
     "\t=1+1", "\r=1+1"],
)  # fmt: skip
def test_text_that_starts_a_formula_is_kept_as_text(typed):
    assert safe_cell(typed) == "'" + typed


@pytest.mark.parametrize("plain", ["Marte Sandvik", "", "a=b", "Bodø - Fauske", 3, -2.5, None])
def test_everything_else_is_left_alone(plain):
    assert safe_cell(plain) == plain

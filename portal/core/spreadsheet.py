"""Spreadsheet-safe cells: every CSV and XLSX export writes its cells through ``safe_cell``."""

from collections.abc import Iterable
from typing import Any

# A cell starting with one of these is run as a formula (or DDE command) by Excel, LibreOffice
# and Google Sheets: "=HYPERLINK(...)", "+cmd|...", "-2+3", "@SUM(...)", and tab or carriage
# return before any of them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value to write into a cell: text that could start a formula gets a leading
    apostrophe (shown as text by spreadsheet programs); numbers, dates and None stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """A whole row of safe cells."""
    return [safe_cell(value) for value in values]

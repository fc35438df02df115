"""Line and word diff between two texts, as plain data for templates (no Flask, no HTML)."""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

Kind = Literal["equal", "insert", "delete"]
RowKind = Literal["equal", "insert", "delete", "change"]

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
# Changed lines less alike than this are shown as removed + added, without word marks.
PAIR_THRESHOLD = 0.4


@dataclass(frozen=True)
class Segment:
    """A run of text inside a line: unchanged, added or removed."""

    text: str
    kind: Kind = "equal"


@dataclass(frozen=True)
class Line:
    """One line of an inline diff, with its line numbers in the old and new text."""

    kind: Kind
    segments: tuple[Segment, ...]
    old_number: int | None = None
    new_number: int | None = None


@dataclass(frozen=True)
class Cell:
    """One side of a side-by-side row."""

    number: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Row:
    """One row of a side-by-side diff; a side is None where the line does not exist."""

    kind: RowKind
    old: Cell | None
    new: Cell | None


@dataclass
class Diff:
    """The difference between two texts, ready for inline or side-by-side display."""

    rows: list[Row] = field(default_factory=list)
    added: int = 0
    removed: int = 0

    @property
    def changed(self) -> bool:
        """True when the texts differ."""
        return any(row.kind != "equal" for row in self.rows)

    def inline(self) -> list[Line]:
        """The rows as one column: each block's removed lines before the lines replacing them."""
        lines: list[Line] = []
        removed: list[Line] = []
        added: list[Line] = []
        for row in self.rows:
            if row.kind == "equal":
                lines += removed + added
                removed, added = [], []
                lines.append(Line("equal", row.old.segments, row.old.number, row.new.number))
                continue
            if row.old is not None:
                removed.append(Line("delete", row.old.segments, old_number=row.old.number))
            if row.new is not None:
                added.append(Line("insert", row.new.segments, new_number=row.new.number))
        return lines + removed + added

    def hunks(self, context: int = 3) -> list[list[Row]]:
        """Groups of changed rows with ``context`` unchanged rows around them."""
        changed = [i for i, row in enumerate(self.rows) if row.kind != "equal"]
        groups: list[list[Row]] = []
        start = end = None
        for index in changed:
            if end is not None and index - context <= end + 1:
                end = index + context
                continue
            if start is not None:
                groups.append(self.rows[start : end + 1])
            start, end = max(0, index - context), index + context
        if start is not None:
            groups.append(self.rows[start : end + 1])
        return groups


def tokens(line: str) -> list[str]:
    """Split a line into words, runs of spaces and single punctuation marks."""
    return _TOKEN.findall(line)


def word_diff(old: str, new: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """Mark the words removed from ``old`` and added in ``new``."""
    return _word_diff(old, new)[:2]


def _word_diff(old: str, new: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...], float]:
    """Word marks for both lines, and how alike the lines are (0 to 1, by tokens)."""
    old_tokens, new_tokens = tokens(old), tokens(new)
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    old_parts: list[Segment] = []
    new_parts: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            text = "".join(old_tokens[i1:i2])
            _append(old_parts, text, "equal")
            _append(new_parts, text, "equal")
            continue
        _append(old_parts, "".join(old_tokens[i1:i2]), "delete")
        _append(new_parts, "".join(new_tokens[j1:j2]), "insert")
    return tuple(old_parts), tuple(new_parts), matcher.ratio()


def _append(parts: list[Segment], text: str, kind: Kind) -> None:
    """Add text to a segment list, merging it into the previous segment of the same kind."""
    if not text:
        return
    if parts and parts[-1].kind == kind:
        parts[-1] = Segment(parts[-1].text + text, kind)
    else:
        parts.append(Segment(text, kind))


def diff_texts(old: str, new: str) -> Diff:
    """Compare two texts line by line, with word marks inside lines that were edited."""
    old_lines = old.splitlines()
    new_lines = new.splitlines()
    result = Diff()
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                text = (Segment(old_lines[i1 + offset]),) if old_lines[i1 + offset] else ()
                result.rows.append(
                    Row("equal", Cell(i1 + offset + 1, text), Cell(j1 + offset + 1, text))
                )
            continue
        _replace_block(result, old_lines, new_lines, i1, i2, j1, j2)
    return result


def _replace_block(
    result: Diff, old_lines: list[str], new_lines: list[str], i1: int, i2: int, j1: int, j2: int
) -> None:
    """Rows for a block of removed and/or added lines, pairing similar lines side by side."""
    pairs = min(i2 - i1, j2 - j1)
    for offset in range(max(i2 - i1, j2 - j1)):
        old_index, new_index = i1 + offset, j1 + offset
        old_text = old_lines[old_index] if offset < i2 - i1 else None
        new_text = new_lines[new_index] if offset < j2 - j1 else None
        similar = False
        if offset < pairs:
            old_parts, new_parts, likeness = _word_diff(old_text, new_text)
            similar = likeness >= PAIR_THRESHOLD
        if similar:
            row = Row("change", Cell(old_index + 1, old_parts), Cell(new_index + 1, new_parts))
        else:
            old_cell = _whole(old_index, old_text, "delete")
            new_cell = _whole(new_index, new_text, "insert")
            kind = "change" if old_cell and new_cell else ("delete" if old_cell else "insert")
            row = Row(kind, old_cell, new_cell)
        result.removed += row.old is not None
        result.added += row.new is not None
        result.rows.append(row)


def _whole(index: int, text: str | None, kind: Kind) -> Cell | None:
    """A cell whose whole line was removed or added."""
    if text is None:
        return None
    return Cell(index + 1, (Segment(text, kind),) if text else ())

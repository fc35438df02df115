"""Diffs of routine texts, as plain data for templates (no Flask).

A line and word diff of the Markdown source, and a comparison of two rendered texts: sections
aligned by heading, with the words that differ marked inside the (already sanitised) HTML.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html import escape
from html.parser import HTMLParser
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


# --- Rendered comparison: sections aligned by heading, changes marked in sanitised HTML -------

SectionKind = Literal["equal", "formatting", "changed", "left", "right"]
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_KEY_NOISE = re.compile(r"^[\d.)\s]+|\W+")
# Headings less alike than this in a changed stretch are shown as separate sections.
HEADING_THRESHOLD = 0.6


@dataclass(frozen=True)
class Section:
    """A routine's Markdown from one heading to the next; the text before any heading has none."""

    heading: str
    source: str

    @property
    def key(self) -> str:
        """The heading for matching: case, numbering and punctuation ignored."""
        return " ".join(_KEY_NOISE.sub(" ", self.heading).split()).casefold()


@dataclass(frozen=True)
class SectionPair:
    """One row of the rendered comparison: HTML with <del>/<ins> marks, None where absent."""

    kind: SectionKind
    heading: str
    left: str | None
    right: str | None


def split_sections(markdown: str) -> list[Section]:
    """Cut Markdown at its ATX headings (not inside fenced code); empty parts are left out."""
    sections: list[Section] = []
    heading, lines, fenced = "", [], False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if match:
            _close(sections, heading, lines)
            heading, lines = match.group(2).strip(), []
        lines.append(line)
    _close(sections, heading, lines)
    return sections


def _close(sections: list[Section], heading: str, lines: list[str]) -> None:
    """Keep a finished section unless it holds no text at all."""
    source = "\n".join(lines).strip()
    if source:
        sections.append(Section(heading, source))


def align_sections(
    left: list[Section], right: list[Section]
) -> list[tuple[Section | None, Section | None]]:
    """Pair sections with the same (or a very similar) heading, keeping both texts' order."""
    matcher = SequenceMatcher(None, [s.key for s in left], [s.key for s in right], autojunk=False)
    pairs: list[tuple[Section | None, Section | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += zip(left[i1:i2], right[j1:j2], strict=True)
            continue
        lefts, rights = left[i1:i2], right[j1:j2]
        for offset in range(max(len(lefts), len(rights))):
            a = lefts[offset] if offset < len(lefts) else None
            b = rights[offset] if offset < len(rights) else None
            if a and b and SequenceMatcher(None, a.key, b.key).ratio() >= HEADING_THRESHOLD:
                pairs.append((a, b))
                continue
            pairs += [(a, None)] if a else []
            pairs += [(None, b)] if b else []
    return pairs


class _HtmlTokens(HTMLParser):
    """Split sanitised HTML into tags (re-serialised) and text tokens (unescaped)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[bool, str]] = []  # (is_text, tag markup or text token)
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        """An opening tag, attributes escaped again."""
        rendered = "".join(f' {name}="{escape(value or "", quote=True)}"' for name, value in attrs)
        self.items.append((False, f"<{tag}{rendered}>"))

    def handle_startendtag(self, tag, attrs):
        """A void tag such as <br>."""
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        """A closing tag."""
        self.items.append((False, f"</{tag}>"))

    def handle_data(self, data):
        """Text, as word, space and punctuation tokens."""
        self.items += [(True, token) for token in tokens(data)]


def mark_html_changes(left_html: str, right_html: str) -> tuple[str, str, bool]:
    """Wrap text only in ``left_html`` in <del> and text only in ``right_html`` in <ins>.

    Only the text is compared, so a change of formatting alone is not marked. Returns both
    marked fragments and whether their text differs. Text is escaped again on the way out.
    """
    left, right = _HtmlTokens(left_html).items, _HtmlTokens(right_html).items
    left_words = [text for is_text, text in left if is_text]
    right_words = [text for is_text, text in right if is_text]
    left_changed, right_changed = [False] * len(left_words), [False] * len(right_words)
    matcher = SequenceMatcher(None, left_words, right_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            left_changed[i1:i2] = [True] * (i2 - i1)
            right_changed[j1:j2] = [True] * (j2 - j1)
    differs = left_words != right_words
    return _marked(left, left_changed, "del"), _marked(right, right_changed, "ins"), differs


def _marked(items: list[tuple[bool, str]], changed: list[bool], mark: str) -> str:
    """Serialise tokens, wrapping each run of changed words (and the spaces between) in ``mark``."""
    out: list[str] = []
    words = iter(changed)
    flags = [next(words) if is_text else False for is_text, _text in items]
    is_open = False
    for index, (is_text, text) in enumerate(items):
        wanted = _inside_run(items, flags, index) if is_text and text.isspace() else flags[index]
        if is_open and not wanted:
            out.append(f"</{mark}>")
            is_open = False
        if wanted and not is_open:
            out.append(f"<{mark}>")
            is_open = True
        out.append(escape(text, quote=False) if is_text else text)
    if is_open:
        out.append(f"</{mark}>")
    return "".join(out)


def _inside_run(items: list[tuple[bool, str]], flags: list[bool], index: int) -> bool:
    """True when a space lies between changed words of the same text run."""
    before = index - 1
    after = index + 1
    while after < len(items) and items[after][0] and items[after][1].isspace():
        after += 1
    return (
        before >= 0
        and after < len(items)
        and items[before][0]
        and items[after][0]
        and flags[before]
        and flags[after]
    )


def compare_rendered(
    left_markdown: str, right_markdown: str, render: Callable[[str], str]
) -> list[SectionPair]:
    """Two Markdown texts as rendered sections side by side, aligned by heading, changes marked.

    ``render`` must turn Markdown into sanitised HTML; the marked result is only as safe as
    its input, so callers sanitise it again before marking it safe.
    """
    rows: list[SectionPair] = []
    for a, b in align_sections(split_sections(left_markdown), split_sections(right_markdown)):
        if a is None or b is None:
            only = a or b
            rows.append(
                SectionPair("left" if a else "right", only.heading,
                            render(a.source) if a else None, render(b.source) if b else None)
            )  # fmt: skip
            continue
        if a.source == b.source:
            html = render(a.source)
            rows.append(SectionPair("equal", a.heading, html, html))
            continue
        left, right, differs = mark_html_changes(render(a.source), render(b.source))
        rows.append(SectionPair("changed" if differs else "formatting", a.heading, left, right))
    return rows

"""The text a reader sees, with a map back to the author's text (a pure module: no Flask).

A case is Markdown; readers see it rendered. An identifier can hide from a scan of the raw text
behind emphasis (``**150585**10170``), an HTML entity (``&#49;``), an inline tag, a backslash
escape, a zero-width or other format character, or a compatibility character (full-width digits,
ligatures, thin spaces). :func:`visible_text` undoes all of that:

- Markdown emphasis, code and strike marks (``*``, ``_``, ``` ` ```, ``~``) and backslash escapes
  are dropped; inline HTML tags of the allow-list vanish, block tags and ``<br>`` become a space;
  HTML comments vanish (the renderer strips them);
- character references (``&#49;``, ``&#x31;``, ``&amp;``, ``&nbsp;``) are decoded;
- every character is put in Unicode NFKC form (a base letter with its combining marks at once);
- format characters (Unicode category Cf: zero-width space and joiners, soft hyphen, bidi marks,
  word joiner, BOM) are removed.

It returns the visible text and, for each of its characters, the span of the author's text it
came from, so a finding in the visible text maps back to a span that can be replaced in place.
"""

import bisect
import html
import re
import sys
import unicodedata
from dataclasses import dataclass

_INLINE_TAGS = "a|abbr|b|code|del|em|i|ins|mark|s|small|span|strike|strong|sub|sup|u"
_BLOCK_TAGS = "blockquote|br|dd|div|dl|dt|h[1-6]|hr|li|ol|p|pre|table|tbody|td|th|thead|tr|ul"


def _needs_work_class() -> str:
    """A regex class of the characters NFKC changes, the format characters (Cf) and the
    combining marks, in the Basic Multilingual Plane; every character beyond it is included."""
    ranges: list[list[int]] = []
    for code in range(0x80, 0x10000):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        if (
            unicodedata.category(ch) == "Cf"
            or unicodedata.combining(ch)
            or unicodedata.normalize("NFKC", ch) != ch
        ):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    parts = [f"\\u{a:04x}" + (f"-\\u{b:04x}" if b > a else "") for a, b in ranges]
    return "[" + "".join(parts) + "\\U00010000-\\U0010ffff]"


_WORK = _needs_work_class()
# The scan jumps from one character that may need work to the next and copies what lies between.
_TRIGGER = re.compile(rf"[&<\\*_`~]|{_WORK}")
_MARKUP = re.compile(
    r"(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    rf"|(?P<inline></?(?:{_INLINE_TAGS})\b[^<>]*>)"
    rf"|(?P<block></?(?:{_BLOCK_TAGS})\b[^<>]*>)"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<escape>\\(?=[!-/:-@\[-`{-~]))"
    r"|(?P<mark>[*_`~]+)",
    re.DOTALL | re.IGNORECASE,
)
_WORK_RUN = re.compile(rf"{_WORK}+")


@dataclass(frozen=True, slots=True)
class Visible:
    """The visible text and a map back: pieces (visible start, source start, source end)."""

    text: str
    pieces: list[tuple[int, int, int]]

    def _source(self, position: int) -> tuple[int, int]:
        """The source span of the visible character at ``position``."""
        index = bisect.bisect_right(self.pieces, (position, sys.maxsize)) - 1
        view_start, source_start, source_end = self.pieces[index]
        if source_end < 0:  # copied unchanged: one source character per character
            offset = source_start + position - view_start
            return offset, offset + 1
        return source_start, source_end

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The author's span behind ``text[start:end]`` (``end > start``)."""
        return self._source(start)[0], self._source(end - 1)[1]


class _Builder:
    """Collects visible text and the pieces that map it back to the source."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pieces: list[tuple[int, int, int]] = []
        self.length = 0

    def copy(self, source: str, start: int, end: int) -> None:
        """Append ``source[start:end]`` unchanged."""
        self.parts.append(source[start:end])
        self.pieces.append((self.length, start, -1))
        self.length += end - start

    def emit(self, text: str, start: int, end: int) -> None:
        """Append ``text`` (without format characters), all of it coming from ``start:end``."""
        visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
        if visible and unicodedata.combining(visible[0]) and self.length:
            start, visible = self._take_last(start, visible)
        if visible:
            self.parts.append(visible)
            self.pieces.append((self.length, start, end))
            self.length += len(visible)

    def _take_last(self, start: int, marks: str) -> tuple[int, str]:
        """Take back the last visible character to compose it with combining ``marks``."""
        last = self.parts[-1][-1:] if self.parts else ""
        if not last:
            return start, marks
        view_start, source_start, source_end = self.pieces[-1]
        position = self.length - 1
        source = source_start + position - view_start if source_end < 0 else source_start
        self.parts[-1] = self.parts[-1][:-1]
        if view_start == position:
            self.pieces.pop()
        self.length = position
        return source, unicodedata.normalize("NFKC", last + marks)

    def characters(self, source: str, start: int, end: int) -> None:
        """Append ``source[start:end]`` in NFKC form, a base character with its marks at once."""
        i = start
        while i < end:
            j = i + 1
            while j < end and unicodedata.combining(source[j]):
                j += 1
            chunk = source[i:j]
            normal = unicodedata.normalize("NFKC", chunk)
            if normal == chunk and unicodedata.category(chunk[0]) != "Cf":
                self.copy(source, i, j)
            else:
                self.emit(normal, i, j)
            i = j

    def result(self) -> Visible:
        """The finished visible text."""
        return Visible("".join(self.parts), self.pieces)


def visible_text(source: str) -> Visible:
    """What a reader sees of Markdown ``source``, with a map back to ``source``."""
    builder = _Builder()
    position = 0
    while (trigger := _TRIGGER.search(source, position)) is not None:
        start = trigger.start()
        markup = _MARKUP.match(source, start)
        if markup is None and source[start] in "&<\\":
            end = start + 1  # a plain ampersand, less-than sign or backslash
        elif markup is None:
            end = _WORK_RUN.match(source, start).end()
            if unicodedata.combining(source[start]) and start > position:
                start -= 1  # the letter before a combining mark is normalised with it
        else:
            end = markup.end()
        if start > position:
            builder.copy(source, position, start)
        if markup is None and end == start + 1 and source[start] in "&<\\":
            builder.copy(source, start, end)
        elif markup is None:
            builder.characters(source, start, end)
        elif markup.lastgroup == "entity":
            decoded = html.unescape(markup.group())
            builder.emit(unicodedata.normalize("NFKC", decoded), start, end)
        elif markup.lastgroup == "block":
            builder.emit(" ", start, end)
        position = end
    if position < len(source):
        builder.copy(source, position, len(source))
    return builder.result()

"""The search language, Norwegian stemming and safe highlighting (no Flask, no database).

A user's query is parsed into parts: plain words (all must match), "phrases in quotes",
prefixes ending in ``*``, and parts after a minus that must not match. Nothing the user typed
ever reaches an engine as syntax: the SQLite FTS5 expression is built here from stems that
contain only letters and digits, each quoted, and the PostgreSQL engine passes the words as
bound parameters to its own query functions.
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from itertools import chain, takewhile
from pathlib import Path

import snowballstemmer
from markupsafe import Markup, escape

MAX_QUERY_CHARS = 200
MAX_PARTS = 12
MIN_PREFIX = 2
SNIPPET_CHARS = 220

WORD = re.compile(r"[^\W_]+")
CHUNK = re.compile(r'-?"[^"]*"?|[^\s"]+')
STOP_WORDS = frozenset(
    line.strip()
    for line in (Path(__file__).with_name("norwegian.stop")).read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
_stemmer = snowballstemmer.stemmer("norwegian")


class Problem(StrEnum):
    """Why a query cannot be run."""

    EMPTY = "empty"
    STOP_WORDS = "stop_words"
    ONLY_EXCLUDED = "only_excluded"


@dataclass(frozen=True)
class Part:
    """One word, phrase or prefix of a query, as lower-case words."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def stems(self) -> tuple[str, ...]:
        """The words reduced to their Norwegian stems."""
        return tuple(stem(word) for word in self.words)


@dataclass(frozen=True)
class Query:
    """A parsed query: parts that must match, parts that must not, and what was cut."""

    required: tuple[Part, ...] = ()
    excluded: tuple[Part, ...] = ()
    problem: Problem | None = None
    shortened: bool = False

    @property
    def runnable(self) -> bool:
        """True when there is something to search for."""
        return self.problem is None

    def shape(self) -> tuple[tuple[tuple[bool, bool], ...], ...]:
        """The query without its words (which parts are prefixes or phrases, required or
        excluded): what a statement built on parameters depends on."""
        return tuple(
            tuple((part.prefix, len(part.words) > 1) for part in parts)
            for parts in (self.required, self.excluded)
        )

    def without_exclusions(self) -> "Query":
        """The required parts alone (what a title must hold to rank in the title tier)."""
        return Query(self.required, problem=self.problem, shortened=self.shortened)

    def display(self) -> str:
        """The query as it was understood, for «Ingen treff på …»."""
        shown = [_show(part) for part in self.required]
        shown += ["-" + _show(part) for part in self.excluded]
        return " ".join(shown)


def _show(part: Part) -> str:
    """One part written back in the search language."""
    text = " ".join(part.words)
    if len(part.words) > 1:
        return f'"{text}"'
    return text + "*" if part.prefix else text


def normalise(text: str) -> str:
    """Compose accents (å typed as a + ring is å) and fold case."""
    return unicodedata.normalize("NFC", text).casefold()


def words(text: str) -> list[str]:
    """The words of a text, normalised: letters and digits only."""
    return WORD.findall(normalise(text))


@cache
def stem(word: str) -> str:
    """The Norwegian Snowball stem of a normalised word (a prefix of the word)."""
    return _stemmer.stemWord(word)


def stemmed(text: str) -> str:
    """A text as space-separated stems: what the SQLite engine indexes."""
    return " ".join(stem(word) for word in words(text))


def parse(text: str) -> Query:
    """Parse what the user typed; never fails, reports a problem instead."""
    text = (text or "").strip()
    shortened = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    required: list[Part] = []
    excluded: list[Part] = []
    saw_words = False
    for chunk in CHUNK.findall(text):
        negative = chunk.startswith("-")
        body = chunk[1:] if negative else chunk
        quoted = body.startswith('"')
        found = words(body)
        if not found:
            continue
        saw_words = True
        prefix = not quoted and body.endswith("*") and len(found[-1]) >= MIN_PREFIX
        part = _part(found, quoted or len(found) > 1, prefix)
        if part is None or part in required or part in excluded:
            continue
        (excluded if negative else required).append(part)
    if len(required) + len(excluded) > MAX_PARTS:
        shortened = True
        required = required[:MAX_PARTS]
        excluded = excluded[: MAX_PARTS - len(required)]
    problem = None
    if not saw_words:
        problem = Problem.EMPTY
    elif not required and not excluded:
        problem = Problem.STOP_WORDS
    elif not required:
        problem = Problem.ONLY_EXCLUDED
    return Query(tuple(required), tuple(excluded), problem, shortened)


def _part(found: list[str], phrase: bool, prefix: bool) -> Part | None:
    """A phrase (kept whole, stop words included) or a single word (dropped if a stop word)."""
    if phrase:
        if all(word in STOP_WORDS for word in found):
            return None
        return Part(tuple(found))
    word = found[0]
    if word in STOP_WORDS:
        return None
    return Part((word,), prefix=prefix)


def prefix_query(text: str) -> Query:
    """The query behind search-as-you-type: every word counts as the start of a title word."""
    parsed = parse(text)
    return Query(
        tuple(Part(p.words, prefix=len(p.words) == 1) for p in parsed.required),
        problem=parsed.problem if parsed.problem != Problem.ONLY_EXCLUDED else Problem.EMPTY,
    )


# --- SQLite FTS5 -------------------------------------------------------------------------------


def _fts_string(token: str) -> str:
    """One token as an FTS5 string (quotes doubled, though stems never contain any)."""
    return '"' + token.replace('"', '""') + '"'


def _fts_part(part: Part) -> str:
    """A part as an FTS5 phrase, or a prefix query."""
    stems = part.stems
    if part.prefix:
        return _fts_string(stems[0]) + "*"
    return _fts_string(" ".join(stems))


def fts5_match(query: Query, column: str | None = None) -> str:
    """The FTS5 MATCH expression for a runnable query (optionally limited to a column filter,
    ``title_terms`` or ``{title_terms body_terms}``)."""
    expression = "(" + " AND ".join(_fts_part(part) for part in query.required) + ")"
    for part in query.excluded:
        expression += " NOT " + _fts_part(part)
    return f"{column} : ({expression})" if column else expression


def fts5_title_match(query: Query, title: str, text: str) -> str:
    """The FTS5 expression for every required part in the ``title`` column and no excluded
    part in the ``text`` column filter."""
    expression = fts5_match(query.without_exclusions(), column=title)
    if not query.excluded:
        return expression
    excluded = " OR ".join(_fts_part(part) for part in query.excluded)
    return f"({expression} NOT {text} : ({excluded}))"


# --- Highlighting ------------------------------------------------------------------------------


def _matches(query: Query, text: str) -> Iterator[tuple[int, int]]:
    """Where the words of ``text`` that match a required part of the query are, in order.

    A stem is a prefix of its word, so a case-blind regular expression finds the candidates
    (words starting with a stem or prefix) quickly; each candidate is then stemmed to confirm.
    """
    exact = {s for part in query.required if not part.prefix for s in part.stems}
    prefixes = tuple(part.stems[0] for part in query.required if part.prefix)
    starts = sorted(exact.union(prefixes), key=len, reverse=True)
    if not starts:
        return
    candidates = re.compile(
        r"(?<![^\W_])(?:" + "|".join(map(re.escape, starts)) + r")[^\W_]*", re.IGNORECASE
    )
    for found in candidates.finditer(text):
        word = normalise(found.group())
        word_stem = stem(word)
        if word_stem in exact or word_stem.startswith(prefixes) or word.startswith(prefixes):
            yield found.span()


def highlight(text: str, query: Query, limit: int | None = SNIPPET_CHARS) -> Markup:
    """An escaped excerpt of ``text`` around the first match, matched words in <mark>.

    Every piece of the text is escaped before it is joined with the <mark> tags: the result is
    safe to show whatever the text or the query contains. Words after the excerpt are not
    looked at.
    """
    text = " ".join(unicodedata.normalize("NFC", text).split())
    matches = _matches(query, text)
    first_span = next(matches, None)
    start, end = 0, len(text)
    if limit is not None and len(text) > limit:
        first = first_span[0] if first_span else 0
        start = 0 if first < limit // 3 else text.rfind(" ", 0, first - limit // 4) + 1
        end = min(len(text), start + limit)
        if end < len(text):
            end = max(text.rfind(" ", start, end), start + limit // 2)
    pieces = ["… " if start > 0 else ""]
    position = start
    spans = (
        chain([first_span], takewhile(lambda span: span[0] < end, matches)) if first_span else []
    )
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(text[position:span_start]))
        pieces.append(Markup("<mark>%s</mark>") % text[span_start:span_end])
        position = span_end
    pieces.append(escape(text[position:end]))
    pieces.append(" …" if end < len(text) else "")
    return Markup("").join(pieces)


# --- Plain text from Markdown ------------------------------------------------------------------

_MARKDOWN_NOISE = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images: keep the label
    (re.compile(r"</?[A-Za-z][^>]*>"), " "),  # inline HTML tags (not a lone < or >)
    (re.compile(r"^\s{0,3}(#{1,6}|>+|[-*+]|\d+[.)])\s+", re.MULTILINE), ""),  # block markers
    (re.compile(r"[*_`~|]+"), ""),  # emphasis, code, tables
]


def plain_text(markdown: str) -> str:
    """Markdown reduced to its words and punctuation, for indexing and snippets."""
    for pattern, replacement in _MARKDOWN_NOISE:
        markdown = pattern.sub(replacement, markdown)
    return " ".join(markdown.split())

"""Person names in visible text (a pure module, used by :mod:`portal.cases.identifiers`).

Name lists: ``portal/cases/data/first_names.txt`` and ``surnames.txt`` (one name a line) come
from the person providers of the Faker package (MIT licence, © Daniele Faraglia and contributors,
https://github.com/joke2k/faker): Norwegian and the locales of the largest immigrant groups in
Norway (Polish, Lithuanian, Swedish, Danish, German, Pakistani, Turkish, Ukrainian, Russian and
more), plus Sami, Somali, Tigrinya, Arabic, Persian/Dari, Filipino, Thai and Vietnamese names
written for this project; ``bench/build_name_lists.py`` rebuilds them. ``ambiguous.txt`` holds the
names that are also Norwegian words («Liv», «Per», «Dag»). The lists in
:mod:`portal.cases.gazetteer` (common Norwegian names) are added to them.

A run of capitalised words (or of words in capitals, or initials joined to a following word) is a
name when one of its words is a known name or shaped like a Norwegian surname (``-sen``,
``-datter``), or when a cue word (``heter``, ``moren``, ``fastlege`` …) stands right before it.
Places, months, weekdays, institutions and acronyms (DPS, NAV, Gerica) are never names; a
sentence's first word counts only if it is an unambiguous name.
"""

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from portal.cases.gazetteer import (
    AMBIGUOUS,
    FIRST_NAMES,
    NAME_CUES,
    NOT_NAMES,
    PERSON_VERBS,
    PLACES,
    SURNAMES,
)


def _upper_class() -> str:
    """A regex class of the upper-case letters of the Basic Multilingual Plane."""
    return "[" + "".join(re.escape(chr(c)) for c in range(0x41, 0x10000) if chr(c).isupper()) + "]"


# Capitalised words (and words in capitals, and initials), hyphenated parts included.
_WORD = re.compile(rf"(?<![^\W\d_]){_upper_class()}[^\W\d_]*(?:['’-][^\W\d_]+)*")
_PARTICLES = frozenset(("al", "el", "bin", "ibn", "van", "von", "de", "der", "den", "da", "dela", "di"))  # fmt: skip
_SENTENCE_END = frozenset(".!?:\n")
_OPENERS = frozenset(" \t\u00a0*_#>\"'«»()[]-–—•")
_SURNAME_ENDINGS = ("sen", "son", "sson", "datter", "dottir", "dóttir")
_JOINERS = frozenset((" ", "\u00a0"))
_WORD_BEFORE = re.compile(r"(\w+)[ \u00a0,:]*$")
_NEXT_WORD = re.compile(r"[ \u00a0]+(\w+)")


@cache
def _lists() -> tuple[frozenset[str], frozenset[str]]:
    """(known names, ambiguous names): the shipped files plus the built-in lists."""
    data = resources.files("portal.cases") / "data"

    def read(name: str) -> frozenset[str]:
        return frozenset(data.joinpath(name).read_text(encoding="utf-8").split())

    known = read("first_names.txt") | read("surnames.txt") | FIRST_NAMES | SURNAMES
    return known - PLACES - NOT_NAMES, read("ambiguous.txt") | AMBIGUOUS


def _folded(word: str) -> str:
    """``word`` without accents (Sára → Sara, José → Jose), to match spelling variants."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))


def _normal(word: str) -> str:
    """``word`` as a name is spelled in the lists (capitals become ``Kari``, ``Anne-Lise``)."""
    if word.isupper():
        return "-".join(part.capitalize() for part in word.split("-"))
    return word


@lru_cache(maxsize=65536)
def is_known(word: str) -> bool:
    """True for a listed name, also in the genitive (each part of a hyphenated name counts)."""
    known, _ambiguous = _lists()
    for part in _normal(word).split("-"):
        if part in known or (part.endswith("s") and part[:-1] in known):
            return True
        if not part.isascii() and _folded(part) in known:  # Sára is a spelling of Sara
            return True
    return False


@lru_cache(maxsize=65536)
def _ambiguous(word: str) -> bool:
    """True for a name that is also an everyday word («Per», «Liv», «Bakke»)."""
    return _normal(word) in _lists()[1]


@lru_cache(maxsize=65536)
def _surname_shaped(word: str) -> bool:
    """True for words shaped like Norwegian patronymic surnames (Olsen, Eriksdatter)."""
    return len(word) > 4 and _normal(word).endswith(_SURNAME_ENDINGS)


def _compound(word: str) -> bool:
    """True for a hyphenated word with a part in lower case (NAV-veileder, Gerica-teamet)."""
    return "-" in word and any(part[:1].islower() for part in word.split("-")[1:])


@lru_cache(maxsize=65536)
def _excluded(word: str) -> bool:
    """Places, institutions, months, weekdays and acronyms (DPS, NAV, KID) are never names."""
    normal = _normal(word)
    if normal in PLACES or normal in NOT_NAMES:
        return True
    # Short words in capitals are acronyms (FIT, ACT, BPA) unless a common Norwegian name (KARI).
    return word.isupper() and len(word) <= 4 and normal not in FIRST_NAMES | SURNAMES


def _sentence_start(text: str, start: int) -> bool:
    """True when only spaces, quotes or list marks stand between a sentence end and ``start``."""
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    if i >= 0 and text[i] == "." and i >= 1 and text[i - 1].isdigit():
        return True  # "1. Kari" in a numbered list, or after a date
    return i < 0 or text[i] in _SENTENCE_END


def _after_cue(text: str, start: int) -> bool:
    """True when the word just before ``start`` is a cue such as «heter» or «moren»."""
    match = _WORD_BEFORE.search(text, max(0, start - 24), start)
    return match is not None and match.group(1).lower() in NAME_CUES


def _verb_follows(text: str, end: int) -> bool:
    """True when a verb that people do follows («Per ringte», unlike «Per dag», «Liv og helse»)."""
    match = _NEXT_WORD.match(text, end)
    return match is not None and match.group(1) in PERSON_VERBS


class _Token:
    """A word of the text: its span, spelling and whether it is an initial (``P.``)."""

    __slots__ = ("start", "end", "word", "initial")

    def __init__(self, start: int, end: int, word: str, initial: bool) -> None:
        self.start, self.end, self.word, self.initial = start, end, word, initial


def _tokens(text: str) -> list[_Token]:
    """Capitalised words, words in capitals and initials (``P.``), in order."""
    tokens = []
    for match in _WORD.finditer(text):
        word = match.group()
        if text[match.start() - 1 : match.start()] == "[" and text.startswith("]", match.end()):
            continue  # a placeholder such as [E-POST]
        if len(word) == 1:
            if text.startswith(".", match.end()):
                tokens.append(_Token(match.start(), match.end() + 1, word, True))
        elif not _excluded(word) and not _compound(word):
            tokens.append(_Token(match.start(), match.end(), word, False))
    return tokens


def _joined(text: str, left: _Token, right: _Token) -> bool:
    """True when two tokens belong to one name: one space (or a particle such as «van», «al»)
    apart, or an initial right before."""
    gap = text[left.end : right.start]
    if left.initial:
        return gap in ("", " ", "\u00a0")
    if len(gap) == 1:
        return gap in _JOINERS
    return gap[0] == " " and gap[-1] in " -" and gap[1:-1] in _PARTICLES


def _is_name(text: str, run: list[_Token]) -> bool:
    """Decide whether a run of joined tokens is a person's name."""
    words = [t for t in run if not t.initial]
    if not words:
        return False
    if any(t.initial for t in run):
        return any(is_known(t.word) or _surname_shaped(t.word) for t in words) or _after_cue(
            text, run[0].start
        )
    first = words[0]
    if _sentence_start(text, first.start):
        if len(words) > 1:
            return any(is_known(t.word) or _surname_shaped(t.word) for t in words)
        if not is_known(first.word):
            return _after_cue(text, first.start)  # «Kontaktperson: Zyxa»
        return (
            not _ambiguous(first.word)
            or _verb_follows(text, first.end)
            or _after_cue(text, first.start)
        )
    if any(is_known(t.word) or _surname_shaped(t.word) for t in words):
        return True
    return _after_cue(text, run[0].start)


def find_names(text: str) -> list[tuple[int, int]]:
    """The spans of person names in ``text``."""
    tokens = _tokens(text)
    spans = []
    i, count = 0, len(tokens)
    while i < count:
        j = i + 1
        while j < count and _joined(text, tokens[j - 1], tokens[j]):
            j += 1
        run = tokens[i:j]
        # A sentence-opening word that is not a name ("Pasienten Kari") is not part of it.
        if (
            len(run) > 1
            and not run[0].initial
            and _sentence_start(text, run[0].start)
            and not (is_known(run[0].word) or _surname_shaped(run[0].word))
        ):
            run = run[1:]
        if run and _is_name(text, run):
            spans.append((run[0].start, run[-1].end))
        i = j
    return spans

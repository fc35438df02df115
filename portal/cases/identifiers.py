"""Find Norwegian personal identifiers in free text (a pure module: no Flask, no database).

``find_identifiers(text)`` returns a sorted list of non-overlapping :class:`Finding` objects.
Each finding has ``start`` and ``end`` (character offsets, so ``text[start:end] == finding.text``),
a ``kind`` and the matched ``text``. The kinds:

- ``FNR``: fødselsnummer, D-nummer and H-nummer: 11 digits, optionally ``DDMMYY NNNNN``, with a
  plausible birth date and both mod-11 check digits valid. The first check digit may also
  follow the 2032 rule (weighted remainder 0, 1, 2 or 3).
- ``PHONE``: Norwegian 8-digit numbers (``91234567``, ``912 34 567``, ``91 23 45 67``,
  ``7550 1234``), with or without ``+47``/``0047``; not money amounts.
- ``EMAIL``: e-mail addresses.
- ``ADDRESS``: a street name with a number (``Storgata 12``, ``Kongens gate 5 B``), with an
  optional postcode and place (``, 8006 Bodø``).
- ``NAME``: person names from a gazetteer of Norwegian first names and surnames, extended to
  neighbouring capitalised words, plus surnames by their ending (``-sen``, ``-datter``) and
  capitalised words after cue words (``heter``, ``moren``).
- ``DATE``: exact dates (``12.03.2023``, ``12.03.23``, ``12/3-2023``, ``2023-03-12``,
  ``3. mars 2023``).
- ``AGE``: an exact age (``42 år``, ``er 42 år gammel``, ``42-åring``); age bands such as
  ``40-årene`` are not ages.

Not flagged: municipality and other place names, legal references (``§ 10-2``, ``kap. 10``),
ICD-10 codes (``F20.0``), case numbers (``2023/14562``), clock times and money amounts.
"""

import re
from dataclasses import dataclass

from portal.cases.gazetteer import (
    AGE_CUES,
    AMBIGUOUS,
    FIRST_NAMES,
    NAME_CUES,
    NOT_NAMES,
    PLACES,
    SURNAMES,
)

KINDS = ("FNR", "PHONE", "EMAIL", "ADDRESS", "NAME", "DATE", "AGE")
KIND_LABELS = {
    "FNR": "Fødselsnummer eller D-nummer",
    "PHONE": "Telefonnummer",
    "EMAIL": "E-postadresse",
    "ADDRESS": "Adresse",
    "NAME": "Navn",
    "DATE": "Dato",
    "AGE": "Alder",
}
PLACEHOLDERS = {
    "FNR": "[FNR]",
    "PHONE": "[TELEFON]",
    "EMAIL": "[E-POST]",
    "ADDRESS": "[ADRESSE]",
    "NAME": "[NAVN]",
    "DATE": "[DATO]",
    "AGE": "[ALDER]",
}
# When two candidates overlap, the kind listed first wins (then the longer one).
_PRIORITY = {kind: rank for rank, kind in enumerate(("FNR", "EMAIL", "PHONE", "DATE", "ADDRESS", "AGE", "NAME"))}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Finding:
    """One identifier found in a text: ``text[start:end]`` of a kind such as ``NAME``."""

    start: int
    end: int
    kind: str
    text: str

    @property
    def placeholder(self) -> str:
        """The suggested replacement, e.g. ``[NAVN]``."""
        return PLACEHOLDERS[self.kind]

    @property
    def label(self) -> str:
        """The kind in Norwegian."""
        return KIND_LABELS[self.kind]


# --- Fødselsnummer ------------------------------------------------------------------------

_K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
_K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
# Patterns open with a character class and check the character before it with a lookbehind
# after that class: the regex engine can then skip quickly to candidate positions.
_FNR = re.compile(r"(\d(?<![\d.,/-]\d)\d{5})[ \u00a0]?(\d{5})(?![\d]|[.,/-]\d)")


def valid_fnr(digits: str) -> bool:
    """True when 11 digits form a fødselsnummer, D- or H-nummer (incl. the 2032 check rule)."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    numbers = [int(d) for d in digits]
    if sum(w * n for w, n in zip(_K1_WEIGHTS, numbers[:10], strict=True)) % 11 not in (0, 1, 2, 3):
        return False
    if sum(w * n for w, n in zip(_K2_WEIGHTS, numbers, strict=True)) % 11 != 0:
        return False
    day, month = int(digits[0:2]), int(digits[2:4])
    if day > 40:  # D-nummer: 4 added to the first digit
        day -= 40
    if month > 80:  # synthetic test numbers: 80 added to the month
        month -= 80
    elif month > 40:  # H-nummer: 4 added to the third digit
        month -= 40
    return 1 <= day <= 31 and 1 <= month <= 12


def _fnr(text: str) -> list[Finding]:
    """Eleven-digit numbers with valid check digits."""
    return [
        Finding(m.start(), m.end(), "FNR", m.group())
        for m in _FNR.finditer(text)
        if valid_fnr(m.group(1) + m.group(2))
    ]


# --- Phone numbers ------------------------------------------------------------------------

_SP = r"[ \u00a0]"
_PHONE_REST = (
    rf"(?:\d{{7}}|\d{{2}}{_SP}\d{{2}}{_SP}\d{{3}}|\d{_SP}\d{{2}}{_SP}\d{{2}}{_SP}\d{{2}}|\d{{3}}{_SP}\d{{4}})"
    rf"(?![\w/-]|[.,]\d|{_SP}\d)"
)
_PHONES = (
    # +47 / 0047 followed by the number
    re.compile(rf"[+0](?<![\w+/][+0])(?:(?<=\+)47|(?<=0)047){_SP}?[2-9]{_PHONE_REST}"),
    # the bare 8-digit number
    re.compile(rf"[2-9](?<![\w+/][2-9])(?<!\d[.,][2-9]){_PHONE_REST}"),
)
_MONEY_BEFORE = re.compile(r"(?:kr\.?|NOK|kroner)\s*$", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"^\s*(?:kr\b|kroner|NOK|,-)", re.IGNORECASE)


def _phones(text: str) -> list[Finding]:
    """Norwegian phone numbers, skipping amounts of money."""
    found = []
    for m in (m for pattern in _PHONES for m in pattern.finditer(text)):
        if _MONEY_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue
        if _MONEY_AFTER.match(text[m.end() : m.end() + 8]):
            continue
        found.append(Finding(m.start(), m.end(), "PHONE", m.group()))
    return found


# --- E-mail -------------------------------------------------------------------------------

_EMAIL_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_EMAIL_LOCAL = re.compile(r"(?<![\w.+-])[\w.+-]+$")


def _emails(text: str) -> list[Finding]:
    """E-mail addresses: found from the @ and the domain, then the local part before it."""
    found = []
    for m in _EMAIL_DOMAIN.finditer(text):
        local = _EMAIL_LOCAL.search(text, max(0, m.start() - 64), m.start())
        if local is not None:
            found.append(Finding(local.start(), m.end(), "EMAIL", text[local.start() : m.end()]))
    return found


# --- Street addresses ---------------------------------------------------------------------

_UPPER = "A-ZÆØÅÉ"
_LOWER = "a-zæøåéèüäö"
_STREET_ENDINGS = (
    "gata|gate|gaten|veien|vegen|vei|veg|allé|alle|plass|plassen|torget|torg|stien|sti|"
    "bakken|brekka|lia|ringen|svingen|tunet|kroken|jordet|løkka|kaia|brygga|åsen|vollen|"
    "enga|stranda|sletta|myra|vika|neset|haugen|moen|skogen|høgda|høyda|tråkket|kleiva"
)
_ADDRESS = re.compile(
    rf"[{_UPPER}](?<![\w][{_UPPER}])(?:"
    # one word with a street ending: Storgata, Fjellveien, Solbakken
    rf"[{_LOWER}]*(?:{_STREET_ENDINGS})"
    # or capitalised words then a separate street word: Kongens gate, Olav Vs gate
    rf"|[\w.'-]*{_SP}(?:[{_UPPER}][\w.'-]*{_SP}){{0,2}}(?:gate|gata|vei|veien|veg|vegen|allé|plass|torg)"
    rf"){_SP}(\d{{1,4}})(?:{_SP}?[A-Ha-h](?![\w]))?"
    rf"(?:,?{_SP}\d{{4}}{_SP}[{_UPPER}][{_LOWER}-]+)?"
    rf"(?![\d]|[.,]\d)"
)


def _addresses(text: str) -> list[Finding]:
    """Street names with a house number, and the postcode and place after them."""
    return [Finding(m.start(), m.end(), "ADDRESS", m.group()) for m in _ADDRESS.finditer(text)]


# --- Dates --------------------------------------------------------------------------------

_MONTHS = {
    "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
    "jan.": 1, "feb.": 2, "mar.": 3, "apr.": 4, "jun.": 6, "jul.": 7, "aug.": 8,
    "sep.": 9, "sept.": 9, "okt.": 10, "nov.": 11, "des.": 12,
}  # fmt: skip
_NUMERIC_DATE = re.compile(
    r"(?P<first>\d)(?<![\w.,/-]\d)(?:"
    r"(?P<d1>\d?)\.(?P<m1>\d{1,2})\.(?:\d{4}|\d{2})"
    r"|(?P<d2>\d?)/(?P<m2>\d{1,2})[-/](?:\d{4}|\d{2})"
    r"|\d{3}-(?P<m3>\d{2})-(?P<d3>\d{2})"
    r")(?![\d]|[.,/-]\d)"
)
_MONTH_NAMES = "|".join(sorted((re.escape(name) for name in _MONTHS), key=len, reverse=True))
_WORD_DATE = re.compile(
    rf"(?P<d>\d(?<![\w.,/-]\d)\d?)\.?{_SP}(?P<month>{_MONTH_NAMES})(?:(?<=\.)|\b)"
    rf"(?:{_SP}(?P<y>\d{{4}})\b)?",
    re.IGNORECASE,
)


def _plausible(day: int, month: int) -> bool:
    """True for a day and month that can be a calendar date."""
    return 1 <= day <= 31 and 1 <= month <= 12


def _dates(text: str) -> list[Finding]:
    """Exact dates written with digits or with a month name."""
    found = []
    for m in _NUMERIC_DATE.finditer(text):
        if m.group("d3") is not None:
            day, month = m.group("d3"), m.group("m3")
        else:
            day = m.group("first") + (m.group("d1") or m.group("d2") or "")
            month = m.group("m1") or m.group("m2")
        if _plausible(int(day), int(month)):
            found.append(Finding(m.start(), m.end(), "DATE", m.group()))
    for m in _WORD_DATE.finditer(text):
        if _plausible(int(m.group("d")), _MONTHS[m.group("month").lower()]):
            found.append(Finding(m.start(), m.end(), "DATE", m.group()))
    return found


# --- Ages ---------------------------------------------------------------------------------

_AGE = re.compile(
    rf"(?P<n>\d(?<![\w.,/-]\d)\d{{0,2}})(?:"
    rf"-år(?:ig|ige|ing|ingen|inger)\b"
    rf"|{_SP}år(?P<old>{_SP}gam(?:mel|le|l)\b)?(?![\w-])"
    rf")"
)
_WORD_BEFORE = re.compile(r"(\w+)[ \u00a0]*$")
_NOT_AGE_AFTER = re.compile(
    r"[ \u00a0]+(?:siden|senere|etter|tidligere|før|fram|frem|framover|fremover|til|med|"
    r"i strekk|på rad)\b"
)


def _ages(text: str) -> list[Finding]:
    """Exact ages: 'N år gammel', 'N-åring', and 'N år' after a word that states an age."""
    found = []
    for m in _AGE.finditer(text):
        if int(m.group("n")) > 120:
            continue
        if "-" not in m.group() and not m.group("old"):
            before = text[max(0, m.start() - 30) : m.start()].rstrip(" \u00a0")
            word = _WORD_BEFORE.search(before)
            by_cue = word is not None and word.group(1).lower() in AGE_CUES
            if not (by_cue or before.endswith((",", "(", ":"))):
                continue
            if _NOT_AGE_AFTER.match(text, m.end()):
                continue
        found.append(Finding(m.start(), m.end(), "AGE", m.group()))
    return found


# --- Person names -------------------------------------------------------------------------

_CAPITALISED = re.compile(
    rf"[{_UPPER}](?<![\w][{_UPPER}])[{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)*(?![\w])"
)
_CUE_BEFORE = re.compile(r"(\w+)[ \u00a0]$")
_SENTENCE_END = frozenset(".!?\n")
_OPENERS = frozenset(" \t\u00a0*_#>\"'«»()[]-–—•")
_SURNAME_ENDINGS = ("sen", "son", "datter", "dottir")


def _sentence_start(text: str, start: int) -> bool:
    """True when only spaces, quotes or list marks stand between a sentence end and ``start``."""
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _known(word: str) -> bool:
    """True for a known first name or surname, also in the genitive (each part of a
    hyphenated name counts)."""
    for part in word.split("-"):
        if part in FIRST_NAMES or part in SURNAMES:
            return True
        if part.endswith("s") and (part[:-1] in FIRST_NAMES or part[:-1] in SURNAMES):
            return True
    return False


def _surname_shaped(word: str) -> bool:
    """True for words shaped like Norwegian patronymic surnames (Olsen, Eriksdatter)."""
    return len(word) > 4 and word.endswith(_SURNAME_ENDINGS)


def _after_cue(text: str, start: int) -> bool:
    """True when the word just before ``start`` is a cue such as 'heter' or 'moren'."""
    cue = _CUE_BEFORE.search(text, max(0, start - 20), start)
    return cue is not None and cue.group(1).lower() in NAME_CUES


def _names(text: str) -> list[Finding]:
    """Names: gazetteer words with capitalised neighbours, -sen surnames, words after cues."""
    tokens = [
        (m.start(), m.end(), m.group())
        for m in _CAPITALISED.finditer(text)
        if m.group() not in PLACES and m.group() not in NOT_NAMES
    ]
    found = []
    i, count = 0, len(tokens)
    while i < count:
        j = i + 1  # the run of capitalised words joined by single spaces
        while j < count and tokens[j][0] - tokens[j - 1][1] == 1 and text[tokens[j][0] - 1] == " ":
            j += 1
        run = tokens[i:j]
        # A sentence-opening word that is not a name ("Pasienten Kari") is not part of it.
        if len(run) > 1 and not _name_shaped(run[0][2]) and _sentence_start(text, run[0][0]):
            run = run[1:]
        if _is_name(text, run):
            found.append(Finding(run[0][0], run[-1][1], "NAME", text[run[0][0] : run[-1][1]]))
        i = j
    return found


def _name_shaped(word: str) -> bool:
    """True for a known name or a surname-shaped word."""
    return _known(word) or _surname_shaped(word)


def _is_name(text: str, run: list[tuple[int, int, str]]) -> bool:
    """Decide whether a run of capitalised words is a person's name."""
    if len(run) > 1:
        return any(_name_shaped(word) for _s, _e, word in run)
    start, _end, word = run[0]
    initial = _sentence_start(text, start)
    if _known(word):
        return not (initial and word in AMBIGUOUS)
    if initial:
        return False
    return _surname_shaped(word) or _after_cue(text, start)


# --- All together -------------------------------------------------------------------------

_DETECTORS = (_fnr, _emails, _phones, _dates, _addresses, _ages, _names)


def find_identifiers(text: str) -> list[Finding]:
    """Return the identifiers in ``text`` as non-overlapping findings sorted by position."""
    candidates = [finding for detect in _DETECTORS for finding in detect(text)]
    candidates.sort(key=lambda f: (_PRIORITY[f.kind], f.start - f.end, f.start))
    taken: list[Finding] = []
    occupied = bytearray(len(text))
    for finding in candidates:
        if any(occupied[finding.start : finding.end]):
            continue
        occupied[finding.start : finding.end] = b"\x01" * (finding.end - finding.start)
        taken.append(finding)
    taken.sort(key=lambda f: f.start)
    return taken

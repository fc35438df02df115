"""Find Norwegian personal identifiers in what readers of a text will see (pure: no Flask).

``scan(text)`` is the one entry point (cases, comments, and later the debrief chat and other
features use it). It scans the *visible* text (:mod:`portal.cases.visible`: Markdown marks and
HTML tags dropped, entities decoded, Unicode NFKC, zero-width and other format characters
removed) and returns sorted, non-overlapping :class:`Finding` objects whose ``start``/``end`` are
offsets in the author's original text, so ``text[start:end] == finding.text`` and a finding can
be replaced in place. The kinds:

- ``FNR``: fødselsnummer, D-nummer and H-nummer: 11 digits in any grouping, with a plausible
  birth date and both mod-11 check digits valid (the first may follow the 2032 rule, remainder
  0–3). An 11-digit number grouped like one (``DDMMYY NNNNN``) with a birth date but wrong check
  digits is a *possible* fødselsnummer (a typo still identifies a person).
- ``PHONE``: Norwegian 8-digit numbers starting 2–9, in groups of two or more digits
  (``91234567``, ``912 34 567``, ``912-34-567``, ``912.34.567``, ``91 23 45 67``), optionally
  after ``+47``/``0047``; not money amounts, dates, time spans or case numbers.
- ``EMAIL``: e-mail addresses.
- ``ADDRESS``: a street name with a number (``Storgata 12``, ``Kongens gate 5 B``), with an
  optional postcode and place (``, 8006 Bodø``).
- ``NAME``: person names (:mod:`portal.cases.names`).
- ``DATE``: exact dates (``12.03.2023``, ``12/3-2023``, ``2023-03-12``, ``3. mars 2023``,
  ``3. mars``) and a year of birth (``født 1985``).
- ``AGE``: an exact age (``42 år``, ``er 42 år gammel``, ``42-åring``); age bands such as
  ``40-årene`` are not ages.

In numbers, ``-``, ``.``, ``/`` (with or without spaces around) and any whitespace separate
digit groups. Not flagged: municipality and other place names, months, weekdays, institutions,
legal references (``§ 10-2``), ICD-10 codes (``F20.0``), case numbers (``2023/14562``),
kommunenummer and postcodes on their own, clock times and money amounts.
"""

import re
from dataclasses import dataclass

from portal.cases.gazetteer import AGE_CUES
from portal.cases.names import find_names
from portal.cases.visible import visible_text

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
POSSIBLE_FNR_LABEL = "Mulig fødselsnummer (kontrollsifrene stemmer ikke)"
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
    possible: bool = False

    @property
    def placeholder(self) -> str:
        """The suggested replacement, e.g. ``[NAVN]``."""
        return PLACEHOLDERS[self.kind]

    @property
    def label(self) -> str:
        """The kind in Norwegian."""
        return POSSIBLE_FNR_LABEL if self.possible else KIND_LABELS[self.kind]


# --- Numbers: fødselsnummer and phone numbers --------------------------------------------

_K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
_K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
# Digit groups joined by one separator: -./ (or a dash) with optional spaces, or whitespace.
_SEPARATOR = rf"(?:[ \t]?[./{_DASHES}][ \t]?|\s{{1,3}})"
_NUMBER_RUN = re.compile(
    rf"[+\d](?<![\w+][+\d])(?<!\d[.,][+\d])\d*(?:{_SEPARATOR}\d+)*(?![\w]|[.,]\d)"
)
_GROUP = re.compile(r"\d+")
_MONEY_BEFORE = re.compile(r"(?:kr\.?|NOK|kroner)\s*$", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"^\s*(?:kr\b|kroner|NOK|,-)", re.IGNORECASE)


def _birth_date(digits: str) -> bool:
    """True when the first six digits can be a (D-/H-nummer adjusted) birth date DDMMYY."""
    day, month = int(digits[0:2]), int(digits[2:4])
    if day > 40:  # D-nummer: 4 added to the first digit
        day -= 40
    if month > 80:  # synthetic test numbers: 80 added to the month
        month -= 80
    elif month > 40:  # H-nummer: 4 added to the third digit
        month -= 40
    return 1 <= day <= 31 and 1 <= month <= 12


def valid_fnr(digits: str) -> bool:
    """True when 11 digits form a fødselsnummer, D- or H-nummer (incl. the 2032 check rule)."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    numbers = [int(d) for d in digits]
    if sum(w * n for w, n in zip(_K1_WEIGHTS, numbers[:10], strict=True)) % 11 not in (0, 1, 2, 3):
        return False
    if sum(w * n for w, n in zip(_K2_WEIGHTS, numbers, strict=True)) % 11 != 0:
        return False
    return _birth_date(digits)


def _possible_fnr(digits: str, cuts: list[int]) -> bool:
    """An 11-digit number shaped like a fødselsnummer whose check digits fail (a typo?)."""
    return _birth_date(digits) and set(cuts) <= {2, 4, 6, 9}


def _date_shaped(groups: list[str], separators: list[str]) -> bool:
    """True for digit groups that read as a date (12.03.2023, 2023-03-12) or years (2019 2020)."""
    lengths = [len(g) for g in groups]
    if lengths in ([2, 2, 4], [1, 2, 4], [2, 1, 4], [1, 1, 4]) or lengths == [4, 2, 2]:
        return separators[0].strip() != ""
    return lengths == [4, 4] and all(g.startswith(("19", "20")) for g in groups)


def _phone_shaped(groups: list[str], separators: list[str]) -> bool:
    """Eight digits starting 2-9 in groups of two or more (or one by one), the same separator
    throughout."""
    spaced_out = all(len(g) == 1 for g in groups)  # "9 1 2 3 4 5 6 7"
    if not "2" <= groups[0][0] <= "9" or not (spaced_out or all(len(g) > 1 for g in groups)):
        return False
    if len({s.strip() or " " for s in separators}) > 1:
        return False  # "20.00-22.00" is a time span
    if separators and separators[0].strip() == "/" and len(groups[0]) == 4:
        return False  # "2023/1456" is a case number
    return not _date_shaped(groups, separators)


def _is_money(text: str, start: int, end: int) -> bool:
    """True when «kr», «kroner» or «NOK» stands right before or after the number."""
    return bool(
        _MONEY_BEFORE.search(text, max(0, start - 8), start)
        or _MONEY_AFTER.match(text[end : end + 8])
    )


def _numbers(text: str) -> list[Finding]:
    """Fødselsnumre (valid, or possible with a typo) and phone numbers in runs of digit groups."""
    found = []
    for run in _NUMBER_RUN.finditer(text):
        if run.end() - run.start() < 8:
            continue
        groups = [(m.start(), m.end()) for m in _GROUP.finditer(run.group())]
        base = run.start()
        plus = run.group().startswith("+")
        digits = [run.group()[s:e] for s, e in groups]
        separators = [run.group()[groups[k][1] : groups[k + 1][0]] for k in range(len(groups) - 1)]
        if plus and len(digits[0]) == 10 and digits[0].startswith("47"):
            digits[0:1] = ["47", digits[0][2:]]  # +4791234567
            groups[0:1] = [(groups[0][0], groups[0][0] + 2), (groups[0][0] + 2, groups[0][1])]
            separators.insert(0, "")
        for i in range(len(digits)):
            length = 0
            for k in range(i, len(digits)):
                length += len(digits[k])
                if length > 11:
                    break
                start, end = base + groups[i][0], base + groups[k][1]
                if length == 11:
                    joined = "".join(digits[i : k + 1])
                    cuts = [sum(map(len, digits[i:c])) for c in range(i + 1, k + 1)]
                    if valid_fnr(joined):
                        found.append(Finding(start, end, "FNR", text[start:end]))
                    elif _possible_fnr(joined, cuts):
                        found.append(Finding(start, end, "FNR", text[start:end], possible=True))
                elif length == 8 and _phone_shaped(digits[i : k + 1], separators[i:k]):
                    if (
                        i > 0
                        and digits[i - 1] in ("47", "0047")
                        and (plus or digits[i - 1] == "0047")
                    ):
                        start = base + (0 if plus and i == 1 else groups[i - 1][0])
                    if not _is_money(text, start, end):
                        found.append(Finding(start, end, "PHONE", text[start:end]))
    return found


# --- E-mail -------------------------------------------------------------------------------

_EMAIL_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_EMAIL_LOCAL = re.compile(r"(?<![\w.+-])[\w.+-]+$")
# The @ and the dots written out: kari(at)example(dot)no, kari [at] example.no
_DOT = r"(?:\.|\s?[(\[{]\s?(?:dot|punktum)\s?[)\]}]\s?)"
_EMAIL_SPELLED = re.compile(
    rf"[(\[{{]\s?(?:at|alfa|krøllalfa)\s?[)\]}}]\s?[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[A-Za-z]{{2,}}\b",
    re.IGNORECASE,
)
_EMAIL_LOCAL_SPELLED = re.compile(r"(?<![\w.+-])[\w.+-]+\s?$")


def _emails(text: str) -> list[Finding]:
    """E-mail addresses: found from the @ (or «(at)») and the domain, then the local part."""
    found = []
    for domain, local_part in (
        (_EMAIL_DOMAIN, _EMAIL_LOCAL),
        (_EMAIL_SPELLED, _EMAIL_LOCAL_SPELLED),
    ):
        for m in domain.finditer(text):
            local = local_part.search(text, max(0, m.start() - 64), m.start())
            if local is not None:
                found.append(
                    Finding(local.start(), m.end(), "EMAIL", text[local.start() : m.end()])
                )
    return found


# --- Street addresses ---------------------------------------------------------------------

_SP = r"[ \u00a0]"
_UPPER = "A-ZÆØÅÉ"
_LOWER = "a-zæøåéèüäö"
_STREET_ENDINGS = (
    "gata", "gate", "gaten", "veien", "vegen", "vei", "veg", "allé", "alle", "plass", "plassen",
    "torget", "torg", "stien", "sti", "bakken", "brekka", "lia", "ringen", "svingen", "tunet",
    "kroken", "jordet", "løkka", "kaia", "brygga", "åsen", "vollen", "enga", "stranda", "sletta",
    "myra", "vika", "neset", "haugen", "moen", "skogen", "høgda", "høyda", "tråkket", "kleiva",
    "gt.", "vn.",
)  # fmt: skip
_ADDRESS = re.compile(
    rf"[{_UPPER}](?<![\w][{_UPPER}])(?:"
    # one word, checked for a street ending below: Storgata, Fjellveien, Bakken, Storgt.
    rf"(?P<word>[{_LOWER}]+\.?)"
    # or capitalised words then a separate street word: Kongens gate, Olav Vs gate
    rf"|[\w.'-]*{_SP}(?:[{_UPPER}][\w.'-]*{_SP}){{0,2}}(?:gate|gata|vei|veien|veg|vegen|allé|plass|torg)"
    rf"){_SP}(\d{{1,4}})(?:{_SP}?[A-Ha-h](?![\w]))?"
    rf"(?:,?{_SP}\d{{4}}{_SP}[{_UPPER}][{_LOWER}-]+)?"
    rf"(?![\d]|[.,]\d)"
)
_STREET_WORD = re.compile(rf"[{_UPPER}](?<![\w][{_UPPER}])[{_LOWER}]+(?![\w])")
_LIVES_BEFORE = re.compile(
    rf"(?:bor|bodde|adresse|adressen|flyttet til|flyttet fra|flytter til)(?:{_SP}(?:i|på))?:?{_SP}$",
    re.IGNORECASE,
)


def _street_shaped(word: str) -> bool:
    """True for a word that ends like a street name (Storgata, Solbakken, Lia, Storgt.)."""
    return word.lower().endswith(_STREET_ENDINGS)


def _addresses(text: str) -> list[Finding]:
    """Street names with a house number (and the postcode and place after them), and a street
    named as where someone lives («bor i Storgata»)."""
    found = [
        Finding(m.start(), m.end(), "ADDRESS", m.group())
        for m in _ADDRESS.finditer(text)
        if m.group("word") is None or _street_shaped(text[m.start()] + m.group("word"))
    ]
    for m in _STREET_WORD.finditer(text):
        if _street_shaped(m.group()) and _LIVES_BEFORE.search(
            text, max(0, m.start() - 20), m.start()
        ):
            found.append(Finding(m.start(), m.end(), "ADDRESS", m.group()))
    return found


# --- Dates --------------------------------------------------------------------------------

_MONTHS = {
    "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
    "jan.": 1, "feb.": 2, "mar.": 3, "apr.": 4, "jun.": 6, "jul.": 7, "aug.": 8,
    "sep.": 9, "sept.": 9, "okt.": 10, "nov.": 11, "des.": 12,
}  # fmt: skip
_NUMERIC_DATE = re.compile(
    r"(?P<first>\d)(?<![\w.,/-]\d)(?:"
    r"(?P<d1>\d?) ?\. ?(?P<m1>\d{1,2}) ?\. ?(?:\d{4}|\d{2})"
    r"|(?P<d2>\d?)/(?P<m2>\d{1,2})[-/](?:\d{4}|\d{2})"
    r"|(?P<d4>\d?)-(?P<m4>\d{1,2})-(?:\d{4})"
    r"|\d{3}-(?P<m3>\d{2})-(?P<d3>\d{2})"
    r")(?![\d]|[.,/-]\d)"
)
_SHORT_DATE = re.compile(r"(?P<d>\d)(?<![\w.,/-]\d)(?P<d2>\d?)\.(?P<m>\d{1,2})\.(?![\w]|\d)")
_NOT_DATE_BEFORE = re.compile(
    r"(?:kl|klokka|klokken|punkt|pkt|kap|kapittel|avsnitt|versjon|v|§)\.?\s*$", re.IGNORECASE
)
_BIRTH_YEAR = re.compile(r"[fF](?<![\w][fF])(?:ødt|\.)(?: i| år)? ((?:19|20)\d\d)\b")
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
            day = m.group("first") + (m.group("d1") or m.group("d2") or m.group("d4") or "")
            month = m.group("m1") or m.group("m2") or m.group("m4")
        if _plausible(int(day), int(month)):
            found.append(Finding(m.start(), m.end(), "DATE", m.group()))
    for m in _WORD_DATE.finditer(text):
        if _plausible(int(m.group("d")), _MONTHS[m.group("month").lower()]):
            found.append(Finding(m.start(), m.end(), "DATE", m.group()))
    for m in _SHORT_DATE.finditer(text):  # 12.3. (day and month)
        if _plausible(
            int(m.group("d") + m.group("d2")), int(m.group("m"))
        ) and not _NOT_DATE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            found.append(Finding(m.start(), m.end(), "DATE", m.group()))
    for m in _BIRTH_YEAR.finditer(text):
        found.append(Finding(m.start(1), m.end(1), "DATE", m.group(1)))
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


_AGE_IN_BRACKETS = re.compile(r"\((\d{1,2})\)")
_NUMBER_WORDS = (
    "en|ett|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|tretten|fjorten|femten|"
    "seksten|sytten|atten|nitten|tjue|tretti|førti|femti|seksti|sytti|åtti|nitti"
)
_AGE_WORD_END = re.compile(r"år(?:ig|ige|ing|ingen)\b|år[ \u00a0]gam(?:mel|le|l)\b")
_NUMBER_WORD_BEFORE = re.compile(
    rf"(?<![\w])(?:{_NUMBER_WORDS})(?:{_NUMBER_WORDS})?[ \u00a0-]?$", re.IGNORECASE
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
    for m in _AGE_IN_BRACKETS.finditer(text):  # «Kari (34)», «kvinne (34)»
        word = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
        if word is not None and (word.group(1)[0].isupper() or word.group(1).lower() in AGE_CUES):
            found.append(Finding(m.start(1), m.end(1), "AGE", m.group(1)))
    for m in _AGE_WORD_END.finditer(text):  # «seksten år gammel», «tjueåring»
        number = _NUMBER_WORD_BEFORE.search(text, max(0, m.start() - 20), m.start())
        if number is not None:
            found.append(Finding(number.start(), m.end(), "AGE", text[number.start() : m.end()]))
    return found


# --- Person names (see portal/cases/names.py) ------------------------------------------------


def _names(text: str) -> list[Finding]:
    """Person names: listed names, surname shapes, initials, capitals and words after cues."""
    return [Finding(start, end, "NAME", text[start:end]) for start, end in find_names(text)]


# --- All together -------------------------------------------------------------------------

_DETECTORS = (_numbers, _emails, _dates, _addresses, _ages, _names)


def _resolve(candidates: list[Finding], size: int) -> list[Finding]:
    """Keep non-overlapping findings: higher priority kinds first, then longer ones."""
    candidates.sort(key=lambda f: (_PRIORITY[f.kind], f.start - f.end, f.start))
    taken: list[Finding] = []
    occupied = bytearray(size)
    for finding in candidates:
        if any(occupied[finding.start : finding.end]):
            continue
        occupied[finding.start : finding.end] = b"\x01" * (finding.end - finding.start)
        taken.append(finding)
    taken.sort(key=lambda f: f.start)
    return taken


def scan(text: str) -> list[Finding]:
    """The identifiers a reader would see in ``text``, as spans of ``text``, sorted."""
    view = visible_text(text)
    found = _resolve([f for detect in _DETECTORS for f in detect(view.text)], len(view.text))
    if view.text == text:
        return found
    mapped = []
    for finding in found:
        start, end = view.source_span(finding.start, finding.end)
        mapped.append(Finding(start, end, finding.kind, text[start:end], finding.possible))
    return mapped

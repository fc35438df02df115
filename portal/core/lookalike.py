"""Names that look alike: a skeleton for comparing what people read, not what they typed.

Two names with the same skeleton look the same in the chat (Cyrillic «о» for Latin «o»,
«Moderatør» for «Moderator», full-width letters, accents, spaces or dots in between). The
confusable characters come from Unicode's confusables list (``confusable_homoglyphs``).
"""

import unicodedata

from confusable_homoglyphs.confusables import confusables_data

# Staff titles a participant may not wear: the room shows them from the role, never typed.
STAFF_LABELS = ("moderator", "moderatør", "koordinator", "admin", "jurist", "juridisk rådgiver")
# Letters without a Unicode decomposition that Norwegian readers take for plain ones, and the
# two digits that pass for letters (other digits stay digits: «Deltaker 3» ≠ «Deltaker 8»).
_FOLD = str.maketrans(
    {"ø": "o", "æ": "ae", "đ": "d", "ł": "l", "ß": "ss", "ı": "i", "0": "o", "1": "l"}
)


def _plain(char: str) -> str:
    """The Latin letters ``char`` is mistaken for (ASCII stays itself)."""
    if char.isascii():
        return char
    entries = confusables_data.get(char)
    return entries[0]["c"] if entries else char


def skeleton(name: str) -> str:
    """What ``name`` looks like, reduced to plain lower-case letters and digits."""
    text = unicodedata.normalize("NFKC", name).casefold().translate(_FOLD)
    text = "".join(_plain(char) for char in text)
    text = unicodedata.normalize("NFKD", text).casefold().translate(_FOLD)
    text = "".join(char for char in text if char.isalnum() and not unicodedata.combining(char))
    return text.replace("rn", "m")


def staff_label_in(name: str) -> str | None:
    """The staff title ``name`` imitates, if any (in any spelling or script)."""
    shape = skeleton(name)
    return next((label for label in STAFF_LABELS if skeleton(label) in shape), None)


def looks_like(name: str, other: str) -> bool:
    """True when the two names read the same."""
    return skeleton(name) == skeleton(other)

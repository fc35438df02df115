"""Norwegian texts are marked for translation, so Babel can extract a catalogue from them."""

from babel.messages.extract import extract_from_dir

from portal.config import PROJECT_ROOT

METHODS = [("**.py", "python"), ("**.html", "jinja2")]
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}


def extracted(folder: str) -> set[str]:
    """Every message id Babel finds under a folder."""
    messages = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        PROJECT_ROOT / folder,
        METHODS,
        keywords=KEYWORDS,
        options_map={"**.html": {"extensions": "jinja2.ext.do"}},
    ):
        messages.update(message if isinstance(message, tuple) else (message,))
    return messages


def test_python_and_template_texts_are_extracted():
    python = extracted("portal")
    assert (
        "Feil e-postadresse eller passord. Sjekk at du har skrevet riktig og prøv igjen." in python
    )
    assert "Passordet må ha minst %(count)d tegn." in python
    assert "Fyll ut feltet." in python
    assert "Ingen tilgang" in python
    assert "Trukket tilbake" in python  # a withdrawn case's status
    assert "Kartlegginger" in python  # a main menu label
    templates = extracted("templates")
    assert "Logg inn" in templates
    assert "Hopp til hovedinnhold" in templates
    assert "Sett opp tofaktorinnlogging" in templates

"""The identifier gate for short free texts (help requests, consultations): no patient identifiers.

A text with scan findings is refused until the writer removes them or says why they are not
identifiers (the same rule as cases). The scanner itself lives in portal/cases/identifiers.py.
"""

from flask_babel import gettext as _

from portal.cases.identifiers import Finding, scan


class IdentifierGateError(ValueError):
    """The text holds possible identifiers and the writer has not explained them."""

    def __init__(self, message: str, findings: list[Finding]):
        super().__init__(message)
        self.findings = findings


def check(text: str, reason: str | None) -> str | None:
    """Return the stored reason (None when the text is clean); refuse findings without a reason."""
    findings = scan(text)
    if not findings:
        return None
    reason = (reason or "").strip()
    if not reason:
        kinds = ", ".join(sorted({f.label.lower() for f in findings}))
        raise IdentifierGateError(
            _(
                "Teksten ser ut til å inneholde pasientopplysninger (%(kinds)s). Fjern dem, "
                "eller skriv kort hvorfor de ikke identifiserer noen.",
                kinds=kinds,
            ),
            findings,
        )
    return reason[:300]


def refuse(text: str) -> None:
    """For texts without a reason field (agreements, evaluations): refuse any finding."""
    findings = scan(text)
    if findings:
        kinds = ", ".join(sorted({f.label.lower() for f in findings}))
        raise IdentifierGateError(
            _(
                "Teksten ser ut til å inneholde pasientopplysninger (%(kinds)s). Fjern dem "
                "før du lagrer.",
                kinds=kinds,
            ),
            findings,
        )

"""Cases hold files (e.g. the legal adviser's assessment): their text is scanned for
identifiers like the case's own text, findings block publishing, and downloads are logged."""

from flask import url_for

from portal.cases import services
from portal.cases.identifiers import scan
from portal.cases.models import Case, CaseStatus
from portal.documents.owners import OwnerKind
from portal.documents.services import finding_problems


def _finding_labels(text: str) -> list[str]:
    """The kind of each possible identifier in an attachment's text."""
    return [finding.label for finding in scan(text)]


def _log_download(user, case: Case) -> None:
    """A file opened is a view of the case."""
    services.log_view(user, case, page="vedlegg")


def attachment_findings(case: Case) -> list[str]:
    """Problems for the publishing gate: the case's files whose text has possible identifiers."""
    return finding_problems("case", case.id)


CASE_FILES = OwnerKind(
    name="case",
    label="sak",
    model=Case,
    view_action="case.view",
    attach_action="case.attach",
    page_url=lambda case: url_for("cases.show", case_id=case.id),
    title=lambda case: case.title,
    allowed_kinds=frozenset({"pdf", "docx", "txt"}),
    scan_text=_finding_labels,
    refuse_findings=lambda case: case.status == CaseStatus.PUBLISHED,
    on_view=_log_download,
)

"""How cases are found by search: only published cases that are not withdrawn, network-wide."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from portal.cases.models import SECTION_FIELDS, Case, CaseStatus
from portal.search.query import plain_text
from portal.search.registry import NETWORK, Document, Kind, Source

KIND = Kind("saker", _l("Saker"), 2)


def documents(case: Case) -> list[Document]:
    """A published case's title and sections; nothing while a draft, in review or withdrawn."""
    if case.status != CaseStatus.PUBLISHED or case.is_withdrawn:
        return []
    body = " ".join(plain_text(case.section_text(field)) for field in SECTION_FIELDS)
    published = case.published_at or case.updated_at
    return [
        Document(
            title=case.title,
            body=body,
            visibility=NETWORK,
            municipality_id=case.municipality_id,
            date=published.date(),
        )
    ]


SOURCE = Source(
    name="case",
    kind=KIND,
    model=Case,
    documents=documents,
    url=lambda case: url_for("cases.show", case_id=case.id),
    view_action=lambda _part: "case.view",
)

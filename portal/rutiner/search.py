"""How routines are found by search: the released text for all, an open draft for its owners."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from portal.rutiner.models import Routine, RoutineVersion, Status
from portal.search.query import plain_text
from portal.search.registry import (
    COORDINATORS,
    NETWORK,
    Document,
    Kind,
    Source,
    municipality_key,
)

DRAFT = "utkast"
KIND = Kind("rutiner", _l("Rutiner"), 1)


def _owners(routine: Routine) -> str:
    """Who sees a draft: the owner municipality, or the coordinators for network-wide ones."""
    if routine.municipality_id is None:
        return COORDINATORS
    return municipality_key(routine.municipality_id)


def _text(routine: Routine, version: RoutineVersion) -> str:
    """A version's words with the routine's category and tags."""
    return " ".join([str(routine.category_label), routine.tags, plain_text(version.body)])


def documents(routine: Routine) -> list[Document]:
    """The released text (not once expired) and any open draft, each with its audience."""
    if routine.status == Status.EXPIRED:
        return []
    found = []
    released = routine.released_version
    if released is not None:
        found.append(
            Document(
                title=routine.title,
                body=_text(routine, released),
                visibility=NETWORK,
                municipality_id=routine.municipality_id,
                date=(released.approved_at or released.created_at).date(),
            )
        )
    draft = routine.draft_version
    if draft is not None:
        found.append(
            Document(
                title=draft.title,
                body=_text(routine, draft),
                visibility=_owners(routine),
                part=DRAFT,
                municipality_id=routine.municipality_id,
                date=draft.created_at.date(),
            )
        )
    return found


SOURCE = Source(
    name="routine",
    kind=KIND,
    model=Routine,
    documents=documents,
    url=lambda routine: url_for("rutiner.detail", routine_id=routine.id),
    view_action=lambda part: "rutiner.view_draft" if part == DRAFT else "rutiner.view",
    watches={RoutineVersion: lambda version: [version.routine]},
)

"""Routine versions hold files (forms, checklists); approved versions go to the archive as
PDF/A; a Word file becomes a new draft routine."""

from flask import url_for

from portal import text
from portal.documents.owners import ArchiveRecord, DraftTarget, OwnerKind
from portal.rutiner import services
from portal.rutiner.models import CATEGORIES, RoutineVersion


def _version_record(version: RoutineVersion) -> ArchiveRecord:
    """An approved routine version for the archive."""
    routine = version.routine
    facts = [("Kategori", routine.category_label), ("Ansvarlig", routine.responsible.name)]
    if version.change_note:
        facts.append(("Endringsnotat", version.change_note))
    if routine.released_version_id == version.id and routine.next_review_date:
        facts.append(("Neste revisjon", routine.next_review_date.isoformat()))
    return ArchiveRecord(
        doc_type="Rutine",
        title=version.title,
        owner=routine.owner_name,
        version=version.number,
        created=version.created_at,
        final_at=version.approved_at,
        final_label="Godkjent",
        approver=version.approved_by.name if version.approved_by else "",
        body_html=text.render(version.body),
        subject=f"Rutine «{version.title}», versjon {version.number}, {routine.owner_name}",
        facts=facts,
    )


def _create_draft(actor, title: str, markdown: str, note: str, category: str):
    """A new draft routine owned by the author's municipality (network-wide for coordinators)."""
    return services.create_routine(
        actor,
        network_id=actor.network_id,
        municipality_id=actor.municipality_id,
        title=title,
        body=markdown,
        change_note=note,
        category=category,
        tags="",
        review_interval_months=12,
        responsible=actor,
    )


VERSION_FILES = OwnerKind(
    name="routine_version",
    label="rutineversjon",
    model=RoutineVersion,
    view_action="rutiner.version_view",
    attach_action="rutiner.version_attach",
    page_url=lambda version: url_for(
        "rutiner.version", routine_id=version.routine_id, number=version.number
    ),
    title=lambda version: f"{version.title}, versjon {version.number}",
    archive=_version_record,
    archive_action="rutiner.version_view",
    is_final=lambda version: version.approved_at is not None,
)
WORD_IMPORT = DraftTarget(
    name="routine",
    action="rutiner.create",
    categories=CATEGORIES,
    create=_create_draft,
    page_url=lambda routine: url_for("rutiner.detail", routine_id=routine.id),
)

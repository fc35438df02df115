"""Meetings' objects that hold files: samlinger, agenda items, minutes and homework answers;
published minutes go to the archive as PDF/A."""

from flask import url_for
from markupsafe import Markup, escape

from portal import text
from portal.documents.owners import ArchiveRecord, OwnerKind
from portal.meetings.models import AgendaItem, HomeworkAnswer, Minutes, Samling


def _minutes_record(minutes: Minutes) -> ArchiveRecord:
    """Published minutes for the archive: attendance, status round, decisions, free text."""
    samling = minutes.samling
    attendance = "".join(
        f"<li>{escape(a.user.name)}"
        f"{', ' + escape(a.municipality.name) if a.municipality else ''}: {escape(a.status_label)}</li>"
        for a in minutes.attendees
    )
    reports = "".join(
        f"<tr><th scope='row'>{escape(r.municipality.name)}</th><td>{text.render(r.text)}</td></tr>"
        for r in sorted(minutes.reports, key=lambda r: r.municipality.name)
        if r.text.strip()
    )
    body = Markup(  # noqa: S704 - names escaped above, Markdown through text.render
        f"<h2>Oppmøte</h2><ul>{attendance}</ul>"
        + (f"<h2>Statusrunde fra kommunene</h2><table>{reports}</table>" if reports else "")
        + f"<h2>Vedtak og beslutninger</h2>{text.render(minutes.decisions) or 'Ingen.'}"
        + (f"<h2>Referat</h2>{text.render(minutes.body)}" if minutes.body.strip() else "")
    )
    dates = ", ".join(d.isoformat() for d in samling.dates) or samling.tentative_when
    publisher = minutes.published_by.name if minutes.published_by else ""
    return ArchiveRecord(
        doc_type="Referat",
        title=f"Referat: {samling.title}",
        owner="Fagnettverket",
        version=minutes.version,
        created=samling.created_at,
        final_at=minutes.published_at,
        final_label="Publisert",
        approver=publisher,
        body_html=body,
        subject=f"Referat fra samlingen {samling.title} ({dates})",
        facts=[("Samlingens datoer", dates)],
    )


OWNER_KINDS = [
    OwnerKind(
        name="samling",
        label="samling",
        model=Samling,
        view_action="meetings.view",
        attach_action="meetings.manage",
        page_url=lambda samling: url_for("meetings.samling", samling_id=samling.id),
        title=lambda samling: samling.title,
    ),
    OwnerKind(
        name="agenda_item",
        label="programpunkt",
        model=AgendaItem,
        view_action="meetings.view",
        attach_action="meetings.manage",
        page_url=lambda item: url_for("meetings.samling", samling_id=item.day.samling_id),
        title=lambda item: f"{item.title} ({item.day.samling.title})",
    ),
    OwnerKind(
        name="minutes",
        label="referat",
        model=Minutes,
        view_action="meetings.minutes_view",
        attach_action="meetings.minutes_edit",
        page_url=lambda minutes: url_for("meetings.minutes", samling_id=minutes.samling_id),
        title=lambda minutes: f"Referat: {minutes.samling.title}",
        archive=_minutes_record,
        archive_action="meetings.minutes_view",
        is_final=lambda minutes: minutes.is_published,
    ),
    OwnerKind(
        name="homework_answer",
        label="svar på hjemmelekse",
        model=HomeworkAnswer,
        view_action="meetings.answer_view",
        attach_action="meetings.answer_attach",
        page_url=lambda answer: url_for("meetings.item", item_id=answer.item_id),
        title=lambda answer: f"{answer.item.title} – {answer.municipality.name}",
    ),
]

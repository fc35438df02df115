"""How samlinger are found by search: programmes, published minutes and decisions, homework.

Published samlinger are for everyone, unpublished ones for the coordinators; minutes are
indexed once published, homework is for everyone once the minutes are (as on their pages).
"""

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal.meetings.models import ActionItem, AgendaItem, Minutes, Samling, SamlingDay
from portal.search.query import plain_text
from portal.search.registry import COORDINATORS, NETWORK, Document, Kind, Source

SAMLINGER = Kind("samlinger", _l("Samlinger"), 3)
MINUTES = Kind("referater", _l("Referater og vedtak"), 4)
HOMEWORK = Kind("hjemmelekser", _l("Hjemmelekser"), 5)


def _audience(samling: Samling) -> str:
    """Everyone for a published samling, the coordinators otherwise."""
    return NETWORK if samling.published else COORDINATORS


def programme(samling: Samling) -> list[Document]:
    """The samling's description and its days' places, notes and agenda."""
    words = [samling.tentative_when, plain_text(samling.description)]
    for day in samling.days:
        words += [day.place, plain_text(day.notes)]
        for item in day.agenda:
            words += [item.title, item.presenter, plain_text(item.description)]
    return [
        Document(
            title=samling.title,
            body=" ".join(w for w in words if w),
            visibility=_audience(samling),
            date=samling.first_date,
        )
    ]


def minutes(record: Minutes) -> list[Document]:
    """Published minutes: decisions first, then the text and the municipalities' reports."""
    if record.published_at is None:
        return []
    samling = record.samling
    words = [plain_text(record.decisions), plain_text(record.body)]
    words += [plain_text(report.text) for report in record.reports]
    return [
        Document(
            title=str(_l("Referat: %(title)s", title=samling.title)),
            body=" ".join(w for w in words if w),
            visibility=_audience(samling),
            date=samling.first_date or record.published_at.date(),
        )
    ]


def homework(item: ActionItem) -> list[Document]:
    """A homework item (never the municipalities' answers)."""
    samling = item.samling
    visible = samling.published and samling.minutes_published()
    return [
        Document(
            title=item.title,
            body=" ".join(w for w in [plain_text(item.description), item.key_figure] if w),
            visibility=NETWORK if visible else COORDINATORS,
            municipality_id=item.responsible_municipality_id,
            date=item.due_date,
        )
    ]


SOURCES = [
    Source(
        name="minutes",
        kind=MINUTES,
        model=Minutes,
        documents=minutes,
        url=lambda record: url_for("meetings.minutes", samling_id=record.samling_id),
        view_action=lambda _part: "meetings.minutes_view",
        watches={Samling: lambda samling: [samling.minutes]},
        loads=(selectinload(Minutes.samling),),
    ),
    Source(
        name="samling",
        kind=SAMLINGER,
        model=Samling,
        documents=programme,
        url=lambda samling: url_for("meetings.samling", samling_id=samling.id),
        view_action=lambda _part: "meetings.view",
        watches={
            SamlingDay: lambda day: [day.samling],
            AgendaItem: lambda item: [item.day.samling if item.day else None],
        },
    ),
    Source(
        name="homework",
        kind=HOMEWORK,
        model=ActionItem,
        documents=homework,
        url=lambda item: url_for("meetings.item", item_id=item.id),
        view_action=lambda _part: "meetings.homework_view",
        watches={
            Samling: lambda samling: samling.items,
            Minutes: lambda record: record.samling.items if record.samling else [],
        },
        loads=(selectinload(ActionItem.samling).selectinload(Samling.minutes),),
    ),
]

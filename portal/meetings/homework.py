"""Homework and action items answered per municipality, and the key figures they collect."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal import audit
from portal.core.dates import utcnow
from portal.extensions import db
from portal.meetings.models import (
    ActionItem,
    HomeworkAnswer,
    ItemStatus,
    Responsible,
    Samling,
    SamlingDay,
)
from portal.meetings.services import MeetingError
from portal.network.models import Municipality, User


def default_due_date(samling: Samling) -> date | None:
    """The first day of the next samling after this one, if it has a date."""
    last = samling.dates[-1] if samling.dates else None
    if last is None:
        return None
    return db.session.scalar(
        select(func.min(SamlingDay.date)).where(
            SamlingDay.date > last, SamlingDay.samling_id != samling.id
        )
    )


def add_action_item(
    actor: User,
    samling: Samling,
    *,
    title: str,
    description: str = "",
    responsible: str = Responsible.ALL,
    municipality_id: int | None = None,
    user_id: int | None = None,
    due_date: date | None = None,
    key_figure: str = "",
) -> ActionItem:
    """Add homework or an action item to a samling; the due date defaults to the next samling."""
    if not title.strip():
        raise MeetingError(_("Oppgaven må ha en tittel."))
    if responsible == Responsible.MUNICIPALITY and municipality_id is None:
        raise MeetingError(_("Velg hvilken kommune som er ansvarlig."))
    if responsible == Responsible.PERSON and user_id is None:
        raise MeetingError(_("Velg hvilken person som er ansvarlig."))
    if responsible not in Responsible.__members__.values():
        raise MeetingError(_("Velg hvem som er ansvarlig fra listen."))
    if key_figure.strip() and responsible != Responsible.ALL:
        raise MeetingError(_("Nøkkeltall samles bare inn fra alle kommunene."))
    item = ActionItem(
        samling=samling,
        title=title.strip(),
        description=description,
        responsible=responsible,
        responsible_municipality_id=municipality_id
        if responsible == Responsible.MUNICIPALITY
        else None,
        responsible_user_id=user_id if responsible == Responsible.PERSON else None,
        due_date=due_date or default_due_date(samling),
        key_figure=key_figure.strip(),
        created_by_id=actor.id,
    )
    db.session.add(item)
    db.session.flush()
    audit.record(actor, "homework.created", item, detail=f"responsible={responsible}")
    return item


def set_item_status(actor: User, item: ActionItem, status: str) -> None:
    """Mark an item open or done."""
    if status not in ItemStatus.__members__.values():
        raise MeetingError(_("Velg status fra listen."))
    item.status = status
    audit.record(actor, "homework.status", item, detail=status)


def answer_item(actor: User, item: ActionItem, *, text: str, number: int | None) -> HomeworkAnswer:
    """Give or change the actor's municipality's answer to an every-municipality item."""
    if not item.for_every_municipality:
        raise MeetingError(_("Denne oppgaven besvares ikke av hver kommune."))
    if actor.municipality_id is None:
        raise MeetingError(_("Bare medlemmer av en kommune kan svare for kommunen."))
    if item.status != ItemStatus.OPEN:
        raise MeetingError(_("Oppgaven er avsluttet og kan ikke besvares lenger."))
    if not text.strip() and number is None:
        raise MeetingError(_("Skriv et svar eller et tall."))
    if number is not None and number < 0:
        raise MeetingError(_("Tallet kan ikke være negativt."))
    answer = db.session.scalar(
        select(HomeworkAnswer).where(
            HomeworkAnswer.item_id == item.id,
            HomeworkAnswer.municipality_id == actor.municipality_id,
        )
    )
    if answer is None:
        answer = HomeworkAnswer(item=item, municipality_id=actor.municipality_id)
        db.session.add(answer)
    answer.text = text.strip()
    answer.number = number
    answer.answered_by_id = actor.id
    answer.answered_at = utcnow()
    db.session.flush()
    audit.record(actor, "homework.answered", item, detail=f"municipality={actor.municipality_id}")
    return answer


def answer_of(item: ActionItem, municipality_id: int | None) -> HomeworkAnswer | None:
    """A municipality's answer to an item, if any."""
    return next((a for a in item.answers if a.municipality_id == municipality_id), None)


def answers_side_by_side(item: ActionItem) -> list[tuple[Municipality, HomeworkAnswer | None]]:
    """Every municipality with its answer, or None if it has not answered."""
    places = db.session.scalars(select(Municipality).order_by(Municipality.name))
    answers = {a.municipality_id: a for a in item.answers}
    return [(place, answers.get(place.id)) for place in places]


def visible_items(include_unpublished: bool) -> list[ActionItem]:
    """Homework items, newest samling first; unpublished minutes' items only for moderators."""
    items = db.session.scalars(
        select(ActionItem)
        .options(
            selectinload(ActionItem.samling).selectinload(Samling.minutes),
            selectinload(ActionItem.answers),
        )
        .order_by(ActionItem.id.desc())
    ).all()
    return [i for i in items if include_unpublished or i.samling.minutes_published()]


def open_items_for(user: User) -> list[ActionItem]:
    """Open published items the user's municipality (or the user) should still deal with."""
    mine = []
    for item in visible_items(include_unpublished=False):
        if item.status != ItemStatus.OPEN:
            continue
        if item.for_every_municipality:
            if user.municipality_id and answer_of(item, user.municipality_id) is None:
                mine.append(item)
        elif item.responsible == Responsible.MUNICIPALITY:
            if item.responsible_municipality_id == user.municipality_id:
                mine.append(item)
        elif item.responsible_user_id == user.id:
            mine.append(item)
    return mine


@dataclass
class KeyFigure:
    """One key figure: its values per municipality and year."""

    name: str
    years: list[int]
    municipalities: list[str]
    values: dict[tuple[str, int], int]

    def latest(self) -> tuple[int, list[tuple[str, int]]]:
        """The newest year and the municipalities' values for it."""
        year = self.years[-1]
        return year, [
            (m, self.values[(m, year)]) for m in self.municipalities if (m, year) in self.values
        ]


KEY_FIGURE_HEADER = ["Nøkkeltall", "Kommune", "År", "Verdi"]


def key_figure_rows(figures: list[KeyFigure]) -> list[list]:
    """One row per figure, municipality and year, for CSV/XLSX."""
    return [
        [figure.name, place, year, figure.values[(place, year)]]
        for figure in figures
        for place in figure.municipalities
        for year in figure.years
        if (place, year) in figure.values
    ]


def key_figures() -> list[KeyFigure]:
    """Numeric answers of published key-figure items, per figure, municipality and year."""
    rows = db.session.execute(
        select(ActionItem, HomeworkAnswer, Municipality.name)
        .join(HomeworkAnswer, HomeworkAnswer.item_id == ActionItem.id)
        .join(Municipality, Municipality.id == HomeworkAnswer.municipality_id)
        .where(ActionItem.key_figure != "", HomeworkAnswer.number.is_not(None))
        .order_by(HomeworkAnswer.answered_at)
    ).all()
    figures: dict[str, dict[tuple[str, int], int]] = {}
    for item, answer, place in rows:
        if item.samling.minutes_published():
            figures.setdefault(item.key_figure, {})[(place, item.figure_year)] = answer.number
    result = []
    for name in sorted(figures):
        values = figures[name]
        result.append(
            KeyFigure(
                name=name,
                years=sorted({year for _, year in values}),
                municipalities=sorted({place for place, _ in values}),
                values=values,
            )
        )
    return result

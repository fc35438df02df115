"""The samlinger's days and the homework deadlines on the årshjul."""

from datetime import date

from flask import url_for
from sqlalchemy import select

from portal.access import can
from portal.extensions import db
from portal.meetings.models import ActionItem, Responsible, Samling, SamlingDay
from portal.year_items import WheelItem


def samling_days(user, start: date, end: date) -> list[WheelItem]:
    """Each samling as one period from its first to its last dated day."""
    days = db.session.scalars(
        select(SamlingDay).where(SamlingDay.date.between(start, end)).join(SamlingDay.samling)
    )
    spans: dict[int, list[date]] = {}
    samlinger: dict[int, Samling] = {}
    for day in days:
        spans.setdefault(day.samling_id, []).append(day.date)
        samlinger[day.samling_id] = day.samling
    return [
        WheelItem(
            kind="samling",
            uid=f"samling-{samling_id}",
            title=samlinger[samling_id].title,
            starts_on=min(dates),
            ends_on=max(dates),
            url=url_for("meetings.samling", samling_id=samling_id),
        )
        for samling_id, dates in spans.items()
        if can(user, "meetings.view", samlinger[samling_id])
    ]


def _concerns(user, item: ActionItem) -> bool:
    """The homework is the user's own or their municipality's to answer."""
    if item.responsible == Responsible.PERSON:
        return item.responsible_user_id == user.id
    if item.responsible == Responsible.MUNICIPALITY:
        return user.municipality_id == item.responsible_municipality_id
    return user.municipality_id is not None


def homework_deadlines(user, start: date, end: date) -> list[WheelItem]:
    """Homework deadlines the user may see."""
    items = db.session.scalars(select(ActionItem).where(ActionItem.due_date.between(start, end)))
    return [
        WheelItem(
            kind="homework",
            uid=f"homework-{item.id}",
            title=item.title,
            starts_on=item.due_date,
            ends_on=item.due_date,
            url=url_for("meetings.item", item_id=item.id),
            concerns_user=_concerns(user, item),
        )
        for item in items
        if item.due_date is not None and can(user, "meetings.homework_view", item)
    ]

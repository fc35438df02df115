"""Review dates of the user's own routines on the årshjul."""

from datetime import date

from flask import url_for
from sqlalchemy import select

from portal.access import routine_owner
from portal.extensions import db
from portal.rutiner.models import Routine
from portal.year_items import WheelItem


def review_dates(user, start: date, end: date) -> list[WheelItem]:
    """Next review dates of routines the user's municipality (or the coordinators) own."""
    routines = db.session.scalars(
        select(Routine).where(Routine.next_review_date.between(start, end))
    )
    return [
        WheelItem(
            kind="review",
            uid=f"review-{routine.id}",
            title=routine.title,
            starts_on=routine.next_review_date,
            ends_on=routine.next_review_date,
            url=url_for("rutiner.detail", routine_id=routine.id),
            concerns_user=True,
        )
        for routine in routines
        if routine.next_review_date is not None and routine_owner(user, routine)
    ]

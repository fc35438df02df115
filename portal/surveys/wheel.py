"""Survey rounds (opens to closes) on the årshjul."""

from datetime import date

from flask import url_for
from sqlalchemy import select

from portal.access import can
from portal.extensions import db
from portal.surveys.models import Survey
from portal.year_items import WheelItem


def survey_rounds(user, start: date, end: date) -> list[WheelItem]:
    """Survey rounds the user may see, from opening to closing day."""
    surveys = db.session.scalars(
        select(Survey).where(Survey.opens_on <= end, Survey.closes_on >= start)
    )
    return [
        WheelItem(
            kind="survey",
            uid=f"survey-{survey.id}",
            title=survey.title,
            starts_on=survey.opens_on,
            ends_on=survey.closes_on,
            url=url_for("surveys.survey_detail", survey_id=survey.id),
            concerns_user=can(user, "survey.answer", survey),
        )
        for survey in surveys
        if can(user, "survey.view", survey)
    ]

"""Survey fixtures: a default competence survey, opened, and complete answers for it."""

from datetime import date, timedelta

import pytest

from portal.core.dates import oslo_today
from portal.extensions import db
from portal.surveys import services
from portal.surveys.models import QuestionKind, Survey
from tests.conftest import in_app_context

TODAY = oslo_today()


def settings(**overrides) -> services.Settings:
    """Settings for a survey open from yesterday for a month."""
    values = {
        "title": "Kompetansekartlegging 2026",
        "intro": "Hva kan vi, og hva trenger vi?",
        "opens_on": TODAY - timedelta(days=1),
        "closes_on": TODAY + timedelta(days=30),
        "contact_only": False,
    }
    values.update(overrides)
    return services.Settings(**values)


def questions_of(survey: Survey) -> dict:
    """Questions by kind and text: {"matrix": q, "Antall ansatte i tjenesten": q, ...}."""
    found = {q.text: q for q in survey.ordered_questions()}
    found["matrix"] = next(q for q in survey.ordered_questions() if q.kind == QuestionKind.MATRIX)
    return found


def complete(survey: Survey, level=3, need=3, special: dict | None = None, **texts) -> dict:
    """A complete answer: every area at (level, need), some areas overridden, numbers set."""
    q = questions_of(survey)
    matrix = {
        area: {"level": str(level), "need": str(need), "priority": False}
        for area in q["matrix"].options
    }
    for area, (lvl, nd) in (special or {}).items():
        matrix[area] = {"level": str(lvl), "need": str(nd), "priority": True}
    values = {q["matrix"].id: matrix}
    values[q["Antall ansatte i tjenesten"].id] = "12"
    values[q["Antall pasienter/brukere"].id] = "140"
    for text, answer in texts.items():
        values[q[text].id] = answer
    return values


@pytest.fixture
def make_survey(app, users, network):
    """Create and open a default-template survey; returns its id."""

    def create(open_it: bool = True, **overrides) -> int:
        with in_app_context(app):
            survey = services.create_survey(
                users["moderator"], network, settings(**overrides), services.DEFAULT_TEMPLATE
            )
            if open_it:
                services.open_survey(users["moderator"], survey)
            db.session.commit()
            return survey.id

    return create


def survey(survey_id: int) -> Survey:
    """Load a survey in the current app context."""
    return db.session.get(Survey, survey_id)


def a_date(days: int) -> date:
    """Today plus ``days``."""
    return TODAY + timedelta(days=days)

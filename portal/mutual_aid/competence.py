"""The one place mutual aid reads the competence surveys: areas, and levels per municipality."""

from collections import defaultdict
from statistics import mean

from sqlalchemy import select

from portal.extensions import db
from portal.surveys.models import QuestionKind, Survey, SurveyStatus
from portal.surveys.reporting import submitted_responses
from portal.surveys.services import COMPETENCE_AREAS

STRONG = 4  # self-reported level (1-5) from which a municipality counts as strong in an area


def areas() -> list[str]:
    """The network's competence areas."""
    return list(COMPETENCE_AREAS)


def levels(area: str) -> dict[int, float]:
    """Mean self-reported level in ``area`` per municipality, from the newest released survey
    that asks about it (anonymous member-level surveys are left out: they protect small groups)."""
    surveys = db.session.scalars(
        select(Survey)
        .where(Survey.status != SurveyStatus.DRAFT)
        .order_by(Survey.opens_on.desc(), Survey.id.desc())
    )
    for survey in surveys:
        if survey.protects_small_groups:
            continue
        question = next(
            (
                q
                for q in survey.ordered_questions()
                if q.kind == QuestionKind.MATRIX and area in q.options
            ),
            None,
        )
        if question is None:
            continue
        found: dict[int, list[int]] = defaultdict(list)
        for response in submitted_responses(survey):
            entry = (response.values().get(question.id) or {}).get(area) or {}
            if isinstance(entry.get("level"), int):
                found[response.municipality_id].append(entry["level"])
        if found:
            return {m: round(mean(values), 1) for m, values in found.items()}
    return {}

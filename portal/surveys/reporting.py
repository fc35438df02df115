"""Results of a survey: participation, per-question results, rounds compared, gaps to agenda."""

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal import audit
from portal.core.dates import oslo_today
from portal.extensions import db
from portal.network.models import Municipality, User
from portal.surveys import aggregate
from portal.surveys import cache as survey_cache
from portal.surveys.models import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)
from portal.surveys.services import SurveyError

# --- Results -------------------------------------------------------------------------------


def submitted_responses(survey: Survey) -> list[SurveyResponse]:
    """Submitted responses with their answers and municipality."""
    return list(
        db.session.scalars(
            select(SurveyResponse)
            .where(SurveyResponse.survey_id == survey.id, SurveyResponse.submitted.is_(True))
            .options(
                selectinload(SurveyResponse.answers),
                selectinload(SurveyResponse.municipality),
                selectinload(SurveyResponse.respondent),
            )
        )
    )


def participation(survey: Survey) -> dict[int, int]:
    """Number of submitted responses per municipality id."""
    rows = db.session.execute(
        select(SurveyResponse.municipality_id, func.count())
        .where(SurveyResponse.survey_id == survey.id, SurveyResponse.submitted.is_(True))
        .group_by(SurveyResponse.municipality_id)
    )
    return dict(rows.all())


@dataclass
class QuestionResult:
    """One question's aggregate, in the shape its kind needs."""

    question: SurveyQuestion
    hidden: bool = False
    matrix: aggregate.MatrixSummary | None = None
    choices: aggregate.ChoiceSummary | None = None
    numbers: aggregate.NumberSummary | None = None
    texts: list[tuple[str | None, str]] = field(default_factory=list)
    text_count: int = 0


@dataclass
class Results:
    """Everything the results page shows."""

    survey: Survey
    names: dict[int, str]
    respondents: int
    questions: list[QuestionResult]
    matrix: QuestionResult | None
    gaps: list[aggregate.Gap]


@dataclass
class _Answers:
    """Submitted answers as plain data: municipality names and (municipality, values) pairs."""

    names: dict[int, str]
    responses: list[tuple[int, dict[int, Any]]]

    def by_group(self, question_id: int) -> dict[int, list]:
        """Answers to one question grouped by municipality id, municipalities by name."""
        grouped: dict[int, list] = {m: [] for m in sorted(self.names, key=self.names.get)}
        for municipality_id, values in self.responses:
            grouped[municipality_id].append(values.get(question_id))
        return grouped


def _load_answers(survey: Survey) -> _Answers:
    """Read the submitted answers with two plain queries (no ORM objects: fast for many)."""
    submitted = (SurveyResponse.survey_id == survey.id) & SurveyResponse.submitted.is_(True)
    rows = db.session.execute(
        select(SurveyResponse.id, SurveyResponse.municipality_id, Municipality.name)
        .join(Municipality, Municipality.id == SurveyResponse.municipality_id)
        .where(submitted)
        .order_by(SurveyResponse.id)  # random ids: no trace of the order of submission
    ).all()
    values: dict[str, dict[int, Any]] = {rid: {} for rid, _m, _n in rows}
    for rid, question_id, value in db.session.execute(
        select(SurveyAnswer.response_id, SurveyAnswer.question_id, SurveyAnswer.value)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(submitted)
    ):
        values[rid][question_id] = value
    return _Answers(
        names={m: name for _rid, m, name in rows},
        responses=[(m, values[rid]) for rid, m, _name in rows],
    )


def results(survey: Survey, *, detailed: bool, min_groups: int = 2) -> Results:
    """Aggregate a survey; ``detailed`` adds per-municipality breakdowns and free texts.

    Worked out once per results version (surveys.cache); only the ORM objects are fresh."""
    names, respondents, parts = survey_cache.cached(
        survey, ("aggregate", detailed), lambda: _aggregate(survey, detailed)
    )
    question_results = [
        QuestionResult(question=question, **parts[question.id])
        for question in survey.ordered_questions()
    ]
    matrix = next((r for r in question_results if r.matrix is not None), None)
    gaps = (
        survey_cache.cached(
            survey, ("gaps", min_groups), lambda: aggregate.rank_gaps(matrix.matrix, min_groups)
        )
        if matrix
        else []
    )
    return Results(survey, names, respondents, question_results, matrix, gaps)


def _aggregate(survey: Survey, detailed: bool) -> tuple[dict[int, str], int, dict[int, dict]]:
    """Names, respondent count and each question's aggregate as plain values (no ORM)."""
    answers = _load_answers(survey)
    names = answers.names
    protect = survey.protects_small_groups
    parts: dict[int, dict] = {}
    for question in survey.ordered_questions():
        grouped = answers.by_group(question.id)
        values = [v for group in grouped.values() for v in group if v is not None]
        part: dict[str, Any] = {}
        if question.kind == QuestionKind.MATRIX:
            part["matrix"] = aggregate.summarise_matrix(question.options, grouped, protect)
        elif protect and 0 < len(values) < aggregate.SMALL_GROUP:
            part["hidden"] = True
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            part["choices"] = aggregate.summarise_choices(question.options, values)
        elif question.kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
            part["numbers"] = aggregate.summarise_numbers(values)
        else:
            part["text_count"] = len(values)
            if detailed:
                part["texts"] = _texts(grouped, names, named=not survey.anonymous)
        parts[question.id] = part
    return names, len(answers.responses), parts


def _texts(grouped: dict, names: dict[int, str], named: bool) -> list[tuple[str | None, str]]:
    """Free-text answers; in anonymous surveys without municipality and in sorted order."""
    if named:
        return [(names[g], v) for g, values in grouped.items() for v in values if v]
    return sorted((None, v) for values in grouped.values() for v in values if v)


def previous_round(survey: Survey) -> Survey | None:
    """The latest earlier survey of the same series that has been opened."""
    if survey.series is None:
        return None
    return db.session.scalar(
        select(Survey)
        .where(
            Survey.series == survey.series,
            Survey.id != survey.id,
            Survey.status != SurveyStatus.DRAFT,
            Survey.opens_on <= survey.opens_on,
        )
        .order_by(Survey.opens_on.desc(), Survey.id.desc())
        .limit(1)
    )


def matrix_summary(survey: Survey) -> tuple[aggregate.MatrixSummary | None, dict[int, str]]:
    """The first competence matrix of a survey, summarised per municipality (cached)."""
    return survey_cache.cached(survey, "matrix", lambda: _matrix_summary(survey))


def _matrix_summary(survey: Survey) -> tuple[aggregate.MatrixSummary | None, dict[int, str]]:
    """The first competence matrix of a survey, summarised per municipality."""
    question = next((q for q in survey.ordered_questions() if q.kind == QuestionKind.MATRIX), None)
    if question is None:
        return None, {}
    answers = _load_answers(survey)
    grouped = answers.by_group(question.id)
    return (
        aggregate.summarise_matrix(question.options, grouped, survey.protects_small_groups),
        answers.names,
    )


def compare(survey: Survey) -> tuple[Survey | None, list[aggregate.Change], dict[int, str]]:
    """Change per municipality since the previous round of the same series."""
    earlier = previous_round(survey)
    if earlier is None or earlier.results_sealed:
        return None, [], {}
    before, names_before = matrix_summary(earlier)
    now, names_now = matrix_summary(survey)
    if before is None or now is None:
        return earlier, [], {}
    names = {**names_before, **names_now}
    changes = survey_cache.cached(
        survey,
        ("compare", earlier.id, earlier.results_version),
        lambda: sorted(aggregate.compare_rounds(before, now), key=lambda c: names[c.group]),
    )
    return earlier, changes, names


# --- From gap to agenda --------------------------------------------------------------------


def agenda_days(today: date | None = None) -> list:
    """Dated samling days from today on, in date order, to put a joint training on."""
    from portal.meetings.models import SamlingDay

    today = today or oslo_today()
    days = db.session.scalars(select(SamlingDay).where(SamlingDay.date >= today)).all()
    return sorted(days, key=lambda d: (d.date, d.position, d.id))


def gap_to_agenda(
    actor: User, survey: Survey, gap: aggregate.Gap, day, start_time: time | None = None
):
    """Put a joint training on a samling day's programme for a competence gap."""
    from portal.meetings.services import MeetingError, add_agenda_item

    description = (
        f"Felles kompetanseheving foreslått fra kartleggingen «{survey.title}»: "
        f"{gap.count} kommuner melder behov 4 eller mer og nivå 2 eller lavere."
    )
    try:
        item = add_agenda_item(
            actor, day, f"Temadag: {gap.area}", start_time=start_time, description=description
        )
    except MeetingError as refused:
        raise SurveyError(str(refused)) from refused
    audit.record(actor, "survey.gap_to_agenda", survey, detail=f"agenda_item={item.id}")
    return item


def municipality_names() -> dict[int, str]:
    """Municipality names by id."""
    return dict(db.session.execute(select(Municipality.id, Municipality.name)).all())

"""Answering a survey: checking answers, drafts, submissions, anonymous answers."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from portal import audit
from portal.core.dates import oslo_today, utcnow
from portal.extensions import db
from portal.network.models import User
from portal.surveys import cache as survey_cache
from portal.surveys.models import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyDraft,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
    SurveySubmission,
)
from portal.surveys.services import (
    ALREADY_MEMBER,
    ALREADY_MUNICIPALITY,
    CLOSED,
    LONG_TEXT_MAX,
    NOT_STARTED,
    NUMBER_MAX,
    SHORT_TEXT_MAX,
    SurveyError,
)

Values = dict[int, Any]


def _blank(value) -> bool:
    """True when nothing was given."""
    return value is None or value == "" or value == [] or value == {}


def _whole_number(raw, low: int, high: int) -> int | None:
    """Parse a whole number in [low, high]; None if it is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        number = raw
    else:
        text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
        if not text.lstrip("-").isdigit():
            return None
        number = int(text)
    return number if low <= number <= high else None


def _check_matrix(question: SurveyQuestion, raw, complete: bool) -> tuple[dict, str | None]:
    """Validate a competence matrix: levels and needs 1-5, both or neither per area."""
    raw = raw if isinstance(raw, dict) else {}
    clean, bad, partial, missing = {}, [], [], []
    for area in question.options:
        row = raw.get(area) or {}
        level_raw, need_raw = row.get("level"), row.get("need")
        priority = bool(row.get("priority"))
        if _blank(level_raw) and _blank(need_raw):
            if priority:
                partial.append(area)
            else:
                missing.append(area)
            continue
        level = None if _blank(level_raw) else _whole_number(level_raw, 1, 5)
        need = None if _blank(need_raw) else _whole_number(need_raw, 1, 5)
        if (not _blank(level_raw) and level is None) or (not _blank(need_raw) and need is None):
            bad.append(area)
        elif level is None or need is None:
            partial.append(area)
        else:
            clean[area] = {"level": level, "need": need, "priority": priority}
    if bad:
        return clean, f"Nivå og behov må være et tall fra 1 til 5 ({', '.join(bad)})."
    if partial:
        return clean, f"Fyll ut både nivå og behov for {', '.join(partial)}."
    if complete and question.required and missing:
        return clean, f"Fyll ut nivå og behov for alle områdene. Mangler: {', '.join(missing)}."
    return clean, None


def check_answer(question: SurveyQuestion, raw, complete: bool) -> tuple[Any, str | None]:
    """Validate one answer; return the clean value (None if blank) and an error or None."""
    kind = question.kind
    if kind == QuestionKind.MATRIX:
        clean, error = _check_matrix(question, raw, complete)
        return (clean or None), error
    if _blank(raw):
        if complete and question.required:
            return None, "Svar på dette spørsmålet."
        return None, None
    if kind == QuestionKind.SINGLE:
        if raw not in question.options:
            return None, "Velg et av alternativene."
        return raw, None
    if kind == QuestionKind.MULTIPLE:
        chosen = raw if isinstance(raw, list) else [raw]
        if any(c not in question.options for c in chosen):
            return None, "Velg blant alternativene."
        return [o for o in question.options if o in chosen], None
    if kind == QuestionKind.SCALE:
        value = _whole_number(raw, 1, 5)
        return value, None if value is not None else "Velg en verdi fra 1 til 5."
    if kind == QuestionKind.NUMBER:
        value = _whole_number(raw, 0, NUMBER_MAX)
        return value, None if value is not None else "Skriv et helt tall fra 0 til 1 000 000."
    limit = SHORT_TEXT_MAX if kind == QuestionKind.SHORT_TEXT else LONG_TEXT_MAX
    text = str(raw).strip()
    if len(text) > limit:
        return None, f"Teksten kan ikke være lengre enn {limit} tegn (den har {len(text)})."
    return (text or None), None


def check_answers(
    questions: list[SurveyQuestion], raw: Values, complete: bool
) -> tuple[Values, dict[int, str]]:
    """Validate all answers; ``complete`` also demands the required ones."""
    clean, errors = {}, {}
    for question in questions:
        value, error = check_answer(question, raw.get(question.id), complete)
        if value is not None:
            clean[question.id] = value
        if error:
            errors[question.id] = error
    return clean, errors


@dataclass
class AnswerState:
    """Where a person stands with a survey: saved values, submitted, may still change."""

    values: Values = field(default_factory=dict)
    submitted: bool = False
    response: SurveyResponse | None = None
    draft: SurveyDraft | None = None
    updated_at: datetime | None = None


def _response_for(survey: Survey, user: User) -> SurveyResponse | None:
    """The response this user works on (the municipality's, or their own if identified)."""
    if survey.per_municipality:
        where = SurveyResponse.slot == user.municipality_id
    elif not survey.anonymous:
        where = SurveyResponse.respondent_id == user.id
    else:
        return None
    return db.session.scalar(
        select(SurveyResponse).where(SurveyResponse.survey_id == survey.id, where)
    )


def _has_submission(survey: Survey, user: User) -> bool:
    """True when this member has submitted (member-level surveys)."""
    return db.session.get(SurveySubmission, (survey.id, user.id)) is not None


def answer_state(survey: Survey, user: User) -> AnswerState:
    """The saved answers and submission state of ``user`` (or their municipality)."""
    if survey.anonymous and not survey.per_municipality:
        draft = db.session.get(SurveyDraft, (survey.id, user.id))
        values = {int(k): v for k, v in (draft.values if draft else {}).items()}
        return AnswerState(
            values=values,
            submitted=_has_submission(survey, user),
            draft=draft,
            updated_at=draft.updated_at if draft else None,
        )
    response = _response_for(survey, user)
    if response is None:
        return AnswerState()
    return AnswerState(
        values=response.values(),
        submitted=response.submitted,
        response=response,
        updated_at=response.updated_at,
    )


def may_change(survey: Survey, state: AnswerState) -> bool:
    """True when saved answers may still be changed (not sent, or editing is allowed)."""
    return not state.submitted or survey.allow_edit


def _refuse_if_closed(survey: Survey, today: date) -> None:
    """Answers only while the survey is open and within its dates."""
    if survey.status == SurveyStatus.OPEN and today < survey.opens_on:
        raise SurveyError(NOT_STARTED)
    if not survey.accepts_answers(today):
        raise SurveyError(CLOSED if survey.status != SurveyStatus.DRAFT else NOT_STARTED)


def _write_values(response: SurveyResponse, values: Values) -> None:
    """Make a response's answers equal ``values`` (update in place, add, remove)."""
    existing = {a.question_id: a for a in response.answers}
    for question_id, value in values.items():
        if question_id in existing:
            existing[question_id].value = value
        else:
            response.answers.append(SurveyAnswer(question_id=question_id, value=value))
    for question_id, answer in existing.items():
        if question_id not in values:
            response.answers.remove(answer)


def save_answers(
    actor: User, survey: Survey, raw: Values, *, submit: bool, today: date | None = None
) -> dict[int, str]:
    """Save a draft or submit; return errors by question id (valid parts of a draft are kept).

    Raises SurveyError when the survey does not accept answers or a second submission is tried.
    """
    _refuse_if_closed(survey, today or oslo_today())
    state = answer_state(survey, actor)
    if state.submitted and not survey.allow_edit:
        raise SurveyError(ALREADY_MUNICIPALITY if survey.per_municipality else ALREADY_MEMBER)
    questions = survey.ordered_questions()
    clean, errors = check_answers(questions, raw, complete=submit)
    if state.submitted and errors:
        return errors  # a sent answer is never replaced by an incomplete one
    if survey.anonymous and not survey.per_municipality:
        _save_anonymous(actor, survey, state, clean, submit and not errors)
    else:
        _save_response(actor, survey, state, clean, submit and not errors)
    db.session.flush()
    return errors


def _save_response(
    actor: User, survey: Survey, state: AnswerState, clean: Values, submit: bool
) -> None:
    """Save into the municipality's or the member's response row."""
    response = state.response
    if response is None:
        response = SurveyResponse(
            survey_id=survey.id,
            municipality_id=actor.municipality_id,
            slot=actor.municipality_id if survey.per_municipality else None,
        )
        db.session.add(response)
    if not survey.anonymous:
        response.respondent_id = actor.id
        response.updated_at = utcnow()
    _write_values(response, clean)
    if submit:
        first = not response.submitted
        response.submitted = True
        survey_cache.results_changed(survey)
        if not survey.anonymous and first:
            response.submitted_at = utcnow()
        if not survey.per_municipality and first:
            db.session.add(SurveySubmission(survey_id=survey.id, user_id=actor.id))
        if not survey.anonymous:  # anonymous: nothing per submission (see close_survey)
            audit.record(actor, "survey.submitted" if first else "survey.resubmitted", survey)


def _save_anonymous(
    actor: User, survey: Survey, state: AnswerState, clean: Values, submit: bool
) -> None:
    """Anonymous member answers: a personal draft until sent, then an unlinked response."""
    if not submit:
        if state.draft is None:
            db.session.add(
                SurveyDraft(
                    survey_id=survey.id,
                    user_id=actor.id,
                    values={str(k): v for k, v in clean.items()},
                )
            )
        else:
            state.draft.values = {str(k): v for k, v in clean.items()}
            state.draft.updated_at = utcnow()
        return
    response = SurveyResponse(
        survey_id=survey.id, municipality_id=actor.municipality_id, submitted=True
    )
    survey_cache.results_changed(survey)
    _write_values(response, clean)
    db.session.add(response)
    db.session.add(SurveySubmission(survey_id=survey.id, user_id=actor.id))
    if state.draft is not None:
        db.session.delete(state.draft)


def open_surveys_to_answer(user: User, today: date | None = None) -> list[Survey]:
    """Open surveys this user may answer that they (or their municipality) have not sent."""
    if user.municipality_id is None:
        return []
    today = today or oslo_today()
    candidates = db.session.scalars(
        select(Survey)
        .where(
            Survey.status == SurveyStatus.OPEN,
            Survey.opens_on <= today,
            Survey.closes_on >= today,
        )
        .order_by(Survey.closes_on)
    )
    waiting = []
    for survey in candidates:
        if survey.per_municipality and survey.contact_only and not user.is_contact:
            continue
        if not answer_state(survey, user).submitted:
            waiting.append(survey)
    return waiting

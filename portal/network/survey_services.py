"""Survey operations: create from a template, edit questions, answer, results, exports."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from portal import audit, personal_data
from portal.dates import utcnow
from portal.extensions import db
from portal.network import aggregate, survey_cache
from portal.network.models import Municipality, User
from portal.network.survey_models import (
    Audience,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyDraft,
    SurveyQuestion,
    SurveyResponse,
    SurveySection,
    SurveyStatus,
    SurveySubmission,
)

OSLO = ZoneInfo("Europe/Oslo")
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000
NUMBER_MAX = 1_000_000
SCALE = range(1, 6)

FROZEN = (
    "Spørsmålene kan ikke endres etter at det første svaret er kommet inn, fordi svarene da "
    "ikke lenger ville passe til spørsmålene. Start en ny runde hvis spørsmålene må endres."
)
CLOSED = "Kartleggingen er stengt, og svar kan ikke lenger lagres eller sendes inn."
NOT_STARTED = "Kartleggingen er ikke åpnet for svar ennå."
ALREADY_MUNICIPALITY = "Kommunen har allerede sendt inn svar på denne kartleggingen."
ALREADY_MEMBER = "Du har allerede sendt inn svar på denne kartleggingen."
NO_EDIT = "Svaret er sendt inn, og denne kartleggingen tillater ikke endringer etter innsending."
ANONYMOUS_FOREVER = "En anonym kartlegging kan aldri gjøres om til en kartlegging med navn."
ANONYMOUS_NO_EDIT = (
    "I en anonym kartlegging der hvert medlem svarer, er svaret ikke knyttet til personen etter "
    "innsending. Derfor kan svaret ikke endres etterpå."
)
BAD_DATES = "Stengedatoen kan ikke være før åpningsdatoen."


class SurveyError(ValueError):
    """A refused operation; the message is Norwegian and shown to the user."""


def oslo_today() -> date:
    """Today's date in Norway."""
    return datetime.now(OSLO).date()


# --- The default template ------------------------------------------------------------------

DEFAULT_TEMPLATE = "kompetansekartlegging"
COMPETENCE_AREAS = [
    "KID-kurs", "PMTO", "Motiverende intervju (MI)", "Kognitiv terapi / KAT",
    "Psykoseproblematikk", "Angst", "Tvangshandlinger", "Avhengighet og rusbehandling",
    "ROP / sammensatte lidelser", "Psykologisk førstehjelp ved selvmordsfare",
    "Håndtering av vold og trusler / vergeteknikk", "Risikovurdering", "HMS",
    "Tverrfaglig samhandling", "Dokumentasjon og journalføring",
    "Helsejuss og tvang (hol. kap. 10, psykisk helsevern)",
    "Pårørendearbeid og barn som pårørende", "Miljøterapi", "Mestringskurs for unge",
    "Individuell plan og koordinator", "Pakkeforløp", "Fagsystemer (Gerica, Profil, Compilo)",
    "Flyktninger og kultursensitivitet", "Velferdsteknologi", "LAR", "Overdoseforebygging",
    "Spilleavhengighet",
]  # fmt: skip


@dataclass(frozen=True)
class QuestionSpec:
    """A question in a template."""

    kind: str
    text: str
    required: bool = False
    options: tuple[str, ...] = ()
    help_text: str = ""


@dataclass(frozen=True)
class Template:
    """A ready-made survey: title, intro and sections of questions."""

    title: str
    intro: str
    sections: tuple[tuple[str, tuple[QuestionSpec, ...]], ...]


TEMPLATES = {
    DEFAULT_TEMPLATE: Template(
        title="Kompetansekartlegging",
        intro=(
            "Kartleggingen viser hvilken kompetanse kommunene har, og hva de trenger. "
            "Svarene brukes til å planlegge felles kompetanseheving i nettverket."
        ),
        sections=(
            (
                "Kompetanse",
                (
                    QuestionSpec(
                        QuestionKind.MATRIX,
                        "Kompetanse i tjenesten",
                        required=True,
                        options=tuple(COMPETENCE_AREAS),
                        help_text=(
                            "Nivå i dag og behov på en skala fra 1 (lite) til 5 (mye). "
                            "Kryss av for områdene dere vil prioritere."
                        ),
                    ),
                ),
            ),
            (
                "Behov og robusthet",
                (
                    QuestionSpec(QuestionKind.LONG_TEXT, "Kompetansehevingsbehov i din kommune"),
                    QuestionSpec(QuestionKind.LONG_TEXT, "Rutiner som må skrives"),
                    QuestionSpec(QuestionKind.LONG_TEXT, "Robusthet ved ufrivillig fravær"),
                ),
            ),
            (
                "Bemanning",
                (
                    QuestionSpec(QuestionKind.NUMBER, "Antall ansatte i tjenesten"),
                    QuestionSpec(QuestionKind.NUMBER, "Antall pasienter/brukere"),
                ),
            ),
        ),
    )
}
TEMPLATE_LABELS = {key: template.title for key, template in TEMPLATES.items()}


# --- Creating and editing surveys ----------------------------------------------------------


@dataclass
class Settings:
    """The editable settings of a survey."""

    title: str
    intro: str
    opens_on: date
    closes_on: date
    audience: str = Audience.MUNICIPALITY
    anonymous: bool = False
    contact_only: bool = True
    allow_edit: bool = False
    share_results: bool = False


def _check_settings(settings: Settings) -> None:
    """Refuse impossible combinations."""
    if settings.closes_on < settings.opens_on:
        raise SurveyError(BAD_DATES)
    if settings.anonymous and settings.audience == Audience.MEMBER and settings.allow_edit:
        raise SurveyError(ANONYMOUS_NO_EDIT)


def _apply(survey: Survey, settings: Settings) -> None:
    """Copy settings onto a survey."""
    survey.title = settings.title.strip()
    survey.intro = settings.intro.strip()
    survey.opens_on = settings.opens_on
    survey.closes_on = settings.closes_on
    survey.audience = settings.audience
    survey.anonymous = settings.anonymous
    survey.contact_only = settings.contact_only
    survey.allow_edit = settings.allow_edit
    survey.share_results = settings.share_results


def _add_template(survey: Survey, template: Template) -> None:
    """Copy a template's sections and questions into a survey."""
    for s_pos, (heading, specs) in enumerate(template.sections, start=1):
        section = SurveySection(survey=survey, position=s_pos, title=heading)
        db.session.add(section)
        for q_pos, spec in enumerate(specs, start=1):
            db.session.add(
                SurveyQuestion(
                    survey=survey,
                    section=section,
                    position=q_pos,
                    kind=spec.kind,
                    text=spec.text,
                    help_text=spec.help_text,
                    required=spec.required,
                    options=list(spec.options),
                )
            )


def create_survey(
    actor: User, network_id: int, settings: Settings, template: str | None = None
) -> Survey:
    """Create a survey in draft, from a template or empty; flushes and audits."""
    _check_settings(settings)
    if template is not None and template not in TEMPLATES:
        raise SurveyError("Velg en mal fra listen.")
    survey = Survey(network_id=network_id, created_by_id=actor.id, series=template)
    _apply(survey, settings)
    db.session.add(survey)
    if template is not None:
        _add_template(survey, TEMPLATES[template])
    db.session.flush()
    audit.record(actor, "survey.created", survey, detail=f"template={template or '-'}")
    return survey


def update_settings(actor: User, survey: Survey, settings: Settings) -> None:
    """Change a survey's settings; anonymity can never be lifted, and not after answers."""
    _check_settings(settings)
    if survey.anonymous and not settings.anonymous:
        raise SurveyError(ANONYMOUS_FOREVER)
    if has_answers(survey) and (
        settings.audience != survey.audience or settings.anonymous != survey.anonymous
    ):
        raise SurveyError(
            "Hvem som svarer og anonymitet kan ikke endres etter at det første svaret er kommet inn."
        )
    _apply(survey, settings)
    survey_cache.results_changed(survey)  # the title and settings show in the results
    audit.record(actor, "survey.updated", survey)


def has_answers(survey: Survey) -> bool:
    """True once anyone has saved an answer (draft or submitted)."""
    responses = exists().where(SurveyResponse.survey_id == survey.id)
    drafts = exists().where(SurveyDraft.survey_id == survey.id)
    return bool(db.session.scalar(select(responses | drafts)))


def _ensure_questions_editable(survey: Survey) -> None:
    """Refuse question changes once an answer exists."""
    if has_answers(survey):
        raise SurveyError(FROZEN)


def add_section(actor: User, survey: Survey, title: str) -> SurveySection:
    """Add a section at the end."""
    _ensure_questions_editable(survey)
    if not title.strip():
        raise SurveyError("Delen må ha en overskrift.")
    section = SurveySection(survey=survey, position=len(survey.sections) + 1, title=title.strip())
    db.session.add(section)
    db.session.flush()
    audit.record(actor, "survey.questions_changed", survey, detail=f"section+={section.id}")
    return section


def add_question(
    actor: User,
    survey: Survey,
    section: SurveySection,
    kind: str,
    text: str,
    *,
    required: bool = False,
    options: list[str] | None = None,
    help_text: str = "",
) -> SurveyQuestion:
    """Add a question at the end of a section."""
    _ensure_questions_editable(survey)
    if section.survey_id != survey.id:
        raise SurveyError("Velg en del av denne kartleggingen.")
    if kind not in QuestionKind.__members__.values():
        raise SurveyError("Velg en spørsmålstype fra listen.")
    options = [o.strip() for o in options or [] if o.strip()]
    if len(set(options)) != len(options):
        raise SurveyError("Hvert alternativ eller område kan bare stå én gang.")
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(options) < 2:
        raise SurveyError("Et flervalgsspørsmål trenger minst to alternativer, ett per linje.")
    if kind == QuestionKind.MATRIX and not options:
        raise SurveyError("En kompetansematrise trenger minst ett kompetanseområde, ett per linje.")
    if kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.MATRIX):
        options = []
    question = SurveyQuestion(
        survey=survey,
        section=section,
        position=len(section.questions) + 1,
        kind=kind,
        text=text.strip(),
        help_text=help_text.strip(),
        required=required,
        options=options,
    )
    db.session.add(question)
    db.session.flush()
    audit.record(actor, "survey.questions_changed", survey, detail=f"question+={question.id}")
    return question


def delete_question(actor: User, survey: Survey, question: SurveyQuestion) -> None:
    """Remove a question (only before the first answer)."""
    _ensure_questions_editable(survey)
    section = question.section
    section.questions.remove(question)
    survey.questions.remove(question)
    db.session.delete(question)
    for position, other in enumerate(section.questions, start=1):
        other.position = position
    db.session.flush()
    audit.record(actor, "survey.questions_changed", survey, detail=f"question-={question.id}")


def move_question(actor: User, survey: Survey, question: SurveyQuestion, step: int) -> None:
    """Move a question one place up (-1) or down (+1) within its section."""
    _ensure_questions_editable(survey)
    siblings = question.section.questions
    index = siblings.index(question)
    target = index + step
    if 0 <= target < len(siblings):
        siblings[index].position, siblings[target].position = target + 1, index + 1
        siblings.sort(key=lambda q: q.position)
    db.session.flush()
    audit.record(actor, "survey.questions_changed", survey, detail=f"question~={question.id}")


def open_survey(actor: User, survey: Survey) -> None:
    """Open a draft survey for answers (it needs at least one question)."""
    if survey.status != SurveyStatus.DRAFT:
        raise SurveyError("Bare et utkast kan åpnes.")
    if not survey.questions:
        raise SurveyError("Legg til minst ett spørsmål før kartleggingen åpnes.")
    survey.status = SurveyStatus.OPEN
    survey_cache.results_changed(survey)
    audit.record(actor, "survey.opened", survey)


def close_survey(actor: User, survey: Survey) -> None:
    """Close an open survey: no more answers or changes."""
    if survey.status != SurveyStatus.OPEN:
        raise SurveyError("Bare en åpen kartlegging kan stenges.")
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = utcnow()
    survey_cache.results_changed(survey)
    audit.record(actor, "survey.closed", survey)


def new_round(actor: User, survey: Survey, opens_on: date, closes_on: date) -> Survey:
    """Copy a survey (settings, sections, questions) as the next round of the same series."""
    if survey.series is None:
        survey.series = f"kartlegging-{survey.id}"
    copy = Survey(network_id=survey.network_id, created_by_id=actor.id, series=survey.series)
    settings = Settings(
        title=survey.title,
        intro=survey.intro,
        opens_on=opens_on,
        closes_on=closes_on,
        audience=survey.audience,
        anonymous=survey.anonymous,
        contact_only=survey.contact_only,
        allow_edit=survey.allow_edit,
        share_results=survey.share_results,
    )
    _check_settings(settings)
    _apply(copy, settings)
    db.session.add(copy)
    for section in survey.sections:
        new_section = SurveySection(survey=copy, position=section.position, title=section.title)
        db.session.add(new_section)
        for q in section.questions:
            db.session.add(
                SurveyQuestion(
                    survey=copy,
                    section=new_section,
                    position=q.position,
                    kind=q.kind,
                    text=q.text,
                    help_text=q.help_text,
                    required=q.required,
                    options=list(q.options),
                )
            )
    db.session.flush()
    audit.record(actor, "survey.created", copy, detail=f"round_of={survey.id}")
    return copy


def surveys_for(include_drafts: bool) -> list[Survey]:
    """Surveys newest first; drafts only for coordinators."""
    query = select(Survey).order_by(Survey.opens_on.desc(), Survey.id.desc())
    if not include_drafts:
        query = query.where(Survey.status != SurveyStatus.DRAFT)
    return list(db.session.scalars(query))


# --- Answering -----------------------------------------------------------------------------

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
    audit.record(actor, "survey.submitted", survey)


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

    Worked out once per results version (survey_cache); only the ORM objects are fresh."""
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
    if earlier is None:
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


# --- Exports -------------------------------------------------------------------------------


def _cell(value) -> Any:
    """A spreadsheet cell; text starting like a formula is defused."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def raw_table(survey: Survey) -> tuple[list[str], list[list]]:
    """One row per submitted response (identified surveys only)."""
    if survey.anonymous:
        raise SurveyError("Anonyme kartlegginger kan bare eksporteres som sammendrag.")
    questions = survey.ordered_questions()
    header = ["Kommune", "Besvart av", "Sendt inn"]
    for q in questions:
        if q.kind == QuestionKind.MATRIX:
            for area in q.options:
                header += [f"{area} – nivå", f"{area} – behov", f"{area} – prioritert"]
        else:
            header.append(q.text)
    rows = []
    responses = sorted(submitted_responses(survey), key=lambda r: r.municipality.name)
    for response in responses:
        values = response.values()
        row = [
            response.municipality.name,
            response.respondent.name if response.respondent else "",
            response.submitted_at.strftime("%Y-%m-%d %H:%M") if response.submitted_at else "",
        ]
        for q in questions:
            value = values.get(q.id)
            if q.kind == QuestionKind.MATRIX:
                for area in q.options:
                    entry = (value or {}).get(area) or {}
                    row += [
                        entry.get("level"),
                        entry.get("need"),
                        ("ja" if entry.get("priority") else "nei") if entry else None,
                    ]
            elif isinstance(value, list):
                row.append("; ".join(value))
            else:
                row.append(value)
        rows.append([_cell(v) for v in row])
    return header, rows


HIDDEN_NOTE = "skjult (færre enn 3 svar)"


def aggregate_table(survey: Survey) -> tuple[list[str], list[list]]:
    """Long-format aggregates: question, row, municipality, answers, measure, value."""
    header = ["Spørsmål", "Område eller alternativ", "Kommune", "Antall svar", "Mål", "Verdi"]
    summary = results(survey, detailed=False)
    rows: list[list] = []
    for result in summary.questions:
        q = result.question
        if result.matrix is not None:
            m = result.matrix
            for area in m.areas:
                keyed = [(summary.names[g], m.cell(g, area)) for g in m.groups]
                keyed.append(("Alle", m.totals[area]))
                for name, cell in keyed:
                    if cell.hidden:
                        rows.append([q.text, area, name, None, "Nivå", HIDDEN_NOTE])
                        continue
                    if cell.n == 0:
                        continue
                    for measure, value in (
                        ("Nivå (snitt)", cell.level),
                        ("Behov (snitt)", cell.need),
                        ("Behov minus nivå", cell.gap),
                        ("Prioritert (antall)", cell.priority),
                    ):
                        rows.append([q.text, area, name, cell.n, measure, _round(value)])
        elif result.hidden:
            rows.append([q.text, "", "Alle", None, "", HIDDEN_NOTE])
        elif result.choices is not None:
            for option, count, share in result.choices.counts:
                rows.append([q.text, option, "Alle", result.choices.n, "Antall", count])
                rows.append([q.text, option, "Alle", result.choices.n, "Andel", _round(share)])
        elif result.numbers is not None:
            n = result.numbers
            for measure, value in (
                ("Sum", n.total),
                ("Snitt", n.mean),
                ("Median", n.median),
                ("Minste", n.minimum),
                ("Største", n.maximum),
            ):
                rows.append([q.text, "", "Alle", n.n, measure, _round(value)])
        else:
            rows.append([q.text, "", "Alle", result.text_count, "Antall tekstsvar", None])
    return header, [[_cell(v) for v in row] for row in rows]


def _round(value):
    """Two decimals for floats, as is for the rest."""
    return round(value, 2) if isinstance(value, float) else value


def export_table(actor: User, survey: Survey, fmt: str) -> tuple[list[str], list[list]]:
    """Raw answers (identified) or aggregates (anonymous); the export is audited."""
    kind = "aggregate" if survey.anonymous else "raw"
    table = aggregate_table(survey) if survey.anonymous else raw_table(survey)
    audit.record(actor, "survey.exported", survey, detail=f"{kind},{fmt}")
    return table


def to_csv(header: list[str], rows: list[list]) -> bytes:
    """Semicolon-separated UTF-8 with BOM (opens correctly in Norwegian Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(header: list[str], rows: list[list], title: str) -> bytes:
    """An Excel workbook with one sheet."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Svar")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- From gap to agenda --------------------------------------------------------------------


def agenda_days(today: date | None = None) -> list:
    """Dated samling days from today on (theme days first), to put a joint training on."""
    from portal.meetings.models import DayKind, SamlingDay

    today = today or oslo_today()
    days = db.session.scalars(select(SamlingDay).where(SamlingDay.date >= today)).all()
    return sorted(days, key=lambda d: (d.kind != DayKind.THEME, d.date, d.id))


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


@personal_data.source("kartlegginger")
def personal_survey_data(user: User) -> dict:
    """The user's answers to identified surveys (anonymous answers are linked to nobody)."""
    responses = db.session.scalars(
        select(SurveyResponse).where(SurveyResponse.respondent_id == user.id)
    )
    return {
        "svar": [
            {"kartlegging": r.survey.title, "sendt_inn": r.submitted,
             "svar": {a.question_id: a.value for a in r.answers}}
            for r in responses if not r.survey.anonymous
        ]
    }  # fmt: skip

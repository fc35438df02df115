"""Building surveys (kartlegginger): settings, templates, sections and questions, rounds."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from portal import audit
from portal.core.dates import utcnow
from portal.extensions import db
from portal.network.models import User
from portal.surveys import cache as survey_cache
from portal.surveys.models import (
    Audience,
    QuestionKind,
    Survey,
    SurveyDraft,
    SurveyQuestion,
    SurveyResponse,
    SurveySection,
    SurveyStatus,
)

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000
NUMBER_MAX = 1_000_000
SCALE = range(1, 6)

FROZEN = _l(
    "Spørsmålene kan ikke endres etter at det første svaret er kommet inn, fordi svarene da "
    "ikke lenger ville passe til spørsmålene. Start en ny runde hvis spørsmålene må endres."
)
CLOSED = _l("Kartleggingen er stengt, og svar kan ikke lenger lagres eller sendes inn.")
NOT_STARTED = _l("Kartleggingen er ikke åpnet for svar ennå.")
ALREADY_MUNICIPALITY = _l("Kommunen har allerede sendt inn svar på denne kartleggingen.")
ALREADY_MEMBER = _l("Du har allerede sendt inn svar på denne kartleggingen.")
NO_EDIT = _l(
    "Svaret er sendt inn, og denne kartleggingen tillater ikke endringer etter innsending."
)
ANONYMOUS_FOREVER = _l("En anonym kartlegging kan aldri gjøres om til en kartlegging med navn.")
ANONYMOUS_NO_EDIT = _l(
    "I en anonym kartlegging der hvert medlem svarer, er svaret ikke knyttet til personen etter "
    "innsending. Derfor kan svaret ikke endres etterpå."
)
BAD_DATES = _l("Stengedatoen kan ikke være før åpningsdatoen.")


class SurveyError(ValueError):
    """A refused operation; the message is Norwegian and shown to the user."""


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
        raise SurveyError(_("Velg en mal fra listen."))
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
            _(
                "Hvem som svarer og anonymitet kan ikke endres etter at det første svaret er kommet inn."
            )
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
        raise SurveyError(_("Delen må ha en overskrift."))
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
        raise SurveyError(_("Velg en del av denne kartleggingen."))
    if kind not in QuestionKind.__members__.values():
        raise SurveyError(_("Velg en spørsmålstype fra listen."))
    options = [o.strip() for o in options or [] if o.strip()]
    if len(set(options)) != len(options):
        raise SurveyError(_("Hvert alternativ eller område kan bare stå én gang."))
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(options) < 2:
        raise SurveyError(_("Et flervalgsspørsmål trenger minst to alternativer, ett per linje."))
    if kind == QuestionKind.MATRIX and not options:
        raise SurveyError(
            _("En kompetansematrise trenger minst ett kompetanseområde, ett per linje.")
        )
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
        raise SurveyError(_("Bare et utkast kan åpnes."))
    if not survey.questions:
        raise SurveyError(_("Legg til minst ett spørsmål før kartleggingen åpnes."))
    survey.status = SurveyStatus.OPEN
    survey_cache.results_changed(survey)
    audit.record(actor, "survey.opened", survey)


def close_survey(actor: User, survey: Survey) -> None:
    """Close an open survey: no more answers or changes."""
    if survey.status != SurveyStatus.OPEN:
        raise SurveyError(_("Bare en åpen kartlegging kan stenges."))
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = utcnow()
    survey_cache.results_changed(survey)
    detail = None
    if survey.anonymous:  # the only audit trace of anonymous answers: how many, at close
        submitted = (SurveyResponse.survey_id == survey.id) & SurveyResponse.submitted.is_(True)
        detail = f"responses={db.session.scalar(select(func.count()).where(submitted))}"
    audit.record(actor, "survey.closed", survey, detail=detail)


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

"""Forms for surveys: settings, sections, questions, new round, agenda; reading answer fields."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, Optional

from portal.surveys.answering import Values
from portal.surveys.models import KIND_LABELS, Audience, QuestionKind, SurveyQuestion
from portal.surveys.services import TEMPLATE_LABELS

REQUIRED = _l("Fyll ut feltet.")
DATE = _l("Skriv en dato, for eksempel 2026-11-22.")
AUDIENCE_LABELS = {
    Audience.MUNICIPALITY: "Ett svar per kommune (kontaktpersonen svarer for kommunen)",
    Audience.MEMBER: "Ett svar per medlem",
}


class SurveySettingsForm(FlaskForm):
    """Title, intro, dates and the rules of a survey."""

    title = StringField(
        _l("Tittel"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=200, message=_l("Tittelen kan ikke være lengre enn 200 tegn.")),
        ],
    )
    intro = TextAreaField(
        _l("Innledning (valgfritt)"),
        description=_l("Vises øverst i skjemaet. Du kan bruke Markdown."),
        validators=[
            Optional(),
            Length(max=5000, message=_l("Innledningen kan ha høyst 5000 tegn.")),
        ],
    )
    opens_on = DateField(_l("Åpner"), validators=[DataRequired(DATE)])
    closes_on = DateField(_l("Stenger"), validators=[DataRequired(DATE)])
    audience = RadioField(
        _l("Hvem svarer"),
        choices=list(AUDIENCE_LABELS.items()),
        default=Audience.MUNICIPALITY,
        validators=[DataRequired(_l("Velg hvem som svarer."))],
    )
    anonymous = BooleanField(
        _l("Anonym: svarene knyttes ikke til personen som svarer (kan ikke oppheves senere)")
    )
    contact_only = BooleanField(
        _l("Bare kontaktpersonen kan svare for kommunen (ellers alle medlemmer i kommunen)"),
        default=True,
    )
    allow_edit = BooleanField(_l("Svar kan endres etter innsending fram til kartleggingen stenger"))
    share_results = BooleanField(
        _l("Del svarene per kommune med alle kommunene (gjelder bare kartlegginger med navn)")
    )


class NewSurveyForm(SurveySettingsForm):
    """A new survey: settings plus the template to start from."""

    template = SelectField(
        _l("Start fra"),
        choices=[*TEMPLATE_LABELS.items(), ("", "Tom kartlegging (lag spørsmålene selv)")],
        invalid_choice_message=_l("Velg en mal fra listen."),
    )


class SectionForm(FlaskForm):
    """A new section."""

    title = StringField(
        _l("Overskrift for ny del"),
        validators=[DataRequired(REQUIRED), Length(max=200, message=_l("Høyst 200 tegn."))],
    )


class QuestionForm(FlaskForm):
    """A new question in a section."""

    section = SelectField(
        _l("Del"),
        coerce=int,
        invalid_choice_message=_l("Velg en del fra listen."),
        invalid_value_message="Velg en del fra listen.",
    )
    kind = SelectField(
        _l("Spørsmålstype"),
        choices=[(k.value, label) for k, label in KIND_LABELS.items()],
        invalid_choice_message=_l("Velg en spørsmålstype fra listen."),
    )
    text = StringField(
        _l("Spørsmål"),
        validators=[DataRequired(REQUIRED), Length(max=300, message=_l("Høyst 300 tegn."))],
    )
    help_text = StringField(
        _l("Hjelpetekst (valgfritt)"),
        validators=[Optional(), Length(max=500, message=_l("Høyst 500 tegn."))],
    )
    options = TextAreaField(
        _l("Alternativer eller kompetanseområder"),
        description=_l("Ett per linje. Brukes for ett valg, flere valg og kompetansematrise."),
        validators=[Optional(), Length(max=5000, message=_l("Høyst 5000 tegn."))],
    )
    required = BooleanField(_l("Må besvares"))

    def __init__(self, sections, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.section.choices = [(s.id, s.title) for s in sections]


class RoundForm(FlaskForm):
    """Dates of the next round of a survey."""

    opens_on = DateField(_l("Neste runde åpner"), validators=[DataRequired(DATE)])
    closes_on = DateField(_l("Neste runde stenger"), validators=[DataRequired(DATE)])


class AgendaForm(FlaskForm):
    """Put a gap on a samling day's programme."""

    area = StringField(_l("Kompetanseområde"), validators=[DataRequired(REQUIRED)])
    day = SelectField(
        _l("Samlingsdag"),
        coerce=int,
        invalid_choice_message=_l("Velg en samlingsdag fra listen."),
        invalid_value_message="Velg en samlingsdag fra listen.",
    )
    start_time = TimeField(_l("Klokkeslett (valgfritt)"), validators=[Optional()])

    def __init__(self, days, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.day.choices = [(d.id, day_label(d)) for d in days]


def day_label(day) -> str:
    """«Høstsamling 2026 – 22.11.2026 (Temadag)»."""
    from portal.meetings.models import DAY_KIND_LABELS

    when = day.date.strftime("%d.%m.%Y") if day.date else "dato ikke satt"
    kind = DAY_KIND_LABELS.get(day.kind, day.kind)
    return f"{day.samling.title} – {when} ({kind})"


def field_name(question: SurveyQuestion, index: int | None = None, part: str = "") -> str:
    """The form field name of a question, or of one matrix row part."""
    if index is None:
        return f"q{question.id}"
    return f"q{question.id}-{index}-{part}"


def read_answer_fields(questions: list[SurveyQuestion], form: MultiDict) -> Values:
    """Collect the typed answers from the posted form, unchecked, keyed by question id."""
    raw: Values = {}
    for question in questions:
        if question.kind == QuestionKind.MATRIX:
            raw[question.id] = {
                area: {
                    "level": form.get(field_name(question, i, "level"), ""),
                    "need": form.get(field_name(question, i, "need"), ""),
                    "priority": form.get(field_name(question, i, "priority")) == "y",
                }
                for i, area in enumerate(question.options)
            }
        elif question.kind == QuestionKind.MULTIPLE:
            raw[question.id] = form.getlist(field_name(question))
        else:
            raw[question.id] = form.get(field_name(question), "")
    return raw

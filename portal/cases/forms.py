"""Forms for cases: the structured template, finding decisions, review, discussion, withdrawal."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.cases.identifiers import KIND_LABELS, KINDS
from portal.cases.models import (
    AGE_BANDS,
    CHECKLIST,
    CONSENT_CHOICES,
    FIELD_LABELS,
    LIFE_DOMAINS,
    REGIONS,
    SCANNED_FIELDS,
    SECTIONS,
    SETTINGS,
    SEVERITY_TIERS,
)

REQUIRED = _l("Fyll ut feltet.")
CHOOSE = _l("Velg fra listen.")


def _choices(pairs: list[tuple[str, str]], empty: str) -> list[tuple[str, str]]:
    """Select options with an empty first choice."""
    return [("", empty), *pairs]


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes for several choices."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CaseForm(FlaskForm):
    """The structured case template: title, coarse facts, consent and ten Markdown sections."""

    title = StringField(
        _l("Tittel"),
        description=_l(
            "En kort beskrivelse uten navn, sted eller dato, f.eks. «Samarbeid rundt bolig og rus»."
        ),
        validators=[
            DataRequired(_l("Saken må ha en tittel.")),
            Length(max=200, message=_l("Tittelen kan ikke være lengre enn 200 tegn.")),
        ],
    )
    age_band = SelectField(
        _l("Aldersgruppe"),
        choices=_choices(AGE_BANDS, "Velg aldersgruppe"),
        description=_l("Bare grove aldersgrupper – aldri fødselsdato eller eksakt alder."),
        invalid_choice_message=CHOOSE,
    )
    region = SelectField(
        _l("Region"),
        choices=_choices(REGIONS, "Velg region"),
        description=_l("Region, aldri adresse."),
        invalid_choice_message=CHOOSE,
    )
    severity = SelectField(
        _l("Alvorlighetsgrad"),
        choices=_choices(SEVERITY_TIERS, "Velg alvorlighetsgrad"),
        invalid_choice_message=CHOOSE,
    )
    setting = SelectField(
        _l("Setting"), choices=_choices(SETTINGS, "Velg setting"), invalid_choice_message=CHOOSE
    )
    rop = RadioField(
        _l("Gjelder saken ROP-lidelser (samtidig rus og psykisk lidelse)?"),
        choices=[("yes", "Ja"), ("no", "Nei")],
        validate_choice=False,
    )
    life_domains = MultiCheckboxField(
        _l("Livsområder saken berører"), choices=LIFE_DOMAINS, invalid_choice_message=CHOOSE
    )
    consent = SelectField(
        _l("Samtykke"),
        choices=_choices(CONSENT_CHOICES, "Ikke registrert ennå"),
        description=_l("Må være registrert før saken kan sendes til vurdering."),
        invalid_choice_message=CHOOSE,
    )
    version = HiddenField()

    def section_fields(self):
        """The section fields in template order."""
        return [self[name] for name, _heading, _help in SECTIONS]


for _name, _heading, _help in SECTIONS:
    setattr(CaseForm, _name, TextAreaField(_heading, description=_help))


class ReplaceForm(FlaskForm):
    """Replace one finding with a placeholder (optionally every occurrence of its text)."""

    number = IntegerField(validators=[Optional()])
    field = SelectField(choices=[(name, name) for name in SCANNED_FIELDS])
    start = IntegerField(validators=[InputRequired()])
    end = IntegerField(validators=[InputRequired()])
    expected = StringField(validators=[InputRequired()])
    replacement = StringField(_l("Erstatt med"), validators=[DataRequired(REQUIRED)])
    everywhere = BooleanField(_l("Erstatt alle forekomster av samme tekst"))


class DismissForm(FlaskForm):
    """Mark a finding «ikke en identifikator» with a reason."""

    number = IntegerField(validators=[Optional()])
    kind = SelectField(choices=[(kind, kind) for kind in KINDS])
    text = StringField(validators=[InputRequired()])
    reason = StringField(
        _l("Begrunnelse"),
        validators=[
            DataRequired(_l("Skriv kort hvorfor dette ikke er en identifikator.")),
            Length(max=300, message=_l("Begrunnelsen kan ikke være lengre enn 300 tegn.")),
        ],
    )


class MarkForm(FlaskForm):
    """A reviewer marks text the scan missed as an identifier."""

    field = SelectField(
        _l("Feltet teksten står i"),
        choices=[(name, FIELD_LABELS[name]) for name in SCANNED_FIELDS],
        invalid_choice_message=CHOOSE,
    )
    text = StringField(
        _l("Teksten som identifiserer noen (nøyaktig slik den står)"),
        validators=[
            DataRequired(_l("Skriv teksten som skal merkes.")),
            Length(max=300, message=_l("Teksten kan ikke være lengre enn 300 tegn.")),
        ],
    )
    kind = SelectField(
        _l("Hva slags identifikator"),
        choices=list(KIND_LABELS.items()),
        invalid_choice_message=CHOOSE,
    )


class SubmitForm(FlaskForm):
    """The anonymisation checklist the author ticks before sending the case to review."""


for _name, _text in CHECKLIST:
    setattr(SubmitForm, _name, BooleanField(_text))


class ReturnForm(FlaskForm):
    """The reviewer returns the case to its municipality with a comment."""

    comment = TextAreaField(
        _l("Kommentar til kommunen"),
        validators=[
            DataRequired(_l("Skriv hva som må endres før saken kan publiseres.")),
            Length(max=5000, message=_l("Kommentaren kan ikke være lengre enn 5000 tegn.")),
        ],
    )


class CommentForm(FlaskForm):
    """A discussion comment."""

    body = TextAreaField(_l("Kommentar"), validators=[DataRequired(_l("Skriv en kommentar."))])
    checked = BooleanField(_l("Jeg har sjekket at teksten ikke identifiserer noen"))


class ReflectionForm(FlaskForm):
    """A reflection question for the next samling."""

    question = TextAreaField(
        _l("Refleksjonsspørsmål til neste samling"),
        validators=[DataRequired(_l("Skriv et spørsmål."))],
    )
    checked = BooleanField(_l("Jeg har sjekket at teksten ikke identifiserer noen"))


class WithdrawForm(FlaskForm):
    """Withdraw a case with a reason."""

    reason = TextAreaField(
        _l("Hvorfor trekkes saken tilbake?"),
        validators=[
            DataRequired(_l("Skriv hvorfor saken trekkes tilbake.")),
            Length(max=2000, message=_l("Begrunnelsen kan ikke være lengre enn 2000 tegn.")),
        ],
    )

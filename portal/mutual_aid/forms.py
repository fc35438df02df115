"""Forms for mutual aid: status report, request, offer, acceptance, agreement, closing."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FloatField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.core.forms import WholeNumberField as NorwegianIntegerField
from portal.meetings.forms import NorwegianDateField
from portal.mutual_aid.models import KIND_LABELS, LIGHT_LABELS, SERVICES

NOT_NEGATIVE = _l("Tallet kan ikke være negativt.")
REQUIRED = _l("Fyll ut feltet.")
IDENTIFIER_REASON = _l(
    "Bare hvis skanningen fant mulige identifikatorer som ikke er det: skriv kort hvorfor."
)


class NorwegianFloatField(FloatField):
    """A decimal number field that accepts a comma and has a Norwegian parse error."""

    def process_formdata(self, valuelist):
        """Parse «2,5» as 2.5; a bad value gets a Norwegian message."""
        if valuelist and valuelist[0].strip():
            try:
                self.data = float(valuelist[0].strip().replace(",", "."))
            except ValueError:
                self.data = None
                raise ValueError(_l("Skriv et tall, f.eks. 4,5.")) from None
        else:
            self.data = None


def kind_choices() -> list[tuple[str, str]]:
    """The kinds of help."""
    return [(value, str(label)) for value, label in KIND_LABELS.items()]


class StatusForm(FlaskForm):
    """One robustness report for a service."""

    service = SelectField(_l("Tjeneste"), choices=SERVICES)
    positions = NorwegianFloatField(
        _l("Årsverk i tjenesten"),
        validators=[InputRequired(REQUIRED), NumberRange(min=0, message=NOT_NEGATIVE)],
    )
    vacancies = NorwegianIntegerField(
        _l("Ledige stillinger (vakanser)"),
        validators=[InputRequired(REQUIRED), NumberRange(min=0, message=NOT_NEGATIVE)],
    )
    long_absence = NorwegianIntegerField(
        _l("Ansatte i langtidsfravær"),
        validators=[InputRequired(REQUIRED), NumberRange(min=0, message=NOT_NEGATIVE)],
    )
    users_per_employee = NorwegianFloatField(
        _l("Brukere per ansatt"),
        validators=[Optional(), NumberRange(min=0, message=NOT_NEGATIVE)],
    )
    light = RadioField(
        _l("Trafikklys"),
        choices=[(value, str(label)) for value, label in LIGHT_LABELS.items()],
        validators=[InputRequired(_l("Velg grønn, gul eller rød."))],
    )
    reason = StringField(
        _l("Begrunnelse (én linje)"),
        description=_l(
            "Påkrevd for gul og rød. Bare tall og tjenesten – ingen personopplysninger."
        ),
        validators=[Length(max=200, message=_l("Høyst 200 tegn."))],
    )


class RequestForm(FlaskForm):
    """A request for help from the network."""

    kind = SelectField(_l("Hva trenger dere?"), choices=kind_choices)
    competence = SelectField(_l("Kompetanse som trengs"), choices=[])
    starts_on = NorwegianDateField(_l("Fra"), validators=[InputRequired(REQUIRED)])
    ends_on = NorwegianDateField(_l("Til"), validators=[InputRequired(REQUIRED)])
    digital = BooleanField(_l("Kan gjøres digitalt"))
    place = StringField(_l("Sted"), validators=[Length(max=120, message=_l("Høyst 120 tegn."))])
    body = TextAreaField(
        _l("Beskrivelse"),
        description=_l(
            "Beskriv behovet uten pasientopplysninger: ingen navn, fødselsnummer, adresser, "
            "datoer eller alder. Teksten skannes før den sendes."
        ),
        validators=[InputRequired(REQUIRED), Length(max=5000, message=_l("Høyst 5000 tegn."))],
    )
    identifier_reason = StringField(
        _l("Ikke identifikatorer fordi"),
        description=IDENTIFIER_REASON,
        validators=[Length(max=300, message=_l("Høyst 300 tegn."))],
    )


class OfferForm(FlaskForm):
    """An offer of help: to a request, or standing."""

    kind = SelectField(_l("Hva kan dere tilby?"), choices=kind_choices)
    competence = SelectField(_l("Kompetanse"), choices=[])
    body = TextAreaField(
        _l("Tilbudet"),
        description=_l("F.eks. «Vi kan ta to veiledningstimer i måneden»."),
        validators=[InputRequired(REQUIRED), Length(max=5000, message=_l("Høyst 5000 tegn."))],
    )


class AcceptForm(FlaskForm):
    """Accept an offer: what is agreed and how costs are settled."""

    what = TextAreaField(
        _l("Hva er avtalt"), validators=[Length(max=5000, message=_l("Høyst 5000 tegn."))]
    )
    cost_settlement = TextAreaField(
        _l("Kostnadsoppgjør"), validators=[Length(max=2000, message=_l("Høyst 2000 tegn."))]
    )


class AgreementForm(FlaskForm):
    """Record (and, for the helper, confirm) what was agreed."""

    what = TextAreaField(
        _l("Hva er avtalt"),
        validators=[InputRequired(REQUIRED), Length(max=5000, message=_l("Høyst 5000 tegn."))],
    )
    starts_on = NorwegianDateField(_l("Fra"), validators=[InputRequired(REQUIRED)])
    ends_on = NorwegianDateField(_l("Til"), validators=[InputRequired(REQUIRED)])
    cost_settlement = TextAreaField(
        _l("Kostnadsoppgjør"), validators=[Length(max=2000, message=_l("Høyst 2000 tegn."))]
    )


class CloseForm(FlaskForm):
    """Close an agreement with a short evaluation."""

    evaluation = TextAreaField(
        _l("Kort evaluering"),
        validators=[InputRequired(REQUIRED), Length(max=3000, message=_l("Høyst 3000 tegn."))],
    )

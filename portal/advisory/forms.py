"""Forms for the advisory unit: ask, reply, name an adviser."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

REQUIRED = _l("Fyll ut feltet.")
IDENTIFIER_REASON = _l(
    "Bare hvis skanningen fant mulige identifikatorer som ikke er det: skriv kort hvorfor."
)
NOT_JOURNAL = _l(
    "Svaret er råd fra rådgivende enhet, ikke journal. Ingen pasientopplysninger: ingen navn, "
    "fødselsnummer, adresser, datoer eller alder. Teksten skannes før den sendes."
)


class AskForm(FlaskForm):
    """A question to the advisory unit, free-standing or about one of the municipality's cases."""

    title = StringField(
        _l("Tittel"),
        validators=[InputRequired(REQUIRED), Length(max=200, message=_l("Høyst 200 tegn."))],
    )
    case_id = SelectField(_l("Gjelder saken (valgfritt)"), choices=[], coerce=str)
    body = TextAreaField(
        _l("Spørsmålet"),
        description=NOT_JOURNAL,
        validators=[InputRequired(REQUIRED), Length(max=10000, message=_l("Høyst 10000 tegn."))],
    )
    identifier_reason = StringField(
        _l("Ikke identifikatorer fordi"),
        description=IDENTIFIER_REASON,
        validators=[Length(max=300, message=_l("Høyst 300 tegn."))],
    )


class ReplyForm(FlaskForm):
    """A message in the thread."""

    body = TextAreaField(
        _l("Melding"),
        description=NOT_JOURNAL,
        validators=[InputRequired(REQUIRED), Length(max=10000, message=_l("Høyst 10000 tegn."))],
    )
    identifier_reason = StringField(
        _l("Ikke identifikatorer fordi"),
        description=IDENTIFIER_REASON,
        validators=[Length(max=300, message=_l("Høyst 300 tegn."))],
    )


class AdviserForm(FlaskForm):
    """Name a member as adviser."""

    user_id = SelectField(_l("Medlem"), choices=[], coerce=int)

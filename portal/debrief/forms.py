"""Forms for debrief sessions, registration, display names, summaries and defusing."""

from datetime import time
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.debrief.services import DISPLAY_NAME_MAX

REQUIRED = _l("Fyll ut feltet.")
BAD_DATE = _l("Skriv datoen som dd.mm.åååå, eller bruk datovelgeren.")
BAD_TIME = _l("Skriv klokkeslettet som tt:mm, for eksempel 12:00.")
REPEAT_CHOICES = [
    ("single", "Én enkelt økt"),
    ("monthly", "Hver måned, samme ukedag (f.eks. andre torsdag)"),
    ("biweekly", "Annenhver uke"),
    ("weekly", "Hver uke"),
]


def _length(maximum: int) -> Length:
    """A Norwegian length limit."""
    return Length(
        max=maximum, message=_l("Kan ikke være lengre enn %(maximum)s tegn.", maximum=maximum)
    )


class _NorwegianDate(DateField):
    """A date field with a Norwegian parse error."""

    def process_formdata(self, valuelist):
        """Parse, replacing the English message."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(BAD_DATE) from None


class _NorwegianTime(TimeField):
    """A time field with a Norwegian parse error."""

    def process_formdata(self, valuelist):
        """Parse, replacing the English message."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(BAD_TIME) from None


def _web_address(https_only: bool):
    """Validator: an http(s) address (or, for routines, a path on this portal)."""

    def check(form, field) -> None:
        value = (field.data or "").strip()
        if not value:
            return
        parts = urlsplit(value)
        if not https_only and value.startswith("/") and not value.startswith("//"):
            return
        schemes = ("https",) if https_only else ("http", "https")
        if parts.scheme not in schemes or not parts.netloc or any(c.isspace() for c in value):
            example = "https://..." if https_only else "https://... eller /rutiner/12"
            raise ValidationError(
                _l("Skriv en gyldig adresse, for eksempel %(example)s.", example=example)
            )

    return check


class SessionForm(FlaskForm):
    """A moderator plans one session or a recurring series."""

    title = StringField(
        _l("Tittel"), default="Debrifing", validators=[DataRequired(REQUIRED), _length(200)]
    )
    repeat = RadioField(_l("Gjentakelse"), choices=REPEAT_CHOICES, default="single")
    first_date = _NorwegianDate(
        "Dato",
        description=_l("For en serie: datoen for første økt."),
        validators=[DataRequired(BAD_DATE)],
    )
    until = _NorwegianDate(
        "Siste dato i serien",
        description=_l("Bare for serier, for eksempel før sommerferien."),
        validators=[Optional()],
    )
    start_time = _NorwegianTime(
        "Starter kl.", default=time(12, 0), validators=[DataRequired(BAD_TIME)]
    )
    end_time = _NorwegianTime(
        "Slutter kl.", default=time(14, 0), validators=[DataRequired(BAD_TIME)]
    )
    moderator = SelectField(
        _l("Moderator"), coerce=int, invalid_choice_message=_l("Velg fra listen.")
    )
    procedure = TextAreaField(
        _l("Prosedyre"),
        description=_l(
            "Slik gjennomføres økten. Du kan bruke Markdown (lister, overskrifter, lenker)."
        ),
        validators=[_length(10_000)],
    )
    procedure_link = StringField(
        _l("Lenke til rutine (valgfritt)"),
        description=_l("For eksempel adressen til rutinen i Rutiner."),
        validators=[Optional(), _length(500), _web_address(https_only=False)],
    )
    video_url = StringField(
        _l("Videolenke (valgfritt)"),
        validators=[Optional(), _length(500), _web_address(https_only=True)],
    )

    def __init__(self, moderators, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.moderator.choices = [(m.id, m.name) for m in moderators]

    def validate(self, extra_validators=None) -> bool:
        """A series needs a last date (checked here: Optional() ends the field's own chain)."""
        valid = super().validate(extra_validators)
        if self.repeat.data != "single" and not self.until.data and not self.until.errors:
            self.until.errors = [*self.until.errors, "Velg siste dato for serien."]
            return False
        return valid


class RegisterForm(FlaskForm):
    """A member registers and chooses how to appear in the room."""

    display_name = StringField(
        _l("Visningsnavn i chatten (valgfritt)"),
        description=_l(
            "Bare fornavnet ditt, eller la feltet stå tomt for «Deltaker» og et nummer. "
            "Moderator ser alltid hvem du er."
        ),
        validators=[Optional(), _length(DISPLAY_NAME_MAX)],
    )


class DisplayNameForm(FlaskForm):
    """A participant changes their display name for one session."""

    display_name = StringField(
        _l("Visningsnavn i chatten"), validators=[DataRequired(REQUIRED), _length(DISPLAY_NAME_MAX)]
    )


class SummaryForm(FlaskForm):
    """The moderator's short notes, kept after the chat is deleted."""

    summary = TextAreaField(
        _l("Oppsummering og oppfølging"),
        description=_l("Kort, og uten navn eller andre opplysninger som kan identifisere noen."),
        validators=[_length(4000)],
    )


class SeriesInviteForm(FlaskForm):
    """The moderator invites named people, or whole municipalities, to a series."""

    people = SelectMultipleField(_l("Personer"), coerce=int, validate_choice=False)
    municipalities = SelectMultipleField(_l("Hele kommuner"), coerce=int, validate_choice=False)

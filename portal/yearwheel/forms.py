"""Form for the network's own events on the årshjul."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal.meetings.forms import NorwegianDateField


class EventForm(FlaskForm):
    """A dated event such as a national reporting deadline."""

    title = StringField(
        _l("Tittel"),
        validators=[
            InputRequired(_l("Fyll ut feltet.")),
            Length(max=200, message=_l("Høyst 200 tegn.")),
        ],
    )
    starts_on = NorwegianDateField(
        _l("Dato (fra)"), validators=[InputRequired(_l("Velg en dato."))]
    )
    ends_on = NorwegianDateField(_l("Til (valgfritt)"), validators=[Optional()])
    description = TextAreaField(
        _l("Beskrivelse"), validators=[Length(max=2000, message=_l("Høyst 2000 tegn."))]
    )

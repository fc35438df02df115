"""Forms for samlinger, agenda, registration, minutes, homework answers and the calendar."""

from datetime import date
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, ValidationError

from portal.core.forms import WholeNumberField
from portal.meetings.models import (
    ATTENDANCE_LABELS,
    DAY_KIND_LABELS,
    ITEM_STATUS_LABELS,
    Responsible,
    season_label,
    season_of,
)

REQUIRED = _l("Fyll ut feltet.")
PICK = _l("Velg fra listen.")
BAD_DATE = _l("Skriv datoen som dd.mm.åååå, eller bruk datovelgeren.")
BAD_TIME = _l("Skriv klokkeslettet som tt:mm, for eksempel 09:30.")
KEY_FIGURE_SUGGESTIONS = ["Antall ansatte i tjenesten", "Antall pasienter som får hjelp"]


def _length(maximum: int) -> Length:
    """A Norwegian length limit."""
    return Length(
        max=maximum, message=_l("Kan ikke være lengre enn %(maximum)s tegn.", maximum=maximum)
    )


class NorwegianDateField(DateField):
    """A date field with a Norwegian parse error."""

    def process_formdata(self, valuelist):
        """Parse, replacing the English message."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(BAD_DATE) from None


class NorwegianTimeField(TimeField):
    """A time field with a Norwegian parse error."""

    def process_formdata(self, valuelist):
        """Parse, replacing the English message."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(BAD_TIME) from None


def municipality_choices(municipalities, empty: str) -> list[tuple[int, str]]:
    """Options for a municipality select, with an empty choice first."""
    return [(0, empty)] + [(m.id, m.name) for m in municipalities]


def _portal_or_web_link(form, field) -> None:
    """Accept a path on this portal (/rutiner/3) or an http(s) address."""
    value = (field.data or "").strip()
    if not value:
        return
    parts = urlsplit(value)
    if value.startswith("/") and not value.startswith("//") and not parts.scheme:
        return
    if parts.scheme in ("http", "https") and parts.netloc and not any(c.isspace() for c in value):
        return
    raise ValidationError(
        _l(
            "Skriv en adresse i portalen som begynner med / (for eksempel /rutiner/3) "
            "eller en nettadresse som begynner med https://."
        )
    )


class DayForm(Form):
    """One day of a samling."""

    date = NorwegianDateField(_l("Dato"), validators=[Optional()],
                              description=_l("La stå tom hvis datoen ikke er avklart ennå."))  # fmt: skip
    start_time = NorwegianTimeField(_l("Starter kl."), validators=[Optional()])
    end_time = NorwegianTimeField(_l("Slutter kl."), validators=[Optional()])
    kind = SelectField(
        _l("Type dag"),
        choices=[(k.value, label) for k, label in DAY_KIND_LABELS.items()],
        invalid_choice_message=PICK,
    )
    place = StringField(_l("Sted"), validators=[Optional(), _length(200)],
                        description=_l("For eksempel Fauske hotell."))  # fmt: skip
    video_link = URLField(
        _l("Videolenke"),
        validators=[
            Optional(),
            URL(message=_l("Skriv en hel nettadresse som begynner med https://.")),
            _length(500),
        ],
        description=_l("For digitale møter (Teams e.l.)."),
    )
    responsible = SelectField(
        _l("Ansvarlig kommune for dagen"),
        coerce=int,
        invalid_choice_message=PICK,
        invalid_value_message=PICK,
    )
    capacity = WholeNumberField(
        _l("Antall plasser"),
        validators=[Optional(), NumberRange(min=1, message=_l("Antall plasser må være minst 1."))],
        description=_l("La stå tom hvis det ikke er noen grense."),
    )
    notes = TextAreaField(
        _l("Praktisk informasjon"),
        validators=[Optional(), _length(5000)],
        description=_l(
            "Markdown. For eksempel overnatting, måltider, «ta med klær etter forholdene»."
        ),
    )


class SamlingForm(FlaskForm):
    """A moderator plans a samling with one to three days."""

    title = StringField(_l("Tittel"), validators=[DataRequired(REQUIRED), _length(200)])
    day_count = SelectField(
        _l("Antall dager"), choices=[(1, "1"), (2, "2"), (3, "3")], coerce=int, default=2,
        invalid_choice_message=_l("Velg 1, 2 eller 3 dager."),
    )  # fmt: skip
    season = SelectField(
        _l("Sesong"),
        coerce=int,
        description=_l("Brukes når ingen dager har dato ennå; ellers gir datoene sesongen."),
        invalid_choice_message=PICK,
    )
    tentative_when = StringField(
        _l("Omtrentlig tidspunkt"),
        validators=[Optional(), _length(100)],
        description=_l("Når datoene ikke er avklart, for eksempel «april 2024»."),
    )
    registration_deadline = NorwegianDateField(_l("Påmeldingsfrist"), validators=[Optional()])
    description = TextAreaField(_l("Om samlingen"), validators=[Optional(), _length(10000)],
                                description=_l("Markdown."))  # fmt: skip
    published = BooleanField(_l("Vis samlingen i møteplanen for medlemmene"), default=True)
    days = FieldList(FormField(DayForm), min_entries=3, max_entries=3)

    def __init__(self, municipalities, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = date.today()
        first = season_of(today)
        years = set(range(first - 3, first + 3))
        stored = (kwargs.get("data") or {}).get("season")
        if stored is not None:
            years.add(stored)  # an older samling keeps its own season when edited
        self.season.choices = [(y, season_label(y)) for y in sorted(years)]
        if self.season.data is None:
            self.season.data = first
        for entry in self.days:
            entry.form.responsible.choices = municipality_choices(municipalities, "Ingen valgt")


class AgendaItemForm(FlaskForm):
    """A point on a day's programme."""

    start_time = NorwegianTimeField(_l("Klokkeslett"), validators=[Optional()])
    title = StringField(_l("Tittel"), validators=[DataRequired(REQUIRED), _length(200)])
    presenter = StringField(_l("Innleder"), validators=[Optional(), _length(120)])
    presenter_municipality = SelectField(
        _l("Kommune som innleder"), coerce=int, invalid_choice_message=PICK
    )
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional(), _length(5000)],
                                description=_l("Markdown."))  # fmt: skip
    link_url = StringField(
        _l("Lenke til rutine, sak eller nettside"),
        validators=[Optional(), _length(500), _portal_or_web_link],
        description=_l(
            "For eksempel /rutiner/3 eller /saker/7. Saker vises bare for dem som har "
            "tilgang til saken."
        ),
    )
    link_label = StringField(_l("Lenketekst"), validators=[Optional(), _length(200)])

    def __init__(self, municipalities, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.presenter_municipality.choices = municipality_choices(municipalities, "Ingen")


class RegistrationForm(FlaskForm):
    """A member registers for one day."""

    overnight = RadioField(
        _l("Trenger du overnatting?"),
        choices=[("nei", "Nei"), ("ja", "Ja")],
        default="nei",
        validators=[DataRequired(_l("Svar ja eller nei."))],
    )
    dietary = StringField(
        _l("Kosthold og allergier"),
        validators=[Optional(), _length(200)],
        description=_l("For eksempel vegetar, glutenfri eller nøtteallergi."),
    )
    note = TextAreaField(_l("Merknad"), validators=[Optional(), _length(500)])


class AttendanceRow(Form):
    """One person's attendance in the minutes."""

    attendee_id = HiddenField()
    status = SelectField(
        _l("Oppmøte"),
        choices=[(k.value, label) for k, label in ATTENDANCE_LABELS.items()],
        invalid_choice_message=PICK,
    )


class ReportRow(Form):
    """One municipality's status in the round."""

    municipality_id = HiddenField()
    text = TextAreaField(_l("Status"), validators=[Optional(), _length(5000)])


class MinutesForm(FlaskForm):
    """The referat draft; ``version`` detects a colleague's save in between."""

    version = HiddenField()
    everyone = SelectField(
        _l("Sett oppmøte for alle på listen"),
        choices=[("", _l("Nei, slik det står for hver person"))]
        + [(k.value, label) for k, label in ATTENDANCE_LABELS.items()],
        validate_choice=True,
        invalid_choice_message=PICK,
        default="",
    )
    attendance = FieldList(FormField(AttendanceRow))
    reports = FieldList(FormField(ReportRow))
    decisions = TextAreaField(_l("Vedtak og beslutninger"), validators=[Optional(), _length(20000)],
                              description=_l("Markdown, for eksempel en punktliste."))  # fmt: skip
    body = TextAreaField(_l("Referat"), validators=[Optional(), _length(50000)],
                         description=_l("Markdown. Fritt referat fra samlingen."))  # fmt: skip


class ExternalForm(FlaskForm):
    """Add a participant who is not a portal user."""

    name = StringField(_l("Navn"), validators=[DataRequired(_l("Skriv navnet.")), Length(max=120)])
    organisation = StringField(
        _l("Organisasjon"),
        description=_l("For eksempel regionens jurist, Digipro, NAV eller sykehuset."),
        validators=[Length(max=200)],
    )


class AttendeeForm(FlaskForm):
    """Add a person to the attendance list."""

    person = SelectField(_l("Person"), coerce=int, invalid_choice_message=PICK)
    status = SelectField(
        _l("Oppmøte"),
        choices=[(k.value, label) for k, label in ATTENDANCE_LABELS.items()],
        invalid_choice_message=PICK,
    )


RESPONSIBLE_CHOICES = [
    (Responsible.ALL.value, "Alle kommunene (hver kommune svarer)"),
    (Responsible.MUNICIPALITY.value, "Én kommune"),
    (Responsible.PERSON.value, "Én person"),
]


class ActionItemForm(FlaskForm):
    """Homework or an action item from a samling."""

    title = StringField(_l("Oppgave"), validators=[DataRequired(REQUIRED), _length(200)])
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional(), _length(5000)],
                                description=_l("Markdown."))  # fmt: skip
    responsible = SelectField(
        _l("Ansvarlig"), choices=RESPONSIBLE_CHOICES, invalid_choice_message=PICK
    )
    municipality = SelectField(
        _l("Ansvarlig kommune"), coerce=int, invalid_choice_message=PICK,
        description=_l("Bare når én kommune er ansvarlig."),
    )  # fmt: skip
    person = SelectField(
        _l("Ansvarlig person"), coerce=int, invalid_choice_message=PICK,
        description=_l("Bare når én person er ansvarlig."),
    )  # fmt: skip
    due_date = NorwegianDateField(
        _l("Frist"), validators=[Optional()],
        description=_l("La stå tom for å bruke første dag på neste samling."),
    )  # fmt: skip
    key_figure = StringField(
        _l("Nøkkeltall (valgfritt)"),
        validators=[Optional(), _length(120)],
        description=_l(
            "Gi tallsvaret et navn for å samle det som nøkkeltall per kommune og år, "
            "for eksempel «Antall ansatte i tjenesten»."
        ),
    )

    def __init__(self, municipalities, people, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality.choices = municipality_choices(municipalities, "Ingen valgt")
        self.person.choices = [(0, "Ingen valgt")] + [(p.id, p.name) for p in people]


class AnswerForm(FlaskForm):
    """A municipality's answer to homework."""

    text = TextAreaField(_l("Svar"), validators=[Optional(), _length(5000)])
    number = WholeNumberField(
        _l("Tall (valgfritt)"),
        validators=[Optional(), NumberRange(min=0, message=_l("Tallet kan ikke være negativt."))],
    )


class StatusForm(FlaskForm):
    """Mark an item open or done."""

    status = SelectField(
        _l("Status"),
        choices=[(k.value, label) for k, label in ITEM_STATUS_LABELS.items()],
        invalid_choice_message=PICK,
    )


def flat_errors(form, prefix: str = "") -> list[tuple[str, str, str]]:
    """Every field error as (field id, label, message), subforms included, for the summary."""
    found = []
    for item in form:
        if item.name.endswith("csrf_token"):
            continue
        if isinstance(item, FieldList):
            for index, entry in enumerate(item, start=1):
                label = f"Dag {index}: " if item.name == "days" else f"Rad {index}: "
                found.extend(flat_errors(entry.form, prefix + label))
        elif item.errors:
            found.append((item.id, prefix + item.label.text, " ".join(map(str, item.errors))))
    return found

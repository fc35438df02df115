"""Forms for samlinger, agenda, registration, minutes, homework answers and the calendar."""

from datetime import date
from urllib.parse import urlsplit

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

from portal.fields import WholeNumberField
from portal.meetings.models import (
    ATTENDANCE_LABELS,
    DAY_KIND_LABELS,
    ITEM_STATUS_LABELS,
    Responsible,
    season_label,
    season_of,
)

REQUIRED = "Fyll ut feltet."
PICK = "Velg fra listen."
BAD_DATE = "Skriv datoen som dd.mm.åååå, eller bruk datovelgeren."
BAD_TIME = "Skriv klokkeslettet som tt:mm, for eksempel 09:30."
KEY_FIGURE_SUGGESTIONS = ["Antall ansatte i tjenesten", "Antall pasienter som får hjelp"]


def _length(maximum: int) -> Length:
    """A Norwegian length limit."""
    return Length(max=maximum, message=f"Kan ikke være lengre enn {maximum} tegn.")


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
        "Skriv en adresse i portalen som begynner med / (for eksempel /rutiner/3) "
        "eller en nettadresse som begynner med https://."
    )


class DayForm(Form):
    """One day of a samling."""

    date = NorwegianDateField("Dato", validators=[Optional()],
                              description="La stå tom hvis datoen ikke er avklart ennå.")  # fmt: skip
    start_time = NorwegianTimeField("Starter kl.", validators=[Optional()])
    end_time = NorwegianTimeField("Slutter kl.", validators=[Optional()])
    kind = SelectField(
        "Type dag",
        choices=[(k.value, label) for k, label in DAY_KIND_LABELS.items()],
        invalid_choice_message=PICK,
    )
    place = StringField("Sted", validators=[Optional(), _length(200)],
                        description="For eksempel Fauske hotell.")  # fmt: skip
    video_link = URLField(
        "Videolenke",
        validators=[
            Optional(),
            URL(message="Skriv en hel nettadresse som begynner med https://."),
            _length(500),
        ],
        description="For digitale møter (Teams e.l.).",
    )
    responsible = SelectField(
        "Ansvarlig kommune for dagen",
        coerce=int,
        invalid_choice_message=PICK,
        invalid_value_message=PICK,
    )
    capacity = WholeNumberField(
        "Antall plasser",
        validators=[Optional(), NumberRange(min=1, message="Antall plasser må være minst 1.")],
        description="La stå tom hvis det ikke er noen grense.",
    )
    notes = TextAreaField(
        "Praktisk informasjon",
        validators=[Optional(), _length(5000)],
        description="Markdown. For eksempel overnatting, måltider, «ta med klær etter forholdene».",
    )


class SamlingForm(FlaskForm):
    """A moderator plans a samling with one to three days."""

    title = StringField("Tittel", validators=[DataRequired(REQUIRED), _length(200)])
    day_count = SelectField(
        "Antall dager", choices=[(1, "1"), (2, "2"), (3, "3")], coerce=int, default=2,
        invalid_choice_message="Velg 1, 2 eller 3 dager.",
    )  # fmt: skip
    season = SelectField(
        "Sesong",
        coerce=int,
        description="Brukes når ingen dager har dato ennå; ellers gir datoene sesongen.",
        invalid_choice_message=PICK,
    )
    tentative_when = StringField(
        "Omtrentlig tidspunkt",
        validators=[Optional(), _length(100)],
        description="Når datoene ikke er avklart, for eksempel «april 2024».",
    )
    registration_deadline = NorwegianDateField("Påmeldingsfrist", validators=[Optional()])
    description = TextAreaField("Om samlingen", validators=[Optional(), _length(10000)],
                                description="Markdown.")  # fmt: skip
    published = BooleanField("Vis samlingen i møteplanen for medlemmene", default=True)
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

    start_time = NorwegianTimeField("Klokkeslett", validators=[Optional()])
    title = StringField("Tittel", validators=[DataRequired(REQUIRED), _length(200)])
    presenter = StringField("Innleder", validators=[Optional(), _length(120)])
    presenter_municipality = SelectField(
        "Kommune som innleder", coerce=int, invalid_choice_message=PICK
    )
    description = TextAreaField("Beskrivelse", validators=[Optional(), _length(5000)],
                                description="Markdown.")  # fmt: skip
    link_url = StringField(
        "Lenke til rutine, sak eller nettside",
        validators=[Optional(), _length(500), _portal_or_web_link],
        description="For eksempel /rutiner/3 eller /saker/7. Saker vises bare for dem som har "
        "tilgang til saken.",
    )
    link_label = StringField("Lenketekst", validators=[Optional(), _length(200)])

    def __init__(self, municipalities, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.presenter_municipality.choices = municipality_choices(municipalities, "Ingen")


class RegistrationForm(FlaskForm):
    """A member registers for one day."""

    overnight = RadioField(
        "Trenger du overnatting?",
        choices=[("nei", "Nei"), ("ja", "Ja")],
        default="nei",
        validators=[DataRequired("Svar ja eller nei.")],
    )
    dietary = StringField(
        "Kosthold og allergier",
        validators=[Optional(), _length(200)],
        description="For eksempel vegetar, glutenfri eller nøtteallergi.",
    )
    note = TextAreaField("Merknad", validators=[Optional(), _length(500)])


class AttendanceRow(Form):
    """One person's attendance in the minutes."""

    attendee_id = HiddenField()
    status = SelectField(
        "Oppmøte",
        choices=[(k.value, label) for k, label in ATTENDANCE_LABELS.items()],
        invalid_choice_message=PICK,
    )


class ReportRow(Form):
    """One municipality's status in the round."""

    municipality_id = HiddenField()
    text = TextAreaField("Status", validators=[Optional(), _length(5000)])


class MinutesForm(FlaskForm):
    """The referat draft; ``version`` detects a colleague's save in between."""

    version = HiddenField()
    attendance = FieldList(FormField(AttendanceRow))
    reports = FieldList(FormField(ReportRow))
    decisions = TextAreaField("Vedtak og beslutninger", validators=[Optional(), _length(20000)],
                              description="Markdown, for eksempel en punktliste.")  # fmt: skip
    body = TextAreaField("Referat", validators=[Optional(), _length(50000)],
                         description="Markdown. Fritt referat fra samlingen.")  # fmt: skip


class AttendeeForm(FlaskForm):
    """Add a person to the attendance list."""

    person = SelectField("Person", coerce=int, invalid_choice_message=PICK)
    status = SelectField(
        "Oppmøte",
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

    title = StringField("Oppgave", validators=[DataRequired(REQUIRED), _length(200)])
    description = TextAreaField("Beskrivelse", validators=[Optional(), _length(5000)],
                                description="Markdown.")  # fmt: skip
    responsible = SelectField("Ansvarlig", choices=RESPONSIBLE_CHOICES, invalid_choice_message=PICK)
    municipality = SelectField(
        "Ansvarlig kommune", coerce=int, invalid_choice_message=PICK,
        description="Bare når én kommune er ansvarlig.",
    )  # fmt: skip
    person = SelectField(
        "Ansvarlig person", coerce=int, invalid_choice_message=PICK,
        description="Bare når én person er ansvarlig.",
    )  # fmt: skip
    due_date = NorwegianDateField(
        "Frist", validators=[Optional()],
        description="La stå tom for å bruke første dag på neste samling.",
    )  # fmt: skip
    key_figure = StringField(
        "Nøkkeltall (valgfritt)",
        validators=[Optional(), _length(120)],
        description="Gi tallsvaret et navn for å samle det som nøkkeltall per kommune og år, "
        "for eksempel «Antall ansatte i tjenesten».",
    )

    def __init__(self, municipalities, people, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality.choices = municipality_choices(municipalities, "Ingen valgt")
        self.person.choices = [(0, "Ingen valgt")] + [(p.id, p.name) for p in people]


class AnswerForm(FlaskForm):
    """A municipality's answer to homework."""

    text = TextAreaField("Svar", validators=[Optional(), _length(5000)])
    number = WholeNumberField(
        "Tall (valgfritt)",
        validators=[Optional(), NumberRange(min=0, message="Tallet kan ikke være negativt.")],
    )


class StatusForm(FlaskForm):
    """Mark an item open or done."""

    status = SelectField(
        "Status",
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
            found.append((item.id, prefix + item.label.text, " ".join(item.errors)))
    return found

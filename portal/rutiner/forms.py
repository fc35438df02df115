"""Forms for writing, approving, reading and commenting on routines."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.network.models import User
from portal.rutiner.models import CATEGORIES, REVIEW_INTERVALS
from portal.rutiner.services import MAX_BODY_BYTES

TITLE_REQUIRED = _l("Rutinen må ha en tittel.")
INTERVAL_INVALID = _l("Velg et revisjonsintervall på 6, 12, 24 eller 36 måneder.")


def _body_size(form, field) -> None:
    """Refuse a body over 1 MB."""
    if field.data and len(field.data.encode("utf-8")) > MAX_BODY_BYTES:
        raise ValidationError(
            _l(
                "Teksten er større enn 1 MB. Del rutinen opp eller gjør den kortere. "
                "Teksten din står fortsatt i feltet."
            )
        )


class _TextFields(FlaskForm):
    """Title, body and change note, shared by new routines and drafts."""

    title = StringField(
        _l("Tittel"),
        validators=[
            DataRequired(TITLE_REQUIRED),
            Length(max=200, message=_l("Tittelen kan ikke være lengre enn 200 tegn.")),
        ],
    )
    body = TextAreaField(
        _l("Rutinen"),
        description=_l(
            "Skriv i Markdown: # Overskrift, - punktliste, **fet**, [lenke](https://…)."
        ),
        validators=[DataRequired(_l("Skriv selve rutinen.")), _body_size],
    )
    change_note = StringField(
        _l("Endringsnotat"),
        description=_l("Kort om hva som er endret i denne versjonen."),
        validators=[
            Optional(),
            Length(max=300, message=_l("Endringsnotatet kan ikke være lengre enn 300 tegn.")),
        ],
    )


class _SettingsFields(FlaskForm):
    """Category, tags, review interval and responsible person."""

    category = SelectField(
        _l("Kategori"),
        choices=list(CATEGORIES.items()),
        invalid_choice_message=_l("Velg en kategori fra listen."),
    )
    tags = StringField(
        _l("Stikkord"),
        description=_l("Skilt med komma, for eksempel: akutt, DPS, samtykke."),
        validators=[
            Optional(),
            Length(max=300, message=_l("Stikkordene kan ikke være lengre enn 300 tegn.")),
        ],
    )
    review_interval = SelectField(
        _l("Revisjonsintervall"),
        coerce=int,
        choices=[(months, f"{months} måneder") for months in REVIEW_INTERVALS],
        default=12,
        description=_l("Neste revisjon er godkjenningsdato pluss intervallet."),
        invalid_choice_message=INTERVAL_INVALID,
        invalid_value_message=INTERVAL_INVALID,
    )
    responsible = SelectField(
        _l("Ansvarlig"),
        coerce=int,
        invalid_choice_message=_l("Velg en ansvarlig fra listen."),
        invalid_value_message="Velg en ansvarlig fra listen.",
    )

    def set_people(self, people) -> None:
        """Offer these people as responsible."""
        self.responsible.choices = [(p.id, p.name) for p in people]


class NewRoutineForm(_TextFields, _SettingsFields):
    """Start a routine: text, owner and settings."""

    owner = SelectField(_l("Eier"), invalid_choice_message=_l("Velg en eier fra listen."))


class DraftForm(_TextFields, _SettingsFields):
    """Save a new version of the draft, based on the version the editor opened."""

    base_number = HiddenField()


class SubmitForm(FlaskForm):
    """Send a draft to a named approver."""

    approver = SelectField(
        _l("Godkjenner"),
        coerce=int,
        invalid_choice_message=_l("Velg en godkjenner fra listen."),
        invalid_value_message="Velg en godkjenner fra listen.",
    )

    @classmethod
    def for_approvers(cls, people: list[User]) -> "SubmitForm":
        """The form with these people (those who may approve the routine) as the choices."""
        form = cls()
        form.approver.choices = [(person.id, person.name) for person in people]
        return form


class ApproveForm(FlaskForm):
    """Approve the pending draft."""

    significant = BooleanField(
        _l("Vesentlig endring: alle må bekrefte at de har lest rutinen på nytt")
    )


class ReturnForm(FlaskForm):
    """Send the draft back with a comment."""

    comment = TextAreaField(
        _l("Hva må endres?"),
        validators=[
            DataRequired(_l("Skriv hva som må endres.")),
            Length(max=5000, message=_l("Kommentaren kan ikke være lengre enn 5000 tegn.")),
        ],
    )


class CommentForm(FlaskForm):
    """Feedback on a routine."""

    body = TextAreaField(
        _l("Kommentar"),
        description=_l("Du kan bruke Markdown."),
        validators=[
            DataRequired(_l("Skriv en kommentar før du sender.")),
            Length(max=10_000, message=_l("Kommentaren kan ikke være lengre enn 10 000 tegn.")),
        ],
    )


class RestoreForm(FlaskForm):
    """Restore an old version as the newest draft."""

    base_number = HiddenField()

"""Forms for login, invitations and member administration."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from portal.core.forms import max_length
from portal.network.models import ROLE_LABELS

REQUIRED = _l("Fyll ut feltet.")
EMAIL = _l("Skriv en gyldig e-postadresse, for eksempel navn@kommune.no.")
UNKNOWN_ROLE = _l("Velg en rolle fra listen.")
UNKNOWN_MUNICIPALITY = _l("Velg en kommune fra listen.")
PASSWORD_MIN = 12
PASSWORD_MAX = 128


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(_l("E-postadresse"), validators=[DataRequired(REQUIRED), max_length(254)])
    password = PasswordField(
        _l("Passord"), validators=[DataRequired(REQUIRED), max_length(PASSWORD_MAX)]
    )


def role_choices() -> list[tuple[str, str]]:
    """Role options for select fields, in Norwegian."""
    return [(role.value, label) for role, label in ROLE_LABELS.items()]


class InvitationForm(FlaskForm):
    """An admin invites a person by e-mail to a role and (usually) a municipality."""

    email = EmailField(
        _l("E-postadresse"),
        validators=[
            DataRequired(REQUIRED),
            Email(EMAIL, check_deliverability=False),
            Length(max=254, message=_l("E-postadressen kan ikke være lengre enn 254 tegn.")),
        ],
    )
    name = StringField(
        _l("Navn (valgfritt)"),
        validators=[
            Optional(),
            Length(max=120, message=_l("Navnet kan ikke være lengre enn 120 tegn.")),
        ],
    )
    role = SelectField(_l("Rolle"), choices=role_choices, invalid_choice_message=UNKNOWN_ROLE)
    municipality = SelectField(
        _l("Kommune"),
        coerce=int,
        description=_l("Koordinator og juridisk rådgiver kan stå uten kommune."),
        invalid_choice_message=UNKNOWN_MUNICIPALITY,
        invalid_value_message=UNKNOWN_MUNICIPALITY,
    )

    def __init__(self, municipalities, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality.choices = [(0, _l("Ingen kommune"))] + [
            (m.id, m.name) for m in municipalities
        ]


class AcceptInvitationForm(FlaskForm):
    """The invited person sets their name and password."""

    name = StringField(
        _l("Fullt navn"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=120, message=_l("Navnet kan ikke være lengre enn 120 tegn.")),
        ],
    )
    password = PasswordField(
        _l("Velg passord"),
        description=_l(
            "Minst %(count)d tegn. En setning du husker er et godt passord.", count=PASSWORD_MIN
        ),
        validators=[
            DataRequired(REQUIRED),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=_l(
                    "Passordet må ha mellom %(low)d og %(high)d tegn.",
                    low=PASSWORD_MIN,
                    high=PASSWORD_MAX,
                ),
            ),
        ],
    )
    password_repeat = PasswordField(
        _l("Gjenta passordet"),
        validators=[DataRequired(REQUIRED), EqualTo("password", _l("Passordene er ikke like."))],
    )


class RoleForm(FlaskForm):
    """An admin changes a member's role."""

    role = SelectField(_l("Rolle"), choices=role_choices, invalid_choice_message=UNKNOWN_ROLE)


CODE_HELP = _l("Den sekskifrede koden fra autentiseringsappen, eller en gjenopprettingskode.")


class SecondFactorForm(FlaskForm):
    """The code from the authenticator app (or a recovery code) after the password."""

    code = StringField(
        _l("Engangskode"),
        description=CODE_HELP,
        validators=[DataRequired(REQUIRED), Length(max=20, message=_l("Koden er for lang."))],
    )


class ReauthenticateForm(FlaskForm):
    """Current password (and a code when 2FA is on) before a sensitive change."""

    current_password = PasswordField(
        _l("Nåværende passord"), validators=[DataRequired(REQUIRED), max_length(PASSWORD_MAX)]
    )
    code = StringField(
        _l("Engangskode"),
        description=CODE_HELP,
        validators=[Optional(), Length(max=20, message=_l("Koden er for lang."))],
    )


class EnrolTwoFactorForm(ReauthenticateForm):
    """Confirm the new authenticator app with its first code and the current password."""

    code = StringField(
        _l("Kode fra appen"),
        description=_l("Skriv inn den sekskifrede koden appen viser nå."),
        validators=[DataRequired(REQUIRED), Length(max=20, message=_l("Koden er for lang."))],
    )


class ChangeEmailForm(ReauthenticateForm):
    """A new login e-mail address, with the current password."""

    email = EmailField(
        _l("Ny e-postadresse"),
        validators=[
            DataRequired(REQUIRED),
            Email(EMAIL, check_deliverability=False),
            max_length(254),
        ],
    )


class ForgotPasswordForm(FlaskForm):
    """Ask for a password-reset link."""

    email = EmailField(_l("E-postadresse"), validators=[DataRequired(REQUIRED), max_length(254)])


class ResetPasswordForm(FlaskForm):
    """Choose a new password (from a reset link)."""

    password = PasswordField(
        _l("Nytt passord"),
        description=_l(
            "Minst %(count)d tegn. En setning du husker er et godt passord.", count=PASSWORD_MIN
        ),
        validators=[DataRequired(REQUIRED), max_length(PASSWORD_MAX)],
    )
    password_repeat = PasswordField(
        _l("Gjenta nytt passord"),
        validators=[DataRequired(REQUIRED), EqualTo("password", _l("Passordene er ikke like."))],
    )


class ChangePasswordForm(ReauthenticateForm, ResetPasswordForm):
    """A new password, with the current one (and a code when 2FA is on)."""


class NetworkSettingsForm(FlaskForm):
    """Network-wide settings an admin controls."""

    require_two_factor = BooleanField(_l("Krev tofaktorinnlogging for alle medlemmer"))


class AuditFilterForm(FlaskForm):
    """Filter the audit log (GET form, no CSRF needed for reading)."""

    class Meta:
        csrf = False

    user = SelectField(_l("Person"), coerce=int, validate_choice=False)
    action = StringField(_l("Hendelse (begynner med)"), validators=[Optional(), max_length(64)])
    date_from = DateField(_l("Fra dato"), validators=[Optional()])
    date_to = DateField(_l("Til dato"), validators=[Optional()])

    def validate_date_to(self, field) -> None:
        """The end date may not come before the start date."""
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("Til-datoen kan ikke være før fra-datoen."))

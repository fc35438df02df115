"""Forms and fields every feature uses: the confirm form, whole numbers, length limits, blank
fields rendered once."""

from typing import Any

from flask import get_template_attribute
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import IntegerField
from wtforms.validators import Length, StopValidation
from wtforms.widgets import TextInput

WHOLE_NUMBER = _l("Skriv et helt tall, for eksempel 12.")
TOO_LONG = _l("Teksten er for lang: høyst %(max)d tegn, du har skrevet %(length)d.")


class ConfirmForm(FlaskForm):
    """A button-only form (deactivate, revoke, logout): carries the CSRF token."""


class WholeNumberField(IntegerField):
    """An integer typed as text: «14.5» or «tolv» gets «Skriv et helt tall» and nothing else.

    A text input with a numeric keyboard rather than type=number, so the browser neither
    rejects the value with its own message nor loses what was typed.
    """

    widget = TextInput()

    def __init__(self, *args, render_kw: dict | None = None, **kwargs):
        super().__init__(*args, render_kw={"inputmode": "numeric", **(render_kw or {})}, **kwargs)

    def process_formdata(self, valuelist):
        """Parse the number; blank is no number (the validators decide if one is needed)."""
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0])
        except ValueError:
            self.data = None
            raise ValueError(str(WHOLE_NUMBER)) from None

    def pre_validate(self, form):
        """Stop here when the text is not a whole number, so no range message follows it."""
        if self.process_errors:
            raise StopValidation()


def max_length(maximum: int, message: str | None = None) -> Length:
    """A length limit with a Norwegian message; the form keeps the text so nothing is lost."""
    return Length(max=maximum, message=message or TOO_LONG)


_BLANK_FIELDS: dict[tuple, Markup] = {}  # keys come from code: a few per page that has a form


def blank_field(form_class: type[FlaskForm], name: str, **options: Any) -> Markup:
    """A field's HTML as an empty form shows it (``field()`` in macros/forms.html), rendered
    once per form, field, options and locale: a form nobody has filled in shows only its label
    and limits (a sent form with errors renders its own, with what was typed)."""
    key = (form_class, name, tuple(sorted(options.items())), str(get_locale()))
    if key not in _BLANK_FIELDS:
        form = form_class(formdata=None, meta={"csrf": False})
        _BLANK_FIELDS[key] = get_template_attribute("macros/forms.html", "field")(
            form[name], **options
        )
    return _BLANK_FIELDS[key]

"""Shared form fields: whole numbers and length limits behave the same in every form."""

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from portal.core.forms import WholeNumberField, max_length
from portal.meetings.forms import AnswerForm, DayForm


class NumberForm(FlaskForm):
    """A form like the portal's: an optional count that may not be negative."""

    class Meta:
        csrf = False

    count = WholeNumberField(
        "Antall", validators=[Optional(), NumberRange(min=0, message="Kan ikke være negativt.")]
    )


class TextForm(FlaskForm):
    """Two limited text fields."""

    class Meta:
        csrf = False

    title = StringField("Tittel", validators=[max_length(10)])
    body = TextAreaField("Tekst", validators=[Optional(), max_length(20)])


@pytest.mark.parametrize("typed", ["14.5", "14,5", "tolv", "1e3"])
def test_a_number_that_is_not_whole_says_whole_number_and_nothing_else(app, typed):
    with app.test_request_context():
        form = NumberForm(MultiDict({"count": typed}))
        assert not form.validate()
        assert form.count.errors == ["Skriv et helt tall, for eksempel 12."]
        assert f'value="{typed}"' in form.count()  # what was typed is kept


def test_a_negative_whole_number_gets_the_range_message(app):
    with app.test_request_context():
        form = NumberForm(MultiDict({"count": "-3"}))
        assert not form.validate()
        assert form.count.errors == ["Kan ikke være negativt."]


def test_a_blank_optional_number_is_fine_and_a_blank_required_one_says_so(app):
    with app.test_request_context():
        form = NumberForm(MultiDict({"count": " "}))
        assert form.validate() and form.count.data is None

        class Required(FlaskForm):
            class Meta:
                csrf = False

            count = WholeNumberField("Antall", validators=[InputRequired("Fyll ut feltet.")])

        required = Required(MultiDict({"count": ""}))
        assert not required.validate()
        assert required.count.errors == ["Fyll ut feltet."]


def test_number_fields_are_text_inputs_with_a_numeric_keyboard(app):
    with app.test_request_context():
        html = NumberForm().count()
        assert 'type="text"' in html and 'inputmode="numeric"' in html


def test_every_integer_field_in_the_meeting_forms_is_a_whole_number_field(app):
    with app.test_request_context():
        answer = AnswerForm(MultiDict({"number": "14.5"}), meta={"csrf": False})
        assert not answer.validate()
        assert answer.number.errors == ["Skriv et helt tall, for eksempel 12."]
        assert isinstance(DayForm().capacity, WholeNumberField)


def test_too_long_text_is_refused_in_norwegian_and_kept(app):
    with app.test_request_context():
        form = TextForm(MultiDict({"title": "x" * 12, "body": "kort"}))
        assert not form.validate()
        assert form.title.errors == ["Teksten er for lang: høyst 10 tegn, du har skrevet 12."]
        assert "x" * 12 in form.title()


def test_the_form_macro_shows_the_limit_and_a_counter_instead_of_maxlength(app):
    with app.test_request_context():
        from flask import render_template_string

        html = render_template_string(
            '{% from "macros/forms.html" import field %}{{ field(form.title) }}{{ field(form.body) }}',
            form=TextForm(),
        )
    assert " maxlength=" not in html
    assert 'data-maxlength="10"' in html and 'data-maxlength="20"' in html
    assert "Høyst 10 tegn." in html and "Høyst 20 tegn." in html
    assert 'aria-describedby="title-grense"' in html
    assert 'data-count-for="body"' in html and 'aria-live="polite"' in html


def test_a_blank_field_is_the_empty_forms_field_rendered_once(app):
    from flask import get_template_attribute

    from portal.cases.forms import CommentForm
    from portal.core.forms import blank_field

    with app.test_request_context("/"):
        kept = blank_field(CommentForm, "body", rows=4)
        empty = CommentForm(formdata=None, meta={"csrf": False})
        assert kept == get_template_attribute("macros/forms.html", "field")(empty.body, rows=4)
        assert 'name="body"' in kept and "Kommentar" in kept and 'rows="4"' in kept
        assert blank_field(CommentForm, "body", rows=4) is kept  # rendered once
        assert blank_field(CommentForm, "body", rows=2) != kept  # other options: its own

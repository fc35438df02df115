"""Template translation callables keep Jinja's newstyle gettext behaviour."""

from markupsafe import Markup


def render(app, source: str, autoescape: bool = True) -> str:
    """Render a template string in a request, with or without autoescaping."""
    with app.test_request_context("/"):
        template = app.jinja_env.from_string(
            f"{{% autoescape {str(autoescape).lower()} %}}{source}{{% endautoescape %}}"
        )
        return template.render(name="<Ola & Kari>")


def test_variables_are_escaped_in_html_and_left_alone_in_plain_text(app):
    source = "{{ _('Hei, %(who)s!', who=name) }}"
    assert render(app, source) == "Hei, &lt;Ola &amp; Kari&gt;!"
    assert render(app, source, autoescape=False) == "Hei, <Ola & Kari>!"


def test_every_text_is_a_format_string(app):
    assert render(app, "{{ _('100 %% ferdig') }}") == "100 % ferdig"
    assert render(app, "{{ gettext('Logg inn') }}") == "Logg inn"


def test_plural_forms_get_the_number(app):
    source = "{{ ngettext('%(num)d rutine', '%(num)d rutiner', n) }}"
    with app.test_request_context("/"):
        template = app.jinja_env.from_string(source)
        assert template.render(n=1) == "1 rutine"
        assert template.render(n=3) == "3 rutiner"


def test_trans_blocks_use_the_same_callables(app):
    assert render(app, "{% trans who=name %}Hei, {{ who }}{% endtrans %}") == Markup(
        "Hei, &lt;Ola &amp; Kari&gt;"
    )


def test_outside_a_request_the_callables_still_translate(app):
    with app.app_context():
        assert app.jinja_env.from_string("{{ _('Logg inn') }}").render() == "Logg inn"


def test_labels_of_a_constant_mapping_are_text_translated_once_per_catalogue(app):
    from flask_babel import lazy_gettext

    from portal.core.translations import labels

    kinds = {"a": lazy_gettext("Utkast"), "b": lazy_gettext("Godkjent")}
    with app.test_request_context("/"):
        first = labels(kinds)
        assert dict(first) == {"a": "Utkast", "b": "Godkjent"}
        assert all(type(label) is str for label in first.values())
    with app.test_request_context("/"):
        assert labels(kinds) is first  # kept: no lazy string is translated again
        other = {"a": lazy_gettext("Trukket tilbake")}
        assert labels(other) == {"a": "Trukket tilbake"}

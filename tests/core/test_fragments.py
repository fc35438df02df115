"""Memoised fragments: kept per exact plain values, never shown for other values, never stale."""

from datetime import date
from pathlib import Path

import pytest
from jinja2 import meta

from portal.core import fragments

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# What a memoised macro may use besides its arguments: pure translation and URL building.
ALLOWED_GLOBALS = {"_", "gettext", "ngettext", "url_for"}


@pytest.fixture
def row(app):
    """A macro that counts its renderings, and the counter."""
    renders = []
    template = app.jinja_env.from_string(
        "{% macro row(title, day) %}{{ tick() }}<td>{{ title }}</td><td>{{ day|dato }}</td>"
        "{% endmacro %}",
        globals={"tick": lambda: renders.append(1) or ""},
    )
    with app.test_request_context("/"):
        yield template.module.row, renders


def test_same_values_render_once_and_give_the_same_html(row):
    macro, renders = row
    first = fragments.memo(macro, "Innleggelse <akutt>", date(2026, 3, 1))
    again = fragments.memo(macro, "Innleggelse <akutt>", date(2026, 3, 1))
    assert first == again == "<td>Innleggelse &lt;akutt&gt;</td><td>1. mars 2026</td>"
    assert len(renders) == 1


def test_changed_values_render_afresh(row):
    macro, renders = row
    fragments.memo(macro, "Gammel tittel", date(2026, 3, 1))
    changed = fragments.memo(macro, "Ny tittel", date(2026, 3, 1))
    moved = fragments.memo(macro, "Ny tittel", date(2026, 4, 1))
    assert "Ny tittel" in changed and "1. april 2026" in moved
    assert len(renders) == 3


@pytest.mark.parametrize("value", [{"title": "x"}, ["x"], object()])
def test_values_that_could_change_behind_the_key_are_refused(row, value):
    macro, _renders = row
    with pytest.raises(TypeError, match="plain values only"):
        fragments.memo(macro, value, None)


def test_row_templates_use_nothing_but_their_arguments(app):
    files = sorted(TEMPLATES.rglob("_rows.html"))
    assert files, "no memoised row templates found"
    for path in files:
        names = meta.find_undeclared_variables(app.jinja_env.parse(path.read_text()))
        assert names <= ALLOWED_GLOBALS, f"{path.name} reads {names - ALLOWED_GLOBALS}"


def test_id_url_is_url_for_with_the_id(app):
    with app.test_request_context("/", base_url="http://localhost/fagnettverk"):
        from flask import url_for

        pattern = fragments.id_url("cases.show", "case_id")
        assert pattern % 42 == url_for("cases.show", case_id=42) == "/fagnettverk/saker/42"


def test_the_cache_holds_a_bounded_number_of_characters(row, monkeypatch):
    macro, renders = row
    monkeypatch.setattr(fragments, "_cache", fragments.new_cache(200))
    for title in ("a" * 40, "b" * 40, "c" * 40, "d" * 40):  # some 70 characters of HTML each
        fragments.memo(macro, title, date(2026, 3, 1))
    assert fragments._cache.currsize <= 200 and len(fragments._cache) == 2  # the newest two
    fragments.memo(macro, "d" * 40, date(2026, 3, 1))
    fragments.memo(macro, "a" * 40, date(2026, 3, 1))  # evicted: rendered again
    assert len(renders) == 5
    huge = fragments.memo(macro, "x" * 500, date(2026, 3, 1))  # larger than the whole cache
    assert "x" * 500 in huge and fragments._cache.currsize <= 200

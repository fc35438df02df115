"""The portal's Jinja environment: template globals as Jinja's own, keys as a plain set."""

import pytest
from jinja2 import DictLoader

from portal.core.templating import PortalEnvironment, TemplateGlobals


def test_imports_see_the_environment_globals_and_later_changes(app):
    env = PortalEnvironment(app, loader=DictLoader({
        "macros.html": "{% macro hello(name) %}{{ greeting }}, {{ name }}{% endmacro %}",
        "page.html": '{% from "macros.html" import hello %}{{ hello(who) }} ({{ year }})',
    }))  # fmt: skip
    env.globals.update(greeting="Hei", year=2026)
    page = env.get_template("page.html")
    assert page.render(who="Kari") == "Hei, Kari (2026)"
    env.globals["year"] = 2027  # a ChainMap over the environment's: the page sees the change
    assert page.render(who="Kari") == "Hei, Kari (2027)"


def test_a_templates_globals_overlay_the_environments_and_list_every_name(app):
    overlay = TemplateGlobals({"site": "Salten"}, {"site": "Norge", "year": 2026})
    assert overlay["site"] == "Salten" and overlay["year"] == 2026
    assert overlay.keys() == {"site", "year"}
    assert isinstance(app.jinja_env, PortalEnvironment)
    assert isinstance(app.jinja_env.get_template("base.html").globals, TemplateGlobals)


def test_a_name_in_no_map_is_missing_and_a_copy_holds_every_name():
    overlay = TemplateGlobals({}, {"site": "Salten", "year": 2026})
    assert dict(overlay, page="saker") == {"site": "Salten", "year": 2026, "page": "saker"}
    assert overlay.get("missing", "–") == "–"
    with pytest.raises(KeyError):
        overlay["missing"]

"""Search in a real browser: type in the header field, pick a suggestion, filter by kind."""

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.network.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, log_in, open_menu
from tests.search.conftest import Build


@pytest.fixture
def content(app, users, network, place, make_user):
    """A released routine and a published case about home visits."""
    with app.test_request_context():
        build = Build(users, network, place, make_user)
        build.routine("Hjemmebesøk alene", "Rutinen gjelder hjemmebesøket når en ansatt er alene.")
        build.case("Hjemmebesøk med hund", "Om hjemmebesøk der det bor en hund.")
        db.session.remove()


def test_suggest_pick_and_filter(page, viewport, users, content):
    log_in(page, users["other"].email, DEMO_PASSWORD)
    if viewport == "390":
        search_from_the_phone_menu(page)
        return
    field = page.get_by_role("combobox", name="Søk i rutiner, saker, referater og mer")
    field.fill("hjemmeb")
    suggestions = page.get_by_role("listbox", name="Forslag")
    expect(suggestions.get_by_role("option")).to_have_count(2)
    expect(field).to_have_attribute("aria-expanded", "true")
    assert_accessible(page)

    field.press("ArrowDown")
    expect(suggestions.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    field.press("Escape")
    expect(field).to_have_attribute("aria-expanded", "false")
    field.press("ArrowDown")
    field.press("Enter")
    expect(page.get_by_role("heading", name="Hjemmebesøk alene", level=1)).to_be_visible()
    assert_accessible(page)

    field = page.get_by_role("combobox", name="Søk i rutiner, saker, referater og mer")
    field.fill("hjemmebesøkene")
    field.press("Enter")
    filter_by_kind(page)


def search_from_the_phone_menu(page):
    """On a phone the header has no field: the menu leads to the search page."""
    open_menu(page).get_by_role("link", name="Søk i nettverket").click()
    expect(page.get_by_role("heading", name="Søk", level=1)).to_be_visible()
    assert_accessible(page)
    field = page.get_by_label("Søk etter")
    field.fill("hjemmebesøkene")
    field.press("Enter")
    filter_by_kind(page)


def filter_by_kind(page):
    """Both hits are found with highlights; the kind filter keeps only the case."""
    expect(page.get_by_role("heading", name="Søk", level=1)).to_be_visible()
    expect(page.get_by_text("2 treff", exact=False)).to_be_visible()
    expect(page.locator(".search-hit mark").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Treff per type").get_by_role(
        "link", name="Saker (1)"
    ).click()
    expect(page.get_by_text("1 treff", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name="Hjemmebesøk med hund")).to_be_visible()
    expect(page.get_by_role("link", name="Hjemmebesøk alene")).to_have_count(0)
    assert_accessible(page)

"""Competence survey in a real browser: open the default survey, two municipalities answer,
the moderator reads the heatmap and puts the top gap on a samling day; axe on every page."""

from datetime import time, timedelta

from playwright.sync_api import Page, expect

from portal.core.dates import oslo_today
from portal.extensions import db
from portal.meetings.models import AgendaItem, DayKind, Samling, SamlingDay
from portal.network.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, log_in, main_menu

ROP = "ROP / sammensatte lidelser"


def answer(page: Page, email: str, level: str, need: str) -> None:
    """Log in as a contact person, open the survey from the start page and submit it."""
    log_in(page, email, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Kartlegginger som venter på svar")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Kompetansekartlegging 2026").click()
    expect(page.get_by_role("heading", name="Kompetansekartlegging 2026", level=1)).to_be_visible()
    page.get_by_role("button", name="Send inn").click()  # nothing filled in yet
    expect(page.get_by_role("alert")).to_contain_text("Fyll ut nivå og behov for alle områdene")
    assert_accessible(page)
    for select in page.locator("select[name$='-level']").all():
        select.select_option(level)
    for select in page.locator("select[name$='-need']").all():
        select.select_option(need)
    page.get_by_label(f"Nivå i dag: {ROP}").select_option("1")
    page.get_by_label(f"Behov: {ROP}").select_option("5")
    page.get_by_label(f"Prioritert: {ROP}").check()
    page.get_by_label("Antall ansatte i tjenesten").fill("11")
    page.get_by_label("Rutiner som må skrives").fill("Rutine for alenearbeid")
    page.get_by_role("button", name="Send inn").click()
    expect(page.get_by_text("Svaret er sendt inn. Takk!")).to_be_visible()
    assert_accessible(page)


def test_survey_from_default_template_to_agenda_item(app, page, new_page, users, make_user):
    bodo = make_user(municipality="Bodø", is_contact=True, name="Kari Kontakt")
    fauske = make_user(municipality="Fauske", is_contact=True, name="Hilde Kontakt")
    with app.app_context():
        samling = Samling(title="Vårsamling i Fauske", season=oslo_today().year)
        day = SamlingDay(samling=samling, date=oslo_today() + timedelta(days=40),
                         kind=DayKind.THEME, start_time=time(9), end_time=time(15))  # fmt: skip
        db.session.add_all([samling, day])
        db.session.commit()
        day_label = f"Vårsamling i Fauske – {day.date:%d.%m.%Y} (Temadag)"

    log_in(page, users["moderator"].email, DEMO_PASSWORD)
    main_menu(page).get_by_role("link", name="Kartlegginger").click()
    expect(page.get_by_role("heading", name="Kartlegginger", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ny kartlegging").click()
    assert_accessible(page)
    page.get_by_label("Start fra").select_option(label="Kompetansekartlegging")
    page.get_by_label("Tittel").fill("Kompetansekartlegging 2026")
    page.get_by_role("textbox", name="Åpner").fill(str(oslo_today()))
    page.get_by_role("textbox", name="Stenger").fill(str(oslo_today() + timedelta(days=30)))
    page.get_by_role("button", name="Lag kartleggingen").click()
    expect(
        page.get_by_role("heading", name="Spørsmål i Kompetansekartlegging 2026")
    ).to_be_visible()
    expect(page.get_by_text("Kompetanse i tjenesten")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Tilbake til kartleggingen").click()
    page.get_by_role("button", name="Åpne for svar").click()
    expect(page.get_by_text("Kartleggingen er åpnet for svar.")).to_be_visible()
    assert_accessible(page)

    answer(new_page(), bodo.email, "3", "3")
    answer(new_page(), fauske.email, "2", "3")

    page.reload()
    expect(page.get_by_text("2 innsendte svar fra 2 av 10 kommuner.")).to_be_visible()
    page.get_by_role("link", name="Se resultatene").click()
    expect(page.get_by_role("img", name="Varmekart")).to_be_visible()
    gap_table = page.get_by_role("table").first
    expect(gap_table.get_by_role("row").nth(1)).to_contain_text(ROP)
    expect(gap_table.get_by_role("row").nth(1)).to_contain_text("2: Bodø, Fauske")
    page.get_by_text("Vis varmekartet som tabell").click()
    expect(page.get_by_role("row", name=ROP).last).to_contain_text("1,0 / 5,0 (+4,0)")
    assert_accessible(page)

    expect(page.get_by_label("Kompetanseområde", exact=True)).to_have_value(ROP)
    page.get_by_label("Samlingsdag").select_option(label=day_label)
    page.get_by_label("Klokkeslett (valgfritt)").fill("10:00")
    page.get_by_role("button", name="Lag programpunkt").click()
    expect(
        page.get_by_text(f"«{ROP}» er satt på programmet for Vårsamling i Fauske.")
    ).to_be_visible()
    assert_accessible(page)
    with app.app_context():
        item = db.session.scalars(db.select(AgendaItem)).one()
        assert item.title == f"Temadag: {ROP}" and item.start_time == time(10)

"""Mutual aid in a real browser: Meløy asks for ROP supervision, Bodø offers, Meløy accepts, and
both find the agreement on the årshjul. axe runs on every page."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from portal.network.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, log_in


def test_meloy_asks_bodo_offers_meloy_accepts_and_both_see_it_on_the_year(
    page, new_page, make_user
):
    meloy = make_user(municipality="Meløy", name="Tone Amundsen", is_contact=True)
    bodo = make_user(municipality="Bodø", name="Kari Johansen", is_contact=True)
    start = date.today() + timedelta(days=7)

    log_in(page, meloy.email, DEMO_PASSWORD)
    page.goto("/bistand/")
    expect(page.get_by_role("heading", name="Bistand i nettverket", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Be om bistand").click()
    assert_accessible(page)
    page.get_by_label("Hva trenger dere?").select_option("supervision")
    page.get_by_label("Kompetanse som trengs").select_option("ROP / sammensatte lidelser")
    page.get_by_label("Fra").fill(start.isoformat())
    page.get_by_label("Til").fill((start + timedelta(days=30)).isoformat())
    page.get_by_label("Beskrivelse").fill("Veiledning i ROP for Ola Hansen, tlf 912 34 567.")
    page.get_by_role("button", name="Send forespørselen").click()
    expect(page.get_by_text("Mulige pasientopplysninger i teksten")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Beskrivelse").fill("Veiledning i ROP-arbeid for to nyansatte.")
    page.get_by_role("button", name="Send forespørselen").click()
    expect(page.get_by_text("Forespørselen er sendt til nettverket.")).to_be_visible()
    expect(page.get_by_role("heading", name="Meløy ber om bistand", level=1)).to_be_visible()
    assert_accessible(page)
    request_url = page.url

    helper = new_page()
    log_in(helper, bodo.email, DEMO_PASSWORD)
    expect(helper.get_by_role("heading", name="Bistand i nettverket", level=2)).to_be_visible()
    helper.get_by_role("link", name="Meløy: Faglig veiledning").click()
    helper.get_by_label("Tilbudet").fill(
        "Vår ROP-koordinator kan veilede to timer i uka, digitalt."
    )
    helper.get_by_role("button", name="Send tilbudet").click()
    expect(helper.get_by_text("Tilbudet er sendt.")).to_be_visible()
    assert_accessible(helper)

    page.goto(request_url)
    page.get_by_role("link", name="Godta tilbudet fra Bodø").click()
    assert_accessible(page)
    page.get_by_label("Kostnadsoppgjør").fill("Ingen kostnad; bytte mot veiledning senere.")
    page.get_by_role("button", name="Godta og registrer avtalen").click()
    expect(page.get_by_role("heading", name="Bodø hjelper Meløy", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Se avtalen i årshjulet").click()
    expect(page.get_by_role("heading", name=f"Årshjul {start.year}", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Bodø hjelper Meløy", exact=True)).to_be_visible()
    wheel_mark = page.get_by_role("link", name=re.compile("^Bistandsavtaler: Bodø hjelper Meløy"))
    expect(wheel_mark).to_have_count(1)
    assert_accessible(page)

    helper.goto(f"/arshjul/?ar={start.year}")
    helper.get_by_role("link", name="Bodø hjelper Meløy", exact=True).click()
    expect(
        helper.get_by_role("heading", name="Registrer og bekreft avtalen", level=2)
    ).to_be_visible()
    helper.get_by_role("button", name="Lagre avtalen").click()
    expect(helper.get_by_text("Avtalen er lagret.")).to_be_visible()
    expect(helper.get_by_text("Ikke ennå")).to_have_count(0)

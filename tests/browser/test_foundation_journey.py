"""A newcomer's first steps in a real browser, with axe-core on every page visited."""

import re

from playwright.sync_api import expect

from portal.network.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, axe_violations, log_in, main_menu, open_menu


def test_login_page_is_accessible_and_rejects_wrong_password(page, users):
    page.goto("/logg-inn")
    assert_accessible(page)
    log_in(page, users["member"].email, "feil passord her")
    expect(page.get_by_role("alert")).to_contain_text("Feil e-postadresse eller passord")
    expect(page.get_by_label("E-postadresse")).to_have_value(users["member"].email)
    assert_accessible(page)


def test_member_logs_in_and_browses_the_network(page, users):
    log_in(page, users["member"].email, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Oversikt", level=1)).to_be_visible()
    expect(page.get_by_text("Hei, Kari Bodø")).to_be_visible()
    assert_accessible(page)

    main_menu(page).get_by_role("link", name="Nettverket").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Salten")
    assert_accessible(page)
    page.get_by_role("link", name="Bodø", exact=True).click()
    expect(page.get_by_role("heading", name="Bodø kommune")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ola Bodø").click()
    expect(page.get_by_role("heading", name="Ola Bodø")).to_be_visible()
    assert_accessible(page)

    open_menu(page).get_by_role("button", name="Logg ut").click()
    expect(page.get_by_text("Du er logget ut.")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/logg-inn"))
    assert_accessible(page)


def test_admin_invites_a_colleague_who_joins(page, new_page, users, place):
    log_in(page, users["admin"].email, DEMO_PASSWORD)
    page.goto("/admin/invitasjoner")
    assert_accessible(page)
    page.get_by_label("E-postadresse").fill("ny.kollega@meloy.example")
    page.get_by_label("Navn (valgfritt)").fill("Ny Kollega")
    page.get_by_label("Rolle").select_option("member")
    page.get_by_label("Kommune").select_option(label="Meløy")
    page.get_by_role("button", name="Send invitasjon").click()
    expect(page.get_by_role("heading", name="Invitasjonen er lagt i utboksen")).to_be_visible()
    assert_accessible(page)
    link = page.locator("code.copy").inner_text()

    newcomer = new_page()
    newcomer.goto(link)
    assert_accessible(newcomer)
    newcomer.get_by_label("Velg passord").fill("et langt og trygt passord")
    newcomer.get_by_label("Gjenta passordet").fill("et langt og trygt passord")
    newcomer.get_by_role("button", name="Opprett konto").click()
    expect(newcomer.get_by_text("Velkommen til Fagnettverket, Ny Kollega!")).to_be_visible()
    expect(newcomer.get_by_text("Meløy kommune")).to_be_visible()
    assert_accessible(newcomer)


def test_accessibility_check_catches_real_violations(page):
    page.set_content('<html lang="nb"><body><main><img src="x.png"><input></main></body></html>')
    rules = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "label"} <= rules


def test_the_menu_is_inline_on_desktop_and_a_keyboard_disclosure_on_a_phone(page, users, viewport):
    log_in(page, users["member"].email, DEMO_PASSWORD)
    toggle = page.locator("summary.site-menu__toggle")
    menu = page.get_by_role("navigation", name="Hovedmeny")
    if viewport != "390":
        expect(toggle).to_be_hidden()
        expect(menu.get_by_role("link", name="Rutiner")).to_be_visible()
        return
    expect(menu).to_have_count(0)  # collapsed: not shown, not in the accessibility tree
    toggle.focus()
    page.keyboard.press("Enter")
    expect(menu.get_by_role("link", name="Rutiner")).to_be_visible()
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    assert_accessible(page)  # with the menu open
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Oversikt")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(menu).to_have_count(0)

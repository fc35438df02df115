"""Enrolling two-factor login and logging in with it, in a real browser."""

import time

import pyotp
from playwright.sync_api import expect

from portal.network.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, log_in, open_menu


def test_member_enrols_2fa_and_logs_in_with_it(page, users):
    log_in(page, users["member"].email, DEMO_PASSWORD)
    open_menu(page).get_by_role("link", name="Kari Bodø – min konto").click()
    expect(page.get_by_role("heading", name="Min konto")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Tofaktorinnlogging").click()
    expect(
        page.get_by_role("img", name="QR-kode med nøkkelen for autentiseringsappen")
    ).to_be_visible()
    assert_accessible(page)

    totp = pyotp.TOTP(page.locator("#totp-nokkel").inner_text().replace(" ", ""))
    page.get_by_label("Kode fra appen").fill(totp.now())
    page.get_by_label("Nåværende passord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Slå på tofaktorinnlogging").click()
    expect(page.get_by_role("heading", name="Gjenopprettingskodene dine")).to_be_visible()
    assert page.locator(".recovery-codes code").count() == 10
    assert_accessible(page)

    open_menu(page).get_by_role("button", name="Logg ut").click()
    log_in(page, users["member"].email, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Skriv inn engangskoden")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Engangskode").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_text("Hei, Kari Bodø")).to_be_visible()


def test_my_sessions_page_is_accessible(page, users):
    log_in(page, users["member"].email, DEMO_PASSWORD)
    page.goto("/konto/okter")
    expect(page.get_by_text("Denne økten")).to_be_visible()
    assert_accessible(page)
    page.goto("/konto/passord")
    assert_accessible(page)
    page.goto("/glemt-passord")
    assert_accessible(page)

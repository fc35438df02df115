"""Debriefing in two real browsers: register, chat in real time, moderate, close."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from portal.core.dates import utcnow
from portal.debrief.models import DebriefSession
from portal.extensions import db
from portal.network.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, log_in, main_menu


def open_session(app, moderator) -> int:
    """A session that started five minutes ago."""
    with app.app_context():
        now = utcnow()
        session = DebriefSession(
            title="Debrifing",
            starts_at=now - timedelta(minutes=5),
            ends_at=now + timedelta(minutes=115),
            moderator_id=moderator.id,
            created_by_id=moderator.id,
            procedure="1. Rammer\n2. Fakta\n3. Reaksjoner",
        )
        db.session.add(session)
        db.session.commit()
        return session.id


def test_two_people_chat_in_real_time_and_the_moderator_closes(page, new_page, app, users):
    session_id = open_session(app, users["moderator"])

    log_in(page, users["member"].email, DEMO_PASSWORD)
    main_menu(page).get_by_role("link", name="Debrifing").click()
    expect(page.get_by_role("heading", name="Debrifing og defusing", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Debrifing", exact=True).last.click()
    expect(page.get_by_role("heading", name="Prosedyre")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Visningsnavn i chatten (valgfritt)").fill("Kari")
    page.get_by_role("button", name="Meld meg på").click()
    expect(page.get_by_text("Du er påmeldt. E-posten er lagt i utboksen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Gå til chatrommet").click()
    expect(page.locator("#chat-status")).to_contain_text("Tilkoblet")
    expect(page.get_by_text("Samtalen slettes i det moderator avslutter økten.")).to_be_visible()
    assert_accessible(page)

    moderator = new_page()
    log_in(moderator, users["moderator"].email, DEMO_PASSWORD)
    moderator.goto(f"/debrifing/{session_id}/rom")
    expect(moderator.locator("#chat-status")).to_contain_text("Tilkoblet")
    expect(moderator.locator("#chat-presence")).to_contain_text("Kari (Kari Bodø)")
    expect(page.locator("#chat-log")).to_contain_text("(moderator) kom inn.")
    assert_accessible(moderator)

    page.get_by_label("Skriv en melding").fill("Hei fra Bodø <b>ikke fet</b> https://helsenorge.no")
    page.keyboard.press("Enter")
    log = moderator.locator("#chat-log")
    expect(log).to_contain_text("Hei fra Bodø <b>ikke fet</b>")
    expect(log).to_contain_text("Kari (Kari Bodø)")
    expect(log.get_by_role("link", name="https://helsenorge.no")).to_have_attribute(
        "href", "https://helsenorge.no"
    )
    expect(page.get_by_label("Skriv en melding")).to_have_value("")

    # A name: the writer is warned before anything is sent, and may edit or send anyway.
    moderator.get_by_label("Skriv en melding").fill("Velkommen, Kari.")
    moderator.get_by_role("button", name="Send", exact=True).click()
    warning = moderator.locator("#chat-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("kan identifisere noen (navn)")
    expect(warning).to_be_focused()
    assert_accessible(moderator)
    expect(page.locator("#chat-log")).not_to_contain_text("Velkommen")
    moderator.get_by_role("button", name="Rediger").click()
    expect(warning).to_be_hidden()
    expect(moderator.get_by_label("Skriv en melding")).to_be_focused()
    moderator.get_by_role("button", name="Send", exact=True).click()
    moderator.get_by_role("button", name="Send likevel").click()
    expect(warning).to_be_hidden()
    expect(page.locator("#chat-log")).to_contain_text("Velkommen, Kari.")
    expect(page.locator("#chat-log")).not_to_contain_text("Sendt tross advarsel")
    expect(log).to_contain_text("Sendt tross advarsel om personopplysninger")

    moderator.get_by_role("button", name=re.compile(r"^Slett meldingen fra Kari")).click()
    expect(page.locator("#chat-log")).to_contain_text("Meldingen er slettet av moderator.")
    expect(page.locator("#chat-log")).not_to_contain_text("Hei fra Bodø")

    moderator.get_by_role("button", name="Sett rommet på pause").click()
    expect(page.locator("#chat-status")).to_contain_text("pause")
    expect(page.get_by_role("button", name="Send")).to_be_disabled()
    assert_accessible(moderator)

    moderator.get_by_role("button", name="Avslutt økten og slett samtalen").click()
    expect(moderator.get_by_text("Økten er avsluttet og samtalen slettet.")).to_be_visible()
    assert_accessible(moderator)
    expect(page.locator("#chat-log")).to_contain_text("Økten er avsluttet.")
    expect(page.get_by_label("Skriv en melding")).to_be_disabled()

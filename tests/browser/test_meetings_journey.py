"""A samling from plan to homework in a real browser, with axe-core on every page visited."""

from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from portal.core.dates import oslo_today
from portal.extensions import db
from portal.meetings.models import HomeworkAnswer
from portal.network.demo import DEMO_PASSWORD
from tests.browser.conftest import answer_homework, assert_accessible, log_in


def test_samling_from_plan_to_answered_homework(app, page, new_page, users, place):
    first = oslo_today() + timedelta(days=30)
    moderator = page
    log_in(moderator, users["moderator"].email, DEMO_PASSWORD)
    moderator.goto("/samlinger")
    assert_accessible(moderator)
    moderator.get_by_role("link", name="Ny samling").click()
    assert_accessible(moderator)
    moderator.get_by_label("Tittel").fill("Vintersamling på Fauske")
    moderator.locator("#days-0-date").fill(first.isoformat())
    moderator.locator("#days-0-start_time").fill("10:00")
    moderator.locator("#days-0-end_time").fill("16:00")
    moderator.locator("#days-0-place").fill("Fauske hotell")
    moderator.locator("#days-1-date").fill((first + timedelta(days=1)).isoformat())
    moderator.locator("#days-1-start_time").fill("09:00")
    moderator.locator("#days-1-end_time").fill("14:00")
    moderator.locator("#days-1-kind").select_option("theme")
    moderator.locator("#days-1-place").fill("Fauske hotell")
    moderator.locator("#days-1-responsible").select_option(label="Steigen")
    moderator.get_by_role("button", name="Lagre samlingen").click()
    expect(
        moderator.get_by_role("heading", name="Vintersamling på Fauske", level=1)
    ).to_be_visible()
    assert_accessible(moderator)
    samling_url = moderator.url

    member = new_page()
    log_in(member, users["member"].email, DEMO_PASSWORD)
    member.goto("/samlinger")
    assert_accessible(member)
    member.get_by_role("link", name="Vintersamling på Fauske").click()
    assert_accessible(member)
    member.get_by_role("link", name="Meld deg på dag 2").click()
    assert_accessible(member)
    member.get_by_label("Ja").check()
    member.get_by_label("Kosthold og allergier").fill("Vegetar")
    member.get_by_role("button", name="Meld meg på").click()
    expect(member.get_by_text("Du er påmeldt dag 2")).to_be_visible()
    assert_accessible(member)

    moderator.goto(samling_url)
    moderator.get_by_role("button", name="Start referat").click()
    expect(moderator.get_by_role("heading", level=1)).to_contain_text("Skriv referat")
    assert_accessible(moderator)
    expect(moderator.get_by_label("Oppmøte for Kari Bodø")).to_have_value("present")
    moderator.get_by_label("Steigen").fill("Én ledig stilling i tjenesten.")
    moderator.get_by_label("Vedtak og beslutninger").fill("- Vi lager en felles mal for IP.")
    moderator.get_by_role("button", name="Lagre utkastet").click()
    expect(moderator.get_by_text("Referatet er lagret.")).to_be_visible()
    moderator.get_by_role("link", name="Ny hjemmelekse eller oppgave").click()
    assert_accessible(moderator)
    moderator.get_by_label("Oppgave").fill("Hvor mange ansatte er i tjenesten?")
    moderator.get_by_label("Nøkkeltall (valgfritt)").fill("Antall ansatte i tjenesten")
    moderator.get_by_role("button", name="Legg til oppgaven").click()
    expect(
        moderator.get_by_text("Oppgaven «Hvor mange ansatte er i tjenesten?» er lagt til.")
    ).to_be_visible()
    moderator.get_by_role("button", name="Publiser og lås referatet").last.click()
    expect(moderator.get_by_text("Referatet er publisert")).to_be_visible()
    assert_accessible(moderator)

    answer_homework(member, "Hvor mange ansatte er i tjenesten?", "Tolv årsverk, to vakante.", "12")
    member.goto("/samlinger/nokkeltall")
    expect(member.get_by_role("img", name="Antall ansatte i tjenesten")).to_be_visible()
    assert_accessible(member)

    with app.app_context():
        answer = db.session.scalar(select(HomeworkAnswer))
        assert (answer.municipality_id, answer.number) == (place("Bodø"), 12)

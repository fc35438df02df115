"""The årshjul prints on one A4 page, and the advisory and status pages pass axe."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from portal.advisory import services as advisory
from portal.extensions import db
from portal.network.demo import DEMO_PASSWORD
from portal.network.models import User
from portal.yearwheel.models import YearEvent
from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import in_app_context


def test_a_busy_year_prints_on_one_a4_page(app, page, users):
    year = date.today().year + 1
    with in_app_context(app):
        for offset in range(120):  # a busy year: 120 items  # 26 events, one every other week
            day = date(year, 1, 2) + timedelta(days=offset * 3)
            db.session.add(
                YearEvent(title=f"Rapporteringsfrist nr. {offset + 1}", starts_on=day, ends_on=day)
            )
        db.session.commit()
    log_in(page, users["member"].email, DEMO_PASSWORD)
    page.goto(f"/arshjul/?ar={year}")
    expect(page.get_by_role("heading", name=f"Årshjul {year}", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Andre hendelser: Rapporteringsfrist nr. 1,")).focus()
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_consultation_pages_pass_axe(app, page, users):
    with in_app_context(app):
        member = db.session.get(User, users["member"].id)
        consultation, _n = advisory.ask(
            member, title="Taushetsplikt og NAV", body="Hva kan vi dele?"
        )
        advisory.reply(db.session.get(User, users["legal"].id), consultation, "Bare med samtykke.")
        db.session.commit()
    log_in(page, users["member"].email, DEMO_PASSWORD)
    page.goto("/radgivning/")
    expect(page.get_by_role("heading", name="Rådgivende enhet", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Taushetsplikt og NAV").click()
    expect(page.get_by_text("Bare med samtykke.")).to_be_visible()
    expect(page.get_by_text("ikke journal").first).to_be_visible()
    assert_accessible(page)
    page.goto("/radgivning/ny")
    assert_accessible(page)

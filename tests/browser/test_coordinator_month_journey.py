"""The coordinator's month in a real browser at phone and desktop width: a debrief series with
invitations (the .ics checked with icalendar) and a cancellation update, a samling, a referat
with external participants; axe on every page."""

from datetime import timedelta
from email import message_from_string
from email.policy import default

from icalendar import Calendar
from playwright.sync_api import expect
from sqlalchemy import select

from portal.core.dates import oslo_today
from portal.extensions import db
from portal.mail import OutboxMessage
from portal.meetings import services
from portal.meetings.models import DayKind
from portal.network.demo import DEMO_PASSWORD
from portal.network.models import User
from tests.browser.conftest import assert_accessible, log_in
from tests.helpers import first_thursday


def make_samling(app, moderator_id: int) -> int:
    """A two-day samling a month ahead (the samling form has its own journey)."""
    first = oslo_today() + timedelta(days=30)
    with app.app_context():
        samling = services.create_samling(
            db.session.get(User, moderator_id),
            title="Vintersamling",
            days=[services.DayData(date=first, kind=DayKind.PROJECT, place="Fauske hotell"),
                  services.DayData(date=first + timedelta(days=1), kind=DayKind.THEME)],
        )  # fmt: skip
        db.session.commit()
        return samling.id


def mailed_calendar(app, email: str) -> Calendar:
    """The calendar attached to the last e-mail to ``email`` (from the outbox)."""
    with app.app_context():
        raw = db.session.scalars(
            select(OutboxMessage.raw)
            .where(OutboxMessage.recipient == email)
            .order_by(OutboxMessage.id.desc())
        ).first()
    (attachment,) = list(message_from_string(raw, policy=default).iter_attachments())
    return Calendar.from_ical(attachment.get_payload(decode=True))


def test_the_coordinators_month(page, new_page, app, users):
    log_in(page, users["moderator"].email, DEMO_PASSWORD)

    # A monthly Thursday series, then invite all of Bodø with one calendar invitation.
    first = first_thursday(1)
    page.goto("/debrifing/ny")
    assert_accessible(page)
    page.get_by_label("Hver måned, samme ukedag").check()
    page.locator("#first_date").fill(first.isoformat())
    page.locator("#until").fill((first + timedelta(days=92)).isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", name="Inviterte")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Bodø").first.check()
    page.get_by_role("button", name="Inviter og send kalenderinvitasjon").click()
    expect(page.get_by_text("2 person(er) er invitert og påmeldt.")).to_be_visible()
    expect(page.get_by_text("lagt i utboksen")).to_be_visible()
    assert_accessible(page)
    calendar = mailed_calendar(app, users["member"].email)
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "REQUEST"
    assert event["rrule"]["FREQ"] == ["MONTHLY"] and event["rrule"]["BYDAY"] == ["1TH"]
    assert event["dtstart"].dt.date() == first

    # Cancel the second Thursday: the update carries EXDATE and a higher SEQUENCE.
    page.get_by_role("button", name="Avlys").nth(1).click()
    expect(page.get_by_text("Økten er avlyst.")).to_be_visible()
    update = mailed_calendar(app, users["member"].email).walk("VEVENT")[0]
    assert update["sequence"] == 1 and len(update["exdate"].dts) == 1

    # The samling: a dated day without times, a programme point edited, the referat.
    samling_id = make_samling(app, users["moderator"].id)
    page.goto(f"/samlinger/{samling_id}")
    expect(page.get_by_role("heading", name="Vintersamling")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/samlinger/{samling_id}/referat")
    page.get_by_role("button", name="Start referat").click()
    expect(page.get_by_role("heading", name="Skriv referat: Vintersamling")).to_be_visible()
    page.locator("#name").fill("Siri Jurist")
    page.locator("#organisation").fill("Regionens jurist")
    page.get_by_role("button", name="Legg til ekstern deltaker").click()
    expect(page.get_by_text("Siri Jurist er lagt til som ekstern deltaker.")).to_be_visible()
    assert_accessible(page)

    # Publish: the referat shows the external participant.
    page.get_by_role("button", name="Publiser og lås referatet").click()
    expect(page.get_by_text("Referatet er publisert.")).to_be_visible()
    expect(page.get_by_text("Siri Jurist, Regionens jurist")).to_be_visible()
    assert_accessible(page)

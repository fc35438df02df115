"""Series invitations: one recurring .ics (RRULE, EXDATE, SEQUENCE, CANCEL), declines, warnings."""

from datetime import time, timedelta
from email import message_from_string
from email.policy import default

from icalendar import Calendar
from sqlalchemy import select

from portal.core.dates import oslo_today, utc_to_oslo
from portal.debrief import series, services
from portal.debrief.models import DebriefSeries, DebriefSession
from portal.extensions import db
from portal.mail import OutboxMessage
from portal.network.models import User
from tests.helpers import first_thursday, login, submit, text

URL = "https://portal.example/debrifing/serier/1"


def attached(user) -> User:
    """The test user in this context's session."""
    return db.session.get(User, user.id)


def make_series(moderator, months: int = 1, count: int = 4) -> DebriefSeries:
    """A monthly Thursday 12–14 series from the first Thursday ``months`` months ahead."""
    first = first_thursday(months)
    plan = services.SessionPlan(
        title="Debrifing", moderator=moderator, start_time=time(12), end_time=time(14)
    )
    sessions = services.create_series(
        moderator, plan, first, first + timedelta(days=31 * (count - 1)), "monthly"
    )
    return series.series_by_uid(sessions[0].series_uid)


def invitations_to(email: str) -> list[Calendar]:
    """The calendars mailed to one address, oldest first."""
    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id)
    )
    calendars = []
    for message in messages:
        parsed = message_from_string(message.raw, policy=default)
        (attachment,) = list(parsed.iter_attachments())
        calendars.append(Calendar.from_ical(attachment.get_payload(decode=True)))
    return calendars


def test_invite_registers_for_every_session_and_sends_one_recurring_invitation(ctx, users):
    moderator = attached(users["moderator"])
    item = make_series(moderator)
    member = attached(users["member"])
    added = series.invite(moderator, item, [member, attached(users["other"])], URL)
    assert [p.name for p in added] == ["Kari Bodø", "Hilde Fauske"]
    assert all(s.has_participant(member) for s in series.sessions_of(item))
    (calendar,) = invitations_to(member.email)
    assert str(calendar["method"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == f"debrief-series-{item.uid}@fagnettverk"
    rule = event["rrule"]
    assert rule["FREQ"] == ["MONTHLY"] and rule["BYDAY"] == ["1TH"]
    assert event["dtstart"].dt.tzinfo.key == "Europe/Oslo"
    assert event["dtstart"].dt.hour == 12 and event["dtend"].dt.hour == 14
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Oslo"
    assert event["sequence"] == 0 and "exdate" not in event
    assert str(event["attendee"]) == f"mailto:{member.email}"
    # inviting again does not register twice nor send a second e-mail
    assert series.invite(moderator, item, [member], URL) == []
    assert len(invitations_to(member.email)) == 1


def test_cancelling_a_session_sends_the_update_with_exdate_and_a_higher_sequence(ctx, users):
    moderator = attached(users["moderator"])
    item = make_series(moderator)
    member = attached(users["member"])
    series.invite(moderator, item, [member], URL)
    second = series.sessions_of(item)[1]
    cancelled_day = utc_to_oslo(second.starts_at).date()
    series.cancel_session(moderator, second, URL)
    first, update = invitations_to(member.email)
    (event,) = update.walk("VEVENT")
    assert str(update["method"]) == "REQUEST"
    assert str(event["uid"]) == str(first.walk("VEVENT")[0]["uid"])
    assert event["sequence"] == 1
    (excluded,) = event["exdate"].dts
    assert excluded.dt.date() == cancelled_day and excluded.dt.hour == 12
    assert len(series.sessions_of(item)) == 3


def test_removing_an_invitee_sends_a_cancel_and_unregisters(ctx, users):
    moderator = attached(users["moderator"])
    item = make_series(moderator)
    member = attached(users["member"])
    series.invite(moderator, item, [member], URL)
    series.remove_invitee(moderator, item, member, URL)
    cancellation = invitations_to(member.email)[-1]
    assert str(cancellation["method"]) == "CANCEL"
    assert not any(s.has_participant(member) for s in series.sessions_of(item))
    assert series.invitees(item) == []


def test_a_member_declines_one_session_and_stays_in_the_others(ctx, users):
    moderator = attached(users["moderator"])
    item = make_series(moderator)
    member = attached(users["member"])
    series.invite(moderator, item, [member], URL)
    declined, *rest = series.sessions_of(item)
    services.unregister(declined, member)
    db.session.flush()
    assert not declined.has_participant(member)
    assert all(s.has_participant(member) for s in rest)


def test_planning_warns_about_overlap_and_past_dates(ctx, users):
    moderator = attached(users["moderator"])
    item = make_series(moderator)
    plan = services.SessionPlan(
        title="Ny", moderator=moderator, start_time=time(13), end_time=time(15)
    )
    yesterday = oslo_today() - timedelta(days=1)
    warnings = services.planning_warnings(plan, [yesterday, item.first_date], oslo_today())
    assert any("er passert" in w and f"{yesterday:%d.%m.%Y}" in w for w in warnings)
    assert any("Overlapper" in w and f"{item.first_date:%d.%m.%Y}" in w for w in warnings)
    later = services.SessionPlan(
        title="Ny", moderator=moderator, start_time=time(14), end_time=time(15)
    )
    assert services.planning_warnings(later, [item.first_date], oslo_today()) == []


def test_moderator_invites_a_whole_municipality_on_the_series_page(app, client, users, place):
    with app.app_context():
        item = make_series(attached(users["moderator"]))
        db.session.commit()
        series_id = item.id
    login(client, users["moderator"])
    page = f"/debrifing/serier/{series_id}"
    response = client.get(page)
    assert response.status_code == 200 and "Hele kommuner" in text(response)
    response = submit(
        client, page, {"municipalities": [place("Bodø")]},
        action=f"{page}/inviter", follow_redirects=True,
    )  # fmt: skip
    assert "2 person(er) er invitert og påmeldt." in text(response)
    assert "lagt i utboksen" in text(response)
    assert "Kari Bodø" in text(response) and "Ola Bodø" in text(response)
    with app.app_context():
        assert {u.name for u in series.invitees(db.session.get(DebriefSeries, series_id))} == {
            "Kari Bodø",
            "Ola Bodø",
        }


def test_members_may_not_manage_series(app, client, users):
    with app.app_context():
        item = make_series(attached(users["moderator"]))
        db.session.commit()
        series_id = item.id
    login(client, users["member"])
    assert client.get(f"/debrifing/serier/{series_id}").status_code == 403


def test_planning_a_series_on_top_of_another_warns(app, client, users):
    with app.app_context():
        item = make_series(attached(users["moderator"]))
        db.session.commit()
        first = item.first_date
    login(client, users["moderator"])
    response = submit(
        client, "/debrifing/ny",
        {"title": "Debrifing 2", "repeat": "monthly", "first_date": first.isoformat(),
         "until": (first + timedelta(days=70)).isoformat(), "start_time": "12:00",
         "end_time": "14:00", "moderator": users["moderator"].id},
        follow_redirects=True,
    )  # fmt: skip
    assert "Overlapper med en annen økt eller serie" in text(response)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(DebriefSession)) > 4

"""The årshjul page and the personal calendar feed: every item through the viewer's access."""

import re
from datetime import date, timedelta

from icalendar import Calendar

from portal.extensions import db
from portal.meetings import services as meetings
from portal.mutual_aid import services as aid
from portal.network.models import User
from portal.rutiner.models import Routine
from portal.yearwheel.models import YearEvent
from tests.conftest import in_app_context
from tests.helpers import login, submit, text
from tests.meetings.conftest import two_days

SOON = date.today() + timedelta(days=20)


def build_year(app, users, make_user):
    """A samling, a Bodø routine review, a Bodø-Fauske agreement and a network event."""
    with in_app_context(app):
        get = lambda key: db.session.get(User, users[key].id)  # noqa: E731
        meetings.create_samling(
            get("moderator"), title="Vintersamling", days=two_days(SOON), published=True,
            registration_deadline=None,
        )  # fmt: skip
        db.session.add(
            Routine(
                network_id=get("member").network_id, municipality_id=get("member").municipality_id,
                title="Rutine for alenearbeid", category="hms", responsible_id=get("member").id,
                next_review_date=SOON,
            )
        )  # fmt: skip
        request, _n = aid.create_request(
            get("member"), kind="supervision", competence_area="", starts_on=SOON,
            ends_on=SOON + timedelta(days=5), digital=True, place="", body="Veiledning.",
        )  # fmt: skip
        offer, _n = aid.make_offer(
            get("other"), request, kind="supervision", competence_area="", body="Ja"
        )
        aid.accept_offer(get("member"), request, offer, what="", cost_settlement="")
        db.session.add(YearEvent(title="Frist for IS-24/8", starts_on=SOON, ends_on=SOON))
        db.session.commit()


def test_year_page_shows_items_the_viewer_may_see(app, client, users, make_user):
    build_year(app, users, make_user)
    login(client, users["member"])
    page = text(client.get(f"/arshjul/?ar={SOON.year}"))
    for expected in ("Vintersamling", "Rutine for alenearbeid", "Fauske hjelper Bodø",
                     "Frist for IS-24/8", "<title id=\"hjul-tittel\">"):  # fmt: skip
        assert expected in page, expected
    assert page.count('class="yearwheel__link"') >= 4  # every item is a focusable link
    steigen = app.test_client()
    login(steigen, make_user(municipality="Steigen"))
    outside = text(steigen.get(f"/arshjul/?ar={SOON.year}"))
    assert "Vintersamling" in outside and "Frist for IS-24/8" in outside
    assert "Rutine for alenearbeid" not in outside and "Fauske hjelper Bodø" not in outside
    filtered = text(client.get(f"/arshjul/?ar={SOON.year}&type=event"))
    assert "Frist for IS-24/8" in filtered and "Vintersamling" not in filtered
    assert client.get("/arshjul/?ar=99999").status_code == 404


def test_moderator_adds_event_and_member_cannot(app, client, users):
    login(client, users["moderator"])
    bad = submit(client, "/arshjul/hendelser/ny", {
        "title": "Rapportering", "starts_on": SOON.isoformat(),
        "ends_on": (SOON - timedelta(days=2)).isoformat(), "description": "",
    })  # fmt: skip
    assert "Perioden kan ikke slutte før den begynner." in text(bad) and "Rapportering" in text(bad)
    good = submit(client, "/arshjul/hendelser/ny", {
        "title": "Rapportering", "starts_on": SOON.isoformat(), "ends_on": "", "description": "",
    }, follow_redirects=True)  # fmt: skip
    assert "Hendelsen er lagt inn i årshjulet." in text(good)
    member = app.test_client()
    login(member, users["member"])
    assert member.get("/arshjul/hendelser/ny").status_code == 403


def test_personal_feed_carries_the_users_own_year_items(app, client, users, make_user):
    build_year(app, users, make_user)
    login(client, users["member"])
    page = text(submit(client, "/samlinger/kalender", {}, action="/samlinger/kalender/ny"))
    url = re.search(r'<code class="copy" id="kalenderadresse">([^<]+)</code>', page).group(1)
    feed = app.test_client().get(url.split("localhost", 1)[1])
    summaries = [str(e["summary"]) for e in Calendar.from_ical(feed.data).walk("VEVENT")]
    assert "Bistandsavtaler: Fauske hjelper Bodø" in summaries
    assert "Revisjon av rutiner: Rutine for alenearbeid" in summaries
    assert "Andre hendelser: Frist for IS-24/8" in summaries
    assert sum("Vintersamling" in s for s in summaries) == 2  # the samling days, once each

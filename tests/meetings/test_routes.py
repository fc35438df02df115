"""Samling pages: every page renders for the right people, forms keep input, files download."""

import io
import re
from datetime import date

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import select

from portal.core.dates import oslo_today
from portal.extensions import db
from portal.meetings import homework, minutes_book, services, signups
from portal.meetings.models import (
    ActionItem,
    HomeworkAnswer,
    Minutes,
    Registration,
    Samling,
    SamlingDay,
    season_of,
)
from portal.network.models import User
from tests.helpers import csrf_token, login, submit, text

NEXT_YEAR = date.today().year + 1  # an autumn samling that is always in the future
TITLE = f"Høstsamling {NEXT_YEAR}"
DAY_ONE, DAY_TWO, LATE_DAY = (f"{NEXT_YEAR}-09-25", f"{NEXT_YEAR}-09-26", f"{NEXT_YEAR}-10-20")


@pytest.fixture
def world(app, users, make_samling):
    """A samling with a registration, draft minutes and one homework item; ids by name."""
    samling_id = make_samling(title="Samling på Fauske")
    with app.app_context():
        moderator = db.session.get(User, users["moderator"].id)
        samling = db.session.get(Samling, samling_id)
        services.add_agenda_item(moderator, samling.days[0], "Velkommen")
        signups.register(db.session.get(User, users["member"].id), samling.days[1])
        minutes = minutes_book.start_minutes(moderator, samling)
        item = homework.add_action_item(moderator, samling, title="Hvor mange ansatte?",
                                        key_figure="Antall ansatte i tjenesten")  # fmt: skip
        db.session.commit()
        return {
            "samling": samling_id,
            "day1": samling.days[0].id,
            "day2": samling.days[1].id,
            "agenda": samling.days[0].agenda[0].id,
            "minutes": minutes.id,
            "item": item.id,
        }


def publish(app, users, samling_id):
    """Publish the samling's minutes."""
    with app.app_context():
        samling = db.session.get(Samling, samling_id)
        minutes_book.publish_minutes(db.session.get(User, users["moderator"].id), samling.minutes)
        db.session.commit()


def member_pages(w):
    """Pages every member may open once the minutes are published."""
    return [
        "/samlinger",
        f"/samlinger/{w['samling']}",
        f"/samlinger/dag/{w['day2']}/pamelding",
        f"/samlinger/{w['samling']}/referat",
        "/samlinger/hjemmelekser",
        f"/samlinger/hjemmelekser/{w['item']}",
        "/samlinger/nokkeltall",
        "/samlinger/kalender",
    ]


def moderator_pages(w):
    """Pages only moderators and admins may open."""
    return [
        "/samlinger/ny",
        f"/samlinger/{w['samling']}/endre",
        f"/samlinger/dag/{w['day1']}/program",
        f"/samlinger/dag/{w['day2']}/pameldte",
        f"/samlinger/{w['samling']}/referat/endre",
        f"/samlinger/{w['samling']}/referat/historikk",
        f"/samlinger/{w['samling']}/hjemmelekser/ny",
    ]


def test_every_page_renders_for_a_moderator(client, users, world):
    login(client, users["moderator"])
    for page in member_pages(world) + moderator_pages(world):
        response = client.get(page)
        assert response.status_code == 200, page
        assert text(response).count("<h1") == 1, page


def test_member_pages_and_refusals(app, client, users, world):
    publish(app, users, world["samling"])
    login(client, users["member"])
    for page in member_pages(world):
        assert client.get(page).status_code == 200, page
    for page in moderator_pages(world) + [f"/samlinger/dag/{world['day2']}/pameldte.csv"]:
        assert client.get(page).status_code == 403, page


def test_anonymous_visitors_are_sent_to_login(client, world):
    for page in member_pages(world):
        response = client.get(page)
        assert response.status_code == 302 and "/logg-inn" in response.location, page


def day_fields(index, **values):
    """Form fields of one day in the samling form."""
    defaults = {"date": "", "start_time": "", "end_time": "", "kind": "project",
                "place": "", "video_link": "", "responsible": "0", "capacity": "", "notes": ""}  # fmt: skip
    return {f"days-{index}-{k}": v for k, v in {**defaults, **values}.items()}


def samling_form(**days):
    """A complete samling form with two days."""
    return {
        "title": TITLE, "day_count": "2", "season": str(season_of(date.today())), "tentative_when": "",
        "registration_deadline": "", "description": "", "published": "y",
        **day_fields(0, **days.get("first", {})), **day_fields(1, **days.get("second", {})),
        **day_fields(2),
    }  # fmt: skip


def test_moderator_creates_a_samling_through_the_form(app, client, users, place):
    login(client, users["moderator"])
    data = samling_form(
        first={"date": DAY_ONE, "start_time": "10:00", "end_time": "16:00",
               "place": "Fauske hotell", "responsible": str(place("Fauske"))},
        second={"date": DAY_TWO, "start_time": "09:00", "end_time": "14:00",
                "kind": "theme", "place": "Fauske hotell", "responsible": str(place("Steigen"))},
    )  # fmt: skip
    response = submit(client, "/samlinger/ny", data)
    assert response.status_code == 302
    with app.app_context():
        samling = db.session.scalar(select(Samling))
        assert (
            samling.title == TITLE
            and samling.season_label == f"{NEXT_YEAR}–{(NEXT_YEAR + 1) % 100:02d}"
        )
        assert [(d.kind, d.responsible_municipality.name) for d in samling.days] == [
            ("project", "Fauske"),
            ("theme", "Steigen"),
        ]


def test_end_before_start_is_shown_in_norwegian_and_input_kept(app, client, users):
    login(client, users["moderator"])
    data = samling_form(
        first={"date": DAY_ONE, "start_time": "16:00", "end_time": "10:00", "place": "Beiarn kro"},
        second={"date": LATE_DAY, "start_time": "09:00", "end_time": "14:00"},
    )  # fmt: skip
    page = text(submit(client, "/samlinger/ny", data))
    assert "Dag 1: sluttid (10:00) må være etter starttid (16:00)." in page
    assert "ligger utenfor samlingen" in page
    assert f'value="{TITLE}"' in page and 'value="Beiarn kro"' in page
    with app.app_context():
        assert db.session.scalar(select(Samling)) is None


def test_member_registers_for_day_two_and_changes_it(app, client, users, world):
    login(client, users["other"])
    page = f"/samlinger/dag/{world['day2']}/pamelding"
    data = {"overnight": "ja", "dietary": "Glutenfri", "note": ""}
    assert submit(client, page, data).status_code == 302
    assert "Du er påmeldt" in text(client.get(f"/samlinger/{world['samling']}"))
    assert 'value="Glutenfri"' in text(client.get(page))
    submit(client, page, {**data, "overnight": "nei"})
    with app.app_context():
        registration = db.session.scalar(
            select(Registration).where(Registration.user_id == users["other"].id)
        )
        assert (registration.day_id, registration.overnight) == (world["day2"], False)
    submit(
        client,
        f"/samlinger/{world['samling']}",
        {},
        action=f"/samlinger/dag/{world['day2']}/meld-av",
    )
    with app.app_context():
        assert (
            db.session.scalar(select(Registration).where(Registration.user_id == users["other"].id))
            is None
        )


def test_registration_after_deadline_shows_why_and_keeps_input(app, client, users, make_samling):
    samling_id = make_samling(deadline_days=-2)
    with app.app_context():
        day_id = db.session.get(Samling, samling_id).days[0].id
    login(client, users["member"])
    page = f"/samlinger/dag/{day_id}/pamelding"
    response = submit(client, page, {"overnight": "ja", "dietary": "Nøtteallergi", "note": ""})
    assert response.status_code == 200
    assert "Påmeldingsfristen gikk ut" in text(response)
    assert 'value="Nøtteallergi"' in text(response)


def test_csv_export_of_a_day(client, users, world):
    login(client, users["moderator"])
    response = client.get(f"/samlinger/dag/{world['day2']}/pameldte.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert rows[1].startswith("Kari Bodø;Bodø;")


def test_ics_download_and_refusal_for_an_unpublished_samling(
    app, client, users, world, make_samling
):
    hidden = make_samling(published=False)
    login(client, users["member"])
    response = client.get(f"/samlinger/{world['samling']}/kalender.ics")
    assert response.mimetype == "text/calendar"
    events = Calendar.from_ical(response.data).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        "Samling på Fauske – prosjektdag",
        "Samling på Fauske – temadag",
    ]
    assert client.get(f"/samlinger/{hidden}/kalender.ics").status_code == 403
    assert client.get(f"/samlinger/{hidden}").status_code == 403


def test_personal_feed_by_secret_address_and_revocation(app, client, users, world):
    login(client, users["member"])
    page = text(submit(client, "/samlinger/kalender", {}, action="/samlinger/kalender/ny"))
    url = re.search(r'<code class="copy" id="kalenderadresse">([^<]+)</code>', page).group(1)
    path = url.split("localhost", 1)[1]
    outsider = app.test_client()
    response = outsider.get(path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events = Calendar.from_ical(response.data).walk("VEVENT")
    assert "Du er påmeldt denne dagen." in str(events[1]["description"])
    assert url not in text(client.get("/samlinger/kalender"))  # shown once only
    submit(client, "/samlinger/kalender", {}, action="/samlinger/kalender/trekk-tilbake")
    assert outsider.get(path).status_code == 404
    assert outsider.get("/kalender/gjettet.ics").status_code == 404


def test_draft_minutes_are_for_moderators_only(app, client, users, world):
    login(client, users["member"])
    assert client.get(f"/samlinger/{world['samling']}/referat").status_code == 403
    publish(app, users, world["samling"])
    page = text(client.get(f"/samlinger/{world['samling']}/referat"))
    assert "Publisert" in page and "Kari Bodø" in page and "Hvor mange ansatte?" in page


def minutes_form_data(page: str, decisions: str) -> dict:
    """The hidden and visible fields of the minutes form, with new decisions."""
    fields = dict(
        re.findall(r'name="((?:attendance|reports)-\d+-\w+|version)"[^>]*value="([^"]*)"', page)
    )
    fields.update({k: "" for k in re.findall(r'name="(reports-\d+-text)"', page)})
    selects = re.findall(r'<select[^>]*name="(attendance-\d+-status)"', page)
    fields.update({name: "excused" for name in selects})
    return {**fields, "decisions": decisions, "body": "Fritt referat"}


def test_second_moderator_save_is_refused_and_their_text_shown_back(app, users, world):
    first, second = app.test_client(), app.test_client()
    login(first, users["moderator"])
    login(second, users["admin"])
    page = f"/samlinger/{world['samling']}/referat/endre"
    first_form, second_form = text(first.get(page)), text(second.get(page))
    mine = minutes_form_data(first_form, "Vi lager felles mal.")
    theirs = minutes_form_data(second_form, "Annen tekst som ikke må gå tapt")
    assert first.post(page, data={**mine, "csrf_token": csrf_token(first, page)}).status_code == 302
    response = second.post(page, data={**theirs, "csrf_token": csrf_token(second, page)})
    assert "lagret av noen andre" in text(response)
    assert "Annen tekst som ikke må gå tapt</textarea>" in text(response)
    assert "Vi lager felles mal." in text(response)  # the saved version, to compare with
    with app.app_context():
        minutes = db.session.get(Minutes, world["minutes"])
        assert (minutes.decisions, minutes.version) == ("Vi lager felles mal.", 2)
        assert [a.status for a in minutes.attendees] == ["excused"]


def test_publishing_locks_the_minutes(app, client, users, world):
    login(client, users["moderator"])
    submit(client, f"/samlinger/{world['samling']}/referat", {},
           action=f"/samlinger/{world['samling']}/referat/publiser")  # fmt: skip
    assert client.get(f"/samlinger/{world['samling']}/referat/endre").status_code == 403
    with app.app_context():
        assert db.session.get(Minutes, world["minutes"]).published_at is not None


def test_member_answers_homework_and_bad_number_keeps_the_text(app, client, users, world):
    publish(app, users, world["samling"])
    login(client, users["member"])
    page = f"/samlinger/hjemmelekser/{world['item']}"
    action = f"{page}/svar"
    response = submit(client, page, {"text": "Tolv årsverk", "number": "tolv"}, action=action)
    assert response.status_code == 400
    assert "Skriv et helt tall" in text(response) and "Tolv årsverk</textarea>" in text(response)
    assert (
        submit(client, page, {"text": "Tolv årsverk", "number": "12"}, action=action).status_code
        == 302
    )
    with app.app_context():
        answer = db.session.scalar(select(HomeworkAnswer))
        assert (answer.municipality.name, answer.number) == ("Bodø", 12)
    figures = text(client.get("/samlinger/nokkeltall"))
    assert '<svg role="img"' in figures and "Bodø: 12." in figures
    assert re.search(r'<th scope="row">Bodø</th><td>12</td>', figures)


def test_moderator_sees_answers_side_by_side_and_who_is_missing(app, client, users, world):
    publish(app, users, world["samling"])
    with app.app_context():
        item = db.session.get(ActionItem, world["item"])
        homework.answer_item(db.session.get(User, users["other"].id), item, text="Ni", number=9)
        db.session.commit()
    login(client, users["moderator"])
    page = text(client.get(f"/samlinger/hjemmelekser/{world['item']}"))
    assert "1 av 10 kommuner har svart." in page
    assert "Mangler svar fra: Beiarn, Bodø," in page


def test_dashboard_panels_show_next_samling_and_open_homework(app, client, users, world):
    publish(app, users, world["samling"])
    login(client, users["member"])
    page = text(client.get("/"))
    assert "Neste samling" in page and "du er påmeldt" in page
    assert "Åpne hjemmelekser" in page and "Hvor mange ansatte?" in page


def test_agenda_form_refuses_a_time_outside_the_day(app, client, users, world, place):
    login(client, users["moderator"])
    page = f"/samlinger/dag/{world['day1']}/program"
    data = {"start_time": "20:00", "title": "Kveldsmøte", "presenter": "", "description": "",
            "presenter_municipality": str(place("Beiarn")), "link_url": "javascript:alert(1)",
            "link_label": ""}  # fmt: skip
    response = submit(client, page, data)
    assert "Skriv en adresse i portalen som begynner med /" in text(response)
    response = submit(client, page, {**data, "link_url": "/saker/1"})
    assert "ligger utenfor dagen (10:00–16:00)" in text(response)
    assert 'value="Kveldsmøte"' in text(response)
    assert (
        submit(client, page, {**data, "start_time": "13:00", "link_url": "/saker/1"}).status_code
        == 302
    )


def test_reminder_command_for_cron(app, users, world):
    with app.app_context():
        day = db.session.get(services.SamlingDay, world["day2"])
        days = (day.date - oslo_today()).days
    result = app.test_cli_runner().invoke(args=["meetings", "remind", "--days", str(days)])
    assert result.exit_code == 0 and "Påminnelser sendt: 0. Lagt i utboksen: 1." in result.output


def test_external_participants_are_added_shown_in_the_referat_and_removable(
    app, client, users, world
):
    login(client, users["moderator"])
    edit = f"/samlinger/{world['samling']}/referat/endre"
    response = submit(
        client, edit, {"name": "Siri Jurist", "organisation": "Regionens jurist"},
        action=f"/samlinger/{world['samling']}/referat/ekstern", follow_redirects=True,
    )  # fmt: skip
    assert "Siri Jurist er lagt til som ekstern deltaker." in text(response)
    response = submit(
        client, edit, {"name": "", "organisation": "NAV"},
        action=f"/samlinger/{world['samling']}/referat/ekstern", follow_redirects=True,
    )  # fmt: skip
    assert "Skriv navnet." in text(response)
    publish(app, users, world["samling"])
    login(client, users["member"])
    referat = text(client.get(f"/samlinger/{world['samling']}/referat"))
    assert "Eksterne deltakere" in referat and "Siri Jurist, Regionens jurist" in referat
    assert "NAV" not in referat


def test_removing_an_external_participant(app, client, users, world):
    with app.app_context():
        minutes = db.session.get(Minutes, world["minutes"])
        moderator = db.session.get(User, users["moderator"].id)
        external = minutes_book.add_external(moderator, minutes, "Per Digipro", "Digipro")
        db.session.commit()
        external_id = external.id
    login(client, users["moderator"])
    edit = f"/samlinger/{world['samling']}/referat/endre"
    assert "Per Digipro (Digipro)" in text(client.get(edit))
    submit(client, edit, {},
           action=f"/samlinger/{world['samling']}/referat/ekstern/{external_id}/fjern")  # fmt: skip
    with app.app_context():
        assert db.session.get(Minutes, world["minutes"]).externals == []


def test_a_day_can_have_a_date_before_its_times_and_the_ics_has_an_all_day_event(
    app, client, users
):
    login(client, users["moderator"])
    data = samling_form(
        first={"date": DAY_ONE}, second={"date": DAY_TWO, "start_time": "09:00", "end_time": ""}
    )
    page = text(submit(client, "/samlinger/ny", data))
    assert "Dag 2: fyll ut både start- og sluttid" in page
    data = samling_form(first={"date": DAY_ONE}, second={"date": DAY_TWO})
    assert submit(client, "/samlinger/ny", data).status_code == 302
    with app.app_context():
        samling = db.session.scalar(select(Samling))
        assert [(d.date.isoformat(), d.start_time) for d in samling.days] == [
            (DAY_ONE, None),
            (DAY_TWO, None),
        ]
        samling_id = samling.id
    calendar = Calendar.from_ical(client.get(f"/samlinger/{samling_id}/kalender.ics").data)
    starts = [event["dtstart"].dt for event in calendar.walk("VEVENT")]
    assert [day.isoformat() for day in starts] == [DAY_ONE, DAY_TWO]  # dates, not datetimes


def test_a_samling_dated_in_the_past_gets_a_warning(app, client, users):
    login(client, users["moderator"])
    yesterday = oslo_today().toordinal() - 1
    past = date.fromordinal(yesterday).isoformat()
    data = samling_form(first={"date": past, "start_time": "10:00", "end_time": "16:00"})
    data["days-1-date"] = ""
    response = submit(client, "/samlinger/ny", data, follow_redirects=True)
    assert "er allerede passert" in text(response)


def test_agenda_item_is_edited_in_place(app, client, users, world):
    login(client, users["moderator"])
    page = f"/samlinger/program/{world['agenda']}/endre"
    assert 'value="Velkommen"' in text(client.get(page))
    response = submit(
        client, page, {"title": "Velkommen og runde", "start_time": "", "presenter": "Marte",
                       "presenter_municipality": "0", "description": "", "link_url": "",
                       "link_label": ""},
        follow_redirects=True,
    )  # fmt: skip
    assert "Programpunktet er endret." in text(response)
    with app.app_context():
        (item,) = db.session.get(SamlingDay, world["day1"]).agenda
        assert (item.id, item.title, item.presenter) == (
            world["agenda"],
            "Velkommen og runde",
            "Marte",
        )


def test_deleting_an_agenda_item_asks_first(app, client, users, world):
    login(client, users["moderator"])
    page = f"/samlinger/program/{world['agenda']}/fjern"
    question = text(client.get(page))
    assert "Fjerne «Velkommen» fra programmet?" in question
    with app.app_context():
        assert len(db.session.get(SamlingDay, world["day1"]).agenda) == 1
    submit(client, page, {})
    with app.app_context():
        assert db.session.get(SamlingDay, world["day1"]).agenda == []


def test_attendance_is_set_for_everyone_at_once_grouped_by_municipality(app, client, users, world):
    with app.app_context():
        minutes = db.session.get(Minutes, world["minutes"])
        moderator = db.session.get(User, users["moderator"].id)
        for name in ("other", "colleague"):
            minutes_book.add_attendee(
                moderator, minutes, db.session.get(User, users[name].id), "absent"
            )
        db.session.commit()
    login(client, users["moderator"])
    page = f"/samlinger/{world['samling']}/referat/endre"
    form_page = text(client.get(page))
    assert form_page.index("Ola Bodø") < form_page.index("Hilde Fauske")
    assert "<td>Fauske</td>" in form_page
    data = {**minutes_form_data(form_page, ""), "everyone": "present"}
    assert submit(client, page, data).status_code == 302
    with app.app_context():
        statuses = {a.status for a in db.session.get(Minutes, world["minutes"]).attendees}
    assert statuses == {"present"}


def test_key_figures_export_as_csv_and_xlsx(app, client, users, world):
    publish(app, users, world["samling"])
    with app.app_context():
        item = db.session.get(ActionItem, world["item"])
        homework.answer_item(db.session.get(User, users["member"].id), item, text="", number=12)
        db.session.commit()
        year = item.figure_year
    login(client, users["member"])
    assert "nokkeltall.xlsx" in text(client.get("/samlinger/nokkeltall"))
    csv_text = client.get("/samlinger/nokkeltall.csv").data.decode("utf-8-sig")
    assert csv_text.splitlines() == [
        "Nøkkeltall;Kommune;År;Verdi",
        f"Antall ansatte i tjenesten;Bodø;{year};12",
    ]
    workbook = load_workbook(io.BytesIO(client.get("/samlinger/nokkeltall.xlsx").data))
    assert list(workbook.active.iter_rows(values_only=True)) == [
        ("Nøkkeltall", "Kommune", "År", "Verdi"),
        ("Antall ansatte i tjenesten", "Bodø", year, 12),
    ]
    assert client.get("/samlinger/nokkeltall.pdf").status_code == 404


def test_attendance_export_includes_externals_and_defuses_formulas(app, client, users, world):
    with app.app_context():
        minutes = db.session.get(Minutes, world["minutes"])
        moderator = db.session.get(User, users["moderator"].id)
        minutes_book.add_external(moderator, minutes, "=HYPERLINK(1)", "NAV")
        db.session.commit()
    login(client, users["moderator"])
    url = f"/samlinger/{world['samling']}/referat/oppmote"
    rows = client.get(f"{url}.csv").data.decode("utf-8-sig").splitlines()
    assert rows[0] == "Navn;Kommune eller organisasjon;Oppmøte;Deltaker"
    assert rows[1] == "Kari Bodø;Bodø;Til stede;Medlem"
    assert rows[2] == "'=HYPERLINK(1);NAV;Til stede;Ekstern"
    workbook = load_workbook(io.BytesIO(client.get(f"{url}.xlsx").data))
    assert [r[0] for r in workbook.active.iter_rows(values_only=True)] == [
        "Navn",
        "Kari Bodø",
        "'=HYPERLINK(1)",
    ]
    member = app.test_client()
    login(member, users["member"])
    assert member.get(f"{url}.csv").status_code == 403


def test_year_plan_shows_the_newest_samlinger_of_a_busy_season_and_the_rest_on_request(
    app, client, users
):
    from datetime import time, timedelta

    from portal.meetings.routes import PLAN_LIMIT

    first = date(NEXT_YEAR, 1, 10)
    with app.app_context():
        for index in range(PLAN_LIMIT + 3):
            samling = Samling(title=f"Travel samling {index:02d}", season=NEXT_YEAR, published=True)
            samling.days.append(
                SamlingDay(position=1, date=first + timedelta(days=7 * index),
                           start_time=time(10), end_time=time(15), place="Bodø")
            )  # fmt: skip
            db.session.add(samling)
        db.session.commit()
    login(client, users["member"])
    page = text(client.get("/samlinger"))
    shown = re.findall(r"Travel samling (\d+)", page)
    assert sorted(shown) == [f"{i:02d}" for i in range(3, PLAN_LIMIT + 3)]  # the newest
    assert f"viser de {PLAN_LIMIT} nyeste samlingene" in page
    assert "Vis også eldre sesonger" in page
    everything = text(client.get("/samlinger?alle=1"))
    assert len(re.findall(r"Travel samling \d+", everything)) == PLAN_LIMIT + 3


def test_homework_form_key_figure_shows_its_limit_and_suggestions(client, users, world):
    login(client, users["moderator"])
    page = text(client.get(f"/samlinger/{world['samling']}/hjemmelekser/ny"))
    field = re.search(r'<input[^>]*id="key_figure"[^>]*>', page).group(0)
    assert 'list="nokkeltall-forslag"' in field and 'data-maxlength="120"' in field
    assert "key_figure-grense" in field and " maxlength=" not in field
    assert "Høyst 120 tegn." in page and 'data-count-for="key_figure"' in page

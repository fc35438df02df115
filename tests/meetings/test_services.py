"""Samling services: days, agenda, registration rules, minutes locking, homework, key figures."""

from datetime import date, time, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from portal.core.dates import oslo_today
from portal.extensions import db
from portal.mail import OutboxMessage
from portal.meetings import calendars, charts, homework, minutes_book, services, signups
from portal.meetings.ical import CalendarEvent
from portal.meetings.models import (
    CalendarFeed,
    DayKind,
    HomeworkAnswer,
    Minutes,
    MinutesRevision,
    Registration,
    Responsible,
    Samling,
)
from portal.meetings.services import DayData, MeetingError, MinutesConflict
from portal.network.models import User
from tests.meetings.conftest import two_days


def get(model, obj_id):
    """Load an object in the current session."""
    return db.session.get(model, obj_id)


def people(users):
    """The users attached to this test's session."""
    return {name: get(User, u.id) for name, u in users.items()}


# --- Samlinger and days ---------------------------------------------------------------------


def test_end_before_start_is_refused_in_norwegian(ctx, users):
    day = DayData(date=date(2023, 9, 27), start_time=time(16), end_time=time(10))
    with pytest.raises(MeetingError, match="sluttid \\(10:00\\) må være etter starttid"):
        services.create_samling(people(users)["moderator"], title="X", days=[day])


def test_a_day_outside_the_samling_is_refused(ctx, users):
    days = two_days(date(2023, 9, 27))
    days[1].date = date(2023, 10, 14)
    with pytest.raises(MeetingError, match="Dag 2 .* ligger utenfor samlingen"):
        services.create_samling(people(users)["moderator"], title="X", days=days)


def test_adding_a_day_outside_an_existing_samling_is_refused(ctx, users, make_samling):
    samling = get(Samling, make_samling())
    late = samling.dates[0] + timedelta(days=5)
    with pytest.raises(MeetingError, match="Dag 3 .* ligger utenfor samlingen"):
        services.add_day(
            people(users)["moderator"], samling,
            DayData(date=late, start_time=time(9), end_time=time(12)),
        )  # fmt: skip
    third = services.add_day(
        people(users)["moderator"], samling,
        DayData(date=samling.dates[1] + timedelta(days=1), start_time=time(9), end_time=time(12)),
    )  # fmt: skip
    assert third.position == 3
    assert samling.sequence == 1


def test_one_to_three_days_and_deadline_before_the_first_day(ctx, users):
    moderator = people(users)["moderator"]
    with pytest.raises(MeetingError, match="fra én til tre dager"):
        services.create_samling(moderator, title="X", days=[DayData()] * 4)
    with pytest.raises(MeetingError, match="Påmeldingsfristen"):
        services.create_samling(
            moderator, title="X", days=two_days(date(2023, 9, 27)),
            registration_deadline=date(2023, 9, 28),
        )  # fmt: skip


def test_undated_samling_goes_in_the_chosen_season(ctx, users):
    moderator = people(users)["moderator"]
    with pytest.raises(MeetingError, match="Velg sesong"):
        services.create_samling(moderator, title="Vår", days=[DayData(), DayData()])
    spring = services.create_samling(
        moderator, title="Vår", days=[DayData(), DayData()], season=2023, tentative_when="april"
    )
    autumn = services.create_samling(moderator, title="Høst", days=two_days(date(2023, 9, 27)))
    plan = services.year_plan(user_may_see_drafts=False)
    assert [(label, [s.id for s in shown]) for label, shown in plan] == [
        ("2023–24", [autumn.id, spring.id])
    ]


def test_unpublished_samling_is_left_out_of_the_members_year_plan(ctx, users):
    moderator = people(users)["moderator"]
    hidden = services.create_samling(
        moderator, title="Utkast", days=two_days(date(2024, 1, 17)), published=False
    )
    assert services.year_plan(user_may_see_drafts=False) == ()
    [(label, [shown])] = services.year_plan(user_may_see_drafts=True)
    assert label == "2023–24" and (shown.id, shown.published) == (hidden.id, False)


def test_update_refuses_to_remove_a_day_with_registrations(ctx, users, make_samling):
    who = people(users)
    samling = get(Samling, make_samling())
    signups.register(who["member"], samling.days[1])
    with pytest.raises(MeetingError, match="påmeldte kan ikke fjernes"):
        services.update_samling(
            who["moderator"], samling, title="Kortere", days=[services.day_data(samling.days[0])]
        )
    services.update_samling(
        who["moderator"], samling, title="Nytt navn",
        days=[services.day_data(d) for d in samling.days],
    )  # fmt: skip
    assert samling.title == "Nytt navn" and samling.sequence == 1


# --- Agenda ---------------------------------------------------------------------------------


def test_agenda_is_ordered_by_time_and_times_stay_inside_the_day(ctx, users, make_samling, place):
    moderator = people(users)["moderator"]
    day = get(Samling, make_samling()).days[0]
    services.add_agenda_item(moderator, day, "Lunsj", start_time=time(12))
    services.add_agenda_item(moderator, day, "Velkommen", start_time=time(10),
                             presenter_municipality=place("Steigen"))  # fmt: skip
    services.add_agenda_item(moderator, day, "Oppsummering")
    assert [i.title for i in day.agenda] == ["Velkommen", "Lunsj", "Oppsummering"]
    assert day.agenda[0].presenter_municipality.name == "Steigen"
    with pytest.raises(MeetingError, match="ligger utenfor dagen \\(10:00–16:00\\)"):
        services.add_agenda_item(moderator, day, "Kveld", start_time=time(19))


# --- Registration ---------------------------------------------------------------------------


def test_register_change_and_withdraw_until_the_deadline(ctx, users, make_samling):
    who = people(users)
    day = get(Samling, make_samling(deadline_days=5)).days[1]
    registration = signups.register(who["member"], day, overnight=True, dietary="Vegetar")
    assert (registration.overnight, registration.dietary) == (True, "Vegetar")
    signups.change_registration(who["member"], registration, overnight=False, dietary="", note="x")
    assert registration.overnight is False
    late = oslo_today() + timedelta(days=6)
    with pytest.raises(MeetingError, match="Påmeldingsfristen gikk ut"):
        signups.withdraw(who["member"], registration, today=late)
    signups.withdraw(who["member"], registration)
    assert db.session.scalars(select(Registration)).all() == []


def test_a_samlings_days_come_with_their_registrations_and_programme(ctx, users, make_samling):
    who = people(users)
    samling = get(Samling, make_samling())
    first, second = samling.days
    mine = signups.register(who["member"], second)
    signups.register(who["colleague"], second)
    talk = services.add_agenda_item(who["moderator"], second, "Velkommen")
    days = signups.page_days(samling.id, who["member"])
    assert [(d.id, d.registered, d.mine, d.overnight) for d in days] == [
        (first.id, 0, False, False),
        (second.id, 2, True, False),
    ]
    assert [d.agenda for d in days] == [[], [talk]]
    assert days[0].date == first.date and days[0].kind_label == first.kind_label
    mine.overnight = True
    assert signups.page_days(samling.id, who["member"])[1].overnight
    assert not any(d.mine for d in signups.page_days(samling.id, who["moderator"]))


def test_registration_after_deadline_is_refused(ctx, users, make_samling):
    day = get(Samling, make_samling(deadline_days=-1)).days[0]
    with pytest.raises(MeetingError, match="Påmeldingsfristen gikk ut"):
        signups.register(people(users)["member"], day)


def test_without_deadline_registration_closes_after_the_day(ctx, users, make_samling):
    day = get(Samling, make_samling(days_ahead=2)).days[0]
    with pytest.raises(MeetingError, match="Påmeldingsfristen gikk ut"):
        signups.register(people(users)["member"], day, today=day.date + timedelta(days=1))
    assert signups.register(people(users)["member"], day, today=day.date)


def test_over_capacity_and_duplicate_registration_are_refused(ctx, users, make_samling):
    who = people(users)
    day = get(Samling, make_samling(capacity=2)).days[0]
    signups.register(who["member"], day)
    with pytest.raises(MeetingError, match="allerede påmeldt"):
        signups.register(who["member"], day)
    signups.register(who["colleague"], day)
    with pytest.raises(MeetingError, match="Dagen er full \\(2 plasser\\)"):
        signups.register(who["other"], day)


def test_undated_day_cannot_be_registered_for(ctx, users):
    moderator = people(users)["moderator"]
    samling = services.create_samling(moderator, title="Vår", days=[DayData()], season=2023)
    with pytest.raises(MeetingError, match="ikke dato ennå"):
        signups.register(people(users)["member"], samling.days[0])


def test_csv_lists_registrations_and_defuses_formulas(ctx, users, make_samling):
    who = people(users)
    day = get(Samling, make_samling()).days[0]
    signups.register(who["member"], day, overnight=True, dietary="=HYPERLINK(1)")
    lines = signups.registrations_csv(day).splitlines()
    assert lines[0] == "Navn;Kommune;E-post;Overnatting;Kosthold/allergier;Merknad"
    assert lines[1] == f"Kari Bodø;Bodø;{who['member'].email};ja;'=HYPERLINK(1);"


# --- Minutes --------------------------------------------------------------------------------


def test_minutes_take_attendance_from_registrations(ctx, users, make_samling):
    who = people(users)
    samling = get(Samling, make_samling())
    signups.register(who["member"], samling.days[0])
    signups.register(who["member"], samling.days[1])
    signups.register(who["other"], samling.days[1])
    minutes = minutes_book.start_minutes(who["moderator"], samling)
    assert [(a.user.name, a.municipality.name, a.status) for a in minutes.attendees] == [
        ("Kari Bodø", "Bodø", "present"),
        ("Hilde Fauske", "Fauske", "present"),
    ]


def test_stale_save_is_refused_and_history_is_kept(ctx, users, make_samling, place):
    who = people(users)
    samling = get(Samling, make_samling())
    minutes = minutes_book.start_minutes(who["moderator"], samling)
    minutes_book.save_minutes(
        who["moderator"], minutes, version=1, decisions="Først", body="",
        attendance={}, reports={place("Steigen"): "Én ledig stilling"},
    )  # fmt: skip
    db.session.commit()
    with pytest.raises(MinutesConflict, match="lagret av noen andre"):
        minutes_book.save_minutes(
            who["admin"], minutes, version=1, decisions="Overskrevet?", body="",
            attendance={}, reports={},
        )  # fmt: skip
    db.session.rollback()
    minutes = get(Minutes, minutes.id)
    assert (minutes.version, minutes.decisions) == (2, "Først")
    assert [(r.municipality.name, r.text) for r in minutes.reports] == [
        ("Steigen", "Én ledig stilling")
    ]
    minutes_book.save_minutes(
        who["admin"], minutes, version=2, decisions="Andre", body="", attendance={}, reports={}
    )
    history = minutes_book.revision_history(minutes)
    assert [(rev.version, content["decisions"]) for rev, content in history] == [
        (2, "Først"),
        (1, ""),
    ]
    assert (
        db.session.scalar(select(MinutesRevision.saved_by_id).where(MinutesRevision.version == 2))
        == who["moderator"].id
    )


def test_published_minutes_are_locked_and_members_are_told(ctx, users, make_samling):
    who = people(users)
    samling = get(Samling, make_samling())
    minutes = minutes_book.start_minutes(who["moderator"], samling)
    minutes_book.publish_minutes(who["moderator"], minutes)
    subjects = db.session.scalars(select(OutboxMessage.subject)).all()
    assert subjects == [f"Referat: {samling.title}"] * len(users)
    with pytest.raises(MeetingError, match="publisert og låst"):
        minutes_book.save_minutes(
            who["moderator"], minutes, version=minutes.version, decisions="x", body="",
            attendance={}, reports={},
        )  # fmt: skip
    with pytest.raises(MeetingError, match="publisert og låst"):
        minutes_book.add_attendee(who["moderator"], minutes, who["other"], "present")


# --- Homework and key figures ---------------------------------------------------------------


def test_due_date_defaults_to_the_next_samlings_first_day(ctx, users, make_samling):
    who = people(users)
    now = get(Samling, make_samling(days_ahead=10))
    later = get(Samling, make_samling(days_ahead=60))
    item = homework.add_action_item(who["moderator"], now, title="Tell ansatte")
    assert item.due_date == later.dates[0]
    assert homework.add_action_item(who["moderator"], later, title="x").due_date is None


def test_every_municipality_answers_once_and_can_change_it(ctx, users, make_samling):
    who = people(users)
    samling = get(Samling, make_samling())
    item = homework.add_action_item(who["moderator"], samling, title="Hvor mange ansatte?")
    homework.answer_item(who["member"], item, text="Tolv", number=12)
    homework.answer_item(who["colleague"], item, text="Tretten", number=13)
    answers = db.session.scalars(select(HomeworkAnswer)).all()
    assert [(a.municipality.name, a.number, a.answered_by_id) for a in answers] == [
        ("Bodø", 13, who["colleague"].id)
    ]
    side = {place.name: answer for place, answer in homework.answers_side_by_side(item)}
    assert side["Bodø"].text == "Tretten" and side["Fauske"] is None and len(side) == 10
    with pytest.raises(MeetingError, match="Bare medlemmer av en kommune"):
        homework.answer_item(who["moderator"], item, text="x", number=None)
    with pytest.raises(MeetingError, match="Skriv et svar eller et tall"):
        homework.answer_item(who["other"], item, text=" ", number=None)
    homework.set_item_status(who["moderator"], item, "done")
    with pytest.raises(MeetingError, match="avsluttet"):
        homework.answer_item(who["other"], item, text="Sent", number=1)


def test_single_responsible_items_are_not_answered_per_municipality(
    ctx, users, make_samling, place
):
    who = people(users)
    samling = get(Samling, make_samling())
    with pytest.raises(MeetingError, match="Velg hvilken kommune"):
        homework.add_action_item(who["moderator"], samling, title="x", responsible="municipality")
    item = homework.add_action_item(
        who["moderator"], samling, title="Lag mal", responsible=Responsible.MUNICIPALITY,
        municipality_id=place("Bodø"),
    )  # fmt: skip
    with pytest.raises(MeetingError, match="besvares ikke av hver kommune"):
        homework.answer_item(who["member"], item, text="x", number=None)


def publish(who, samling):
    """Publish a samling's minutes without e-mail noise mattering."""
    minutes_book.publish_minutes(
        who["moderator"], minutes_book.start_minutes(who["moderator"], samling)
    )


def test_key_figures_per_municipality_and_year(ctx, users, make_samling):
    who = people(users)
    first = get(Samling, make_samling(days_ahead=10))
    second = get(Samling, make_samling(days_ahead=400))
    staff = homework.add_action_item(
        who["moderator"], first, title="Ansatte?", key_figure="Antall ansatte i tjenesten",
        due_date=date(2024, 1, 17),
    )  # fmt: skip
    again = homework.add_action_item(
        who["moderator"], second, title="Ansatte nå?", key_figure="Antall ansatte i tjenesten",
        due_date=date(2025, 1, 15),
    )  # fmt: skip
    words_only = homework.add_action_item(who["moderator"], first, title="Erfaringer?")
    homework.answer_item(who["member"], staff, text="", number=38)
    homework.answer_item(who["other"], staff, text="", number=9)
    homework.answer_item(who["member"], again, text="", number=41)
    homework.answer_item(who["member"], words_only, text="Gode", number=None)
    assert homework.key_figures() == []  # minutes not published yet
    publish(who, first)
    publish(who, second)
    (figure,) = homework.key_figures()
    assert figure.name == "Antall ansatte i tjenesten"
    assert figure.years == [2024, 2025]
    assert figure.municipalities == ["Bodø", "Fauske"]
    assert figure.values == {("Bodø", 2024): 38, ("Fauske", 2024): 9, ("Bodø", 2025): 41}
    assert figure.latest() == (2025, [("Bodø", 41)])


def test_bar_chart_scales_to_the_largest_value():
    bars = charts.bar_chart([("Bodø", 40), ("Beiarn", 10), ("Rødøy", 0)])
    assert [(b.label, b.width, b.y) for b in bars] == [
        ("Bodø", charts.CHART_BAR_SPACE, 0),
        ("Beiarn", charts.CHART_BAR_SPACE / 4, charts.CHART_ROW),
        ("Rødøy", 0, 2 * charts.CHART_ROW),
    ]


def test_open_items_only_after_publishing_and_until_answered(ctx, users, make_samling):
    who = people(users)
    samling = get(Samling, make_samling())
    item = homework.add_action_item(who["moderator"], samling, title="Hvor mange pasienter?")
    assert homework.open_items_for(who["member"]) == []
    publish(who, samling)
    assert homework.open_items_for(who["member"]) == [item]
    homework.answer_item(who["colleague"], item, text="", number=120)
    assert homework.open_items_for(who["member"]) == []
    assert homework.open_items_for(who["other"]) == [item]


# --- Calendar and reminders -----------------------------------------------------------------


def test_feed_token_is_stored_hashed_and_can_be_revoked(ctx, users, make_samling):
    who = people(users)
    token = calendars.create_feed(who["member"])
    stored = db.session.scalar(select(CalendarFeed.token_hash))
    assert token not in stored and len(stored) == 64
    assert calendars.feed_user(token) == who["member"]
    assert calendars.feed_user("gjettet") is None
    newer = calendars.create_feed(who["member"])
    assert calendars.feed_user(token) is None and calendars.feed_user(newer) == who["member"]
    assert calendars.revoke_feed(who["member"]) is True
    assert calendars.feed_user(newer) is None


def test_personal_feed_has_every_published_day_and_marks_registrations(ctx, users, make_samling):
    who = people(users)
    shown = get(Samling, make_samling())
    get(Samling, make_samling(published=False))
    signups.register(who["member"], shown.days[1])
    events = calendars.personal_feed_events(who["member"])
    assert [e.uid for e in events] == [calendars.day_uid(d) for d in shown.days]
    assert "Du er påmeldt" not in events[0].description
    assert "Du er påmeldt denne dagen." in events[1].description


def test_feed_sources_can_be_extended(ctx, users, monkeypatch):
    extra = CalendarEvent(uid="debrief-1@x", summary="Debrifing",
                                   start=datetime_at(2024, 2, 1, 14), end=datetime_at(2024, 2, 1, 15))  # fmt: skip
    monkeypatch.setattr(calendars, "FEED_SOURCES", [*calendars.FEED_SOURCES, lambda user: [extra]])
    assert calendars.personal_feed_events(people(users)["member"]) == [extra]


def datetime_at(*parts):
    """A naive datetime."""
    from datetime import datetime

    return datetime(*parts)


def test_samling_ics_has_one_event_per_dated_day(ctx, users, place):
    who = people(users)
    samling = services.create_samling(
        who["moderator"], title="Samling januar 2024",
        days=[
            DayData(date=date(2024, 1, 17), start_time=time(12), end_time=time(15),
                    kind=DayKind.DIGITAL, place="Teams", video_link="https://teams.example/m"),
            DayData(date=date(2024, 1, 18), start_time=time(9), end_time=time(15),
                    kind=DayKind.THEME, place="Fauske hotell",
                    responsible_municipality_id=place("Saltdal"), notes="Ta med klær."),
        ],
    )  # fmt: skip
    calendar = Calendar.from_ical(calendars.samling_ics(samling))
    day1, day2 = calendar.walk("VEVENT")
    assert str(day1["uid"]) == f"samling-{samling.id}-dag-{samling.days[0].id}@fagnettverk-portalen"
    assert str(day1["summary"]) == "Samling januar 2024 – digitalt møte"
    assert str(day1["location"]) == "Teams"
    assert "https://teams.example/m" in str(day1["description"])
    assert str(day2["location"]) == "Fauske hotell"
    assert "Ansvarlig for dagen: Saltdal kommune." in str(day2["description"])
    assert "Ta med klær." in str(day2["description"])
    assert str(day2["organizer"]) == f"mailto:{who['moderator'].email}"
    assert day2["organizer"].params["cn"] == "Marte Koordinator"
    assert day2.decoded("dtstart").isoformat() == "2024-01-18T09:00:00+01:00"
    assert day2["dtstart"].params["TZID"] == "Europe/Oslo"


def test_reminders_go_once_to_registrants_of_the_day(ctx, users, make_samling):
    who = people(users)
    samling = get(Samling, make_samling(days_ahead=3))
    signups.register(who["member"], samling.days[0])
    signups.register(who["other"], samling.days[1])
    assert calendars.send_reminders(3) == 1
    assert calendars.send_reminders(3) == 0
    message = db.session.scalar(select(OutboxMessage))
    assert message.recipient == who["member"].email
    assert message.subject == f"Påminnelse: {samling.title}"
    assert "text/calendar" in message.raw


def test_year_plan_can_show_only_the_newest_seasons(ctx, users):
    from portal.meetings.models import Samling

    for season in (2019, 2020, 2021, 2022, 2023):
        db.session.add(Samling(title=f"Samling {season}", season=season, published=True))
    db.session.commit()
    newest = services.year_plan(user_may_see_drafts=False, seasons_shown=3)
    assert [samlinger[0].season for _label, samlinger in newest] == [2023, 2022, 2021]
    assert len(services.year_plan(user_may_see_drafts=False)) == 5

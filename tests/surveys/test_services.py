"""Survey services: the default template, drafts and submission, bad input, rounds, agenda."""

from datetime import time

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.meetings.models import AgendaItem, DayKind, Samling, SamlingDay
from portal.surveys import answering, reporting, services
from portal.surveys.models import QuestionKind, SurveyStatus
from portal.surveys.services import SurveyError
from tests.surveys.conftest import a_date, complete, questions_of, settings, survey

GLOSSARY_AREAS = 27


def test_default_template_has_the_glossary_areas_questions_and_staffing(ctx, make_survey):
    s = survey(make_survey(open_it=False))
    assert [sec.title for sec in s.sections] == ["Kompetanse", "Behov og robusthet", "Bemanning"]
    q = questions_of(s)
    assert len(q["matrix"].options) == GLOSSARY_AREAS
    assert "Psykologisk førstehjelp ved selvmordsfare" in q["matrix"].options
    assert "Spilleavhengighet" in q["matrix"].options and "LAR" in q["matrix"].options
    for text in ("Kompetansehevingsbehov i din kommune", "Rutiner som må skrives",
                 "Robusthet ved ufrivillig fravær"):  # fmt: skip
        assert q[text].kind == QuestionKind.LONG_TEXT
    assert q["Antall ansatte i tjenesten"].kind == QuestionKind.NUMBER
    assert q["Antall pasienter/brukere"].kind == QuestionKind.NUMBER
    assert s.status == SurveyStatus.DRAFT and s.series == services.DEFAULT_TEMPLATE


def test_municipality_draft_is_shared_and_submitted_once(ctx, users, make_survey):
    s = survey(make_survey())
    values = complete(s)
    assert answering.save_answers(users["member"], s, values, submit=False) == {}
    state = answering.answer_state(s, users["colleague"])
    assert (
        not state.submitted and state.values[questions_of(s)["Antall ansatte i tjenesten"].id] == 12
    )
    assert answering.save_answers(users["colleague"], s, values, submit=True) == {}
    db.session.commit()
    assert answering.answer_state(s, users["member"]).submitted
    with pytest.raises(SurveyError, match="Kommunen har allerede sendt inn"):
        answering.save_answers(users["member"], s, values, submit=True)
    assert not answering.answer_state(s, users["other"]).submitted


def test_missing_required_answers_keep_the_draft(ctx, users, make_survey):
    s = survey(make_survey())
    values = complete(s)
    matrix_id = questions_of(s)["matrix"].id
    del values[matrix_id]["Angst"]
    values[matrix_id]["LAR"] = {"level": "", "need": "", "priority": False}
    errors = answering.save_answers(users["member"], s, values, submit=True)
    assert "Fyll ut nivå og behov for alle områdene" in errors[matrix_id]
    assert "Angst" in errors[matrix_id] and "LAR" in errors[matrix_id]
    db.session.commit()
    state = answering.answer_state(s, users["member"])
    assert not state.submitted
    assert state.values[matrix_id]["PMTO"] == {"level": 3, "need": 3, "priority": False}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"level": "7", "need": "3"}, "Nivå og behov må være et tall fra 1 til 5 (KID-kurs)"),
        ({"level": "0", "need": "3"}, "Nivå og behov må være et tall fra 1 til 5"),
        ({"level": "tre", "need": "3"}, "Nivå og behov må være et tall fra 1 til 5"),
        ({"level": "3", "need": ""}, "Fyll ut både nivå og behov for KID-kurs"),
        ({"level": "", "need": "", "priority": True}, "Fyll ut både nivå og behov for KID-kurs"),
    ],
)
def test_out_of_range_matrix_values_are_refused(ctx, users, make_survey, row, message):
    s = survey(make_survey())
    values = complete(s)
    matrix_id = questions_of(s)["matrix"].id
    values[matrix_id]["KID-kurs"] = row
    errors = answering.save_answers(users["member"], s, values, submit=True)
    assert message in errors[matrix_id]
    assert not answering.answer_state(s, users["member"]).submitted


@pytest.mark.parametrize("raw", ["-1", "1000001", "12,5", "mange"])
def test_numbers_must_be_whole_and_in_range(ctx, users, make_survey, raw):
    s = survey(make_survey())
    staff = questions_of(s)["Antall ansatte i tjenesten"].id
    values = complete(s)
    values[staff] = raw
    errors = answering.save_answers(users["member"], s, values, submit=False)
    assert errors == {staff: "Skriv et helt tall fra 0 til 1 000 000."}
    # The rest of the draft is saved; the bad number is not.
    state = answering.answer_state(s, users["member"])
    assert staff not in state.values and questions_of(s)["matrix"].id in state.values


def test_choice_scale_and_text_checks(ctx, users, make_survey):
    s = survey(make_survey(open_it=False))
    section = s.sections[0]
    single = services.add_question(users["moderator"], s, section, "single", "Har dere ROP-team?",
                                   required=True, options=["Ja", "Nei"])  # fmt: skip
    multiple = services.add_question(users["moderator"], s, section, "multiple", "Hvilke kurs?",
                                     options=["MI", "KID", "PMTO"])  # fmt: skip
    scale = services.add_question(users["moderator"], s, section, "scale", "Hvor robuste?")
    short = services.add_question(users["moderator"], s, section, "short_text", "Kontakt")
    services.open_survey(users["moderator"], s)
    values = complete(s)
    values.update({single.id: "Kanskje", multiple.id: ["MI", "Ukjent"], scale.id: "6",
                   short.id: "x" * 201})  # fmt: skip
    errors = answering.save_answers(users["member"], s, values, submit=True)
    assert errors == {
        single.id: "Velg et av alternativene.",
        multiple.id: "Velg blant alternativene.",
        scale.id: "Velg en verdi fra 1 til 5.",
        short.id: "Teksten kan ikke være lengre enn 200 tegn (den har 201).",
    }
    values.update({single.id: "", multiple.id: ["PMTO", "MI"], scale.id: "4", short.id: "Kari"})
    errors = answering.save_answers(users["member"], s, values, submit=True)
    assert errors == {single.id: "Svar på dette spørsmålet."}
    values[single.id] = "Ja"
    assert answering.save_answers(users["member"], s, values, submit=True) == {}
    saved = answering.answer_state(s, users["member"]).values
    assert saved[multiple.id] == ["MI", "PMTO"] and saved[scale.id] == 4


def test_no_answers_after_close_or_before_opening(ctx, users, make_survey):
    s = survey(make_survey())
    values = complete(s)
    with pytest.raises(SurveyError, match="stengt"):
        answering.save_answers(users["member"], s, values, submit=False, today=a_date(31))
    with pytest.raises(SurveyError, match="ikke åpnet"):
        answering.save_answers(users["member"], s, values, submit=False, today=a_date(-2))
    services.close_survey(users["moderator"], s)
    with pytest.raises(SurveyError, match="Kartleggingen er stengt"):
        answering.save_answers(users["member"], s, values, submit=True)
    draft = survey(make_survey(open_it=False))
    with pytest.raises(SurveyError, match="ikke åpnet"):
        answering.save_answers(users["member"], draft, complete(draft), submit=False)


def test_editing_after_submit_only_when_allowed(ctx, users, make_survey):
    s = survey(make_survey(allow_edit=True))
    staff = questions_of(s)["Antall ansatte i tjenesten"].id
    values = complete(s)
    answering.save_answers(users["member"], s, values, submit=True)
    values[staff] = "15"
    assert answering.save_answers(users["colleague"], s, values, submit=True) == {}
    assert answering.answer_state(s, users["member"]).values[staff] == 15
    values[staff] = "femten"
    errors = answering.save_answers(users["member"], s, values, submit=True)
    assert staff in errors
    assert answering.answer_state(s, users["member"]).values[staff] == 15  # sent answer intact


def test_questions_are_frozen_after_the_first_answer(ctx, users, make_survey):
    s = survey(make_survey())
    section = s.sections[1]
    question = services.add_question(users["moderator"], s, section, "long_text", "Annet?")
    services.move_question(users["moderator"], s, question, -1)
    assert section.questions[-2] is question
    answering.save_answers(users["member"], s, complete(s), submit=False)
    with pytest.raises(SurveyError, match="Spørsmålene kan ikke endres"):
        services.add_question(users["moderator"], s, section, "long_text", "Enda et")
    with pytest.raises(SurveyError, match="Spørsmålene kan ikke endres"):
        services.delete_question(users["moderator"], s, question)
    with pytest.raises(SurveyError, match="Spørsmålene kan ikke endres"):
        services.move_question(users["moderator"], s, question, 1)
    with pytest.raises(SurveyError, match="Spørsmålene kan ikke endres"):
        services.add_section(users["moderator"], s, "Ny del")


def test_question_needs_options_for_choices_and_matrix(ctx, users, make_survey):
    s = survey(make_survey(open_it=False))
    section = s.sections[0]
    with pytest.raises(SurveyError, match="minst to alternativer"):
        services.add_question(users["moderator"], s, section, "single", "Velg", options=["Ja"])
    with pytest.raises(SurveyError, match="minst ett kompetanseområde"):
        services.add_question(users["moderator"], s, section, "matrix", "Kompetanse", options=[])
    with pytest.raises(SurveyError, match="bare stå én gang"):
        services.add_question(users["moderator"], s, section, "multiple", "V", options=["A", "A"])


def test_anonymous_can_never_become_identified(ctx, users, make_survey):
    s = survey(make_survey(anonymous=True, audience="member"))
    with pytest.raises(SurveyError, match="aldri gjøres om"):
        services.update_settings(
            users["moderator"], s, settings(anonymous=False, audience="member")
        )
    with pytest.raises(SurveyError, match="kan svaret ikke endres etterpå"):
        services.update_settings(
            users["moderator"], s, settings(anonymous=True, audience="member", allow_edit=True)
        )
    with pytest.raises(SurveyError, match="Stengedatoen"):
        services.update_settings(users["moderator"], s, settings(closes_on=a_date(-5)))
    services.update_settings(
        users["moderator"], s, settings(anonymous=True, audience="member", title="Ny")
    )
    assert s.title == "Ny" and s.anonymous


def test_identified_survey_may_become_anonymous_only_before_answers(ctx, users, make_survey):
    s = survey(make_survey())
    answering.save_answers(users["member"], s, complete(s), submit=False)
    with pytest.raises(SurveyError, match="etter at det første svaret"):
        services.update_settings(users["moderator"], s, settings(anonymous=True))


def test_dashboard_list_until_answered(ctx, users, make_survey, make_user):
    s = survey(make_survey(contact_only=True))
    contact = make_user(municipality="Bodø", is_contact=True)
    assert answering.open_surveys_to_answer(contact) == [s]
    assert answering.open_surveys_to_answer(users["member"]) == []  # not the contact person
    assert answering.open_surveys_to_answer(users["moderator"]) == []
    answering.save_answers(contact, s, complete(s), submit=True)
    assert answering.open_surveys_to_answer(contact) == []


def test_new_round_is_compared_per_municipality(ctx, users, make_survey):
    first = survey(make_survey(opens_on=a_date(-400), closes_on=a_date(-1)))
    weak = {"ROP / sammensatte lidelser": (1, 5), "LAR": (2, 4)}
    answering.save_answers(
        users["member"], first, complete(first, 2, 3, weak), submit=True, today=a_date(-399)
    )
    answering.save_answers(
        users["other"], first, complete(first, 3, 3), submit=True, today=a_date(-399)
    )
    services.close_survey(users["moderator"], first)
    second = services.new_round(users["moderator"], first, a_date(-1), a_date(30))
    assert second.series == first.series and second.status == SurveyStatus.DRAFT
    assert [q.text for q in second.ordered_questions()] == [
        q.text for q in first.ordered_questions()
    ]
    services.open_survey(users["moderator"], second)
    answering.save_answers(users["member"], second, complete(second, 3, 3), submit=True)
    db.session.commit()
    earlier, changes, names = reporting.compare(second)
    assert earlier is first
    by_name = {names[c.group]: c for c in changes}
    bodo = by_name["Bodø"]
    # Before: 25 areas at 2/3, ROP 1/5, LAR 2/4 -> level (25*2+1+2)/27, need (25*3+5+4)/27.
    assert bodo.level_before == pytest.approx(53 / 27) and bodo.level_now == 3
    assert bodo.need_before == pytest.approx(84 / 27) and bodo.need_now == 3
    assert (bodo.gaps_before, bodo.gaps_now) == (2, 0)
    assert by_name["Fauske"].level_now is None and by_name["Fauske"].level_before == 3


def test_gap_becomes_an_agenda_item_on_a_theme_day(ctx, users, make_survey, place):
    s = survey(make_survey())
    weak = {"ROP / sammensatte lidelser": (1, 5)}
    answering.save_answers(users["member"], s, complete(s, 3, 3, weak), submit=True)
    answering.save_answers(users["other"], s, complete(s, 3, 3, weak), submit=True)
    samling = Samling(title="Høstsamling", season=a_date(20).year)
    db.session.add(samling)
    old = SamlingDay(samling=samling, date=a_date(-10), kind=DayKind.THEME)
    project = SamlingDay(samling=samling, date=a_date(20), kind=DayKind.PROJECT, position=2)
    theme = SamlingDay(samling=samling, date=a_date(21), kind=DayKind.THEME, position=3,
                       start_time=time(9), end_time=time(15))  # fmt: skip
    db.session.add_all([old, project, theme])
    db.session.flush()
    assert reporting.agenda_days() == [project, theme]  # date order, the past day left out
    gap = reporting.results(s, detailed=True, min_groups=2).gaps[0]
    assert gap.area == "ROP / sammensatte lidelser" and gap.count == 2
    item = reporting.gap_to_agenda(users["moderator"], s, gap, theme, time(10))
    db.session.commit()
    stored = db.session.scalars(select(AgendaItem)).one()
    assert stored.id == item.id and stored.day_id == theme.id
    assert stored.title == "Temadag: ROP / sammensatte lidelser"
    assert "2 kommuner" in stored.description
    with pytest.raises(SurveyError, match="utenfor dagen"):
        reporting.gap_to_agenda(users["moderator"], s, gap, theme, time(20))

"""Every survey page, the forms with bad input, exports parsed back, and the agenda hand-off."""

import csv
import io
from datetime import time

from openpyxl import load_workbook
from sqlalchemy import select

from portal.audit import AuditEvent
from portal.extensions import db
from portal.meetings.models import AgendaItem, DayKind, Samling, SamlingDay
from portal.surveys import answering, services
from portal.surveys.models import Survey, SurveyQuestion, SurveyStatus
from tests.helpers import login, submit, text
from tests.surveys.conftest import a_date, complete, questions_of, survey

ROP = "ROP / sammensatte lidelser"


def form_data(s: Survey, values: dict) -> dict:
    """Turn service-shaped answers into the answer form's field names."""
    data = {}
    for q in s.ordered_questions():
        value = values.get(q.id)
        if q.kind == "matrix":
            for i, area in enumerate(q.options):
                row = (value or {}).get(area, {})
                data[f"q{q.id}-{i}-level"] = row.get("level", "")
                data[f"q{q.id}-{i}-need"] = row.get("need", "")
                if row.get("priority"):
                    data[f"q{q.id}-{i}-priority"] = "y"
        elif value is not None:
            data[f"q{q.id}"] = value
    return data


def answered(app, users, make_survey, **overrides) -> int:
    """A survey answered by Bodø (gap in ROP) and Fauske (gap in ROP)."""
    survey_id = make_survey(**overrides)
    with app.app_context():
        s = survey(survey_id)
        today = s.opens_on
        weak = {ROP: (1, 5)}
        answering.save_answers(users["member"], s, complete(s, 3, 3, weak, **{
            "Rutiner som må skrives": "=HYPERLINK(\"http://x\")"}), submit=True, today=today)  # fmt: skip
        answering.save_answers(users["other"], s, complete(s, 2, 4, weak), submit=True, today=today)
        db.session.commit()
    return survey_id


def test_coordinator_pages(app, client, users, make_survey):
    survey_id = answered(app, users, make_survey)
    login(client, users["moderator"])
    base = f"/kartlegginger/{survey_id}"
    for url in ("/kartlegginger", "/kartlegginger/ny", base, f"{base}/rediger", f"{base}/sporsmal",
                f"{base}/resultater", f"{base}/resultater?n=1", f"{base}/sammenlign"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
    detail = text(client.get(base))
    assert "2 innsendte svar fra 2 av 10 kommuner" in detail
    results = text(client.get(f"{base}/resultater?n=2"))
    assert "2: Bodø, Fauske" in results  # ROP: both municipalities report a gap
    assert 'role="img"' in results and '<title id="varmekart-tittel">' in results
    assert "Vis varmekartet som tabell" in results
    assert "Det finnes ingen kommende samlingsdager" in results
    assert "Ingen områder der minst 3 kommuner" in text(client.get(f"{base}/resultater?n=3"))
    not_whole = text(client.get(f"{base}/resultater?n=14.5"))
    assert "Skriv et helt tall fra 1 til 999. Listen viser nå 2." in not_whole
    assert 'value="14.5"' in not_whole
    svg = client.get(f"{base}/varmekart.svg")
    assert svg.mimetype == "image/svg+xml"
    body = text(svg)
    assert body.startswith("<?xml") and "+4,0" in body and "Bodø" in body  # value in the cell
    assert "Det finnes ingen tidligere runde" in text(client.get(f"{base}/sammenlign"))


def test_member_sees_aggregates_and_own_answers_only(app, client, users, make_survey):
    survey_id = answered(app, users, make_survey)
    login(client, users["member"])
    base = f"/kartlegginger/{survey_id}"
    assert "Kompetansekartlegging 2026" in text(client.get("/kartlegginger"))
    assert client.get(base).status_code == 200
    results = text(client.get(f"{base}/resultater"))
    assert "Kompetanse i nettverket samlet" in results
    assert "Fauske" not in results and "varmekart-tittel" not in results
    assert "Tekstsvarene vises bare for koordinatoren" in results
    own = text(client.get(f"{base}/vart-svar"))
    assert "Innsendte svar fra Bodø" in own and "HYPERLINK" in own
    for url in (f"{base}/varmekart.svg", f"{base}/sammenlign", f"{base}/eksport.csv",
                f"{base}/rediger", f"{base}/sporsmal", "/kartlegginger/ny"):  # fmt: skip
        assert client.get(url).status_code == 403, url


def test_shared_identified_survey_shows_members_the_heatmap(app, client, users, make_survey):
    survey_id = answered(app, users, make_survey, share_results=True)
    login(client, users["other"])
    results = text(client.get(f"/kartlegginger/{survey_id}/resultater"))
    assert "varmekart-tittel" in results and "2: Bodø, Fauske" in results
    assert client.get(f"/kartlegginger/{survey_id}/eksport.csv").status_code == 403


def test_drafts_are_hidden_from_members(app, client, users, make_survey):
    survey_id = make_survey(open_it=False)
    login(client, users["member"])
    assert "Kompetansekartlegging 2026" not in text(client.get("/kartlegginger"))
    assert client.get(f"/kartlegginger/{survey_id}").status_code == 403
    assert client.get(f"/kartlegginger/{survey_id}/svar").status_code == 403


def test_moderator_builds_a_survey_from_scratch(app, client, users, network):
    login(client, users["moderator"])
    response = submit(client, "/kartlegginger/ny", {
        "template": "", "title": "Robusthet", "opens_on": str(a_date(0)),
        "closes_on": str(a_date(-1)), "audience": "member"})  # fmt: skip
    assert response.status_code == 200
    assert "Stengedatoen kan ikke være før åpningsdatoen." in text(response)
    assert 'value="Robusthet"' in text(response)
    response = submit(client, "/kartlegginger/ny", {
        "template": "", "title": "Robusthet", "opens_on": str(a_date(0)),
        "closes_on": str(a_date(10)), "audience": "member"})  # fmt: skip
    assert response.status_code == 302
    page = response.location
    survey_id = int(page.split("/")[2])
    assert (
        submit(
            client, page, {"title": "Bemanning"}, f"/kartlegginger/{survey_id}/deler"
        ).status_code
        == 302
    )
    with app.app_context():
        section_id = survey(survey_id).sections[0].id
    bad = submit(client, page, {"section": section_id, "kind": "single", "text": "Har dere vakt?",
                                "options": "Ja"}, f"/kartlegginger/{survey_id}/sporsmal/nytt")  # fmt: skip
    assert bad.status_code == 409 and "minst to alternativer" in text(bad)
    assert "Har dere vakt?" in text(bad)  # what was typed is kept
    ok = submit(client, page, {"section": section_id, "kind": "single", "text": "Har dere vakt?",
                               "options": "Ja\nNei\n", "required": "y"},
                f"/kartlegginger/{survey_id}/sporsmal/nytt")  # fmt: skip
    assert ok.status_code == 302
    assert submit(client, page, {}, f"/kartlegginger/{survey_id}/apne").status_code == 302
    with app.app_context():
        s = survey(survey_id)
        assert s.status == SurveyStatus.OPEN
        assert [(q.text, q.options, q.required) for q in s.questions] == [
            ("Har dere vakt?", ["Ja", "Nei"], True)
        ]


def test_answer_form_keeps_bad_input_and_explains_in_norwegian(app, client, users, make_survey):
    survey_id = make_survey()
    with app.app_context():
        s = survey(survey_id)
        values = complete(s)
        q = questions_of(s)
        data = form_data(s, values)
        matrix_id, staff = q["matrix"].id, q["Antall ansatte i tjenesten"].id
    page = f"/kartlegginger/{survey_id}/svar"
    login(client, users["member"])
    data[f"q{staff}"] = "mange"
    data[f"q{matrix_id}-0-level"] = ""
    data[f"q{q['Rutiner som må skrives'].id}"] = "Rutine for alenearbeid"
    response = submit(client, page, {**data, "handling": "send"})
    body = text(response)
    assert response.status_code == 400
    assert "Noen svar må rettes før skjemaet kan sendes inn" in body
    assert "Skriv et helt tall fra 0 til 1 000 000." in body
    assert "Fyll ut både nivå og behov for KID-kurs." in body
    assert 'value="mange"' in body and "Rutine for alenearbeid" in body
    with app.app_context():
        state = answering.answer_state(survey(survey_id), users["member"])
        assert not state.submitted and state.values[q["Rutiner som må skrives"].id]
    data[f"q{staff}"] = "9"
    data[f"q{matrix_id}-0-level"] = "2"
    done = submit(client, page, {**data, "handling": "send"})
    assert done.status_code == 302
    assert "Svaret er sendt inn. Takk!" in text(client.get(done.location))
    again = submit(client, page, {**data, "handling": "send"}, page)
    assert again.status_code == 409
    assert "Kommunen har allerede sendt inn svar" in text(again)


def test_answer_after_close_keeps_what_was_typed(app, client, users, make_survey):
    survey_id = make_survey()
    with app.app_context():
        s = survey(survey_id)
        data = form_data(s, complete(s))
        long_text = questions_of(s)["Robusthet ved ufrivillig fravær"].id
    data[f"q{long_text}"] = "Vi er sårbare i ferier"
    page = f"/kartlegginger/{survey_id}/svar"
    login(client, users["member"])
    token_page = text(client.get(page))
    assert "Send inn" in token_page
    with app.app_context():
        services.close_survey(users["moderator"], survey(survey_id))
        db.session.commit()
    response = submit(client, page, {**data, "handling": "utkast"})
    assert response.status_code == 409
    assert "Kartleggingen er stengt" in text(response)
    assert "Vi er sårbare i ferier" in text(response)


def test_questions_frozen_after_first_answer_via_the_page(app, client, users, make_survey):
    survey_id = make_survey()
    with app.app_context():
        s = survey(survey_id)
        answering.save_answers(users["member"], s, complete(s), submit=False)
        db.session.commit()
        section_id = s.sections[0].id
        question_id = s.questions[0].id
    login(client, users["moderator"])
    page = f"/kartlegginger/{survey_id}/sporsmal"
    assert "spørsmålene er låst" in text(client.get(page))
    response = submit(client, page, {"section": section_id, "kind": "long_text", "text": "Nytt"},
                      f"/kartlegginger/{survey_id}/sporsmal/nytt")  # fmt: skip
    assert response.status_code == 409 and "Spørsmålene kan ikke endres" in text(response)
    deleted = submit(client, page, {}, f"/kartlegginger/{survey_id}/sporsmal/{question_id}/slett")
    assert "Spørsmålene kan ikke endres" in text(client.get(deleted.location))
    with app.app_context():
        assert db.session.get(SurveyQuestion, question_id) is not None


def test_anonymous_survey_cannot_be_made_identified_in_the_form(app, client, users, make_survey):
    survey_id = make_survey(anonymous=True, audience="member")
    login(client, users["moderator"])
    page = f"/kartlegginger/{survey_id}/rediger"
    response = submit(client, page, {"title": "Åpen nå", "opens_on": str(a_date(-1)),
                                     "closes_on": str(a_date(30)), "audience": "member"})  # fmt: skip
    assert response.status_code == 200
    assert "En anonym kartlegging kan aldri gjøres om" in text(response)
    with app.app_context():
        assert survey(survey_id).anonymous and survey(survey_id).title != "Åpen nå"


def test_raw_exports_parse_back_and_are_audited(app, client, users, make_survey):
    survey_id = answered(app, users, make_survey)
    login(client, users["moderator"])
    response = client.get(f"/kartlegginger/{survey_id}/eksport.csv")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    header, data = rows[0], rows[1:]
    assert header[:3] == ["Kommune", "Besvart av", "Sendt inn"]
    assert [r[0] for r in data] == ["Bodø", "Fauske"]
    assert [r[1] for r in data] == ["Kari Bodø", "Hilde Fauske"]
    rop = header.index(f"{ROP} – nivå")
    assert [r[rop] for r in data] == ["1", "1"]
    assert [r[header.index(f"{ROP} – prioritert")] for r in data] == ["ja", "ja"]
    assert data[0][header.index("Antall ansatte i tjenesten")] == "12"
    assert data[0][header.index("Rutiner som må skrives")] == '\'=HYPERLINK("http://x")'

    xlsx = client.get(f"/kartlegginger/{survey_id}/eksport.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == header
    assert values[2][0] == "Fauske" and values[2][header.index(f"{ROP} – behov")] == 5
    assert values[1][header.index("Rutiner som må skrives")].startswith("'=")

    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "survey.exported")
        ).all()
        assert [e.detail for e in events] == ["raw,csv", "raw,xlsx"]
        assert all(e.actor_id == users["moderator"].id for e in events)
    assert client.get(f"/kartlegginger/{survey_id}/eksport.pdf").status_code == 404


def test_anonymous_exports_are_aggregates_with_small_groups_hidden(
    app, client, users, make_survey, make_user
):
    survey_id = make_survey(anonymous=True, audience="member")
    saltdal = [make_user(municipality="Saltdal") for _ in range(3)]
    with app.app_context():
        s = survey(survey_id)
        answering.save_answers(users["member"], s, complete(s, 1, 5), submit=True)  # Bodø: 1
        for person in saltdal:
            answering.save_answers(person, s, complete(s, 2, 4), submit=True)
        db.session.commit()
    login(client, users["moderator"])
    rows = list(csv.reader(io.StringIO(
        client.get(f"/kartlegginger/{survey_id}/eksport.csv").data.decode("utf-8-sig")), delimiter=";"))  # fmt: skip
    assert rows[0] == [
        "Spørsmål",
        "Område eller alternativ",
        "Kommune",
        "Antall svar",
        "Mål",
        "Verdi",
    ]
    rop = [r for r in rows[1:] if r[1] == ROP]
    # Bodø (1 answer) hidden, Saltdal hidden with it so the total cannot be split; total shown.
    assert ["Kompetanse i tjenesten", ROP, "Bodø", "", "Nivå", "skjult (færre enn 3 svar)"] in rop
    assert any(r[2] == "Saltdal" and r[5].startswith("skjult") for r in rop)
    assert ["Kompetanse i tjenesten", ROP, "Alle", "4", "Nivå (snitt)", "1.75"] in rop
    assert not any(users["member"].name in ";".join(r) for r in rows)
    sheet = load_workbook(
        io.BytesIO(client.get(f"/kartlegginger/{survey_id}/eksport.xlsx").data)
    ).active
    assert next(sheet.iter_rows(values_only=True))[0] == "Spørsmål"
    with app.app_context():
        details = db.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "survey.exported")
        ).all()
        assert details == ["aggregate,csv", "aggregate,xlsx"]


def test_gap_goes_onto_a_samling_day(app, client, users, make_survey):
    survey_id = answered(app, users, make_survey)
    with app.app_context():
        samling = Samling(title="Vårsamling", season=a_date(30).year)
        day = SamlingDay(samling=samling, date=a_date(30), kind=DayKind.THEME,
                         start_time=time(9), end_time=time(15))  # fmt: skip
        db.session.add_all([samling, day])
        db.session.commit()
        day_id = day.id
    login(client, users["moderator"])
    page = f"/kartlegginger/{survey_id}/resultater"
    assert "Vårsamling" in text(client.get(page))
    response = submit(client, page, {"area": ROP, "day": day_id, "start_time": "10:00"},
                      f"/kartlegginger/{survey_id}/til-program?n=2")  # fmt: skip
    assert response.status_code == 302
    assert f"«{ROP}» er satt på programmet for Vårsamling." in text(client.get(response.location))
    wrong = submit(
        client,
        page,
        {"area": "Astrologi", "day": day_id},
        f"/kartlegginger/{survey_id}/til-program",
    )
    assert "ikke et kompetansegap" in text(client.get(wrong.location))
    with app.app_context():
        items = db.session.scalars(select(AgendaItem)).all()
        assert [(i.title, i.day_id, i.start_time) for i in items] == [
            (f"Temadag: {ROP}", day_id, time(10))
        ]
    member = app.test_client()
    login(member, users["member"])
    assert submit(member, "/kartlegginger", {"area": ROP, "day": day_id},
                  f"/kartlegginger/{survey_id}/til-program").status_code == 403  # fmt: skip


def test_dashboard_panel_lists_open_surveys_to_answer(app, client, users, make_survey, make_user):
    make_survey(contact_only=True)
    contact = make_user(municipality="Bodø", is_contact=True)
    login(client, contact)
    assert "Kartlegginger som venter på svar" in text(client.get("/"))
    colleague = app.test_client()
    login(colleague, users["member"])
    assert "Kartlegginger som venter på svar" not in text(colleague.get("/"))


def test_new_round_and_comparison_pages(app, client, users, make_survey):
    survey_id = answered(app, users, make_survey, opens_on=a_date(-400), closes_on=a_date(-300))
    login(client, users["moderator"])
    base = f"/kartlegginger/{survey_id}"
    response = submit(client, base, {"opens_on": str(a_date(-1)), "closes_on": str(a_date(20))},
                      f"{base}/ny-runde")  # fmt: skip
    new_id = int(response.location.rstrip("/").split("/")[-1])
    assert new_id != survey_id
    submit(client, f"/kartlegginger/{new_id}", {}, f"/kartlegginger/{new_id}/apne")
    with app.app_context():
        s = survey(new_id)
        answering.save_answers(users["member"], s, complete(s, 3, 3), submit=True)
        db.session.commit()
    body = text(client.get(f"/kartlegginger/{new_id}/sammenlign"))
    assert "Endring siden forrige runde" in body and "Bodø" in body
    assert "+0,1" in body  # Bodø level: before (26*3+1)/27 = 2.93, now 3.0

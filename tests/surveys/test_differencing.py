"""The differencing attack on an anonymous survey: download, one more answer, download again."""

import csv
import io

import pytest

from portal.extensions import db
from portal.surveys import answering, services
from tests.helpers import login
from tests.surveys.conftest import complete, questions_of, survey

ROP = "ROP / sammensatte lidelser"


def _level_mean(client, survey_id: int) -> tuple[int, float] | None:
    """The attacker's step: (n, mean level of ROP for everyone) from the CSV, if it is given."""
    reply = client.get(f"/kartlegginger/{survey_id}/eksport.csv")
    if reply.status_code != 200:
        return None
    rows = csv.reader(io.StringIO(reply.data.decode("utf-8-sig")), delimiter=";")
    for row in rows:
        if row[1] == ROP and row[2] == "Alle" and row[4] == "Nivå (snitt)":
            return int(row[3]), float(row[5])
    return None


@pytest.fixture
def open_anonymous(app, users, make_survey, make_user):
    """Nine members of two municipalities have answered an anonymous survey that is open."""
    survey_id = make_survey(anonymous=True, audience="member")
    people = [make_user(municipality="Saltdal") for _ in range(5)]
    people += [make_user(municipality="Fauske") for _ in range(4)]
    with app.app_context():
        s = survey(survey_id)
        for i, person in enumerate(people):
            answering.save_answers(person, s, complete(s, 2 + i % 3, 4), submit=True)
        db.session.commit()
    return survey_id


def test_nothing_to_download_or_see_while_open(app, client, users, open_anonymous):
    login(client, users["moderator"])
    before = _level_mean(client, open_anonymous)
    with app.app_context():
        s = survey(open_anonymous)
        answering.save_answers(users["member"], s, complete(s, 1, 5), submit=True)
        db.session.commit()
    after = _level_mean(client, open_anonymous)
    assert before is None and after is None  # nothing to subtract
    for path in ("eksport.csv", "eksport.xlsx", "varmekart.svg", "sammenlign"):
        assert client.get(f"/kartlegginger/{open_anonymous}/{path}").status_code == 403
    page = client.get(f"/kartlegginger/{open_anonymous}/resultater")
    body = page.data.decode()
    assert page.status_code == 200
    assert "blir tilgjengelige når den er stengt" in body
    assert "minst 10 innsendte svar" in body  # 10 answers, rounded down to a step of 5
    assert "2,8" not in body and "2.78" not in body and "Nivå" not in body


def test_after_close_no_answer_can_be_added_to_difference(app, client, users, open_anonymous):
    with app.app_context():
        services.close_survey(users["moderator"], survey(open_anonymous))
        db.session.commit()
    login(client, users["moderator"])
    before = _level_mean(client, open_anonymous)
    assert before is not None and before[0] == 9
    with app.app_context():
        s = survey(open_anonymous)
        with pytest.raises(services.SurveyError):
            answering.save_answers(users["member"], s, complete(s, 1, 5), submit=True)
        db.session.rollback()
    assert _level_mean(client, open_anonymous) == before


def test_detail_page_shows_rough_participation_and_the_guarantee(
    app, client, users, open_anonymous
):
    with app.app_context():
        s = survey(open_anonymous)
        answering.save_answers(users["member"], s, complete(s, 1, 5), submit=True)  # Bodø: 1
        db.session.commit()
    login(client, users["moderator"])
    body = client.get(f"/kartlegginger/{open_anonymous}").data.decode()
    assert "Minst 10 innsendte svar." in body
    listed = body.split("Deltakelse")[1].split("Kjør kartleggingen")[0]
    # Bodø (1 answer) is left out, and Fauske with it: Saltdal and the total can't reveal Bodø.
    assert "Saltdal: minst 5" in listed
    assert "Bodø" not in listed and "Fauske" not in listed
    assert "Slik er du anonym" in body
    member = app.test_client()
    login(member, users["other"])
    answer_page = member.get(f"/kartlegginger/{open_anonymous}/svar").data.decode()
    assert "Svaret ditt lagres uten navnet ditt og uten tidspunkt" in answer_page


def test_identified_surveys_still_export_while_open(app, client, users, make_survey):
    survey_id = make_survey()
    with app.app_context():
        s = survey(survey_id)
        answering.save_answers(users["member"], s, complete(s, 2, 4), submit=True)
        db.session.commit()
        assert questions_of(s)["matrix"]
    login(client, users["moderator"])
    assert _level_mean(client, survey_id) is None  # raw answers, not aggregates
    reply = client.get(f"/kartlegginger/{survey_id}/eksport.csv")
    assert reply.status_code == 200 and "Kari Bodø" in reply.data.decode("utf-8-sig")

"""The advisory unit: ask through the identifier gate, thread, statuses, answer time, visibility."""

import pytest
from sqlalchemy import select

from portal.advisory import services
from portal.advisory.models import Consultation, ConsultationStatus
from portal.extensions import db
from portal.identifier_gate import IdentifierGateError
from portal.mail import OutboxMessage
from tests.conftest import in_app_context
from tests.helpers import login, submit, text


def test_ask_answer_close_and_answer_time(ctx, users):
    consultation, notices = services.ask(users["member"], title="Samtykke", body="Hva kan vi si?")
    assert consultation.status == ConsultationStatus.RECEIVED
    assert {n.to for n in notices} == {users["legal"].email}
    services.reply(users["member"], consultation, "Et tillegg.")
    assert consultation.status == ConsultationStatus.RECEIVED
    _message, notices = services.reply(users["legal"], consultation, "Dere kan lytte og veilede.")
    assert consultation.status == ConsultationStatus.ANSWERED
    assert consultation.first_answered_at is not None
    assert [n.to for n in notices] == [users["member"].email]
    assert services.answer_time().answered == 1
    services.close(users["member"], consultation)
    with pytest.raises(services.AdvisoryError, match="lukket"):
        services.reply(users["legal"], consultation, "Sent svar")


def test_identifier_gate_and_empty_text(ctx, users):
    with pytest.raises(IdentifierGateError):
        services.ask(users["member"], title="Hjelp", body="Kari Nordmann ringer oss daglig.")
    with pytest.raises(services.AdvisoryError, match="Skriv"):
        services.ask(users["member"], title="Hjelp", body="   ")
    consultation, _n = services.ask(
        users["member"], title="Hjelp", body="Kari Nordmann ringer oss daglig.",
        identifier_reason="Oppdiktet navn i et eksempel",
    )  # fmt: skip
    assert consultation.messages[0].identifier_reason == "Oppdiktet navn i et eksempel"


def test_named_advisers_join_the_unit(ctx, users, make_user):
    adviser = make_user(municipality="Steigen")
    services.add_adviser(users["moderator"], adviser)
    with pytest.raises(services.AdvisoryError, match="allerede"):
        services.add_adviser(users["moderator"], adviser)
    assert {u.id for u in services.unit_members()} == {users["legal"].id, adviser.id}
    consultation, _n = services.ask(users["member"], title="Spørsmål", body="Tekst")
    services.reply(adviser, consultation, "Svar")
    assert consultation.status == ConsultationStatus.ANSWERED


def test_thread_is_seen_by_municipality_and_unit_only(app, client, users):
    login(client, users["member"])
    page = submit(client, "/radgivning/ny", {
        "title": "Pårørende ringer", "case_id": "", "body": "Hva kan vi si?", "identifier_reason": "",
    }, follow_redirects=True)  # fmt: skip
    assert "Spørsmålet er sendt til rådgivende enhet." in text(page)
    assert "ikke journal" in text(page)
    with in_app_context(app):
        consultation_id = db.session.scalar(select(Consultation.id))
        assert users["legal"].email in db.session.scalars(select(OutboxMessage.recipient)).all()
    url = f"/radgivning/{consultation_id}"
    visitors = {}
    for who, status in [("legal", 200), ("other", 403), ("moderator", 403)]:
        visitors[who] = app.test_client()
        login(visitors[who], users[who])
        assert visitors[who].get(url).status_code == status, who
    legal, other = visitors["legal"], visitors["other"]
    assert "Spørsmål til rådgivende enhet" in text(legal.get("/"))  # waiting on the start page
    answered = submit(legal, url, {"body": "Dere kan lytte.", "identifier_reason": ""},
                      follow_redirects=True)  # fmt: skip
    assert "Besvart" in text(answered) and "Dere kan lytte." in text(answered)
    held = submit(legal, url, {"body": "Ring Per Hansen på 912 34 567", "identifier_reason": ""})
    assert "pasientopplysninger" in text(held) and "Ring Per Hansen på 912 34 567" in text(held)
    assert "Pårørende ringer" not in text(legal.get("/"))  # answered: no longer waiting
    queue = text(legal.get("/radgivning/"))
    assert "Pårørende ringer" in queue and "Median svartid" in queue
    assert "Pårørende ringer" not in text(other.get("/radgivning/"))


def test_moderator_names_advisers(app, client, users, make_user):
    adviser = make_user(municipality="Steigen", name="Siri Rådgiver")
    login(client, users["moderator"])
    page = submit(client, "/radgivning/enheten", {"user_id": adviser.id}, follow_redirects=True)
    assert "Rådgiveren er lagt til." in text(page) and "Siri Rådgiver" in text(page)
    member = app.test_client()
    login(member, users["member"])
    assert member.get("/radgivning/enheten").status_code == 403

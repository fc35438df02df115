"""The start page keeps its panels a few seconds per login, never across people or own changes."""

from sqlalchemy import select

from portal.advisory.models import Consultation
from portal.extensions import db
from tests.conftest import in_app_context
from tests.helpers import login, submit, text

QUESTION = "Pårørende ringer"


def test_kept_panels_are_per_person_and_follow_their_own_changes(app, users, monkeypatch):
    monkeypatch.setitem(app.config, "DASHBOARD_CACHE_SECONDS", 600)
    member, legal, other = app.test_client(), app.test_client(), app.test_client()
    for client, who in [(member, "member"), (legal, "legal"), (other, "other")]:
        login(client, users[who])
    submit(member, "/radgivning/ny", {
        "title": QUESTION, "case_id": "", "body": "Hva kan vi si?", "identifier_reason": "",
    })  # fmt: skip
    with in_app_context(app):
        consultation_id = db.session.scalar(select(Consultation.id))

    assert QUESTION in text(legal.get("/"))  # waiting for the legal adviser
    assert QUESTION not in text(other.get("/"))  # the adviser's kept panels are theirs alone
    assert QUESTION in text(legal.get("/"))

    answered = submit(legal, f"/radgivning/{consultation_id}",
                      {"body": "Dere kan lytte.", "identifier_reason": ""})  # fmt: skip
    assert answered.status_code == 302
    assert QUESTION not in text(legal.get("/"))  # their own answer shows at once

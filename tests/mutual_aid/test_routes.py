"""Mutual-aid pages: status, request with the identifier gate, offer, accept, agreement, figures."""

import re
from datetime import date, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.mail import OutboxMessage
from portal.mutual_aid.models import AidAgreement, AidRequest, ServiceStatus
from tests.conftest import in_app_context
from tests.helpers import login, submit, text

START = date.today() + timedelta(days=10)
END = START + timedelta(days=20)


def request_form(**changes) -> dict:
    data = {
        "kind": "supervision",
        "competence": "ROP / sammensatte lidelser",
        "starts_on": START.isoformat(),
        "ends_on": END.isoformat(),
        "digital": "y",
        "place": "Ørnes",
        "body": "Veiledning i ROP-arbeid for to nyansatte.",
        "identifier_reason": "",
    }
    data.update(changes)
    return data


def test_contact_person_records_status_and_network_sees_history(app, client, make_user):
    contact = make_user(municipality="Meløy", is_contact=True)
    login(client, contact)
    bad = submit(client, "/bistand/status", {
        "service": "rus", "positions": "3,5", "vacancies": "-2", "long_absence": "1",
        "users_per_employee": "", "light": "red", "reason": "To borte",
    })  # fmt: skip
    assert bad.status_code == 200 and "Tallet kan ikke være negativt." in text(bad)
    assert 'value="To borte"' in text(bad)
    good = submit(client, "/bistand/status", {
        "service": "rus", "positions": "3,5", "vacancies": "2", "long_absence": "1",
        "users_per_employee": "21", "light": "red", "reason": "To borte",
    }, follow_redirects=True)  # fmt: skip
    page = text(good)
    assert "Statusen er lagret." in page and "To borte" in page and "3,5" in page
    with in_app_context(app):
        assert db.session.scalar(select(ServiceStatus.light)) == "red"
    member = make_user(municipality="Bodø")
    other = app.test_client()
    login(other, member)
    assert "To borte" in text(other.get("/bistand/"))
    assert other.get("/bistand/status").status_code == 403  # not a contact person


def test_request_with_identifier_is_held_and_text_kept(app, client, make_user):
    login(client, make_user(municipality="Meløy"))
    body = "Gjelder Ola Nordmann, telefon 912 34 567."
    response = submit(client, "/bistand/foresporsler/ny", request_form(body=body))
    page = text(response)
    assert "pasientopplysninger" in page and "912 34 567" in page
    assert body in page  # nothing typed is lost
    bad_period = submit(
        client,
        "/bistand/foresporsler/ny",
        request_form(ends_on=(START - timedelta(days=1)).isoformat()),
    )
    assert "Perioden kan ikke slutte før den begynner." in text(bad_period)
    with in_app_context(app):
        assert db.session.scalar(select(AidRequest)) is None


def test_request_offer_accept_and_agreement_with_mail(app, client, make_user):
    asker = make_user(municipality="Meløy", is_contact=True)
    helper = make_user(municipality="Bodø", is_contact=True)
    login(client, asker)
    posted = submit(client, "/bistand/foresporsler/ny", request_form(), follow_redirects=True)
    assert "Forespørselen er sendt til nettverket." in text(posted)
    with in_app_context(app):
        request_id = db.session.scalar(select(AidRequest.id))
        assert helper.email in db.session.scalars(select(OutboxMessage.recipient)).all()
    page = f"/bistand/foresporsler/{request_id}"
    own_offer = submit(client, page, {"kind": "supervision", "competence": "", "body": "Vi"},
                       action=f"{page}/tilby", follow_redirects=True)  # fmt: skip
    assert "Dere kan ikke tilby hjelp til deres egen forespørsel." in text(own_offer)

    bodo = app.test_client()
    login(bodo, helper)
    offered = submit(bodo, page, {"kind": "supervision", "competence": "", "body": "To timer i uka"},
                     action=f"{page}/tilby", follow_redirects=True)  # fmt: skip
    assert "Tilbudet er sendt." in text(offered)
    with in_app_context(app):
        assert asker.email in db.session.scalars(select(OutboxMessage.recipient)).all()

    listing = text(client.get(page))
    accept_url = re.search(r'href="(/bistand/foresporsler/\d+/godta/\d+)"', listing).group(1)
    accepted = submit(client, accept_url, {"what": "To timer i uka", "cost_settlement": "Ingen"},
                      follow_redirects=True)  # fmt: skip
    assert "avtalen er registrert" in text(accepted)
    again = submit(client, accept_url, {"what": "x", "cost_settlement": ""}, follow_redirects=True)
    assert "kan bare godtas én gang" in text(again)
    with in_app_context(app):
        assert len(db.session.scalars(select(AidAgreement)).all()) == 1
        agreement_id = db.session.scalar(select(AidAgreement.id))

    confirmed = submit(bodo, f"/bistand/avtaler/{agreement_id}", {
        "what": "To timer i uka", "starts_on": START.isoformat(), "ends_on": END.isoformat(),
        "cost_settlement": "Ingen kostnad",
    }, follow_redirects=True)  # fmt: skip
    assert "Avtalen er lagret." in text(confirmed) and "Ingen kostnad" in text(confirmed)
    outsider = app.test_client()
    login(outsider, make_user(municipality="Fauske"))
    assert outsider.get(f"/bistand/avtaler/{agreement_id}").status_code == 403
    figures = text(outsider.get("/bistand/nokkeltall"))
    assert "Bodø" in figures and "21 dager" in figures


def test_close_needs_an_evaluation(app, client, make_user):
    asker = make_user(municipality="Meløy")
    helper = make_user(municipality="Bodø")
    with in_app_context(app):
        from portal.mutual_aid import services

        request, _n = services.create_request(
            db.session.merge(asker), kind="staff", competence_area="", starts_on=START,
            ends_on=END, digital=False, place="", body="Ekstra hender.",
        )  # fmt: skip
        offer, _n = services.make_offer(
            db.session.merge(helper), request, kind="staff", competence_area="", body="Ja"
        )
        agreement, _n = services.accept_offer(
            db.session.merge(asker), request, offer, what="", cost_settlement=""
        )
        db.session.commit()
        agreement_id = agreement.id
    login(client, helper)
    page = f"/bistand/avtaler/{agreement_id}"
    empty = submit(client, page, {"evaluation": ""}, action=f"{page}/avslutt")
    assert empty.status_code == 400 and "evaluering" in text(empty)
    done = submit(client, page, {"evaluation": "Gikk fint."}, action=f"{page}/avslutt",
                  follow_redirects=True)  # fmt: skip
    assert "Avtalen er avsluttet" in text(done) and "Gikk fint." in text(done)


def test_start_page_panel_shows_open_requests_to_others(app, client, make_user):
    asker = make_user(municipality="Meløy")
    login(client, asker)
    submit(client, "/bistand/foresporsler/ny", request_form())
    other = app.test_client()
    login(other, make_user(municipality="Bodø"))
    page = text(other.get("/"))
    assert "Bistand i nettverket" in page and "Meløy" in page

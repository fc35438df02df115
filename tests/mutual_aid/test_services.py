"""Mutual-aid services: status history, requests through the identifier gate, offers, agreements."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.audit import AuditEvent
from portal.extensions import db
from portal.identifier_gate import IdentifierGateError
from portal.mutual_aid import services
from portal.mutual_aid.models import Light, RequestKind, RequestStatus
from portal.network.models import Municipality
from portal.surveys.models import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveySection,
    SurveyStatus,
)

TODAY = date.today()


def post_request(actor, **changes):
    """Post a supervision request in ROP for the actor's municipality."""
    data = dict(
        kind=RequestKind.SUPERVISION,
        competence_area="ROP / sammensatte lidelser",
        starts_on=TODAY + timedelta(days=7),
        ends_on=TODAY + timedelta(days=37),
        digital=True,
        place="",
        body="Veiledning i ROP-arbeid for to nyansatte.",
    )
    data.update(changes)
    request, notices = services.create_request(actor, **data)
    db.session.flush()
    return request, notices


def offer_to(actor, request, body="Vi kan ta to timer i uka."):
    offer, _notices = services.make_offer(
        actor, request, kind=RequestKind.SUPERVISION, competence_area="", body=body
    )
    return offer


def status(actor, **changes):
    data = dict(
        service="rus",
        positions=3.5,
        vacancies=1,
        long_absence=0,
        users_per_employee=20.0,
        light=Light.YELLOW,
        reason="Én vakanse",
    )
    data.update(changes)
    return services.record_status(actor, actor.municipality, **data)


def test_status_history_is_kept_and_current_is_the_newest(ctx, make_user):
    contact = make_user(municipality="Meløy", is_contact=True)
    status(contact, light=Light.RED, reason="To borte")
    status(contact, light=Light.GREEN, reason="")
    current = services.current_statuses(contact.network_id)
    assert current[(contact.municipality_id, "rus")].light == Light.GREEN
    assert [s.light for s in services.status_history(contact.municipality_id)] == ["red", "green"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"vacancies": -1}, "negative"),
        ({"positions": -0.5}, "negative"),
        ({"light": Light.RED, "reason": " "}, "begrunnelse"),
        ({"service": "nonsense"}, "tjeneste"),
    ],
)
def test_bad_status_is_refused_in_norwegian(ctx, make_user, changes, message):
    contact = make_user(municipality="Meløy", is_contact=True)
    with pytest.raises(services.AidError, match=message):
        status(contact, **changes)
    assert services.status_history(contact.municipality_id) == []


def test_request_notifies_other_contacts_not_own(ctx, make_user):
    asker = make_user(municipality="Meløy", is_contact=True)
    bodo = make_user(municipality="Bodø", is_contact=True, email="kontakt@bodo.example")
    make_user(municipality="Bodø", is_contact=False, email="vanlig@bodo.example")
    _request, notices = post_request(asker)
    recipients = {n.to for n in notices}
    assert bodo.email in recipients
    assert asker.email not in recipients and "vanlig@bodo.example" not in recipients


def test_period_ending_before_start_is_refused(ctx, make_user):
    asker = make_user(municipality="Meløy")
    with pytest.raises(services.AidError, match="slutte før"):
        post_request(asker, starts_on=TODAY + timedelta(days=5), ends_on=TODAY)


def test_request_with_identifier_needs_a_reason(ctx, make_user):
    asker = make_user(municipality="Meløy")
    body = "Gjelder Ola Nordmann, telefon 912 34 567, som trenger oppfølging."
    with pytest.raises(IdentifierGateError) as refused:
        post_request(asker, body=body)
    assert refused.value.findings
    assert "pasientopplysninger" in str(refused.value)
    request, _n = post_request(
        asker, body="Ring Storgata 12 for nøkkel.", identifier_reason="Kontoradressen vår"
    )
    assert request.identifier_reason == "Kontoradressen vår"


def test_no_offer_to_own_request_and_no_double_acceptance(ctx, make_user):
    asker = make_user(municipality="Meløy")
    colleague = make_user(municipality="Meløy")
    helper = make_user(municipality="Bodø")
    second = make_user(municipality="Fauske")
    request, _n = post_request(asker)
    with pytest.raises(services.AidError, match="egen forespørsel"):
        offer_to(colleague, request)
    first = offer_to(helper, request)
    other = offer_to(second, request)
    agreement, notices = services.accept_offer(asker, request, first, what="", cost_settlement="")
    assert request.status == RequestStatus.AGREED
    assert agreement.helper_municipality_id == helper.municipality_id
    assert agreement.what == first.body and agreement.days == 31
    with pytest.raises(services.AidError, match="én gang"):
        services.accept_offer(asker, request, other, what="", cost_settlement="")
    with pytest.raises(services.AidError, match="ikke lenger åpen"):
        offer_to(second, request)
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "aid.agreement_created" in actions


def test_agreement_is_confirmed_by_helper_and_closed_with_evaluation(ctx, make_user):
    asker = make_user(municipality="Meløy")
    helper = make_user(municipality="Bodø")
    request, _n = post_request(asker)
    agreement, _n = services.accept_offer(
        asker, request, offer_to(helper, request), what="To timer", cost_settlement=""
    )
    services.update_agreement(
        asker, agreement, what="To timer", starts_on=request.starts_on,
        ends_on=request.ends_on, cost_settlement="Ingen kostnad",
    )  # fmt: skip
    assert agreement.helper_confirmed_at is None
    with pytest.raises(services.AidError, match="slutte før"):
        services.update_agreement(
            helper, agreement, what="x", starts_on=request.ends_on,
            ends_on=request.starts_on, cost_settlement="",
        )  # fmt: skip
    services.update_agreement(
        helper, agreement, what="To timer", starts_on=request.starts_on,
        ends_on=request.ends_on, cost_settlement="Ingen kostnad",
    )  # fmt: skip
    assert agreement.helper_confirmed_by_id == helper.id
    with pytest.raises(services.AidError, match="evaluering"):
        services.close_agreement(helper, agreement, "  ")
    services.close_agreement(helper, agreement, "Nyttig for begge.")
    assert agreement.is_closed and request.status == RequestStatus.CLOSED


def test_standing_offer_and_withdrawal(ctx, make_user):
    helper = make_user(municipality="Bodø")
    standing = offer_to(helper, None, body="To veiledningstimer i måneden.")
    assert standing in services.standing_offers()
    services.withdraw_offer(helper, standing)
    assert services.standing_offers() == []
    with pytest.raises(services.AidError):
        services.withdraw_offer(helper, standing)


def add_competence_survey(creator, levels: dict[str, int]) -> None:
    """A released survey where each named municipality reports a level in ROP."""
    survey = Survey(
        network_id=creator.network_id, title="Kompetanse", opens_on=TODAY - timedelta(days=30),
        closes_on=TODAY - timedelta(days=1), status=SurveyStatus.CLOSED, created_by_id=creator.id,
    )  # fmt: skip
    section = SurveySection(survey=survey, title="Kompetanse")
    question = SurveyQuestion(
        survey=survey, section=section, kind=QuestionKind.MATRIX, text="Kompetanse",
        options=["ROP / sammensatte lidelser"],
    )  # fmt: skip
    db.session.add_all([survey, section, question])
    db.session.flush()
    for name, level in levels.items():
        place = db.session.scalar(select(Municipality).where(Municipality.name == name))
        response = SurveyResponse(survey=survey, municipality_id=place.id, submitted=True)
        db.session.add(response)
        db.session.flush()
        value = {"ROP / sammensatte lidelser": {"level": level, "need": 2, "priority": False}}
        db.session.add(SurveyAnswer(response_id=response.id, question_id=question.id, value=value))
    db.session.flush()


def test_matching_suggests_strong_green_municipalities(ctx, make_user, users):
    asker = make_user(municipality="Meløy")
    fauske = make_user(municipality="Fauske", is_contact=True)
    add_competence_survey(users["moderator"], {"Bodø": 5, "Fauske": 4, "Steigen": 2, "Meløy": 5})
    status(fauske, light=Light.RED, reason="Fullt")
    request, _n = post_request(asker)
    names = [m.municipality.name for m in services.suggest_helpers(request, asker.network_id)]
    assert names == ["Bodø"]  # Fauske is red, Steigen weak, Meløy is the asker


def test_key_figures_count_agreements_and_days_per_helper_and_year(ctx, make_user):
    asker = make_user(municipality="Meløy")
    helper = make_user(municipality="Bodø")
    for _ in range(2):
        request, _n = post_request(asker)
        services.accept_offer(
            asker, request, offer_to(helper, request), what="", cost_settlement=""
        )
    figures = services.key_figures()
    year = (TODAY + timedelta(days=7)).year
    assert figures.agreements[("Bodø", year)] == 2
    assert figures.days[("Bodø", year)] == 62 and figures.total_days == 62


def test_offers_agreements_and_evaluations_refuse_identifiers(ctx, make_user):
    asker = make_user(municipality="Meløy")
    helper = make_user(municipality="Bodø")
    request, _n = post_request(asker)
    with pytest.raises(IdentifierGateError, match="Fjern dem før du lagrer"):
        offer_to(helper, request, body="Per Hansen på 912 34 567 kan hjelpe.")
    agreement, _n = services.accept_offer(
        asker, request, offer_to(helper, request), what="", cost_settlement=""
    )
    with pytest.raises(IdentifierGateError):
        services.close_agreement(asker, agreement, "Brukeren født 12.03.1980 fikk hjelp.")
    assert not agreement.is_closed

"""Mutual aid, advisory unit and årshjul policy as a matrix: role x municipality x state."""

from datetime import date, timedelta

import pytest

from portal.access import can
from portal.advisory import services as advisory
from portal.extensions import db
from portal.mutual_aid import services
from portal.mutual_aid.models import RequestKind

PEOPLE = ["anonymous", "member", "colleague", "other", "moderator", "admin", "legal", "adviser"]
SIGNED_IN = set(PEOPLE) - {"anonymous"}
BODO = {"member", "colleague"}
WITH_PLACE = {"member", "colleague", "other", "adviser"}  # the adviser works in Steigen
TODAY = date.today()

# action -> (object, who may) ; objects: Bodø's open request, Bodø's agreed request, Fauske's
# offer to it, the Bodø-Fauske agreement, a Bodø consultation (open and closed).
MATRIX = [
    ("aid.view", None, SIGNED_IN),
    ("aid.request_create", None, WITH_PLACE),
    ("aid.offer_standing", None, WITH_PLACE),
    ("aid.status_edit", "bodo", {"member"}),  # the contact person only
    ("aid.status_edit", "fauske", set()),
    ("aid.request_withdraw", "open_request", BODO),
    ("aid.request_withdraw", "agreed_request", set()),
    ("aid.accept", "open_request", BODO),
    ("aid.accept", "agreed_request", set()),
    ("aid.offer", "open_request", {"other", "adviser"}),
    ("aid.offer", "agreed_request", set()),
    ("aid.offer_withdraw", "offer", {"other"}),
    ("aid.agreement_view", "agreement", BODO | {"other", "moderator", "admin"}),
    ("aid.agreement_edit", "agreement", BODO | {"other"}),
    ("advice.ask", None, WITH_PLACE),
    ("advice.list", None, WITH_PLACE | {"legal"}),
    ("advice.view", "consultation", BODO | {"legal", "adviser"}),
    ("advice.reply", "consultation", BODO | {"legal", "adviser"}),
    ("advice.reply", "closed_consultation", set()),
    ("advice.close", "consultation", BODO | {"legal", "adviser"}),
    ("advice.unit_manage", None, {"moderator", "admin"}),
    ("yearwheel.view", None, SIGNED_IN),
    ("yearwheel.manage", None, {"moderator", "admin"}),
]


@pytest.fixture
def world(ctx, users, make_user):
    """People and objects for the matrix."""
    users["member"].is_contact = True
    adviser = make_user(municipality="Steigen", name="Rådgiver Steigen")
    db.session.commit()
    moderator = users["moderator"]
    advisory.add_adviser(moderator, adviser)
    people = {"anonymous": None, **users, "adviser": adviser}

    def request():
        made, _n = services.create_request(
            users["member"], kind=RequestKind.SUPERVISION, competence_area="",
            starts_on=TODAY, ends_on=TODAY + timedelta(days=3), digital=True, place="",
            body="Veiledning i en periode.",
        )  # fmt: skip
        return made

    open_request, agreed_request = request(), request()
    offer, _n = services.make_offer(
        users["other"], open_request, kind=RequestKind.SUPERVISION, competence_area="", body="Ja"
    )
    taken, _n = services.make_offer(
        users["other"], agreed_request, kind=RequestKind.SUPERVISION, competence_area="", body="Ja"
    )
    agreement, _n = services.accept_offer(
        users["member"], agreed_request, taken, what="", cost_settlement=""
    )
    consultation, _n = advisory.ask(users["member"], title="Spørsmål", body="Hva gjør vi?")
    closed, _n = advisory.ask(users["colleague"], title="Lukket", body="Ferdig?")
    advisory.close(users["colleague"], closed)
    db.session.commit()
    objects = {
        "bodo": users["member"].municipality,
        "fauske": users["other"].municipality,
        "open_request": open_request,
        "agreed_request": agreed_request,
        "offer": offer,
        "agreement": agreement,
        "consultation": consultation,
        "closed_consultation": closed,
    }
    return people, objects


@pytest.mark.parametrize(("action", "target", "allowed"), MATRIX)
def test_policy_matrix(world, action, target, allowed):
    people, objects = world
    obj = objects[target] if target else None
    permitted = {who for who in PEOPLE if can(people[who], action, obj)}
    assert permitted == allowed


def test_moderator_sees_no_consultation_unless_named_adviser(world, users):
    people, objects = world
    assert not can(users["moderator"], "advice.view", objects["consultation"])
    advisory.add_adviser(users["admin"], users["moderator"])
    assert can(users["moderator"], "advice.view", objects["consultation"])

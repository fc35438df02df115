"""Demo mutual aid for Salten: statuses, one open request, one standing offer, one agreement."""

from datetime import timedelta

from sqlalchemy import select

from portal.core.dates import oslo_today
from portal.extensions import db
from portal.mutual_aid import services
from portal.mutual_aid.models import Light, RequestKind
from portal.network.models import Network, User

# (municipality, service, positions, vacancies, long absence, users per employee, light, reason)
STATUSES = [
    ("Bodø", "psykisk_helse", 24.0, 1, 1, 14.0, Light.GREEN, ""),
    ("Bodø", "rus", 9.5, 0, 0, 12.0, Light.GREEN, ""),
    ("Fauske", "psykisk_helse", 7.0, 1, 0, 18.0, Light.YELLOW, "Én vakanse siden august"),
    ("Meløy", "psykisk_helse", 4.0, 1, 1, 26.0, Light.RED, "Halve staben borte i november"),
    ("Meløy", "rus", 2.0, 0, 1, 22.0, Light.YELLOW, "Én i langtidsfravær"),
    ("Steigen", "psykisk_helse", 2.5, 0, 0, 15.0, Light.GREEN, ""),
]  # fmt: skip


def _contact(network: Network, place: str) -> User:
    """The demo contact person of a municipality."""
    municipality = next(m for m in network.municipalities if m.name == place)
    return db.session.scalar(
        select(User).where(User.municipality_id == municipality.id, User.is_contact.is_(True))
    )


def add_demo_data(network: Network) -> None:
    """Statuses for a few places, an open request from Meløy, a standing offer, one agreement."""
    for place, service, positions, vacancies, absence, per_employee, light, reason in STATUSES:
        contact = _contact(network, place)
        services.record_status(
            contact, contact.municipality, service=service, positions=positions,
            vacancies=vacancies, long_absence=absence, users_per_employee=per_employee,
            light=light, reason=reason,
        )  # fmt: skip
    today = oslo_today()
    meloy, bodo, fauske = (_contact(network, p) for p in ("Meløy", "Bodø", "Fauske"))
    services.create_request(
        meloy,
        kind=RequestKind.SUPERVISION,
        competence_area="ROP / sammensatte lidelser",
        starts_on=today + timedelta(days=14),
        ends_on=today + timedelta(days=75),
        digital=True,
        place="Ørnes",
        body="Vi trenger faglig veiledning i ROP-arbeid for to nyansatte mens fagleder er borte.",
    )
    services.make_offer(
        bodo,
        None,
        kind=RequestKind.SUPERVISION,
        competence_area="Motiverende intervju (MI)",
        body="Vi kan ta to veiledningstimer i måneden i MI, digitalt.",
    )
    request, _notices = services.create_request(
        fauske,
        kind=RequestKind.STAFF,
        competence_area="",
        starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=10),
        digital=False,
        place="Fauske",
        body="Ekstra hender på dagtid i psykisk helsetjeneste i en periode med vakanse.",
    )
    offer, _notices = services.make_offer(
        _contact(network, "Saltdal"),
        request,
        kind=RequestKind.STAFF,
        competence_area="",
        body="Vi kan låne ut en miljøterapeut to dager i uka.",
    )
    services.accept_offer(
        fauske,
        request,
        offer,
        what="Saltdal låner ut en miljøterapeut tirsdag og torsdag.",
        cost_settlement="Fauske dekker lønn og reise etter medgått tid.",
    )

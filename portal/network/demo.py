"""Demo data for the Salten network: municipalities, members, coordinator, adviser, admin."""

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from portal.extensions import db
from portal.network.models import ROLE_LABELS, Municipality, Network, Role, User
from portal.network.services import hash_password

MUNICIPALITIES_CSV = Path(__file__).with_name("salten-kommuner.csv")
DEMO_PASSWORD = "Salten-demo-2026"  # noqa: S105 - printed for the newcomer; demo data only
NETWORK_NAME = "Fagnettverk for psykisk helse og rus i Salten"

# Two fictional members per municipality: (first name, surname, job title).
DEMO_MEMBERS = {
    "Bodø": [("Kari", "Johansen", "Fagleder psykisk helse og rus"), ("Ola", "Nilsen", "Psykiatrisk sykepleier")],
    "Fauske": [("Hilde", "Pedersen", "Fagleder"), ("Jonas", "Andreassen", "Sosionom")],
    "Saltdal": [("Marit", "Kristiansen", "Psykiatrisk sykepleier"), ("Tor", "Jensen", "Miljøterapeut")],
    "Sørfold": [("Line", "Karlsen", "Psykisk helsearbeider"), ("Per", "Olsen", "Ruskonsulent")],
    "Steigen": [("Anne", "Berg", "Psykiatrisk sykepleier"), ("Knut", "Hansen", "Vernepleier")],
    "Beiarn": [("Randi", "Eriksen", "Psykisk helsearbeider"), ("Erik", "Larsen", "Helsesykepleier")],
    "Hamarøy": [("Siri", "Mikkelsen", "Fagleder"), ("Geir", "Johnsen", "Sosionom")],
    "Meløy": [("Tone", "Amundsen", "Psykiatrisk sykepleier"), ("Arne", "Solberg", "Ruskonsulent")],
    "Gildeskål": [("Eva", "Strand", "Psykisk helsearbeider"), ("Rune", "Mathisen", "Miljøterapeut")],
    "Rødøy": [("Gro", "Hagen", "Psykiatrisk sykepleier"), ("Stian", "Moen", "Sosionom")],
}  # fmt: skip

NETWORK_STAFF = [
    ("admin@salten.example", "Ingrid Holm", "Systemansvarlig", Role.ADMIN),
    ("koordinator@salten.example", "Marte Sandvik", "Nettverkskoordinator, RKK", Role.MODERATOR),
    ("jurist@salten.example", "Henrik Dahl", "Juridisk rådgiver", Role.LEGAL),
]


_LOADERS: list[Callable[[Network], None]] = []


def loader(add_demo_data: Callable[[Network], None]) -> Callable[[Network], None]:
    """Register a feature's demo data; loaders run in order after members exist."""
    _LOADERS.append(add_demo_data)
    return add_demo_data


@dataclass(frozen=True)
class DemoLogin:
    """A demo account to print for the newcomer."""

    email: str
    name: str
    role_label: str


def ascii_slug(text: str) -> str:
    """Lower-case ASCII form of a Norwegian name, for demo e-mail addresses."""
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", " ": "-"})
    return text.lower().translate(table)


def read_municipalities() -> list[tuple[str, str]]:
    """The (kommunenummer, name) pairs shipped with the portal."""
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
        return [(row["kommunenummer"], row["navn"]) for row in csv.DictReader(handle)]


def ensure_network() -> Network:
    """Return the network, creating it with the Salten municipalities if the database is empty."""
    network = db.session.scalar(select(Network).order_by(Network.id))
    if network is not None:
        return network
    network = Network(name=NETWORK_NAME, short_name="Salten")
    db.session.add(network)
    for number, name in read_municipalities():
        db.session.add(Municipality(network=network, number=number, name=name))
    db.session.flush()
    return network


def demo_email(first: str, last: str, municipality: str) -> str:
    """E-mail address of a demo member, e.g. kari.johansen@bodo.example."""
    return f"{ascii_slug(first)}.{ascii_slug(last)}@{ascii_slug(municipality)}.example"


def seed_demo() -> list[DemoLogin]:
    """Fill an empty database with the demo network; return the logins to print."""
    network = ensure_network()
    password_hash = hash_password(DEMO_PASSWORD)
    places = {m.name: m for m in network.municipalities}
    for email, name, title, role in NETWORK_STAFF:
        db.session.add(
            User(network=network, email=email, name=name, title=title, role=role,
                 password_hash=password_hash)
        )  # fmt: skip
    for place_name, people in DEMO_MEMBERS.items():
        for index, (first, last, title) in enumerate(people):
            db.session.add(
                User(
                    network=network,
                    municipality=places[place_name],
                    email=demo_email(first, last, place_name),
                    name=f"{first} {last}",
                    title=title,
                    role=Role.MEMBER,
                    is_contact=index == 0,
                    password_hash=password_hash,
                )
            )
    db.session.flush()
    for add_demo_data in _LOADERS:
        add_demo_data(network)
        db.session.flush()
    return demo_logins()


def demo_logins() -> list[DemoLogin]:
    """The demo accounts worth printing: staff roles and the first member of two places."""
    logins = [DemoLogin(e, n, ROLE_LABELS[r]) for e, n, _t, r in NETWORK_STAFF]
    for place in ("Bodø", "Steigen"):
        first, last, _title = DEMO_MEMBERS[place][0]
        logins.append(
            DemoLogin(demo_email(first, last, place), f"{first} {last}", f"Medlem, {place}")
        )
    return logins

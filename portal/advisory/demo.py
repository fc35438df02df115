"""Demo consultation: Steigen asks the advisory unit; the legal adviser has answered."""

from sqlalchemy import select

from portal.advisory import services
from portal.extensions import db
from portal.network.models import Network, Role, User


def add_demo_data(network: Network) -> None:
    """One answered consultation."""
    steigen = next(m for m in network.municipalities if m.name == "Steigen")
    asker = db.session.scalar(
        select(User).where(User.municipality_id == steigen.id, User.is_contact.is_(True))
    )
    legal = db.session.scalar(select(User).where(User.role == Role.LEGAL))
    consultation, _notices = services.ask(
        asker,
        title="Samtykke til å dele opplysninger med pårørende",
        body=(
            "En bruker i 30-årene med rusproblemer ønsker ikke at familien skal informeres, men "
            "familien ringer oss ofte. Hva kan vi si, og hva kan vi ikke si?"
        ),
    )
    if legal is not None:
        services.reply(
            legal,
            consultation,
            "Uten samtykke kan dere gi generell informasjon, lytte og veilede pårørende, men "
            "ikke bekrefte at personen får tjenester. Se hpl. § 21 og pbrl. § 3-3.",
        )

"""Demo årshjul events: national reporting deadlines for this year and the next."""

from datetime import date

from portal.core.dates import oslo_today
from portal.extensions import db
from portal.network.models import Network
from portal.yearwheel.models import YearEvent


def add_demo_data(network: Network) -> None:
    """IS-24/8 reporting and the Ungdata window, this year and next."""
    for year in (oslo_today().year, oslo_today().year + 1):
        db.session.add(
            YearEvent(
                title="Frist for IS-24/8-rapportering (psykisk helse og rus)",
                starts_on=date(year, 3, 1),
                ends_on=date(year, 3, 1),
                description="Kommunenes årlige rapportering til Helsedirektoratet.",
            )
        )
        db.session.add(
            YearEvent(
                title="Budsjettinnspill til kommunene",
                starts_on=date(year, 9, 15),
                ends_on=date(year, 9, 15),
            )
        )

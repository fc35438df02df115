"""Demo data: a spring series of monthly Thursday debrief sessions led by the coordinator."""

from datetime import date, time

from sqlalchemy import select

from portal.core.dates import utcnow
from portal.debrief import services
from portal.extensions import db
from portal.network.models import Network, User

PROCEDURE = """\
**Slik gjennomfører vi debrifing i nettverket**

1. **Velkommen og rammer** (moderator): taushetsplikt gjelder, ingen navn på pasienter eller
   brukere, alt som sies blir i rommet. Samtalen slettes når økten avsluttes.
2. **Fakta**: hva skjedde? Den som vil, forteller kort.
3. **Tanker og reaksjoner**: hva tenkte og kjente du da, og nå?
4. **Normalisering**: moderator forklarer vanlige reaksjoner etter vold, trusler og alvorlige
   hendelser.
5. **Framover**: hva trenger du nå? Hvem kan du snakke med på jobb?
6. **Avslutning**: moderator skriver en kort oppsummering uten navn, med eventuelle tiltak.

Trenger du å snakke med noen før neste økt? Be om en defusing-samtale på siden Debrifing.
"""


def _first_thursday(year: int, month: int) -> date:
    """The first Thursday of a month."""
    day = date(year, month, 1)
    return day.replace(day=1 + (3 - day.weekday()) % 7)


def add_debrief_series(network: Network) -> None:
    """Monthly Thursday sessions 12:00–14:00 from February until June, coordinator moderating."""
    coordinator = db.session.scalar(select(User).where(User.email == "koordinator@salten.example"))
    if coordinator is None:
        return
    today = utcnow().date()
    year = today.year if today.month < 6 else today.year + 1
    plan = services.SessionPlan(
        title="Debrifing – vold og trusler",
        moderator=coordinator,
        start_time=time(12, 0),
        end_time=time(14, 0),
        procedure=PROCEDURE,
        video_url="https://video.salten.example/debrifing",
    )
    sessions = services.create_series(
        coordinator, plan, _first_thursday(year, 2), date(year, 6, 20), "monthly"
    )
    member = db.session.scalar(select(User).where(User.email == "kari.johansen@bodo.example"))
    upcoming = [s for s in sessions if s.ends_at > utcnow()]
    if member is not None and upcoming:
        services.register(upcoming[0], member, "Kari")

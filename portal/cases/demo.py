"""Demo cases: one published with discussion and a legal assessment, one in review, one draft."""

from datetime import timedelta

from sqlalchemy import select

from portal.cases.models import CHECKLIST_FIELDS, Case, CaseComment, CaseReflection, CaseStatus
from portal.core.dates import utcnow
from portal.extensions import db
from portal.network.models import Network, User

PUBLISHED = {
    "title": "Bolig, rus og et nettverk som holdt",
    "age_band": "40s", "region": "bodo", "severity": "severe", "setting": "home", "rop": True,
    "life_domains": "housing,finances,network,substances,health", "consent": "obtained",
    "context": (
        "Mann i 40-årene med langvarige psykiske vansker og alkoholproblemer. Han har hatt "
        "oppfølging fra kommunens psykisk helse- og rustjeneste i flere år, med hjemmebesøk "
        "to ganger i uka."
    ),
    "situation": (
        "Saken gjelder ROP-lidelser. Han bodde i en kommunal leilighet, men sto i fare for å miste "
        "den etter klager fra naboer og husleierestanse.\n\n"
        "- **Bolig:** varsel om oppsigelse\n- **Økonomi:** gjeld og ingen oversikt\n"
        "- **Nettverk:** lite kontakt med familie\n- **Helse:** søvnvansker og angst\n"
        "- **Rus:** daglig alkoholbruk i perioder"
    ),
    "own_goals": (
        "«Jeg vil ha et sted å bo som er mitt, og jeg vil klare å betale regningene selv.» "
        "Han ønsket også å komme i gang med noe meningsfullt på dagtid."
    ),
    "services": (
        "Psykisk helse- og rustjenesten, NAV, boligkontoret, fastlegen og DPS med ambulant team. "
        "Frivilligsentralen ble koblet på for aktivitet."
    ),
    "coordination": (
        "Han takket ja til individuell plan. Koordinator fra psykisk helse- og rustjenesten kalte "
        "inn til ansvarsgruppemøte hver sjette uke. Pakkeforløp for ROP-lidelser ble startet etter "
        "samtale med fastlegen."
    ),
    "involvement": (
        "Møtene ble holdt hjemme hos ham når han ønsket det. En søster ble med på to møter etter "
        "hans eget ønske."
    ),
    "crisis_plan": (
        "Kriseplanen ble laget sammen med ham og beskriver tegn på at det går dårlig, hva som "
        "hjelper, og hvem som skal kontaktes. Ansatte gikk to og to på hjemmebesøk i perioder med "
        "uro, etter risikovurdering."
    ),
    "transitions": (
        "Etter en kort innleggelse på DPS fikk han fast kontaktperson fra kommunen som møtte ham "
        "før utskrivning. Boligkontoret ga utsettelse mot en nedbetalingsavtale."
    ),
    "what_worked": (
        "**Virket:** faste avtaler, at samme person kom hver gang, og at NAV og boligkontoret satt "
        "i samme møte.\n\n**Virket ikke:** skriftlige innkallinger alene – han åpnet ikke posten."
    ),
    "questions": (
        "Hvordan har andre kommuner organisert samarbeidet med boligkontoret når en leietaker står "
        "i fare for å bli kastet ut? Hvilke erfaringer har dere med betalingsavtaler?"
    ),
}  # fmt: skip

IN_REVIEW = {
    "title": "Ung voksen som faller ut av skole og aktivitet",
    "age_band": "20s", "region": "inner", "severity": "moderate", "setting": "low_threshold",
    "rop": False, "life_domains": "education,work,network,health", "consent": "relatives",
    "context": "Ung kvinne i 20-årene med angst og depressive plager, fulgt opp i lavterskeltilbudet.",
    "situation": "Hun har avbrutt videregående skole og har lite kontakt med jevnaldrende.",
    "own_goals": "«Jeg vil klare å gå ut av døra uten å grue meg i flere dager.»",
    "services": "Psykisk helsetjeneste, NAV, oppfølgingstjenesten og fastlegen.",
    "coordination": "Ingen individuell plan ennå; koordinator er under vurdering.",
    "involvement": "Foreldrene ønsker å være med, men hun er usikker. Dette avklares med pårørende.",
    "crisis_plan": "Enkel kriseplan med telefonnummer til legevakt og avtale om oppfølging.",
    "transitions": "Overgang fra ungdomstjenester til voksentjenester er uklar.",
    "what_worked": "Korte samtaler på gåtur fungerte bedre enn samtaler på kontoret.",
    "questions": "Hvordan får vi til en god overgang fra ungdom til voksen i små kommuner?",
}  # fmt: skip

DRAFT = {
    "title": "Samarbeid med spesialisthelsetjenesten ved utskrivning",
    "age_band": "60s", "region": "north", "severity": "severe", "setting": "discharge",
    "rop": None, "life_domains": "health,housing", "consent": "",
    "context": "Kvinne i 60-årene som skrives ut etter lang innleggelse.",
    "situation": "Sigrun har behov for tett oppfølging de første ukene hjemme.",
    "own_goals": "",
    "services": "Hjemmetjenesten, psykisk helsetjeneste og DPS.",
    "coordination": "",
    "involvement": "",
    "crisis_plan": "",
    "transitions": "Utskrivningen ble varslet med kort frist.",
    "what_worked": "",
    "questions": "",
}  # fmt: skip


def _user(email: str) -> User:
    """A demo user by e-mail address."""
    return db.session.scalar(select(User).where(User.email == email))


def _case(author: User, values: dict, status: str) -> Case:
    """A case in the author's municipality with the given values and status."""
    case = Case(
        municipality_id=author.municipality_id, author_id=author.id, status=status, **values
    )
    if status != CaseStatus.DRAFT:
        for name in CHECKLIST_FIELDS:
            setattr(case, name, True)
        case.submitted_at = utcnow() - timedelta(days=12)
    db.session.add(case)
    return case


def add_demo_cases(network: Network) -> None:
    """Three cases from Salten: published (with discussion), in review, and a draft."""
    lawyer = _user("jurist@salten.example")
    coordinator = _user("koordinator@salten.example")
    published = _case(_user("kari.johansen@bodo.example"), PUBLISHED, CaseStatus.PUBLISHED)
    published.published_at = utcnow() - timedelta(days=10)
    published.reviewer = coordinator
    published.comments = [
        CaseComment(
            author=_user("hilde.pedersen@fauske.example"),
            body="Vi har hatt god erfaring med å ha NAV og boligkontoret i samme møte, slik dere beskriver.",
        ),
        CaseComment(
            author=lawyer,
            legal_assessment=True,
            body=(
                "Opplysningene er tilstrekkelig anonymisert for deling i nettverket. Husk at "
                "samtykket bør dokumenteres i journal, jf. pasient- og brukerrettighetsloven "
                "§ 4-1, og at taushetsplikten etter helsepersonelloven § 21 gjelder også når "
                "saken drøftes muntlig på samlingen."
            ),
        ),
    ]
    published.reflections = [
        CaseReflection(
            author=coordinator,
            question="Hva skal til for at en utkastelse blir stoppet i tide hos oss?",
        )
    ]
    _case(_user("marit.kristiansen@saltdal.example"), IN_REVIEW, CaseStatus.REVIEW)
    _case(_user("anne.berg@steigen.example"), DRAFT, CaseStatus.DRAFT)

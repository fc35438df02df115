"""Demo routines for the Salten network (written for this project; not real municipal routines)."""

from datetime import datetime, timedelta

from sqlalchemy import select

from portal.core.dates import utcnow
from portal.extensions import db
from portal.network.models import Network, User
from portal.rutiner import adoption, approval, reading, services

INNLEGGELSE_V1 = """## Formål
Sikre at personer som trenger innleggelse i psykisk helsevern får rask og trygg hjelp, og at
kommunen og spesialisthelsetjenesten samarbeider godt før, under og etter innleggelsen.

## Omfang
Gjelder alle ansatte i psykisk helse- og rustjenesten i Bodø kommune.

## Fremgangsmåte
1. Vurder om situasjonen er akutt. Ved fare for liv eller helse: ring **113**.
2. Ta kontakt med fastlege eller legevakt, som vurderer behov for innleggelse.
3. Frivillig innleggelse: fastlegen eller legevakten henviser til akuttpost eller DPS.
4. Tvungen innleggelse: legen skriver tvangsbegjæring etter psykisk helsevernloven § 3-2.
5. Dokumenter vurderinger og kontakt i journal (Gerica) samme dag.

## Etter innleggelsen
- Primærkontakt holder kontakt med avdelingen og deltar i utskrivingssamtale.
- Individuell plan oppdateres når personen samtykker.
"""

INNLEGGELSE_V2 = """## Formål
Sikre at personer som trenger innleggelse i psykisk helsevern får rask og trygg hjelp, og at
kommunen og spesialisthelsetjenesten samarbeider godt før, under og etter innleggelsen.

## Omfang
Gjelder alle ansatte i psykisk helse- og rustjenesten i Bodø kommune, også ved kveld- og
helgevakt i boligene.

## Fremgangsmåte
1. Vurder om situasjonen er akutt. Ved fare for liv eller helse: ring **113**.
2. Ta kontakt med fastlege eller legevakt (116 117), som vurderer behov for innleggelse.
3. Frivillig innleggelse: fastlegen eller legevakten henviser til akuttpost eller DPS.
4. Tvungen innleggelse: legen skriver tvangsbegjæring etter psykisk helsevernloven § 3-2.
   Kommunen bistår med transport sammen med politiet bare når legen ber om det.
5. Informer pårørende når personen samtykker, og barneansvarlig hvis personen har barn.
6. Dokumenter vurderinger og kontakt i journal (Gerica) samme dag.

## Etter innleggelsen
- Primærkontakt holder kontakt med avdelingen og deltar i utskrivingssamtale.
- Avtal første hjemmebesøk innen tre dager etter utskriving.
- Individuell plan oppdateres når personen samtykker.
"""

INNLEGGELSE_V3 = INNLEGGELSE_V2.replace(
    "- Avtal første hjemmebesøk innen tre dager etter utskriving.",
    "- Avtal første hjemmebesøk innen tre dager etter utskriving, og legg det inn i "
    "utskrivingsplanen.\n- Vurder behov for ansvarsgruppemøte innen to uker.",
)

VOLD = """## Formål
Forebygge og håndtere vold og trusler, og sikre god oppfølging av ansatte og brukere etterpå.

## Forebygging
- Gjør en risikovurdering før første møte med nye brukere, og oppdater den ved endringer.
- Ved kjent risiko: aldri alene på hjemmebesøk, avtal faste innsjekkingstider.
- Alle ansatte skal ha gjennomført kurs i vergeteknikk og deeskalering innen seks måneder.

## Under en hendelse
1. Trekk deg unna og sørg for egen og andres sikkerhet.
2. Tilkall hjelp: alarm, kollega eller politi (**112**).
3. Snakk rolig, hold avstand, og unngå å stå mellom personen og døren.

## Etter en hendelse
1. Leder sørger for defusing samme dag.
2. Meld avvik i Compilo innen 24 timer.
3. Tilby debrifing innen 72 timer, gjerne i nettverkets månedlige debrifingsgruppe.
4. Vurder anmeldelse sammen med leder.
"""

SAMARBEID_V1 = """## Formål
Gi et felles grunnlag for hvordan kommunene i Salten samarbeider med fastleger og DPS når
noen viser tegn til forverring.

## Når gjelder rutinen
Når ansatte ser tegn til forverring: søvnvansker, tilbaketrekning, økt rusbruk, truende
atferd eller uttalte selvmordstanker.

## Fremgangsmåte
1. Snakk med personen om det du ser, og spør om samtykke til å kontakte fastlegen.
2. Kontakt fastlegen samme dag ved alvorlig forverring, ellers innen en uke.
3. Ved behov for spesialisthelsetjenesten henviser fastlegen til DPS.
4. Avtal hvem som gir tilbakemelding til personen og pårørende.

## Dokumentasjon
Skriv kort i journal hva du observerte, hvem du kontaktet og hva som ble avtalt.
"""

SAMARBEID_V2 = SAMARBEID_V1.replace(
    "3. Ved behov for spesialisthelsetjenesten henviser fastlegen til DPS.",
    "3. Ved behov for spesialisthelsetjenesten henviser fastlegen til DPS. Bruk "
    "samhandlingsmøtet med DPS (annenhver torsdag) for drøfting uten navn.\n"
    "4. Ved selvmordsfare: følg rutinen for selvmordsfare og gjør en strukturert vurdering.",
).replace("4. Avtal hvem", "5. Avtal hvem")

HJEMMEBESOK = """## Formål
Sikre at hjemmebesøk er trygge for både bruker og ansatt.

## Før besøket
- Sjekk risikovurderingen i journal.
- Registrer tid, adresse og forventet varighet i vaktboka.
- Ta med mobiltelefon med trygghetsalarm.

## Under besøket
- Sitt nær utgangen, og avslutt besøket hvis situasjonen blir utrygg.

## Etter besøket
- Sjekk ut hos kollega eller vakttelefon innen avtalt tid.
- Uteblitt utsjekking: kollega ringer etter 15 minutter, og kontakter leder etter 30 minutter.
"""

NY_ANSATT = """## Formål
Gi nyansatte en trygg start og kjennskap til rutinene i tjenesten.

## Første uke
- Tilganger til Profil, Compilo og telefon er bestilt før oppstart.
- Gjennomgang av taushetsplikt, dokumentasjon og avviksmelding.
- Hospitering hos erfaren kollega.

## Første tre måneder
- Kurs i vold og trusler / vergeteknikk.
- Lese og bekrefte alle rutiner merket «lest og forstått».
- Oppfølgingssamtale med leder etter seks og tolv uker.
"""


def _user(email: str) -> User:
    """A demo user by e-mail."""
    return db.session.scalar(select(User).where(User.email == email))


def _ago(days: int) -> datetime:
    """A moment ``days`` days ago."""
    return utcnow() - timedelta(days=days)


def _approved(routine, submitter: User, approver: User, days_ago: int, significant=True) -> None:
    """Send the routine's draft to ``approver`` and approve it ``days_ago`` days ago."""
    approval.submit(submitter, routine, approver)
    approval.approve(approver, routine, significant=significant, now=_ago(days_ago))


def add_routines(network: Network) -> None:
    """Routines for Bodø, Fauske, Saltdal, Steigen and the whole network."""
    places = {m.name: m.id for m in network.municipalities}
    kari, ola = _user("kari.johansen@bodo.example"), _user("ola.nilsen@bodo.example")
    hilde = _user("hilde.pedersen@fauske.example")
    jonas = _user("jonas.andreassen@fauske.example")
    marit, tor = _user("marit.kristiansen@saltdal.example"), _user("tor.jensen@saltdal.example")
    anne, knut = _user("anne.berg@steigen.example"), _user("knut.hansen@steigen.example")
    marte, ingrid = _user("koordinator@salten.example"), _user("admin@salten.example")

    def new(actor, place, title, body, category, tags, months, days_ago):
        return services.create_routine(
            actor,
            network_id=network.id,
            municipality_id=places[place] if place else None,
            title=title,
            body=body,
            change_note="Første utkast",
            category=category,
            tags=tags,
            review_interval_months=months,
            responsible=actor,
            now=_ago(days_ago),
        )

    admission = new(kari, "Bodø", "Innleggelse i psykisk helsevern", INNLEGGELSE_V1,
                    "admission", "akutt, DPS, tvang", 12, 400)  # fmt: skip
    _approved(admission, kari, ola, 390)
    reading.confirm_read(ola, admission, now=_ago(380))
    services.save_draft(kari, admission, base_number=1, title=admission.title, body=INNLEGGELSE_V2,
                        change_note="Pårørende, barneansvarlig og hjemmebesøk etter utskriving",
                        now=_ago(130))  # fmt: skip
    _approved(admission, kari, ola, 120, significant=True)
    reading.confirm_read(kari, admission, now=_ago(119))
    services.save_draft(ola, admission, base_number=2, title=admission.title, body=INNLEGGELSE_V3,
                        change_note="Ansvarsgruppemøte etter utskriving", now=_ago(5))  # fmt: skip

    violence = new(hilde, "Fauske", "Vold og trusler: forebygging, håndtering og oppfølging",
                   VOLD, "violence_threats", "HMS, vergeteknikk, avvik", 12, 340)  # fmt: skip
    _approved(violence, hilde, jonas, 320)
    reading.confirm_read(jonas, violence, now=_ago(300))

    shared = new(marte, None, "Samarbeid med fastlege og DPS ved tegn til forverring",
                 SAMARBEID_V1, "collaboration", "fastlege, DPS, samtykke", 24, 320)  # fmt: skip
    _approved(shared, marte, ingrid, 300)

    adopted = adoption.adopt(marit, shared, now=_ago(280))
    services.save_draft(marit, adopted, base_number=1, title=adopted.title,
                        body=SAMARBEID_V1 + "\nI Saltdal drøftes saker også i tverrfaglig team på mandager.\n",
                        change_note="Lagt til lokalt tverrfaglig team", now=_ago(275))  # fmt: skip
    _approved(adopted, marit, tor, 270)

    services.save_draft(marte, shared, base_number=1, title=shared.title, body=SAMARBEID_V2,
                        change_note="Samhandlingsmøte med DPS og henvisning til selvmordsrutinen",
                        now=_ago(40))  # fmt: skip
    _approved(shared, marte, ingrid, 30, significant=True)

    home = new(ola, "Bodø", "Hjemmebesøk og alenearbeid", HJEMMEBESOK, "home_visit",
               "alenearbeid, HMS", 12, 450)  # fmt: skip
    _approved(home, ola, kari, 430, significant=True)

    newcomer = new(anne, "Steigen", "Opplæring av nyansatte i psykisk helse- og rustjenesten",
                   NY_ANSATT, "new_employee", "opplæring, sjekkliste", 24, 10)  # fmt: skip
    approval.submit(anne, newcomer, knut)

"""Cases in a real browser: draft to publication, view log and withdrawal, axe on every page."""

from playwright.sync_api import expect

from portal.cases import services
from portal.extensions import db
from portal.network.demo import DEMO_PASSWORD
from portal.network.models import User
from tests.browser.conftest import assert_accessible, log_in, main_menu
from tests.cases.factories import CHECKLIST_ALL, case_data

SECTIONS = {
    "Kontekst": "Mann i 40-årene med alvorlige og langvarige vansker, fulgt opp hjemme.",
    "Situasjon": "Kari ringte 912 34 567 om husleia. Han har gjeld og lite nettverk.",
    "Brukerens egne mål": "«Jeg vil bo her og klare regningene selv.»",
    "Tjenester og aktører": "Psykisk helse- og rustjenesten, NAV, fastlegen og DPS.",
    "Koordinering": "Individuell plan og ansvarsgruppe hver sjette uke.",
    "Brukermedvirkning og pårørende": "Møtene holdes hjemme når han ønsker det.",
    "Kriseplan og ansattes sikkerhet": "Kriseplan laget sammen med ham; to ansatte ved uro.",
    "Overganger og bolig": "Utsettelse fra boligkontoret mot nedbetalingsavtale.",
    "Hva virket – og hva virket ikke": "Faste avtaler virket; brev alene virket ikke.",
    "Spørsmål til nettverket": "Hvordan samarbeider dere med boligkontoret?",
}


def test_member_writes_resolves_and_sends_a_case_that_the_legal_adviser_publishes(
    page, new_page, users
):
    log_in(page, users["member"].email, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Oversikt", level=1)).to_be_visible()
    assert_accessible(page)
    main_menu(page).get_by_role("link", name="Saker").click()
    expect(page.get_by_role("heading", name="Saker", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Skriv en ny sak").click()
    expect(page.get_by_role("heading", name="Ny sak", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Tittel").fill("Bolig og rus i et lite sted")
    page.get_by_label("Aldersgruppe").select_option("40s")
    page.get_by_label("Region").select_option("inner")
    page.get_by_label("Alvorlighetsgrad").select_option("severe")
    page.get_by_label("Setting", exact=True).select_option("home")
    page.get_by_label("Ja", exact=True).check()
    page.get_by_label("Bolig", exact=True).check()
    page.get_by_label("Rus", exact=True).check()
    page.get_by_label("Samtykke").select_option("obtained")
    for label, value in SECTIONS.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Lagre og skann").click()

    expect(page.get_by_role("heading", name="Identifikatorskanning", level=1)).to_be_visible()
    expect(page.get_by_text("2 uavklarte funn")).to_be_visible()
    marks = page.locator("mark.finding[data-kind]")
    expect(marks).to_have_count(2)
    expect(marks.nth(0)).to_contain_text("Kari")
    expect(marks.nth(0)).to_contain_text("Navn")
    expect(marks.nth(1)).to_contain_text("912 34 567")
    expect(marks.nth(1)).to_contain_text("Telefonnummer")
    assert_accessible(page)

    expect(page.get_by_label("Erstatt funn 1 med")).to_have_value("[NAVN]")
    page.get_by_role("button", name="Erstatt funn 1", exact=True).click()
    expect(page.get_by_text("1 uavklarte funn")).to_be_visible()
    expect(page.get_by_label("Erstatt funn 1 med")).to_have_value("[TELEFON]")
    page.get_by_role("button", name="Erstatt funn 1", exact=True).click()
    expect(page.get_by_text("Ingen uavklarte funn")).to_be_visible()
    expect(page.locator(".case-text", has_text="ringte")).to_have_text(
        SECTIONS["Situasjon"].replace("Kari", "[NAVN]").replace("912 34 567", "[TELEFON]")
    )
    page.get_by_role("button", name="Skann på nytt").click()
    expect(page.get_by_text("Skanningen fant ingen uavklarte funn.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Send til vurdering").click()
    expect(page.get_by_role("heading", name="Send til vurdering", level=1)).to_be_visible()
    assert_accessible(page)
    for checkbox in page.get_by_role("checkbox").all():
        checkbox.check()
    page.get_by_role("button", name="Send til vurdering").click()
    expect(page.get_by_text("Saken er sendt til vurdering.")).to_be_visible()
    expect(page.get_by_text("Til vurdering", exact=True)).to_be_visible()
    assert_accessible(page)

    lawyer = new_page()
    log_in(lawyer, users["legal"].email, DEMO_PASSWORD)
    expect(lawyer.get_by_role("heading", name="Saker til vurdering")).to_be_visible()
    assert_accessible(lawyer)
    lawyer.goto("/saker/")
    assert_accessible(lawyer)
    lawyer.get_by_role("link", name="Bolig og rus i et lite sted").click()
    expect(lawyer.get_by_role("heading", name="Vurdering")).to_be_visible()
    expect(lawyer.get_by_text("Unntatt offentlighet (offl. § 13)")).to_be_visible()
    expect(lawyer.get_by_text("Ingen andre saker i nettverket har samme region")).to_be_visible()
    assert_accessible(lawyer)
    lawyer.get_by_label("Feltet teksten står i").select_option("transitions")
    lawyer.get_by_label("Teksten som identifiserer noen").fill("boligkontoret")
    lawyer.get_by_label("Hva slags identifikator").select_option("ADDRESS")
    lawyer.get_by_role("button", name="Merk som identifikator").click()
    expect(lawyer.get_by_text("Teksten er merket som identifikator.")).to_be_visible()
    expect(lawyer.get_by_text("«boligkontoret» (Adresse")).to_be_visible()
    assert_accessible(lawyer)
    lawyer.get_by_role("button", name="Publiser saken").click()
    expect(lawyer.get_by_text("Vurdereren har merket identifikatorer")).to_be_visible()
    lawyer.get_by_role("button", name="Fjern merkingen").click()
    expect(lawyer.get_by_text("Merkingen er fjernet.")).to_be_visible()
    lawyer.get_by_role("button", name="Publiser saken").click()
    expect(lawyer.get_by_text("Saken er publisert for hele nettverket.")).to_be_visible()
    assert_accessible(lawyer)
    lawyer.get_by_label("Kommentar").fill("Anonymiseringen er god nok for deling i nettverket.")
    lawyer.get_by_role("button", name="Send kommentar").click()
    expect(lawyer.get_by_text("Juridisk vurdering", exact=True)).to_be_visible()
    assert_accessible(lawyer)


def test_colleague_reads_the_view_log_and_withdraws_a_published_case(page, app, users):
    with app.app_context():
        author = db.session.get(User, users["member"].id)
        case = services.create_case(author, case_data(title="Sak som skal trekkes"))
        services.submit(author, case, CHECKLIST_ALL)
        services.publish(db.session.get(User, users["moderator"].id), case)
        db.session.commit()
        case_id = case.id

    log_in(page, users["colleague"].email, DEMO_PASSWORD)
    page.goto(f"/saker/{case_id}")
    expect(page.get_by_role("heading", name="Sak som skal trekkes", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Rediger saken").click()
    expect(page.get_by_text("går den tilbake til utkast")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Avbryt").click()
    page.get_by_role("link", name="Hvem har sett saken").click()
    expect(page.get_by_role("cell", name="Ola Bodø").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Tilbake til saken").click()
    page.get_by_role("link", name="Trekk tilbake saken").click()
    page.get_by_role("button", name="Trekk tilbake saken").click()
    expect(page.get_by_text("Skriv hvorfor saken trekkes tilbake.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Hvorfor trekkes saken tilbake?").fill(
        "Kan kjennes igjen i en liten kommune."
    )
    page.get_by_role("button", name="Trekk tilbake saken").click()
    expect(page.get_by_role("heading", name="Saken er trukket tilbake")).to_be_visible()
    assert_accessible(page)

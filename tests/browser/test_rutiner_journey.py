"""Rutiner in a real browser: write, send for approval, approve as a colleague, confirm reading."""

from playwright.sync_api import expect

from portal.network.demo import DEMO_PASSWORD
from portal.rutiner import approval
from tests.browser.conftest import assert_accessible, log_in, main_menu


def test_write_approve_and_confirm_a_routine(page, new_page, users):
    log_in(page, users["member"].email, DEMO_PASSWORD)
    main_menu(page).get_by_role("link", name="Rutiner").click()
    expect(page.get_by_role("heading", name="Rutiner", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ny rutine").click()
    expect(page.get_by_role("heading", name="Ny rutine", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Tittel").fill("Oppfølging etter utskriving fra DPS")
    page.get_by_label("Rutinen", exact=False).first.fill(
        "## Formål\nTrygg overgang hjem.\n\n## Fremgangsmåte\n1. Ring primærkontakten **samme dag**.\n"
    )
    page.get_by_label("Kategori").select_option(label="Innleggelse")
    page.get_by_label("Revisjonsintervall").select_option("24")
    page.get_by_role("button", name="Forhåndsvis").click()
    expect(page.locator(".markdown strong")).to_have_text("samme dag")
    assert_accessible(page)
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.get_by_text("Utkastet er lagret som versjon 1.")).to_be_visible()
    expect(page.get_by_role("heading", name="Oppfølging etter utskriving fra DPS")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Godkjenner").select_option(label="Ola Bodø")
    page.get_by_role("button", name="Send til godkjenning").click()
    expect(page.get_by_text("Rutinen er sendt til Ola Bodø for godkjenning.")).to_be_visible()
    assert_accessible(page)
    routine_url = page.url

    approver = new_page()
    log_in(approver, users["colleague"].email, DEMO_PASSWORD)
    expect(approver.get_by_role("heading", name="Venter på din godkjenning")).to_be_visible()
    assert_accessible(approver)
    approver.get_by_role("link", name="Oppfølging etter utskriving fra DPS").click()
    expect(
        approver.get_by_role("heading", name="Godkjenn «Oppfølging etter utskriving fra DPS»")
    ).to_be_visible()
    assert_accessible(approver)
    approver.get_by_role("button", name="Godkjenn versjon 1").click()
    expect(approver.get_by_text("Versjon 1 er godkjent og gjelder fra nå.")).to_be_visible()
    assert_accessible(approver)

    page.goto(routine_url)
    expect(page.get_by_role("heading", name="Lest og forstått")).to_be_visible()
    page.get_by_role("button", name="Lest og forstått").click()
    expect(
        page.get_by_text("Du har bekreftet at du har lest og forstått rutinen.", exact=True)
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Hvem har lest rutinen").click()
    expect(page.get_by_role("heading", name="Har bekreftet (1)")).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Versjoner og endringer").click()
    expect(page.get_by_role("heading", name="Versjoner og endringer")).to_be_visible()
    assert_accessible(page)
    page.goto(routine_url + "/utskrift")
    expect(page.get_by_text("Utskrift av godkjent versjon 1.")).to_be_visible()
    assert_accessible(page)


def test_diff_pages_are_accessible(app, page, users, make_user, network, place):
    from portal.extensions import db
    from portal.network.models import User
    from portal.rutiner import services

    fauske_colleague = make_user(municipality="Fauske", name="Jonas Fauske")
    with app.app_context():
        kari, ola = (
            db.session.get(User, users["member"].id),
            db.session.get(User, users["colleague"].id),
        )
        hilde, jonas = (
            db.session.get(User, users["other"].id),
            db.session.get(User, fauske_colleague.id),
        )

        def approved(author, approver, place_name, body):
            routine = services.create_routine(
                author, network_id=network, municipality_id=place(place_name), title="Innleggelse",
                body=body, change_note="", category="admission", tags="",
                review_interval_months=12, responsible=author,
            )  # fmt: skip
            approval.submit(author, routine, approver)
            approval.approve(approver, routine, significant=True)
            return routine

        bodo = approved(kari, ola, "Bodø", "## Formål\nRing fastlegen samme dag.\n\nSlutt.\n")
        fauske = approved(hilde, jonas, "Fauske", "## Formål\nRing legevakten samme dag.\n")
        services.save_draft(kari, bodo, base_number=1, title="Innleggelse", change_note="Ny",
                            body="## Formål\nRing legevakten samme dag.\n\nNy linje.\n")  # fmt: skip
        db.session.commit()
        bodo_id, fauske_id = bodo.id, fauske.id

    log_in(page, users["member"].email, DEMO_PASSWORD)
    page.goto(f"/rutiner/{bodo_id}/historikk?fra=1&til=2")
    expect(page.locator("ins").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Side ved side").click()
    expect(page.locator("table.diff--side")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/rutiner/sammenlign?kategori=admission&a={bodo_id}&b={fauske_id}")
    expect(page.get_by_role("heading", name="Bodø og Fauske")).to_be_visible()
    expect(page.locator(".compare del")).to_have_text(["fastlegen", "Slutt."])
    expect(page.locator(".compare ins")).to_have_text(["legevakten"])
    expect(page.locator(".compare")).not_to_contain_text("##")
    assert_accessible(page)
    page.get_by_role("link", name="Markdown-kilden (for redaktører)").click()
    expect(page.locator("table.diff--side")).to_contain_text("## Formål")
    assert_accessible(page)
    page.goto(f"/rutiner/{bodo_id}/rediger")
    assert_accessible(page)

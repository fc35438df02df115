"""Documents in a real browser: the moderator uploads a presentation to an agenda item (with the
progress script), a member downloads it; a member imports a Word routine and replaces a form;
axe-core on every page visited."""

import io
import zipfile

import pytest
from playwright.sync_api import expect

from portal.network.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, log_in
from tests.documents import files
from tests.documents.test_word_import import routine_docx
from tests.documents.world import build_world


@pytest.fixture
def world(app, users, network, place):
    """A published samling with an agenda item (and the other owner objects)."""
    return build_world(app, users, network, place)


def test_moderator_uploads_presentation_member_downloads(page, new_page, users, world, tmp_path):
    slides = tmp_path / "Innlegg om innleggelse.pptx"
    slides.write_bytes(files.pptx())
    handout = tmp_path / "Program.pdf"
    handout.write_bytes(files.pdf(title="Program"))

    moderator = page
    log_in(moderator, users["moderator"].email, DEMO_PASSWORD)
    moderator.goto(f"/samlinger/{world['samling']}")
    assert_accessible(moderator)
    moderator.get_by_role(
        "link", name="Legg ved filer – Ny rutine for innleggelse (Høstsamling)"
    ).click()
    expect(moderator.get_by_role("heading", level=1)).to_contain_text("Vedlegg til programpunkt")
    assert_accessible(moderator)
    moderator.get_by_label("Filer", exact=True).set_input_files([str(slides), str(handout)])
    moderator.get_by_role("button", name="Last opp").click()
    expect(moderator.get_by_text("2 filer er lagt ved.")).to_be_visible()
    expect(moderator.get_by_role("cell", name="PowerPoint")).to_be_visible()
    assert_accessible(moderator)

    bad = tmp_path / "Program.docx"
    bad.write_bytes(b"not a word file")
    moderator.get_by_label("Filer", exact=True).set_input_files(str(bad))
    moderator.get_by_role("button", name="Last opp").click()
    expect(moderator.get_by_role("alert")).to_contain_text("heter .docx, men innholdet er Tekst")
    assert_accessible(moderator)

    member = new_page()
    log_in(member, users["other"].email, DEMO_PASSWORD)
    member.goto(f"/samlinger/{world['samling']}")
    expect(member.get_by_role("link", name="Innlegg om innleggelse.pptx")).to_be_visible()
    assert_accessible(member)
    with member.expect_download() as download_info:
        member.get_by_role("link", name="Innlegg om innleggelse.pptx").click()
    download = download_info.value
    assert download.suggested_filename == "Innlegg om innleggelse.pptx"
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as archive:
        assert "ppt/presentation.xml" in archive.namelist()


def test_member_imports_a_word_routine_and_replaces_a_file(page, users, world, tmp_path):
    routine = tmp_path / "Innleggelse.docx"
    routine.write_bytes(routine_docx())
    log_in(page, users["member"].email, DEMO_PASSWORD)
    page.goto("/rutiner/ny")
    assert_accessible(page)
    page.get_by_role("link", name="Har du rutinen i Word? Importer den som utkast.").click()
    assert_accessible(page)
    page.get_by_label("Word-fil (.docx)").set_input_files(str(routine))
    page.get_by_label("Kategori").select_option(label="Innleggelse")
    page.get_by_role("button", name="Lag utkast").click()
    expect(page.get_by_text("Utkastet er laget fra Word-filen.")).to_be_visible()
    expect(page.get_by_role("heading", name="Rutine for innleggelse", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name="Godkjenner")).to_be_visible()
    assert_accessible(page)

    form = tmp_path / "Skjema.txt"
    form.write_text("Sjekkliste ved innleggelse, versjon 1\n", encoding="utf-8")
    page.goto(f"/dokumenter/routine_version/{world['draft_version']}")
    assert_accessible(page)
    page.get_by_label("Filer", exact=True).set_input_files(str(form))
    page.get_by_role("button", name="Last opp").click()
    page.get_by_role("link", name="Detaljer Skjema.txt").click()
    assert_accessible(page)
    form.write_text("Sjekkliste ved innleggelse, versjon 2\n", encoding="utf-8")
    page.get_by_label("Ny versjon", exact=True).set_input_files(str(form))
    page.get_by_role("button", name="Last opp ny versjon").click()
    expect(page.get_by_text("Ny versjon (2) er lagret.")).to_be_visible()
    expect(page.get_by_role("heading", name="Versjoner")).to_be_visible()
    assert_accessible(page)

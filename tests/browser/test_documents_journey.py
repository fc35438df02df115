"""Documents in a real browser: the moderator uploads a presentation to an agenda item (with the
progress script), a member downloads it; axe-core on every page visited."""

import io
import zipfile

import pytest
from playwright.sync_api import expect

from portal.network.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, log_in
from tests.documents import files
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

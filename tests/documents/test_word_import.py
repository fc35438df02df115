"""Word import: a real-looking routine built with python-docx becomes Markdown, field by field,
and a draft routine the author reviews before sending it for approval."""

import io

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from sqlalchemy import select

from portal.documents.sniff import Refused
from portal.documents.wordimport import docx_to_markdown
from portal.extensions import db
from portal.rutiner.models import Routine, Status
from tests.documents import files
from tests.documents.helpers import post_file
from tests.helpers import login, text

PNG = files.png()


def _link(paragraph, url: str, label: str) -> None:
    """Add a hyperlink run to a python-docx paragraph."""
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    run_text = OxmlElement("w:t")
    run_text.text = label
    run.append(run_text)
    link.append(run)
    paragraph._p.append(link)


def routine_docx(with_image: bool = False) -> bytes:
    """A routine as a municipality keeps it in its quality system."""
    document = docx.Document()
    document.add_heading("Rutine for innleggelse", 1)
    intro = document.add_paragraph("Rutinen gjelder ")
    intro.add_run("alle ansatte").bold = True
    intro.add_run(" i tjenesten og er ")
    intro.add_run("obligatorisk").italic = True
    intro.add_run(".")
    document.add_heading("Fremgangsmåte", 2)
    for step in ("Ring legevakten", "Kontakt pårørende", "Dokumenter i journalen"):
        document.add_paragraph(step, style="List Number")
    document.add_heading("Ansvar", 2)
    table = document.add_table(rows=3, cols=2)
    for row, (role, duty) in enumerate(
        [("Rolle", "Ansvar"), ("Fagleder", "Godkjenner"), ("Ansatt", "Melder")]
    ):
        table.cell(row, 0).text = role
        table.cell(row, 1).text = duty
    see = document.add_paragraph("Se ")
    _link(see, "https://www.helsedirektoratet.no/veiledere", "veilederen")
    if with_image:
        document.add_picture(io.BytesIO(PNG))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_headings_lists_table_emphasis_and_links_survive():
    imported = docx_to_markdown(routine_docx(), fallback_title="fil")
    assert imported.title == "Rutine for innleggelse"
    lines = imported.markdown.splitlines()
    assert lines[0] == "Rutinen gjelder **alle ansatte** i tjenesten og er *obligatorisk*."
    assert "## Fremgangsmåte" in lines
    assert [line for line in lines if line[:2] in ("1.", "2.", "3.")] == [
        "1. Ring legevakten",
        "2. Kontakt pårørende",
        "3. Dokumenter i journalen",
    ]
    assert "## Ansvar" in lines
    table = [line for line in lines if line.startswith("|")]
    assert table == [
        "| Rolle | Ansvar |",
        "| --- | --- |",
        "| Fagleder | Godkjenner |",
        "| Ansatt | Melder |",
    ]
    assert "Se [veilederen](https://www.helsedirektoratet.no/veiledere)" in lines
    assert imported.images_dropped == 0


def test_images_are_dropped_and_counted():
    imported = docx_to_markdown(routine_docx(with_image=True), fallback_title="fil")
    assert imported.images_dropped == 1
    assert "![" not in imported.markdown and "data:image" not in imported.markdown


def test_title_falls_back_to_the_file_name():
    imported = docx_to_markdown(files.word(["Bare tekst."]), fallback_title="Fravær")
    assert imported.title == "Fravær" and imported.markdown == "Bare tekst.\n"


def test_broken_word_file_is_refused():
    with pytest.raises(Refused, match="kunne ikke leses"):
        docx_to_markdown(b"PK\x03\x04 broken", fallback_title="x")


def test_import_creates_a_draft_for_review(app, client, users):
    login(client, users["member"])
    page = "/dokumenter/importer-rutine"
    assert client.get(page).status_code == 200
    response = post_file(
        client, page, page, "file", "Innleggelse.docx", routine_docx(with_image=True),
        category="admission",
    )  # fmt: skip
    assert response.status_code == 302
    shown = text(client.get(response.headers["Location"]))
    assert "Les det gjennom før du sender det til godkjenning" in shown
    assert "1 bilde ble utelatt" in shown
    with app.app_context():
        routine = db.session.scalars(select(Routine)).one()
        assert routine.status == Status.DRAFT
        assert routine.title == "Rutine for innleggelse"
        assert routine.category == "admission"
        assert routine.municipality_id == users["member"].municipality_id
        version = routine.draft_version
        assert version.body.startswith("Rutinen gjelder **alle ansatte**")
        assert version.change_note == "Importert fra Word: Innleggelse.docx (1 bilder utelatt)"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("Rutine.pdf", files.pdf(), "Velg en Word-fil (.docx)"),
        ("Rutine.docx", b"ikke word", "heter .docx, men innholdet er Tekst"),
        ("Rutine.docm", files.word(), "makroer"),
        ("Bombe.docx", files.zip_bomb(), "zip-bombe"),
    ],
)
def test_import_refuses_what_is_not_a_clean_word_file(app, client, users, name, data, message):
    login(client, users["member"])
    page = "/dokumenter/importer-rutine"
    response = post_file(client, page, page, "file", name, data, category="admission")
    assert response.status_code == 400
    assert message in text(response)
    with app.app_context():
        assert db.session.scalars(select(Routine)).first() is None

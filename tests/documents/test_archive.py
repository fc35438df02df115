"""PDF/A for the archive: published minutes and approved routine versions, checked with pypdf
(veraPDF is Java and not packaged in Debian): PDF/A identification and metadata in XMP and the
document information, every font embedded, a Noark-friendly file name."""

import http.server
import io
import re
import threading
from datetime import date

from pypdf import PdfReader

from portal.documents.archive import noark_filename, slug, write_pdfa
from tests.helpers import login

PDFAID = re.compile(rb'pdfaid:part="(\d)"\s+pdfaid:conformance="([AB])"')


def fonts_of(reader: PdfReader) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font on every page, descendant fonts included."""
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            parts = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for part in parts:
                descriptor = part["/FontDescriptor"].get_object()
                embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                found.append((str(part["/BaseFont"]), embedded))
    return found


def check_pdfa(data: bytes) -> PdfReader:
    """Assert the PDF/A properties an archive checks first; return the reader."""
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert PDFAID.search(xmp).groups() == (b"3", b"B")
    assert "/OutputIntents" in reader.trailer["/Root"]
    fonts = fonts_of(reader)
    assert fonts and all(embedded for _name, embedded in fonts), fonts
    assert {name.split("+")[-1] for name, _embedded in fonts} <= {"DejaVu-Sans", "DejaVu-Sans-Bold"}
    return reader


def test_approved_routine_version_as_pdfa(client, users, world):
    login(client, users["other"])  # another municipality reads released routines
    response = client.get(f"/dokumenter/arkiv/routine_version/{world['approved_version']}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert re.search(
        r"attachment; filename=\d{4}-\d\d-\d\d_Rutine_Vold-og-trusler_v1\.pdf", disposition
    )
    reader = check_pdfa(response.data)
    info = reader.metadata
    assert info.title == "Vold og trusler"
    assert info.author == "Bodø"
    assert "versjon 1" in info.subject
    assert "Godkjent av: Ola Bodø" in info["/Keywords"]
    assert "Versjon: 1" in info["/Keywords"]
    xmp = reader.xmp_metadata
    assert xmp.dc_title == {"x-default": "Vold og trusler"}
    assert xmp.dc_creator == ["Bodø"]
    assert xmp.pdf_keywords == info["/Keywords"]
    body = "".join(page.extract_text() for page in reader.pages)
    assert "Trygghet for ansatte" in body and "Ola Bodø" in body and "Kategori" in body


def test_published_minutes_as_pdfa(client, users, world):
    login(client, users["member"])
    response = client.get(f"/dokumenter/arkiv/minutes/{world['minutes']}.pdf")
    assert response.status_code == 200
    reader = check_pdfa(response.data)
    assert reader.metadata.title == "Referat: Vårsamling"
    assert "Godkjent av: Marte Koordinator" in reader.metadata["/Keywords"]
    body = "".join(page.extract_text() for page in reader.pages)
    assert "Nettverket tar i bruk felles rutine." in body


def test_only_final_documents_are_exported(app, client, users, world):
    login(client, users["member"])
    assert (
        client.get(f"/dokumenter/arkiv/routine_version/{world['draft_version']}.pdf").status_code
        == 403
    )
    other = app.test_client()
    login(other, users["other"])  # another municipality may not see the draft at all
    assert (
        other.get(f"/dokumenter/arkiv/routine_version/{world['draft_version']}.pdf").status_code
        == 403
    )
    moderator = app.test_client()
    login(moderator, users["moderator"])
    assert (
        moderator.get(f"/dokumenter/arkiv/minutes/{world['minutes_draft']}.pdf").status_code == 403
    )
    assert moderator.get(f"/dokumenter/arkiv/samling/{world['samling']}.pdf").status_code == 403


def test_pages_offer_the_archive_copy_of_final_documents_only(client, users, world):
    login(client, users["member"])
    page = client.get(f"/rutiner/{world['approved_routine']}").get_data(as_text=True)
    assert f"/dokumenter/arkiv/routine_version/{world['approved_version']}.pdf" in page
    draft = client.get(f"/rutiner/{world['draft_routine']}").get_data(as_text=True)
    assert "/dokumenter/arkiv/" not in draft


def test_noark_file_names():
    assert slug("Rutine for innleggelse – Bodø/Fauske") == "Rutine-for-innleggelse-Bodo-Fauske"
    assert slug("Ærlig året") == "Aerlig-aaret"
    assert noark_filename(date(2026, 3, 5), "Referat", "Referat: Vårsamling", 2) == (
        "2026-03-05_Referat_Referat-Vaarsamling_v2.pdf"
    )


def test_archive_copies_fetch_nothing_from_outside():
    hits = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server name
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            """Quiet."""

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        pdf = write_pdfa(
            f'<html><head><title>x</title><link rel="stylesheet" href="{base}/a.css"></head>'
            f'<body><img src="{base}/x.png"><p>Tekst</p></body></html>',
            identifier="test",
        )
    finally:
        server.shutdown()
    assert pdf.startswith(b"%PDF-") and hits == []

"""Type sniffing: the allow-list decided from content, and every kind of bad file refused."""

import re

import pytest

from portal.documents import sniff as sniffing
from portal.documents.sniff import Refused, clean_name, megabytes, sniff
from tests.documents import files


@pytest.mark.parametrize(
    ("name", "data", "kind", "inline"),
    [
        ("referat.pdf", files.pdf(), "pdf", True),
        ("bilde.png", files.png(), "png", True),
        ("foto.JPG", files.jpeg(), "jpeg", True),
        ("rutine.docx", files.word(), "docx", False),
        ("innlegg.pptx", files.pptx(), "pptx", False),
        ("tall.xlsx", files.xlsx(), "xlsx", False),
        ("notat.odt", files.odf("application/vnd.oasis.opendocument.text"), "odt", False),
        ("lysark.odp", files.odf("application/vnd.oasis.opendocument.presentation"), "odp", False),
        ("notat.txt", "Hei, æøå\n".encode(), "txt", False),
        ("liste.csv", b"kommune;antall\nBod\xc3\xb8;12\n", "csv", False),
    ],
)
def test_allowed_types_are_recognised_from_their_content(name, data, kind, inline):
    found = sniff(data, name)
    assert found.kind == kind
    assert found.inline is inline


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("tom.pdf", b"", "er tom (0 byte)"),
        ("program.exe", b"MZ\x90\x00" + b"\x00" * 60, "program eller skript"),
        ("notat.rtf", b"{\\rtf1 hei}", "filtype som ikke tas imot"),
        ("program.pdf", b"MZ\x90\x00" + b"\x00" * 60, "program eller skript"),
        ("skript.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 60, "program eller skript"),
        ("tegning.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "SVG, HTML"),
        ("side.txt", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "HTML, SVG"),
        ("side.html", b"<p>hei</p>", "SVG, HTML"),
        ("makro.docm", files.word(), "makroer"),
        ("makro.pptx", files.pptm(), "inneholder makroer"),
        ("bombe.docx", files.zip_bomb(), "zip-bombe"),
        ("ikke-zip.docx", b"Dette er bare tekst", "innholdet er Tekst"),
        ("skadet.docx", b"PK\x03\x04" + b"\x00" * 40, "skadet"),
        ("arkiv.docx", files.plain_zip(), "ikke et Office-dokument"),
        ("bilde.pdf", files.png(), "heter .pdf, men innholdet er PNG-bilde"),
        ("rutine.pptx", files.word(), "heter .pptx, men innholdet er Word"),
        ("skript.pdf", files.pdf(javascript=True), "JavaScript"),
        ("apne.pdf", files.pdf_with_open_action_js(), "JavaScript"),
        ("skadet.pdf", b"%PDF-1.7\n this is not a pdf", "ikke en gyldig PDF"),
        ("binar.txt", b"\x00\x01\x02\x03binary", "ikke en filtype som tas imot"),
    ],
)
def test_bad_files_are_refused_with_a_norwegian_reason(name, data, message):
    with pytest.raises(Refused, match=re.escape(message)):
        sniff(data, name)


def test_size_limit_per_file():
    with pytest.raises(Refused, match=r"Grensen er 1 kB per fil"):
        sniff(b"x" * 2048, "stor.txt", max_bytes=1024)
    assert sniff(b"x" * 1024, "akkurat.txt", max_bytes=1024).kind == "txt"


def test_zip_bomb_is_measured_before_reading(monkeypatch):
    data = files.word()
    monkeypatch.setattr(sniffing, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(Refused, match="zip-bombe"):
        sniff(data, "rutine.docx")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("../../etc/passwd.txt", "mappe-deler"),
        ("C:\\Users\\kari\\rutine.pdf", "mappe-deler"),
        ("rutine\x00.pdf", "kontrolltegn"),
        ("linje\nskift.pdf", "kontrolltegn"),
        ("   ", "mangler navn"),
        ("a" * 201 + ".pdf", "lengre enn 200 tegn"),
    ],
)
def test_file_names_with_path_parts_or_control_characters_are_refused(raw, message):
    with pytest.raises(Refused, match=message):
        clean_name(raw)


def test_clean_names_are_kept_as_given():
    assert (
        clean_name(" Rutine for innleggelse – Bodø.docx ") == "Rutine for innleggelse – Bodø.docx"
    )


def test_sizes_for_people():
    assert megabytes(25 * 1024 * 1024) == "25 MB"
    assert megabytes(1536 * 1024) == "1,5 MB"
    assert megabytes(300 * 1024) == "300 kB"

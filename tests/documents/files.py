"""Real-looking files for the tests, made on the spot (PDF, PNG, JPEG, Office, ODF, zip bombs)."""

import io
import struct
import zipfile
import zlib

import docx
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

OOXML_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>{extra}</Types>'


def pdf(title: str = "", javascript: bool = False) -> bytes:
    """A one-page PDF (optionally with document-level JavaScript in its name tree)."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if title:
        writer.add_metadata({"/Title": title})
    if javascript:
        action = writer._add_object(_javascript_action())
        tree = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("x"), action])}
        )
        names = DictionaryObject({NameObject("/JavaScript"): writer._add_object(tree)})
        writer._root_object[NameObject("/Names")] = writer._add_object(names)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _javascript_action() -> DictionaryObject:
    """A PDF action that runs JavaScript."""
    return DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"),
        NameObject("/JS"): TextStringObject("app.alert(1)"),
    })  # fmt: skip


def pdf_with_open_action_js() -> bytes:
    """A PDF whose /OpenAction runs JavaScript."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(_javascript_action())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png() -> bytes:
    """A 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    """The start of a JPEG (enough for the signature)."""
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\x00" * 64
        + b"\xff\xd9"
    )


def word(paragraphs: list[str] | None = None) -> bytes:
    """A .docx made by python-docx."""
    document = docx.Document()
    for paragraph in paragraphs or ["Presentasjon fra samlingen."]:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def ooxml(main_part: str, content_type: str, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal Office Open XML package with one main part."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        override = f'<Override PartName="/{main_part}" ContentType="{content_type}"/>'
        archive.writestr("[Content_Types].xml", OOXML_TYPES.format(extra=override))
        archive.writestr(main_part, "<root/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def pptx() -> bytes:
    """A minimal PowerPoint package."""
    return ooxml(
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    )


def xlsx() -> bytes:
    """A minimal Excel package."""
    return ooxml(
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    )


def pptm() -> bytes:
    """A PowerPoint package with a VBA project (macros)."""
    return ooxml(
        "ppt/presentation.xml",
        "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
        {"ppt/vbaProject.bin": b"\x00" * 64},
    )


def odf(mimetype: str) -> bytes:
    """A minimal OpenDocument package."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def zip_bomb(unpacked_bytes: int = 40 * 1024 * 1024) -> bytes:
    """A .docx-shaped archive whose one member unpacks to ``unpacked_bytes`` of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", OOXML_TYPES.format(extra=""))
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\x00" * (1024 * 1024)
            for _ in range(unpacked_bytes // len(block)):
                member.write(block)
    return out.getvalue()


def plain_zip() -> bytes:
    """An ordinary zip archive."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notater.txt", "hei")
    return out.getvalue()

"""What a file really is: an allow-list decided from its content, never from its name alone.

Pure module (no Flask). ``sniff(data, filename)`` returns the file's type or raises ``Refused``
with a Norwegian message. Office Open XML and OpenDocument files are zip archives: their type
comes from ``[Content_Types].xml`` or the ``mimetype`` entry, macros from ``vbaProject.bin`` /
``macroEnabled`` content types (or Basic/Scripts folders in OpenDocument), and the archive is
measured before anything reads it (zip bombs). PDFs are opened with pypdf and refused when they
carry JavaScript or launch actions.
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import DictionaryObject, IndirectObject

MAX_NAME_LENGTH = 200
# Zip archives: refuse when unpacked contents would exceed this, or compress suspiciously well.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_ZIP_ENTRIES = 5000


class Refused(ValueError):
    """A file the portal will not keep; the message is for the user (Norwegian)."""


@dataclass(frozen=True)
class FileType:
    """A sniffed type from the allow-list."""

    kind: str
    mime: str
    label: str

    @property
    def inline(self) -> bool:
        """PDF and images may be shown in the browser (in a sandbox); the rest is downloaded."""
        return self.kind in INLINE_KINDS


OOXML = "application/vnd.openxmlformats-officedocument"
TYPES = {
    "pdf": FileType("pdf", "application/pdf", "PDF"),
    "pptx": FileType("pptx", f"{OOXML}.presentationml.presentation", "PowerPoint"),
    "docx": FileType("docx", f"{OOXML}.wordprocessingml.document", "Word"),
    "xlsx": FileType("xlsx", f"{OOXML}.spreadsheetml.sheet", "Excel"),
    "odt": FileType("odt", "application/vnd.oasis.opendocument.text", "OpenDocument-tekst"),
    "odp": FileType(
        "odp", "application/vnd.oasis.opendocument.presentation", "OpenDocument-presentasjon"
    ),
    "png": FileType("png", "image/png", "PNG-bilde"),
    "jpeg": FileType("jpeg", "image/jpeg", "JPEG-bilde"),
    "txt": FileType("txt", "text/plain; charset=utf-8", "Tekst"),
    "csv": FileType("csv", "text/csv; charset=utf-8", "CSV"),
}
INLINE_KINDS = frozenset({"pdf", "png", "jpeg"})
EXTENSIONS = {
    "pdf": "pdf", "pptx": "pptx", "docx": "docx", "xlsx": "xlsx", "odt": "odt", "odp": "odp",
    "png": "png", "jpg": "jpeg", "jpeg": "jpeg", "txt": "txt", "csv": "csv",
}  # fmt: skip
MACRO_EXTENSIONS = frozenset({"docm", "dotm", "pptm", "potm", "ppsm", "xlsm", "xltm", "xlsb"})
MARKUP_EXTENSIONS = frozenset({"svg", "svgz", "html", "htm", "xhtml", "xml", "js", "mht"})
OOXML_MAIN_PARTS = {
    "word/document.xml": "docx",
    "ppt/presentation.xml": "pptx",
    "xl/workbook.xml": "xlsx",
}
ODF_MIMETYPES = {TYPES["odt"].mime: "odt", TYPES["odp"].mime: "odp"}
EXECUTABLE_SIGNATURES = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa", b"#!")
MARKUP_START = re.compile(rb"^\s*(<\?xml|<!doctype|<html|<svg|<script|<head|<body)", re.I)
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_name(raw: str) -> str:
    """The file name as given, checked for display: no path parts, no control characters."""
    name = unicodedata.normalize("NFC", raw or "").strip()
    if not name:
        raise Refused("Filen mangler navn. Gi den et navn og prøv igjen.")
    if CONTROL.search(name):
        raise Refused("Filnavnet inneholder kontrolltegn. Gi filen et vanlig navn og prøv igjen.")
    if "/" in name or "\\" in name or name in (".", ".."):
        raise Refused(
            f"Filnavnet «{name}» inneholder mappe-deler (/ eller \\). "
            "Gi filen et enkelt navn og prøv igjen."
        )
    if len(name) > MAX_NAME_LENGTH:
        raise Refused(f"Filnavnet er lengre enn {MAX_NAME_LENGTH} tegn. Gi filen et kortere navn.")
    return name


def extension(name: str) -> str:
    """The lower-case extension without the dot ('' when there is none)."""
    return name.rsplit(".", 1)[1].lower() if "." in name else ""


def sniff(data: bytes, filename: str, max_bytes: int | None = None) -> FileType:
    """Decide the file's type from its content and check it agrees with the name's extension."""
    name = clean_name(filename)
    if not data:
        raise Refused(f"Filen «{name}» er tom (0 byte).")
    if max_bytes is not None and len(data) > max_bytes:
        raise Refused(
            f"Filen «{name}» er {megabytes(len(data))}. Grensen er {megabytes(max_bytes)} per fil."
        )
    ext = extension(name)
    if ext in MACRO_EXTENSIONS:
        raise Refused(f"Filen «{name}» kan inneholde makroer. Lagre den uten makroer (.docx, .pptx, .xlsx).")  # fmt: skip
    if ext in MARKUP_EXTENSIONS:
        raise Refused(f"Filen «{name}» er SVG, HTML eller XML. Slike filer tas ikke imot; lagre som PDF eller PNG.")  # fmt: skip
    found = _content_type(data, name)
    expected = EXTENSIONS.get(ext)
    if expected is None:
        raise Refused(
            f"Filen «{name}» har en filtype som ikke tas imot. Tillatt: PDF, PowerPoint, Word, "
            "Excel, OpenDocument, PNG, JPEG, tekst og CSV."
        )
    if expected == "csv" and found.kind == "txt":
        return TYPES["csv"]
    if found.kind != expected:
        raise Refused(
            f"Filen «{name}» heter .{ext}, men innholdet er {found.label}. "
            "Sjekk at du valgte riktig fil, eller gi den riktig endelse."
        )
    return found


def megabytes(size: int) -> str:
    """A size for people: «25 MB», «1,5 MB», «300 kB»."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    value = size / (1024 * 1024)
    text = f"{value:.0f}" if value >= 10 or value.is_integer() else f"{value:.1f}"
    return f"{text.replace('.', ',')} MB"


def _content_type(data: bytes, name: str) -> FileType:
    """The allow-listed type the bytes are, or Refused."""
    if data.startswith(b"%PDF-"):
        _check_pdf(data, name)
        return TYPES["pdf"]
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return TYPES["png"]
    if data.startswith(b"\xff\xd8\xff"):
        return TYPES["jpeg"]
    if data.startswith(b"PK\x03\x04"):
        return TYPES[_zip_kind(data, name)]
    if data.startswith(EXECUTABLE_SIGNATURES):
        raise Refused(f"Filen «{name}» er et program eller skript. Slike filer tas ikke imot.")
    if MARKUP_START.match(data[:512]):
        raise Refused(f"Filen «{name}» er HTML, SVG eller XML. Slike filer tas ikke imot.")
    if _is_text(data):
        return TYPES["txt"]
    raise Refused(
        f"Filen «{name}» er ikke en filtype som tas imot. Tillatt: PDF, PowerPoint, Word, "
        "Excel, OpenDocument, PNG, JPEG, tekst og CSV."
    )


def _is_text(data: bytes) -> bool:
    """UTF-8 text without control characters other than tab, newline, carriage return, form feed."""
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", decoded)


def _zip_kind(data: bytes, name: str) -> str:
    """docx/pptx/xlsx/odt/odp from inside the archive, after the zip-bomb and macro checks."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Refused(f"Filen «{name}» er skadet: den er ikke et gyldig Office-dokument.") from None
    with archive:
        check_zip_size(entries, name)
        names = {entry.filename for entry in entries}
        if "mimetype" in names:
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
            kind = ODF_MIMETYPES.get(mimetype)
            if kind is None:
                raise Refused(f"Filen «{name}» er en OpenDocument-type som ikke tas imot.")
            if any(n.startswith(("Basic/", "Scripts/")) for n in names):
                raise Refused(f"Filen «{name}» inneholder makroer. Lagre den uten makroer.")
            return kind
        if "[Content_Types].xml" not in names:
            raise Refused(f"Filen «{name}» er en zip-fil, ikke et Office-dokument. Zip-filer tas ikke imot.")  # fmt: skip
        content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    if (
        any(n.lower().endswith("vbaproject.bin") for n in names)
        or "macroenabled" in content_types.lower()
    ):
        raise Refused(f"Filen «{name}» inneholder makroer. Lagre den uten makroer (.docx, .pptx, .xlsx).")  # fmt: skip
    for part, kind in OOXML_MAIN_PARTS.items():
        if part in names:
            return kind
    raise Refused(f"Filen «{name}» er et Office-format som ikke tas imot.")


def check_zip_size(entries: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse archives that unpack to too much, have too many entries, or compress like a bomb."""
    total = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if len(entries) > MAX_ZIP_ENTRIES or total > MAX_UNPACKED_BYTES or total / packed > MAX_RATIO:
        raise Refused(
            f"Filen «{name}» pakker seg ut til mye mer enn den er (mulig zip-bombe). "
            "Den tas ikke imot."
        )


def _check_pdf(data: bytes, name: str) -> None:
    """Refuse PDFs that cannot be read or that run JavaScript or launch programs."""
    try:
        reader = PdfReader(io.BytesIO(data))
        root = reader.trailer["/Root"].get_object()
        risky = _has_active_content(root, set())
    except (PdfReadError, KeyError, ValueError, TypeError, AttributeError, RecursionError):
        raise Refused(f"Filen «{name}» er skadet: den er ikke en gyldig PDF.") from None
    if risky or re.search(rb"/(JavaScript|JS|Launch)\b", data):
        raise Refused(
            f"Filen «{name}» inneholder JavaScript eller handlinger som starter programmer. "
            "Skriv den ut til en ny PDF uten skript og prøv igjen."
        )


ACTIVE_KEYS = frozenset({"/JavaScript", "/JS", "/Launch"})


def _has_active_content(node, seen: set[int], depth: int = 0) -> bool:
    """Walk the PDF's object graph (also inside compressed object streams) for script actions."""
    if depth > 60:
        return False
    if isinstance(node, IndirectObject):
        if node.idnum in seen:
            return False
        seen.add(node.idnum)
        node = node.get_object()
    if isinstance(node, DictionaryObject):
        if ACTIVE_KEYS & set(node.keys()) or node.get("/S") in ACTIVE_KEYS:
            return True
        return any(
            _has_active_content(value, seen, depth + 1)
            for key, value in node.items()
            if key not in ("/Parent", "/P")
        )
    if isinstance(node, list):
        return any(_has_active_content(value, seen, depth + 1) for value in node)
    return False

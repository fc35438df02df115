"""Plain text out of PDF and Word files, for the identifier scan of case attachments."""

import io

import mammoth
from pypdf import PdfReader
from pypdf.errors import PdfReadError

MAX_TEXT_CHARS = 2_000_000


def text_of(data: bytes, kind: str) -> str | None:
    """The text of a PDF, DOCX or text file; None for kinds without extractable text."""
    if kind == "pdf":
        try:
            reader = PdfReader(io.BytesIO(data))
            pages = (page.extract_text() or "" for page in reader.pages)
            return "\n".join(pages)[:MAX_TEXT_CHARS]
        except (PdfReadError, ValueError, KeyError, TypeError):
            return ""
    if kind == "docx":
        return mammoth.extract_raw_text(io.BytesIO(data)).value[:MAX_TEXT_CHARS]
    if kind in ("txt", "csv"):
        return data.decode("utf-8-sig", "replace")[:MAX_TEXT_CHARS]
    return None

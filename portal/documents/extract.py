"""Plain text out of PDF and Word files, for the identifier scan of case attachments."""

import io

import mammoth
from pypdf import PdfReader

MAX_TEXT_CHARS = 2_000_000


class Unreadable(ValueError):
    """The file's text could not be read (so it cannot be scanned)."""


def text_of(data: bytes, kind: str) -> str | None:
    """The text of a PDF, DOCX or text file; None for kinds without extractable text."""
    try:
        if kind == "pdf":
            pages = (page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
            return "\n".join(pages)[:MAX_TEXT_CHARS]
        if kind == "docx":
            return mammoth.extract_raw_text(io.BytesIO(data)).value[:MAX_TEXT_CHARS]
    except Exception as error:  # noqa: BLE001 - pypdf and mammoth raise many kinds on bad files
        raise Unreadable(str(error)) from error
    if kind in ("txt", "csv"):
        return data.decode("utf-8-sig", "replace")[:MAX_TEXT_CHARS]
    return None

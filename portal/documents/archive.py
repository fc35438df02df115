"""PDF/A for the municipal archive: WeasyPrint renders the document as PDF/A-3b, with metadata.

Title, owner, approver, version and dates go into the document itself (a heading block), into
the PDF's document information (Title, Author = owner, Subject, Keywords with approver, version
and dates, CreationDate/ModDate) and into its XMP metadata, which WeasyPrint writes with the
PDF/A identification (pdfaid:part/conformance). No custom information keys: PDF/A wants every
document-information entry mirrored in XMP, and WeasyPrint mirrors only the standard ones.
The text uses DejaVu Sans (Debian's fonts-dejavu-core), embedded in the file as PDF/A requires.
"""

import logging
import re
import unicodedata

PDF_VARIANT = "pdf/a-3b"
FOLD = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "å": "aa", "Å": "Aa"})


def write_pdfa(html: str, identifier: str) -> bytes:
    """Render a complete HTML document (with its <meta> tags) as PDF/A-3b."""
    from weasyprint import HTML  # loaded on first export: it is large and logs while loading
    from weasyprint.urls import URLFetcher

    for name in ("weasyprint", "weasyprint.progress", "fontTools"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # No protocol is allowed: the copy is built from the portal's own text, never from outside.
    no_fetching = URLFetcher(allowed_protocols=())
    return HTML(string=html, base_url=None, url_fetcher=no_fetching).write_pdf(
        pdf_variant=PDF_VARIANT,
        pdf_identifier=identifier.encode("ascii", "replace"),
    )


def slug(text: str, limit: int = 60) -> str:
    """ASCII words joined by hyphens: «Rutine for innleggelse – Bodø» → «Rutine-for-innleggelse-Bodo»."""
    folded = unicodedata.normalize("NFKD", text.translate(FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", ascii_text)
    return "-".join(words)[:limit].strip("-") or "dokument"


def noark_filename(day, doc_type: str, title: str, version: int) -> str:
    """A Noark-friendly file name: date, document type, title, version; ASCII, no spaces."""
    return f"{day.isoformat()}_{slug(doc_type, 20)}_{slug(title)}_v{version}.pdf"

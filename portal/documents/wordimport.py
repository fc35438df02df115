"""A Word routine (.docx) as Markdown: mammoth reads the document, markdownify writes Markdown.

mammoth maps Word's styles to clean HTML (headings, lists, tables, bold/italic, links) and
ignores layout; its own Markdown writer is deprecated and drops tables, so markdownify turns the
HTML into Markdown. Images are dropped and counted, so the author can be told.
"""

import io
import re
from dataclasses import dataclass, field

import mammoth
from markdownify import markdownify

from portal.documents.sniff import Refused

TITLE_TAG = re.compile(r"<h1>(.*?)</h1>", re.S)
TAGS = re.compile(r"<[^>]+>")


@dataclass
class ImportedText:
    """What came out of the Word file."""

    title: str
    markdown: str
    images_dropped: int = 0
    warnings: list[str] = field(default_factory=list)


def docx_to_markdown(data: bytes, fallback_title: str) -> ImportedText:
    """Convert a .docx (already sniffed as one) to Markdown; the first heading is the title."""
    images = 0

    def drop_image(_image):
        nonlocal images
        images += 1
        return {}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), convert_image=mammoth.images.img_element(drop_image)
        )
    except Exception:  # noqa: BLE001 - mammoth raises many kinds on broken documents
        raise Refused("Word-filen kunne ikke leses. Åpne den i Word, lagre på nytt og prøv igjen.") from None  # fmt: skip
    html = re.sub(r"<img[^>]*>", "", result.value)
    title = fallback_title
    if match := TITLE_TAG.search(html):
        heading = TAGS.sub("", match.group(1)).strip()
        if heading:
            title = heading
            html = html.replace(match.group(0), "", 1)
    markdown = markdownify(
        html,
        heading_style="ATX",
        bullets="-",
        strong_em_symbol="*",
        escape_underscores=False,
        table_infer_header=True,
    )
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    return ImportedText(
        title=title[:200],
        markdown=markdown,
        images_dropped=images,
        warnings=[str(m.message) for m in result.messages],
    )

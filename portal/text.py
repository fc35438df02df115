"""Markdown to sanitised HTML: the only source of HTML that templates may mark safe."""

import re

import markdown
import nh3
from markupsafe import Markup, escape

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "ins", "li", "ol", "p", "pre", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]
URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


def sanitise(html: str) -> str:
    """Strip everything outside the allow-list: scripts, styles, event handlers, images."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render(source: str | None) -> Markup:
    """Render user Markdown to HTML that is safe to embed in a page."""
    if not source:
        return Markup("")
    html = markdown.markdown(source, extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return Markup(sanitise(html))  # noqa: S704 - sanitised by nh3 just above


def sanitised(html: str) -> Markup:
    """HTML assembled from rendered text (such as diff marks) cleaned again, then marked safe."""
    return Markup(sanitise(html))  # noqa: S704 - sanitised by nh3 just here


def linkify(plain: str) -> str:
    """Plain text (a chat message) to HTML: all escaped, http(s) links clickable, breaks kept."""
    linked = URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', str(escape(plain)))
    return sanitise(linked.replace("\n", "<br>"))

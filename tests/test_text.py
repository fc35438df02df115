"""Markdown rendering is sanitised: nothing executable or tracking survives."""

import pytest

from portal import text
from portal.text import linkify, render


def test_markdown_renders_ordinary_formatting():
    html = render("# Rutine\n\n**Viktig:** ring *fastlegen*.\n\n- punkt en\n- punkt to")
    assert "<h1>Rutine</h1>" in html
    assert "<strong>Viktig:</strong>" in html
    assert "<em>fastlegen</em>" in html
    assert html.count("<li>") == 2


def test_empty_source_renders_nothing():
    assert render(None) == ""
    assert render("") == ""


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">klikk</a>',
        "[klikk](javascript:alert(1))",
        "[klikk](java\tscript:alert(1))",
        "[klikk](java\nscript:alert(1))",
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<p onclick="alert(1)">tekst</p>',
        '<div style="background:url(javascript:alert(1))">x</div>',
        "<iframe src='https://example.com'></iframe>",
        "<svg onload=alert(1)></svg>",
        "![sporing](https://tracker.example/pixel.gif)",
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        "<style>body{display:none}</style>",
        "<form action='https://evil.example'><input></form>",
    ],
)
def test_dangerous_markup_is_removed(payload):
    html = str(render(payload)).lower()
    for forbidden in ("<script", "onerror", "onclick", "onload", "javascript:", "<img", "<iframe",
                      "<svg", "style=", "<style", "data:text", "<form", "<input"):  # fmt: skip
        assert forbidden not in html, (payload, html)


def test_safe_links_are_kept_with_rel():
    html = str(
        render("[Helsedirektoratet](https://www.helsedirektoratet.no) og [e-post](mailto:a@b.no)")
    )
    assert 'href="https://www.helsedirektoratet.no"' in html
    assert 'href="mailto:a@b.no"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_relative_links_are_kept():
    assert 'href="/rutiner/3"' in str(render("[rutinen](/rutiner/3)"))


def test_plain_text_is_escaped():
    assert "&lt;b&gt;" in str(render("`<b>`"))


def test_the_same_text_is_parsed_once_and_renders_the_same():
    source = "## Formål\n\nEn rutine som bare er rendret én gang <script>x()</script>."
    first = text.render(source)
    hits = text._render_sanitised.cache_info().hits
    assert text.render(source) == first and "<script" not in first
    assert text._render_sanitised.cache_info().hits == hits + 1


def test_chat_text_escapes_everything_and_links_only_http():
    html = linkify('<img src=x onerror=alert(1)> https://a.no/x?y=1&z=2 "q"\nny')
    assert "<img" not in html and "&lt;img" in html
    assert '<a href="https://a.no/x?y=1&amp;z=2" rel="noopener noreferrer nofollow">' in html
    assert "<br>" in html
    assert "<a" not in linkify("javascript:alert(1) data:text/html,x")
    assert linkify("slutt: https://a.no.").endswith("</a>.")

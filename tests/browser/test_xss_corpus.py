"""Markdown XSS corpus: user text with attack payloads rendered by the portal in Chromium."""

from playwright.sync_api import expect

from portal.extensions import db
from portal.network.demo import DEMO_PASSWORD
from portal.network.models import User
from portal.rutiner import services as routines
from tests.browser.conftest import assert_accessible, log_in

PAYLOADS = [
    "<script>window.__xss = 1; alert(1)</script>",
    '<img src=x onerror="window.__xss = 2; alert(2)">',
    '<svg onload="window.__xss = 3"></svg>',
    '<a href="javascript:window.__xss=4" id="lenke-js">klikk</a>',
    "[klikk meg](javascript:window.__xss=5)",
    "[tab](java\tscript:window.__xss=6)",
    '<a href="jav&#x09;ascript:window.__xss=7" id="lenke-entitet">x</a>',
    '<iframe src="javascript:window.parent.__xss=8"></iframe>',
    '<details open ontoggle="window.__xss=9">x</details>',
    '<p style="background:url(javascript:window.__xss=10)">stil</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=11>",
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=12>">',
    "![sporing](https://tracker.example/pixel.gif)",
    '<form action="https://evil.example"><button>Send</button></form>',
    '<object data="javascript:window.__xss=13"></object>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=14">',
    '<input autofocus onfocus="window.__xss=15">',
]


def test_payloads_in_routine_text_and_comments_do_nothing(app, page, users):
    with app.app_context():
        author = db.session.get(User, users["member"].id)
        routine = routines.create_routine(
            author, network_id=author.network_id, municipality_id=author.municipality_id,
            title="Testrutine med farlig tekst", body="\n\n".join(PAYLOADS), change_note="",
            category="admission", tags="", review_interval_months=12, responsible=author,
        )  # fmt: skip
        for payload in PAYLOADS:
            routines.add_comment(author, routine, payload)
        db.session.commit()
        routine_id = routine.id

    log_in(page, users["member"].email, DEMO_PASSWORD)
    page.goto(f"/rutiner/{routine_id}")
    expect(page.get_by_role("heading", name="Testrutine med farlig tekst")).to_be_visible()
    assert_accessible(page)
    for link in page.locator("main a").all():
        href = (link.get_attribute("href") or "").replace("\t", "").lower()
        assert not href.startswith(("javascript:", "data:")), href
    page.locator("main a", has_text="klikk").first.click(no_wait_after=True)
    page.wait_for_timeout(300)

    assert page.dialogs == []
    assert page.evaluate("window.__xss") is None
    # An empty style attribute is left on inputs by Playwright's screenshots; it styles nothing.
    dangerous = page.evaluate(
        """() => [...document.querySelectorAll('main *')].filter(el =>
            ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'FORM', 'BASE', 'META', 'IMG', 'SVG',
             'INPUT', 'STYLE'].includes(el.tagName.toUpperCase())
            && !el.closest('.site-header') && !el.closest('form[method=post]')
            || [...el.attributes].some(a => a.name.startsWith('on')
                || a.name === 'style' && a.value.trim()))
            .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert dangerous == []

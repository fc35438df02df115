"""Browser journeys: the portal served on loopback, driven in Debian's Chromium by Playwright.

Every journey runs twice, at 1280 px (desktop) and 390 px (phone). Every page a journey loads
must pass ``assert_accessible``: axe-core (WCAG 2.1 A/AA, zero violations), nothing scrolls
sideways, the header is small on a phone, and a full-page screenshot is saved under
test-results/screenshots/<test>/<n>-<viewport>.png for a person to look at. A page that was
loaded but never checked fails the test at teardown.

These tests never skip: a missing Chromium fails loudly, because CI must run them.
"""

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from playwright.sync_api import Locator, Page, expect, sync_playwright
from werkzeug.serving import make_server

from portal.config import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT_ROOT / "test-results" / "screenshots"
VIEWPORTS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}
PHONE_WIDTH = 390
HEADER_SHARE_MAX = 0.15  # of the viewport height, on a phone
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="session")
def live_server(app):
    """Serve the test app on a free loopback port in a background thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(autouse=True)
def _links_to_live_server(app, live_server):
    """Links in mail and pages lead to the served portal, as PUBLIC_URL does when deployed."""
    saved = app.config["PUBLIC_URL"]
    app.config["PUBLIC_URL"] = live_server
    yield
    app.config["PUBLIC_URL"] = saved


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    assert CHROMIUM.exists(), "Chromium is missing: apt-get install chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class Checkpoints:
    """Pages loaded and pages checked in one test (all its browser contexts), for one viewport."""

    folder: Path
    viewport: str
    count: int = 0
    loaded: set[str] = field(default_factory=set)
    checked: set[str] = field(default_factory=set)

    def watch(self, tab: Page) -> None:
        """Remember every document the tab's main frame loads."""
        tab.checkpoints = self
        tab.on(
            "load", lambda: tab.url.startswith("http") and self.loaded.add(urldefrag(tab.url).url)
        )

    def unchecked(self) -> list[str]:
        """Loaded pages that no check ran on."""
        return sorted(self.loaded - self.checked)


@pytest.fixture(params=list(VIEWPORTS), ids=lambda width: f"{width}px")
def viewport(request) -> str:
    """Each journey runs at desktop and at phone width."""
    return request.param


@pytest.fixture
def checkpoints(request, viewport):
    """Per-test record of checked pages; fails the test if a loaded page was never checked."""
    record = Checkpoints(SCREENSHOTS / request.node.originalname, viewport)
    for old in record.folder.glob(f"*-{viewport}.png"):
        old.unlink()
    yield record
    assert not record.unchecked(), f"pages loaded but never checked: {record.unchecked()}"


def _new_tab(browser, live_server, viewport: str, checkpoints: Checkpoints) -> Page:
    """A fresh browser context (own cookies) at the viewport, with a watched page."""
    context = browser.new_context(
        base_url=live_server, locale="nb-NO", viewport=VIEWPORTS[viewport], reduced_motion="reduce"
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    checkpoints.watch(tab)
    return tab


@pytest.fixture
def page(browser, live_server, viewport, checkpoints):
    """A fresh browser context (own cookies) with a page; base URL is the live server."""
    tab = _new_tab(browser, live_server, viewport, checkpoints)
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    tab.context.close()


@pytest.fixture
def new_page(browser, live_server, viewport, checkpoints):
    """Open more independent browser contexts (another person) within one test."""
    tabs: list[Page] = []

    def open_page() -> Page:
        tabs.append(_new_tab(browser, live_server, viewport, checkpoints))
        return tabs[-1]

    yield open_page
    for tab in tabs:
        tab.context.close()


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core (from npm) on the page for WCAG 2.1 A/AA and return the violations."""
    assert AXE.exists(), "axe-core is missing: npm install"
    # Evaluated through the DevTools protocol, so the portal's CSP (no inline scripts) stays on.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }"""
    )
    return result


def layout_problems(page: Page, viewport: str) -> list[str]:
    """Sideways scrolling, ids used twice; on a phone, a header taller than 15 % of the screen."""
    sizes = page.evaluate(
        """() => ({scroll: document.documentElement.scrollWidth,
                   width: document.documentElement.clientWidth, height: window.innerHeight,
                   header: document.querySelector('.site-header')?.offsetHeight || 0})"""
    )
    problems = []
    if sizes["scroll"] > sizes["width"]:
        culprits = page.evaluate(
            """(width) => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > width + 1
                    && el.parentElement.getBoundingClientRect().right <= width + 1)
                .slice(0, 5).map(el => el.outerHTML.slice(0, 120))""",
            sizes["width"],
        )
        problems.append(
            f"scrolls sideways: {sizes['scroll']} px wide in {sizes['width']} px: {culprits}"
        )
    duplicates = page.evaluate(
        """() => { const seen = new Set(), twice = new Set();
                   for (const el of document.querySelectorAll('[id]:not(input[type=hidden])'))
                       (seen.has(el.id) ? twice : seen).add(el.id);
                   return [...twice]; }"""
    )
    if duplicates:  # a label or aria reference then points at the wrong element
        problems.append(f"ids used more than once: {duplicates}")
    if int(viewport) <= PHONE_WIDTH and sizes["header"] > HEADER_SHARE_MAX * sizes["height"]:
        problems.append(f"header is {sizes['header']} px of {sizes['height']} px")
    return problems


def assert_accessible(page: Page) -> None:
    """Check the current page: axe, layout at this viewport, and save a screenshot of it."""
    record: Checkpoints = page.checkpoints
    record.count += 1
    record.folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=record.folder / f"{record.count}-{record.viewport}.png", full_page=True)
    record.checked.add(urldefrag(page.url).url)
    violations = axe_violations(page)
    problems = layout_problems(page, record.viewport)
    assert violations == [] and problems == [], (
        f"{page.url} at {record.viewport} px:\n"
        + "\n".join(problems)
        + json.dumps(violations, indent=2, ensure_ascii=False)
    )


def answer_homework(page: Page, title: str, answer: str, number: str) -> None:
    """As a member: open the homework from the front page and answer it for the municipality."""
    page.goto("/")
    expect(page.get_by_role("heading", name="Åpne hjemmelekser")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=title).click()
    assert_accessible(page)
    page.get_by_role("textbox", name="Svar", exact=True).fill(answer)
    page.get_by_label("Tall (valgfritt)").fill(number)
    page.get_by_role("button", name="Send svaret").click()
    expect(page.get_by_text("Svaret er lagret for kommunen din.")).to_be_visible()
    assert_accessible(page)


def log_in(page: Page, email: str, password: str) -> None:
    """Log in through the real login page."""
    from portal.network.demo import DEMO_PASSWORD

    page.goto("/logg-inn")
    if urldefrag(page.url).url not in page.checkpoints.checked:
        assert_accessible(page)
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_label("Passord").fill(password or DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Logg inn").click()
    if urldefrag(page.url).url not in page.checkpoints.checked:
        assert_accessible(page)


def open_menu(page: Page) -> Page:
    """On a phone the menu and the account links sit behind «Meny»: open it (by keyboard)."""
    toggle = page.locator("summary.site-menu__toggle")
    if toggle.is_visible() and not page.locator("details.site-menu--phone[open]").count():
        toggle.focus()
        page.keyboard.press("Enter")
    return page


def main_menu(page: Page) -> Locator:
    """The main menu, opened first on a phone."""
    return open_menu(page).get_by_role("navigation", name="Hovedmeny")

"""Browser journeys: the portal served on loopback, driven in Debian's Chromium by Playwright.

These tests never skip: a missing Chromium fails loudly, because CI must run them.
"""

import json
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

from portal.config import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
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


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (own cookies) with a page; base URL is the live server."""
    context = browser.new_context(base_url=live_server, locale="nb-NO")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    context.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open more independent browser contexts (another person) within one test."""
    contexts = []

    def open_page() -> Page:
        context = browser.new_context(base_url=live_server, locale="nb-NO")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


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


def assert_accessible(page: Page) -> None:
    """Fail with a readable list if axe finds WCAG 2.1 AA violations on the current page."""
    violations = axe_violations(page)
    assert violations == [], f"{page.url}:\n" + json.dumps(violations, indent=2, ensure_ascii=False)


def log_in(page: Page, email: str, password: str) -> None:
    """Log in through the real login page."""
    from portal.network.demo import DEMO_PASSWORD

    page.goto("/logg-inn")
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_label("Passord").fill(password or DEMO_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()

"""The browser suite: Debian's headless Chromium driven by Playwright against pytest-django's live
server, with axe-core (npm, see package.json here) checking every page it visits.

Without /usr/bin/chromium or axe-core the suite skips with the reason; under CI=true it fails.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.applications.conftest import _tier_windows_open_today  # noqa: F401 (autouse fixture)
from tests.conftest import _require

CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
# Organismes on poor connections: every applicant page, all assets included, stays under this.
PAGE_WEIGHT_LIMIT = 300 * 1024
NAVIGATION_TIMEOUT_MS = 5_000


@pytest.fixture(scope="module")
def chromium():
    _require(CHROMIUM.exists(), f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    _require(AXE_SCRIPT.exists(), "browser tests need axe-core: npm ci --prefix tests/browser")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread, which Django reads as "async
    # context" and refuses database calls; the test's own calls are plain synchronous ones. Module
    # scope: the variable must not outlive these tests (`check --deploy` refuses it, rightly).
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Visit:
    url: str
    transferred: int


CSP_REPORTER = """document.addEventListener('securitypolicyviolation', (event) => console.error(
  'Content Security Policy: ' + event.violatedDirective + ' blocked at ' + event.sourceFile + ':' + event.lineNumber
  + ' on ' + String(event.target && event.target.outerHTML || event.target).slice(0, 160)));"""


@dataclass
class Person:
    """One person's browser tab: every page it loads is weighed and checked by axe (when the page
    runs scripts), and each step of the journey is photographed."""

    page: object
    shots: Path
    counter: list
    check_accessibility: bool = True
    base: str = ""
    violations: list = field(default_factory=list)
    visits: list = field(default_factory=list)

    def __post_init__(self):
        self.page.set_default_timeout(NAVIGATION_TIMEOUT_MS)
        # What the Content-Security-Policy blocked is a failure too: Chromium says so on the console,
        # and the page's own violation event tells which element and script did it.
        self.page.add_init_script(CSP_REPORTER)
        self.page.on("console", self._blocked_by_policy)

    def _blocked_by_policy(self, message):
        if "Content Security Policy" in message.text:
            self.violations.append(f"{self.page.url} CSP: {message.text[:300]}")

    def loaded(self, step: str):
        """The page in front of this person is complete: weigh it, check it, photograph it."""
        self.page.wait_for_load_state("load")
        if self.check_accessibility:
            self.visits.append(Visit(self.page.url, transferred_bytes(self.page)))
            self.violations += axe_violations(self.page)
        self.counter[0] += 1
        self.page.screenshot(path=self.shots / f"{self.counter[0]:02d}-{step}.png", full_page=True)

    def goto(self, url: str, step: str):
        self.page.goto(url)
        self.loaded(step)

    def click(self, selector: str, step: str):
        """Click something that loads a new page."""
        with self.page.expect_navigation():
            self.page.click(selector)
        self.loaded(step)


def transferred_bytes(page) -> int:
    """What the network carried for this page and its assets (headers and encoded bodies), as the
    browser's Resource Timing counts it; run before axe-core is injected."""
    return page.evaluate(
        "() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
        ".reduce((total, entry) => total + entry.transferSize, 0)"
    )


def axe_violations(page) -> list[str]:
    # Evaluated through the DevTools protocol, not added as a <script>: the policy refuses inline
    # scripts, and must stay on while the suite runs. Without `preload`, axe does not copy the
    # stylesheets into <style> elements (which the policy refuses too); only its CSS orientation
    # lock rule needed them.
    page.evaluate(AXE_SCRIPT.read_text())
    results = page.evaluate(
        "async (tags) => (await axe.run(document, {preload: false, runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => ({id: v.id, impact: v.impact, targets: v.nodes.map(n => n.target.join(' '))}))",
        AXE_TAGS,
    )
    return [
        f"{page.url} {violation['id']} ({violation['impact']}): {json.dumps(violation['targets'][:5])}"
        for violation in results
        if violation["impact"] in BLOCKING_IMPACTS
    ]


@pytest.fixture
def people(chromium, request):
    """people(name) opens a new private window (its own cookies) for one person of the journey."""
    label = re.sub(r"[^\w-]+", "-", request.node.callspec.id if hasattr(request.node, "callspec") else request.node.name)
    shots = ARTIFACTS / label
    shots.mkdir(parents=True, exist_ok=True)
    for old in shots.glob("*.png"):
        old.unlink()
    counter = [0]
    contexts, opened = [], []

    def open_window(*, javascript: bool = True) -> Person:
        context = chromium.new_context(java_script_enabled=javascript, locale="fr-CA")
        contexts.append(context)
        page = context.new_page()
        # Weigh every page as a first visit would: all its assets, none from the cache.
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        person = Person(page, shots, counter, check_accessibility=javascript)
        opened.append(person)
        return person

    open_window.opened = opened
    yield open_window
    for context in contexts:
        context.close()

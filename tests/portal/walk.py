"""The walk's tools: one shared browser, and a person who checks every page they land on.

Every page (once per URL pattern) gets an axe-core check (no serious or critical violation), a
screenshot at 1280 and at 375 px wide (into ``var/screenshots/``, not committed; another folder
with ``SECTORPLANNEN_SCREENSHOTS``), and a scan of the visible text: no raw code of the known code
lists, no document field path (``partners[0].cao_party``), and in English no Dutch text that the
catalogues translate.
"""

from __future__ import annotations

import gettext
import os
import re
from functools import cache
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from sectorplannen.common.event_labels import AUDIT_EVENTS
from sectorplannen.common.finding_labels import FINDINGS, UPLOAD_ERRORS
from sectorplannen.common.labels import CODE_LISTS

from .conftest import PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("SECTORPLANNEN_SCREENSHOTS") or ROOT / "var" / "screenshots")
WIDTHS = (1280, 375)
#: Codes that are also ordinary Dutch words (or the same in both): not a sign of a code on screen.
DUTCH_WORDS = {"met", "partner", "student", "mismatch", "tranche", "ok", "evc", "concept"}
FIELD_PATH = re.compile(r"\b[a-z_]+\[\d+\](?:\.[a-z_]+)*")


@cache
def known_codes() -> tuple[frozenset[str], frozenset[str]]:
    """(codes with an underscore, single-word codes): every code of the code lists, event names,
    finding and upload-error codes."""
    codes = {c for mapping in CODE_LISTS.values() for c in mapping} | set(AUDIT_EVENTS) | set(FINDINGS)
    codes |= set(UPLOAD_ERRORS)
    compound = frozenset(c for c in codes if "_" in c)
    return compound, frozenset(c for c in codes if "_" not in c and c not in DUTCH_WORDS)


@cache
def translated_dutch() -> frozenset[str]:
    """Dutch texts of the catalogues whose English differs, long enough to be unmistakable."""
    texts = set()
    for path in (ROOT / "src" / "sectorplannen").glob("*/locale/en/LC_MESSAGES/django.mo"):
        with path.open("rb") as fh:
            catalogue = gettext.GNUTranslations(fh)._catalog
        for msgid, msgstr in catalogue.items():
            if not isinstance(msgid, str) or not msgid or not msgstr or msgid == msgstr or "%" in msgid:
                continue
            if len(msgid.split()) >= 4:
                texts.add(msgid)
    return frozenset(texts)


def text_problems(text: str, english: bool) -> list[str]:
    compound, single = known_codes()
    words = set(re.findall(r"[a-z][a-z0-9_]*", text))
    found = sorted(words & compound) + ([] if english else sorted(words & single))
    problems = [f"code {c!r}" for c in found]
    problems += [f"field path {p!r}" for p in FIELD_PATH.findall(text)]
    if english:
        flat = " ".join(text.split())
        problems += [f"Dutch {t[:50]!r}" for t in translated_dutch() if t in flat]
    return problems


@pytest.fixture
def browser():
    """A browser per test. Not per session: Playwright's sync API runs an event loop in the test's thread,
    and while it runs Django sees another context there, hence another database connection without the
    serialized test data that later transactional tests are restored from."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Walker:
    """One logged-in person (``role`` names their screenshots); every page they land on is checked."""

    axe = Axe()
    shots = 0

    def __init__(self, browser, base_url, tmp_path, role: str = "user", locale: str = "nl-NL"):
        self.context = browser.new_context(locale=locale, viewport={"width": WIDTHS[0], "height": 900})
        self.page = self.context.new_page()
        self.base, self.tmp, self.role = base_url, tmp_path, role
        self.violations: list[str] = []
        self.checked: set[str] = set()
        self.console: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{self.page.url}: {m.text}")
                     if m.type == "error" and "Content Security Policy" in m.text else None)

    def check(self):
        path = re.sub(r"\d+", "N", self.page.url.replace(self.base, ""))
        if path in self.checked or path.endswith(".pdf"):
            return
        self.checked.add(path)
        results = self.axe.run(self.page)
        for v in results.response["violations"]:
            if v["impact"] in ("serious", "critical"):
                self.violations.append(f"{path}: {v['id']} ({v['impact']}): {v['help']}")
        self.look(path)

    def look(self, path: str):
        english = self.page.evaluate("document.documentElement.lang") == "en"
        for problem in text_problems(self.page.inner_text("body"), english):
            self.violations.append(f"{path}: {problem}")
        self.screenshot(path)

    def screenshot(self, path: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        Walker.shots += 1
        slug = re.sub(r"[^a-zA-Z0-9]+", "-", path.split("?")[0]).strip("-") or "start"
        lang = self.page.evaluate("document.documentElement.lang")
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 900})
            self.page.screenshot(path=str(SCREENSHOTS / f"{Walker.shots:03d}-{self.role}-{slug}-{lang}-{width}.png"),
                                 full_page=True)
        self.page.set_viewport_size({"width": WIDTHS[0], "height": 900})

    def goto(self, path):
        self.page.goto(path if path.startswith("http") else self.base + path)
        self.check()

    def login(self, username, password=PASSWORD):
        self.goto("/aanmelden/")
        self.page.get_by_label("Gebruikersnaam").fill(username)
        self.page.get_by_label("Wachtwoord").fill(password)
        self.page.get_by_role("button", name="Aanmelden").click()
        self.check()

    def click(self, name, role="button"):
        self.page.get_by_role(role, name=name).first.click()
        self.page.wait_for_load_state()
        self.check()

    def htmx_save(self, name):
        with self.page.expect_response(lambda r: r.request.method == "POST"):
            self.page.get_by_role("button", name=name).click()
        self.page.wait_for_timeout(100)
        self.check_partial()

    def check_partial(self):
        results = self.axe.run(self.page)
        for v in results.response["violations"]:
            if v["impact"] in ("serious", "critical"):
                self.violations.append(f"{self.page.url} (na opslaan): {v['id']}: {v['help']}")
        english = self.page.evaluate("document.documentElement.lang") == "en"
        for problem in text_problems(self.page.inner_text("body"), english):
            self.violations.append(f"{self.page.url} (na opslaan): {problem}")

    def file(self, name, content: bytes):
        path = self.tmp / name
        path.write_bytes(content)
        return str(path)

    def problems(self) -> list[str]:
        return self.violations + self.console

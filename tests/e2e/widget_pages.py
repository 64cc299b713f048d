"""Shared set-up of the browser tests (test_widget_*, test_browser, test_console_issue14, test_accessibility):
Debian chromium via Playwright, help pages at a chosen size, the chat opened behind its launcher, the tickets
database."""

import contextlib
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, expect, sync_playwright

from bot.testing.servers import ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ANSWERS = "#bolt-log li.bot, #bolt-log li.agent, #bolt-log li.system"
# the demo panel after a login; the logged-out choice ("free") says "Niet ingelogd (anonieme bezoeker)"
LOGGED_IN_OR_OUT = re.compile("Ingelogd als|Niet ingelogd")


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's chromium, headless, driven by Playwright (never `playwright install`)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def browser():
    """One chromium per test module (test_browser, test_widget_*, test_console_issue14, test_accessibility)."""
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium() as launched:
        yield launched


def help_page(browser, bot, width=1280, height=800, **options):
    page = browser.new_context(viewport={"width": width, "height": height}, **options).new_page()
    page.goto(f"{bot.url}/help/")
    return page


def open_chat(page):
    """Opens the chat behind the launcher (if it is minimised) and waits for the session."""
    launcher = page.locator("#bolt-launcher")
    if launcher.is_visible():
        launcher.click()
    expect(page.locator("#bolt-input")).to_be_visible(timeout=10000)
    expect(page.locator("#bolt-state")).to_have_text("Online", timeout=15000)


def login(page, demo_user):
    page.select_option("#demo-user", demo_user)
    page.click("#demo-login")
    expect(page.locator("#demo-status")).to_contain_text(LOGGED_IN_OR_OUT, timeout=10000)
    expect(page.locator("#bolt-state")).to_have_text("Online", timeout=15000)


def chat(page, text):
    answers = page.locator(ANSWERS)
    before = answers.count()
    page.fill("#bolt-input", text)
    page.keyboard.press("Enter")
    expect(answers).not_to_have_count(before, timeout=30000)
    return answers


def ask_for_a_live_chat(page, problem="Onze opnamefunctie werkt niet goed"):
    """In the open chat of a paid user: asks for a person, describes a broken feature and picks P3; the
    queued live chat's ZN- reference."""
    chat(page, "ik wil een medewerker spreken")
    expect(page.locator("#bolt-log")).to_contain_text("Wat is er aan de hand", timeout=30000)
    chat(page, problem)
    page.get_by_role("button", name="Een functie werkt niet goed (P3)").click()
    expect(page.locator("#bolt-log")).to_contain_text("ZN-", timeout=30000)
    return "ZN-" + page.locator("#bolt-log").inner_text().split("ZN-")[-1][:6]


def until(condition, timeout=15.0, what="condition"):
    """Polls `condition` until it returns something truthy (a deadline, no fixed sleep)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def tickets_db(bot):
    return sa.create_engine(f"sqlite:///{bot.log_dir / 'bolt.db'}")


def rows(bot, sql, **params):
    engine = tickets_db(bot)
    try:
        with engine.connect() as connection:
            return [tuple(r) for r in connection.execute(sa.text(sql), params).all()]
    finally:
        engine.dispose()


def conversation(page):
    return page.evaluate("JSON.parse(localStorage.getItem('bolt_conversation') || 'null')")

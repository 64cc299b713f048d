"""QA finding 11 in the browser: the development demo panel shows the login the chat uses, also after a
reload, and its free user is a real (logged-in) free account whom the bot does not ask to log in."""

import pytest
from playwright.sync_api import expect

from tests.e2e.widget_pages import browser, chat, help_page, login, open_chat  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
PREMIER_PLUS = "Onderneming, Premier+, beheerder met licentie"


def test_the_demo_panel_shows_the_stored_login_after_a_reload(browser, bot):  # noqa: F811
    page = help_page(browser, bot)
    open_chat(page)
    expect(page.locator("#demo-status")).to_have_text("Niet ingelogd (anonieme bezoeker)", timeout=10000)
    login(page, "premier-plus-admin")
    expect(page.locator("#demo-status")).to_have_text(f"Ingelogd als: {PREMIER_PLUS}")
    page.reload()
    open_chat(page)
    expect(page.locator("#demo-status")).to_have_text(f"Ingelogd als: {PREMIER_PLUS}", timeout=10000)
    expect(page.locator("#demo-user")).to_have_value("premier-plus-admin")
    expect(chat(page, "kan ik chatten met een medewerker?").last).to_contain_text("Ja")  # the chat uses it too

    login(page, "free")  # logged out, and the panel says so
    expect(page.locator("#demo-status")).to_have_text("Niet ingelogd (anonieme bezoeker)")
    page.reload()
    open_chat(page)
    expect(page.locator("#demo-status")).to_have_text("Niet ingelogd (anonieme bezoeker)", timeout=10000)
    expect(page.locator("#demo-user")).to_have_value("free")


def test_a_logged_in_free_user_is_not_asked_to_log_in(browser, bot):  # noqa: F811
    page = help_page(browser, bot)
    open_chat(page)
    login(page, "basic-owner")
    expect(page.locator("#demo-status")).to_have_text("Ingelogd als: Gratis gebruiker (Basic)")
    reply = chat(page, "kan ik chatten met een medewerker?").last
    expect(reply).to_contain_text("met uw account")
    assert "log" not in reply.inner_text().lower()

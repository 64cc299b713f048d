"""Defects found by the QA pass of 27-11 (browser and REST against the real servers), pinned as tests.

Each test states what a user should get; those failing today are xfail(strict=True) with the defect as
reason, so the fix turns them into plain passes (and strict makes the run fail until the mark is removed)."""

import uuid

import pytest
from playwright.sync_api import expect

from bot.testing.servers import open_tickets, user_token
from tests.e2e.widget_pages import browser  # noqa: F401  (the module's chromium fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def token(sub, **claims):
    return user_token(sub, **{"email": f"{sub}@example.nl", "name": "Dirk Dubbel", "account": "enterprise", **claims})


def test_a_problem_description_in_the_intake_is_kept_whatever_it_sounds_like(bot):
    sub = f"qa-desc-{uuid.uuid4().hex[:6]}"
    meta = {"metadata": {"token": token(sub, plan="premier", role="member", account="business")}}
    assert "Wat is er aan de hand?" in bot.ask(sub, "ik wil een medewerker spreken", **meta)
    reply = bot.ask(sub, "mijn scherm delen werkt nog steeds niet", **meta)
    assert "Hoe ernstig is het probleem?" in reply, reply
    assert "Het lukt mij niet" not in reply and "Wat is er aan de hand?" not in reply, reply


def test_one_person_has_one_open_live_chat_across_conversations(bot):
    sub = f"qa-dup-{uuid.uuid4().hex[:6]}"
    meta = {"metadata": {"token": token(sub)}}
    for conversation in (f"{sub}-laptop", f"{sub}-phone"):
        bot.ask(conversation, "ik wil een medewerker spreken", **meta)
        bot.ask(conversation, "opnames verdwijnen na de vergadering", **meta)
        bot.ask(conversation, '/inform{"priority": "p3"}', **meta)
    assert len(open_tickets(bot, sub)) == 1, open_tickets(bot, sub)


def test_the_console_queue_names_the_plan_as_the_article_does(bot, agent_login, browser):  # noqa: F811
    sub = f"qa-plan-{uuid.uuid4().hex[:6]}"
    meta = {"metadata": {"token": token(sub, name="Quinten Queue")}}
    bot.ask(sub, "ik wil een medewerker spreken", **meta)
    bot.ask(sub, "opnames verdwijnen na de vergadering", **meta)
    assert "ZN-" in bot.ask(sub, '/inform{"priority": "p3"}', **meta)

    page = browser.new_context().new_page()
    page.goto(f"{bot.url}/console/")
    page.fill("#login", agent_login[0])
    page.fill("#password", agent_login[1])
    page.click("#login-form button")
    row = page.locator("#queue tr", has_text="Quinten Queue").first
    expect(row).to_be_visible(timeout=15000)
    assert "premier_plus" not in row.inner_text()
    expect(row).to_contain_text("Premier+")


@pytest.mark.parametrize("described", [False, True])
def test_a_ticket_status_question_during_the_intake_gets_its_answer(bot, described):
    sub = f"qa-status-{uuid.uuid4().hex[:6]}"
    meta = {"metadata": {"token": token(sub, plan="access", account="business")}}
    bot.ask(sub, "ik wil een medewerker spreken", **meta)
    if described:
        bot.ask(sub, "mijn audio valt steeds weg", **meta)
    reply = bot.ask(sub, "wat is de status van mijn ticket ZN-000123", **meta)
    assert "ZN-000123" in reply, reply  # the status answer (unknown reference) names it
    assert (
        "omschrijving van uw probleem" not in reply
        and "Hoe ernstig is het probleem?" in reply
        or "Wat is er aan de hand?" in reply
    ), reply


def test_the_console_does_not_scroll_sideways_on_a_phone(bot, agent_login, browser):  # noqa: F811
    sub = f"qa-narrow-{uuid.uuid4().hex[:6]}"
    meta = {"metadata": {"token": token(sub, name="Nina Smal")}}
    bot.ask(sub, "ik wil een medewerker spreken", **meta)
    bot.ask(sub, "opnames verdwijnen na de vergadering", **meta)
    bot.ask(sub, '/inform{"priority": "p3"}', **meta)
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"{bot.url}/console/")
    page.fill("#login", agent_login[0])
    page.fill("#password", agent_login[1])
    page.click("#login-form button")
    expect(page.locator("#queue tr", has_text="Nina Smal").first).to_be_visible(timeout=15000)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"scrolls {overflow}px sideways"

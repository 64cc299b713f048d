"""Issue 14.12 in the browser: the agent console (own servers, so the queue starts empty)."""

import json
import uuid

import pytest
from playwright.sync_api import expect

from bot.testing.servers import add_agent, bot_command, running_bot, user_token
from tests.e2e import widget_pages

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def own_bot(tmp_path_factory):
    with running_bot(tmp_path_factory.mktemp("console14"), env={"BOT_DEV_MODE": "1"}) as running:
        yield running


browser = widget_pages.browser  # the shared chromium fixture


def token(**claims):
    return user_token(**{"email": "anna@example.nl", "name": "Anna Admin", **claims})


def live_chat_ticket(bot, user, tok, description):
    bot.ask(user, "ik wil een medewerker spreken", metadata={"token": tok})
    bot.ask(user, description, metadata={"token": tok})
    created = bot.ask(user, '/inform{"priority":"p3"}', metadata={"token": tok})
    assert "ZN-" in created, created
    return "ZN-" + created.split("ZN-")[1][:6]


def test_console_lists_alerts_counts_and_confirms(own_bot, browser):
    add_agent(own_bot, "Sanne Support", "sanne-wachtwoord")

    agent = browser.new_context().new_page()
    agent.goto(f"{own_bot.url}/console/")
    agent.fill("#login", "sanne.support")
    agent.fill("#password", "sanne-wachtwoord")
    agent.click("#login-form button")
    expect(agent.locator("#queue-empty")).to_be_visible(timeout=15000)
    expect(agent.locator("#queue-empty")).to_contain_text("De wachtrij is leeg")
    expect(agent.locator("#webtickets-empty")).to_be_visible()

    # a new ticket: a visible alert (and a beep) without reloading
    first_user, first_tok = f"c1-{uuid.uuid4().hex[:6]}", token()
    first = live_chat_ticket(own_bot, first_user, first_tok, "Onze opnamefunctie werkt niet goed")
    expect(agent.locator("#alert")).to_contain_text(f"Nieuw ticket in de wachtrij: {first}", timeout=10000)
    expect(agent.locator("#queue-empty")).to_be_hidden()
    assert agent.title().startswith("(1) ")

    # a webticket has its own list, with a priority from its description
    web_user = f"w-{uuid.uuid4().hex[:6]}"
    own_bot.ask(web_user, "ik wil een medewerker spreken")
    own_bot.ask(web_user, "klant@example.nl")
    assert "aangemaakt" in own_bot.ask(web_user, "Mijn opnames zijn verdwenen uit de cloud")
    web_row = agent.locator("#webtickets tr", has_text="klant@example.nl")
    expect(web_row).to_contain_text("P3", timeout=10000)
    expect(agent.locator("#queue tr", has_text="klant@example.nl")).to_have_count(0)

    # the chat view: the button's words, the article's Dutch names
    agent.locator("#queue tr", has_text=first).get_by_role("button", name="Oppakken").click()
    expect(agent.locator("#transcript")).to_contain_text("[knop] Een functie werkt niet goed (P3)", timeout=10000)
    assert "inform: p3" not in agent.locator("#transcript").inner_text()
    expect(agent.locator("#entitlements")).to_contain_text("Direct niveau 2 (chat, ticket en telefoon): ja")
    expect(agent.locator("#entitlements")).to_contain_text("Frontlijn niveau 1 (chat, ticket): niet nodig")
    assert "_" not in agent.locator("#entitlements").inner_text()
    expect(agent.locator("#identity")).to_contain_text("Premier+")
    expect(agent.locator("#identity")).to_contain_text("beheerder")
    assert "premier_plus" not in agent.locator("#identity").inner_text()

    # a second chat of this agent: its new messages are counted while the first one is open
    second_user, second_tok = f"c2-{uuid.uuid4().hex[:6]}", token(name="Bert Beheer")
    second = live_chat_ticket(own_bot, second_user, second_tok, "Het delen van het scherm werkt niet goed")
    agent.locator("#queue tr", has_text=second).get_by_role("button", name="Oppakken").click()
    expect(agent.locator("#chat-title")).to_contain_text(second, timeout=10000)
    agent.locator("#queue tr", has_text=first).get_by_role("button", name="Open").click()
    expect(agent.locator("#chat-title")).to_contain_text(first, timeout=10000)
    own_bot.ask(second_user, "hallo, bent u daar?", metadata={"token": second_tok})
    own_bot.ask(second_user, "nog iemand?", metadata={"token": second_tok})
    expect(agent.locator("#queue tr", has_text=second)).to_contain_text("2 nieuw", timeout=10000)
    agent.locator("#queue tr", has_text=second).get_by_role("button", name="Open").click()
    expect(agent.locator("#queue tr", has_text=second)).not_to_contain_text("nieuw", timeout=10000)

    # "Oplossen en sluiten" asks first; "Annuleren" keeps the chat
    agent.click("#resolve")
    expect(agent.locator("#resolve-confirm-box")).to_be_visible()
    agent.click("#resolve-cancel")
    expect(agent.locator("#resolve-confirm-box")).to_be_hidden()
    listed = bot_command(own_bot, "tickets", "list", "--json")
    statuses = {t["reference"]: t["status"] for t in json.loads(listed.stdout)}
    assert statuses[second] == "assigned"
    agent.click("#resolve")
    agent.click("#resolve-confirm")
    expect(agent.locator("#chat")).to_be_hidden(timeout=10000)
    assert "U praat weer met Bolt" in own_bot.ask(second_user, "hallo", metadata={"token": second_tok})

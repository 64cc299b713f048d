"""QA findings 6, 9, 10 and 13 against the real servers, in the browser where the console is concerned:
a webticket answer reaches the user who comes back (socket.io join), the webticket view shows only its own
actions, the console keeps the open ticket and the new-message counts over a reload, the new-ticket alert
goes when the ticket leaves the queue, and supervisors find the insights."""

import asyncio
import uuid

import pytest
from playwright.sync_api import expect

from bot.testing.servers import add_agent, bot_command, user_token
from tests.e2e.sio_client import Widget
from tests.e2e.widget_pages import browser  # noqa: F401  (the module's chromium fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def token(sub, **claims):
    basic_owner = {"account": "basic", "plan": None, "role": "owner", "licensed": False}
    return user_token(sub, **{"email": f"{sub}@example.nl", **basic_owner, **claims})


def premier_token(sub, name):
    return token(sub, name=name, account="enterprise", plan="premier_plus", role="admin", licensed=True)


def webticket(bot, sub):
    meta = {"token": token(sub)}
    bot.ask(f"{sub}-1", "ik wil een medewerker spreken", metadata=meta)
    made = bot.ask(f"{sub}-1", "Ik kan mijn cloudopnames van gisteren niet meer terugvinden", metadata=meta)
    assert "Uw webticket is aangemaakt: ZN-" in made, made
    return "ZN-" + made.split("ZN-")[1][:6]


def live_chat(bot, sub, name):
    meta = {"metadata": {"token": premier_token(sub, name)}}
    bot.ask(sub, "ik wil een medewerker spreken", **meta)
    bot.ask(sub, "opnames verdwijnen na de vergadering", **meta)
    made = bot.ask(sub, '/inform{"priority": "p3"}', **meta)
    assert "ZN-" in made, made
    return "ZN-" + made.split("ZN-")[1][:6]


def console_page(browser, bot, login, password, **context):  # noqa: F811
    page = browser.new_context(**context).new_page()
    page.goto(f"{bot.url}/console/")
    page.fill("#login", login)
    page.fill("#password", password)
    page.click("#login-form button")
    expect(page.locator("#main-view")).to_be_visible(timeout=15000)
    return page


def test_a_webticket_answer_is_shown_when_the_user_comes_back_in_the_widget(bot, agent_login):
    sub = f"terug-{uuid.uuid4().hex[:6]}"
    reference = webticket(bot, sub)
    console = bot.console()
    assert console.login(*agent_login).status_code == 200
    [row] = [t for t in console.http.get("/webtickets").json() if t["reference"] == reference]
    answered = console.post(f"/webtickets/{row['id']}/answer", text="Uw opnames staan onder Opnames > Cloud.")
    assert answered.status_code == 200

    async def come_back():
        widget = Widget(bot.url, token=token(sub))
        try:
            await widget.connect()  # a new conversation, logged in: before any message of the user
            first = widget.history_text()
            await widget.join(widget.session_id)  # the page again (reload): not a second time
            return first, widget.history_text()
        finally:
            await widget.close()

    first, again = asyncio.run(come_back())
    assert f"Antwoord op uw webticket {reference} van Sanne Support: Uw opnames staan onder Opnames > Cloud." in first
    assert "Opnames > Cloud" not in again
    assert "Opnames > Cloud" not in bot.ask(f"{sub}-3", "hallo", metadata={"token": token(sub)})  # shown once


def test_a_webticket_shows_only_its_own_actions(bot, agent_login, browser):  # noqa: F811
    reference = webticket(bot, f"wt-{uuid.uuid4().hex[:6]}")
    page = console_page(browser, bot, *agent_login)
    page.locator("#webtickets tr", has_text=reference).get_by_role("button", name="Bekijken").click(timeout=15000)
    expect(page.locator("#webticket-form")).to_be_visible()
    for live_only in ("#release", "#resolve", "#reply-form", "#messages-title", "#messages"):
        expect(page.locator(live_only)).to_be_hidden()
    # not answered yet: 'Opgelost' and 'Sluiten' are disabled, and the page says why
    expect(page.locator("#webticket-resolve")).to_be_disabled()
    expect(page.locator("#webticket-close")).to_be_disabled()
    expect(page.locator("#webticket-hint")).to_contain_text("nadat u het webticket hebt beantwoord")
    page.fill("#webticket-answer", "Kijk onder Opnames > Cloud.")
    page.click("#webticket-form button[type=submit]")
    expect(page.locator("#messages")).to_contain_text("Kijk onder Opnames > Cloud.", timeout=15000)
    expect(page.locator("#messages-title")).to_have_text("Antwoorden per e-mail")
    expect(page.locator("#webticket-resolve")).to_be_enabled()
    page.click("#webticket-resolve")
    expect(page.locator("#webticket-note")).to_contain_text("Status: opgelost", timeout=15000)
    expect(page.locator("#webticket-close")).to_be_enabled()


def test_the_console_keeps_the_open_ticket_and_the_counts_over_a_reload(bot, agent_login, browser):  # noqa: F811
    page = console_page(browser, bot, *agent_login)
    sub = f"reload-{uuid.uuid4().hex[:6]}"
    reference = live_chat(bot, sub, "Rita Reload")
    # a new queued ticket: the alert names it; a user message while it waits counts on the server
    expect(page.locator("#alert")).to_contain_text(reference, timeout=15000)
    bot.ask(sub, "is er al iemand?", metadata={"token": premier_token(sub, "Rita Reload")})
    row = page.locator("#queue tr", has_text=reference)
    expect(row).to_contain_text("1 nieuw", timeout=15000)
    page.reload()
    expect(page.locator("#queue tr", has_text=reference)).to_contain_text("1 nieuw", timeout=15000)

    page.locator("#queue tr", has_text=reference).get_by_role("button", name="Oppakken").click()
    expect(page.locator("#chat-title")).to_contain_text(reference, timeout=15000)
    assert "#ticket=" in page.url
    # claimed: the ticket left the queue, so the alert about it goes
    expect(page.locator("#alert")).not_to_contain_text(reference, timeout=15000)
    page.reload()
    expect(page.locator("#chat-title")).to_contain_text(reference, timeout=15000)  # reopened after the reload
    expect(page.locator("#transcript")).to_contain_text("opnames verdwijnen na de vergadering")
    expect(page.locator("#queue tr", has_text=reference)).not_to_contain_text("nieuw")


def test_only_supervisors_see_the_link_to_the_insights(bot, agent_login, browser):  # noqa: F811
    agent = console_page(browser, bot, *agent_login)
    expect(agent.locator("#who")).to_contain_text("Sanne Support")
    expect(agent.locator("#insights-link")).to_be_hidden()
    add_agent(bot, "Sofie Super", "sofie-wachtwoord")
    bot_command(bot, "agents", "role", "sofie.super", "supervisor")
    supervisor = console_page(browser, bot, "sofie.super", "sofie-wachtwoord")
    link = supervisor.locator("#insights-link")
    expect(link).to_be_visible(timeout=15000)
    link.click()
    expect(supervisor).to_have_url(f"{bot.url}/console/insights")
    expect(supervisor.locator("h1")).to_contain_text("Inzichten")

"""The help page and the agent console in a real browser (Debian chromium, driven by Playwright)."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.e2e import widget_pages
from tests.e2e.widget_pages import ARTIFACTS, LOGGED_IN_OR_OUT, ask_for_a_live_chat, chat, until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
browser = widget_pages.browser  # the shared chromium fixture


def open_help_page(browser, bot, demo_user):
    page = browser.new_context().new_page()
    page.goto(f"{bot.url}/help/")
    expect(page.locator("#bolt-state")).to_have_text("Online", timeout=15000)
    page.select_option("#demo-user", demo_user)
    page.click("#demo-login")
    expect(page.locator("#demo-status")).to_contain_text(LOGGED_IN_OR_OUT, timeout=10000)
    expect(page.locator("#bolt-state")).to_have_text("Online", timeout=15000)
    return page


def test_paid_user_to_agent_and_back(browser, bot, agent_login):
    user = open_help_page(browser, bot, "premier-plus-admin")
    expect(chat(user, "Wat is het telefoonnummer in Japan?").last).to_contain_text("+81 120427732")
    chat(user, "ik wil een medewerker spreken")
    expect(user.locator("#bolt-log")).to_contain_text("Wat is er aan de hand", timeout=30000)
    chat(user, "Onze opnamefunctie werkt niet goed")
    user.get_by_role("button", name="Een functie werkt niet goed (P3)").click()
    expect(user.locator("#bolt-log")).to_contain_text("ZN-", timeout=30000)
    user.screenshot(path=str(ARTIFACTS / "help-page.png"))

    agent = browser.new_context().new_page()
    agent.goto(f"{bot.url}/console/")
    agent.fill("#login", agent_login[0])
    agent.fill("#password", agent_login[1])
    agent.click("#login-form button")
    row = agent.locator("#queue tr", has_text="Anna Admin").first
    expect(row).to_be_visible(timeout=15000)
    row.get_by_role("button", name="Oppakken").click()
    expect(agent.locator("#transcript")).to_contain_text("opnamefunctie", timeout=10000)
    expect(agent.locator("#entitlements")).to_contain_text("Direct niveau 2 (chat, ticket en telefoon): ja")
    expect(user.locator("#bolt-state")).to_have_text("U chat nu met Sanne Support", timeout=10000)

    started = time.monotonic()
    agent.fill("#reply", "Hallo Anna, ik help u verder.")
    agent.keyboard.press("Enter")
    expect(user.locator("#bolt-log li.agent").last).to_contain_text("ik help u verder", timeout=5000)
    agent_to_user = time.monotonic() - started

    started = time.monotonic()
    user.fill("#bolt-input", "<img src=x onerror=alert(1)> dank u")
    user.keyboard.press("Enter")
    expect(agent.locator("#messages")).to_contain_text("<img src=x onerror=alert(1)> dank u", timeout=5000)
    user_to_agent = time.monotonic() - started
    assert agent.locator("#messages img").count() == 0 and user.locator("#bolt-log img").count() == 0
    agent.screenshot(path=str(ARTIFACTS / "agent-console.png"), full_page=True)
    assert agent_to_user < 1.5 and user_to_agent < 1.5, (agent_to_user, user_to_agent)

    agent.click("#resolve")
    agent.click("#resolve-confirm")  # resolving asks for confirmation (issue 14.12)
    expect(user.locator("#bolt-log")).to_contain_text("U praat weer met Bolt", timeout=10000)
    expect(chat(user, "telefoonnummer frankrijk").last).to_contain_text("+33.800.94.64.64 toestel 2")


def test_free_user_gets_the_webticket_form_not_the_queue(browser, bot):
    user = open_help_page(browser, bot, "free")
    chat(user, "ik wil een medewerker spreken")
    log = user.locator("#bolt-log")
    expect(log).to_contain_text("webticket", timeout=30000)
    expect(log).to_contain_text("e-mailadres")
    assert "wachtrij" not in log.inner_text()


def test_reload_keeps_the_conversation(browser, bot):
    page = browser.new_context().new_page()
    page.goto(f"{bot.url}/help/")
    expect(page.locator("#bolt-state")).to_have_text("Online", timeout=15000)
    chat(page, "wat is het telefoonnummer van zoom")
    page.reload()
    expect(page.locator("#bolt-log")).to_contain_text("Voor welk land", timeout=10000)
    expect(page.locator("#bolt-state")).to_have_text("Online", timeout=15000)
    expect(chat(page, "Spanje").last).to_contain_text("+34 932207485 toestel 2")


class HeldSessionConfirm:
    """Routes the page's socket.io websocket and holds the server's session_confirm until release()."""

    def __init__(self, page):
        self.page, self.held, self.released = page, [], False
        page.route_web_socket(re.compile(r"/socket\.io/"), self._route)

    def _route(self, ws):
        server = ws.connect_to_server()

        def from_server(message):
            if not self.released and isinstance(message, str) and '"session_confirm"' in message:
                self.held.append((ws, message))
            else:
                ws.send(message)

        server.on_message(from_server)

    def wait(self, count=1):
        for _ in range(150):
            if len(self.held) >= count:
                return
            self.page.wait_for_timeout(100)
        raise AssertionError("the server never confirmed a session")

    def release(self):
        """Let the latest connection's confirm through (an earlier connection is gone after a reload)."""
        self.released = True
        ws, message = self.held[-1]
        ws.send(message)


def typed_before_the_session(browser, bot, text="wat is het telefoonnummer van zoom"):
    """A help page whose session is not confirmed yet, with `text` typed: shown, not refused, not answered."""
    page = browser.new_context().new_page()
    confirm = HeldSessionConfirm(page)
    page.goto(f"{bot.url}/help/")
    confirm.wait()
    expect(page.locator("#bolt-state")).not_to_have_text("Online")
    page.fill("#bolt-input", text)
    page.keyboard.press("Enter")
    expect(page.locator("#bolt-log li.user")).to_have_text([text])
    # held, not sent: the widget keeps it to send on session_confirm (no reply can come to what was not sent)
    until(
        lambda: (
            [p.get("payload") for p in page.evaluate("JSON.parse(sessionStorage.getItem('bolt_pending') || '[]')")]
            == [text]
        ),
        what="the message held as pending",
    )
    assert page.locator("#bolt-log li.error, #bolt-log li.bot").count() == 0
    return page, confirm


def test_a_message_typed_while_connecting_is_sent_once_the_session_is_confirmed(browser, bot):
    """The server refuses a message without a confirmed session; the widget holds it until then."""
    page, confirm = typed_before_the_session(browser, bot)
    confirm.release()
    expect(page.locator("#bolt-state")).to_have_text("Online", timeout=10000)
    expect(page.locator("#bolt-log li.bot").last).to_contain_text("Voor welk land", timeout=30000)
    assert page.locator("#bolt-log li.error").count() == 0


def test_a_message_waiting_for_the_session_survives_a_reload(browser, bot):
    page, confirm = typed_before_the_session(browser, bot)
    page.reload()
    confirm.wait(2)
    expect(page.locator("#bolt-log li.user")).to_have_text(["wat is het telefoonnummer van zoom"])
    confirm.release()
    expect(page.locator("#bolt-log li.bot").last).to_contain_text("Voor welk land", timeout=30000)
    assert page.locator("#bolt-log li.bot").count() == 1


# Issue 14: hand-off integrity and a conversation tied to the login -----------------------------
def login_as(page, demo_user):
    page.evaluate("document.getElementById('demo-status').textContent = ''")  # wait for this login, not the last
    page.select_option("#demo-user", demo_user)
    page.click("#demo-login")
    expect(page.locator("#demo-status")).to_contain_text(LOGGED_IN_OR_OUT, timeout=10000)
    expect(page.locator("#bolt-state")).to_have_text("Online", timeout=15000)


def stored_session(page):
    return page.evaluate("JSON.parse(localStorage.getItem('bolt_conversation') || 'null')")


def open_live_chat_ticket(browser, bot, agent_login, demo_user="premier-plus-admin", name="Anna Admin"):
    """A user of the help page with a queued live-chat ticket, and the agent (console API) who sees it."""
    user = open_help_page(browser, bot, demo_user)
    reference = ask_for_a_live_chat(user)
    console = bot.console()
    assert console.login(*agent_login).status_code == 200
    ticket = until(lambda: next((t for t in console.queue() if t["reference"] == reference), None), what=reference)
    return user, console, ticket


def test_reload_and_absence_during_an_agent_chat(browser, bot, agent_login):
    """14.4: after a reload the header shows the agent again; 14.2: what the agent wrote while the
    user was away is shown on return, in order, with the agent's name, as agent bubbles."""
    user, console, ticket = open_live_chat_ticket(browser, bot, agent_login)
    assert console.post(f"/tickets/{ticket['id']}/claim").status_code == 200
    expect(user.locator("#bolt-state")).to_have_text("U chat nu met Sanne Support", timeout=10000)

    user.reload()
    expect(user.locator("#bolt-state")).to_have_text("U chat nu met Sanne Support", timeout=15000)
    expect(user.locator("#bolt-log")).to_contain_text("opnamefunctie")  # the history comes back too

    context = user.context
    user.close()  # the user is away
    for text in ("Eerste bericht terwijl u weg was.", "Tweede bericht: kunt u opnieuw inloggen?"):
        assert console.post(f"/tickets/{ticket['id']}/messages", text=text).status_code == 200
    back = context.new_page()
    back.goto(f"{bot.url}/help/")
    agent_bubbles = back.locator("#bolt-log li.agent")
    expect(agent_bubbles).to_have_count(2, timeout=15000)
    expect(agent_bubbles.nth(0)).to_contain_text("Eerste bericht terwijl u weg was.")
    expect(agent_bubbles.nth(1)).to_contain_text("Tweede bericht")
    expect(agent_bubbles.nth(0).locator(".who")).to_have_text("Sanne Support")
    expect(back.locator("#bolt-state")).to_have_text("U chat nu met Sanne Support", timeout=15000)
    back.fill("#bolt-input", "ja, dat is gelukt")
    back.keyboard.press("Enter")
    expect(back.locator("#bolt-log li.user").last).to_contain_text("Doorgestuurd naar Sanne Support", timeout=10000)
    assert back.locator("#bolt-log li.agent").count() == 2  # not delivered a second time
    expect(back.locator("#bolt-typing")).to_be_hidden()
    until(
        lambda: "ja, dat is gelukt" in [m["text"] for m in console.ticket(ticket["id"])["messages"]],
        what="the user's message in the agent's view",
    )
    assert console.post(f"/tickets/{ticket['id']}/resolve").status_code == 200
    expect(back.locator("#bolt-log")).to_contain_text("U praat weer met Bolt", timeout=10000)


def test_messages_after_a_release_reach_the_bot_and_the_next_agent(browser, bot, agent_login):
    """14.1: after "Terug naar wachtrij" every message is answered by Bolt (the user is told so) and
    the next agent sees it."""
    user, console, ticket = open_live_chat_ticket(browser, bot, agent_login)
    assert console.post(f"/tickets/{ticket['id']}/claim").status_code == 200
    expect(user.locator("#bolt-state")).to_have_text("U chat nu met Sanne Support", timeout=10000)
    assert console.post(f"/tickets/{ticket['id']}/release").status_code == 200
    expect(user.locator("#bolt-log li.system").last).to_contain_text("beantwoordt Bolt uw berichten", timeout=10000)
    expect(user.locator("#bolt-state")).to_contain_text("wachtrij")

    texts = ["hallo?", "telefoonnummer Japan?", "ik wil een mens spreken"]
    for text in texts:
        answers = chat(user, text)  # each one answered
        expect(user.locator("#bolt-typing")).to_be_hidden(timeout=10000)
    expect(user.locator("#bolt-log")).to_contain_text("+81")
    expect(answers.last).to_contain_text(ticket["reference"])  # "you are already in the queue"

    assert console.post(f"/tickets/{ticket['id']}/claim").status_code == 200
    seen = [m["text"] for m in console.ticket(ticket["id"])["messages"]]
    assert all(text in seen for text in texts), seen
    assert console.post(f"/tickets/{ticket['id']}/resolve").status_code == 200


def test_the_conversation_belongs_to_the_login(browser, bot):
    """14.3: a new tab of the same user continues with the history; another user, a logout or
    "Nieuw gesprek" starts a new conversation, never someone else's."""
    first = open_help_page(browser, bot, "premier-member")
    expect(chat(first, "wat is het telefoonnummer van zoom").last).to_contain_text("Voor welk land")
    session = stored_session(first)["session_id"]

    tab = first.context.new_page()  # a new tab: same login, same conversation
    tab.goto(f"{bot.url}/help/")
    expect(tab.locator("#bolt-log")).to_contain_text("Voor welk land", timeout=15000)
    expect(tab.locator("#bolt-state")).to_have_text("Online", timeout=15000)
    expect(chat(tab, "Japan").last).to_contain_text("+81")  # a follow-up in the same conversation
    assert stored_session(tab)["session_id"] == session

    login_as(tab, "pro-access-member")  # another user: a new conversation
    expect(tab.locator("#bolt-log")).not_to_contain_text("Voor welk land")
    pro_session = stored_session(tab)["session_id"]
    assert pro_session != session
    expect(first.locator("#bolt-log")).not_to_contain_text("Voor welk land", timeout=15000)  # the other tab follows

    login_as(tab, "free")  # logged out: not the pro user's either
    expect(chat(tab, "wat is het telefoonnummer van zoom").last).to_contain_text("Voor welk land")
    anonymous = stored_session(tab)["session_id"]
    assert anonymous not in (session, pro_session)

    tab.click("#bolt-new")  # "Nieuw gesprek"
    expect(tab.locator("#bolt-state")).to_have_text("Online", timeout=15000)
    expect(tab.locator("#bolt-log li:not(.greeting)")).to_have_count(0)  # only the greeting of a new conversation
    assert stored_session(tab)["session_id"] not in (session, pro_session, anonymous)

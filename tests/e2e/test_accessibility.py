"""Issue 14.10: axe-core finds no serious or critical violation on the help page and in every state of
the agent console, and the console's transcripts can be reached and scrolled with the keyboard.

axe-core comes from the npm registry, pinned in tests/browser_deps (`make browser-deps`, a prerequisite
of `make test`). It is injected into each page (the pages' CSP allows no inline script, so the test
contexts bypass it) and run on the whole document in each state."""

import json
import re
import uuid

import pytest
from playwright.sync_api import expect

from bot.testing.servers import ROOT, add_agent, bot_command, running_bot, user_token
from tests.e2e.widget_pages import chromium

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
AXE = ROOT / "tests" / "browser_deps" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
# Below "serious" in axe, but named by the issue: a level-one heading, all content inside landmarks.
ALSO_REQUIRED = (
    "page-has-heading-one",
    "region",
    "landmark-one-main",
    "landmark-unique",
    "landmark-no-duplicate-main",
    "landmark-no-duplicate-banner",
)


@pytest.fixture(scope="module")
def browser():
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make browser-deps` installs it (make test does)")
    with chromium() as launched:
        yield launched


def new_page(browser, token=None):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    if token:  # the help centre's login, as the widget keeps it (a user of its own for each test)
        context.add_init_script(f"localStorage.setItem('bolt_token', {json.dumps(token)});")
    return context.new_page()


def violations(page):
    """axe-core's violations on the whole page that block: serious, critical, or named by the issue."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in BLOCKING or v["id"] in ALSO_REQUIRED]


def describe(found):
    lines = []
    for v in found:
        targets = "; ".join(" ".join(map(str, node["target"])) for node in v["nodes"])
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{targets}]")
    return "\n".join(lines)


def assert_accessible(page, state):
    found = violations(page)
    assert not found, f"axe-core, {state}:\n{describe(found)}"


def token(**claims):
    return user_token(
        **{"sub": "a11y-" + uuid.uuid4().hex[:8], "email": "anna@example.nl", "name": "Anna Admin", **claims}
    )


# ---------------------------------------------------------------- the help page and the widget


def open_widget(page):
    """Opens the chat from its launcher (the widget keeps open/minimised over reloads)."""
    page.locator("#bolt-launcher").click()
    expect(page.locator("#bolt-input")).to_be_visible(timeout=10000)


def ask(page, text):
    answers = page.locator("#bolt-log li.bot, #bolt-log li.agent, #bolt-log li.system")
    before = answers.count()
    page.fill("#bolt-input", text)
    page.keyboard.press("Enter")
    expect(answers).not_to_have_count(before, timeout=30000)


def test_help_page_in_every_widget_state(browser, bot, agent_login):
    page = new_page(browser, token(name="Toegankelijk Testpersoon"))
    page.goto(f"{bot.url}/help/")
    expect(page.locator("#demo")).to_be_visible(timeout=15000)  # development mode: the demo picker too
    expect(page.locator("#bolt-state")).to_have_text("Online", timeout=15000)
    assert page.locator("h1").count() == 1
    assert_accessible(page, "help page, chat open with the greeting")

    page.locator("#bolt-minimise").click()
    expect(page.locator("#bolt")).to_be_hidden()
    assert_accessible(page, "help page, chat minimised to its launcher")
    open_widget(page)

    ask(page, "Wat zijn de ondersteuningsplannen?")
    ask(page, "ik wil een medewerker spreken")
    expect(page.locator("#bolt-log")).to_contain_text("Wat is er aan de hand", timeout=30000)
    ask(page, "Onze opnamefunctie werkt niet goed")
    expect(page.locator("#bolt-log li.bot button").last).to_be_visible(timeout=30000)
    assert_accessible(page, "help page, a bot answer with buttons")

    page.get_by_role("button", name="Een functie werkt niet goed (P3)").click()
    expect(page.locator("#bolt-log")).to_contain_text("ZN-", timeout=30000)
    assert_accessible(page, "help page, waiting in the queue")

    reference = "ZN-" + page.locator("#bolt-log").inner_text().split("ZN-")[1][:6]
    console = bot.console()
    assert console.login(*agent_login).status_code == 200
    (ticket,) = [t for t in console.queue() if t["reference"] == reference]
    assert console.post(f"/tickets/{ticket['id']}/claim").status_code == 200
    assert console.post(f"/tickets/{ticket['id']}/messages", text="Hallo, ik help u verder.").status_code == 200
    expect(page.locator("#bolt-log li.agent").last).to_contain_text("ik help u verder", timeout=15000)
    expect(page.locator("#bolt-state")).to_contain_text("U chat nu met", timeout=15000)
    expect(page.locator("#bolt-log")).to_have_attribute("aria-live", "polite")  # new messages are announced
    assert_accessible(page, "help page, chatting with an agent")
    assert console.post(f"/tickets/{ticket['id']}/resolve").status_code == 200
    expect(page.locator("#bolt-log")).to_contain_text("U praat weer met Bolt", timeout=15000)
    expect(page.get_by_role("group", name="score")).to_be_visible(timeout=15000)
    assert_accessible(page, "help page, back with Bolt, the satisfaction question")


@pytest.mark.parametrize("width, height", [(390, 844), (640, 450)], ids=["phone", "zoom-200"])
def test_help_page_full_screen_chat(browser, bot, width, height):
    """On a narrow screen (and at 200 % zoom) the chat starts minimised and opens full-screen."""
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{bot.url}/help/")
    expect(page.locator("#bolt-launcher")).to_be_visible(timeout=15000)
    assert_accessible(page, f"help page at {width}x{height}, chat minimised")
    open_widget(page)
    expect(page.locator("#bolt-state")).to_have_text("Online", timeout=15000)
    ask(page, "Wat is het telefoonnummer in Japan?")
    assert_accessible(page, f"help page at {width}x{height}, chat full-screen")
    context.close()


def test_widget_conversation_is_reached_and_scrolled_by_keyboard(browser, bot):
    page = new_page(browser)
    page.goto(f"{bot.url}/help/")
    expect(page.locator("#bolt-state")).to_have_text("Online", timeout=15000)
    for question in ("Wat zijn de ondersteuningsplannen?", "Wat is het telefoonnummer in Japan?"):
        ask(page, question)
    log = page.locator("#bolt-log")
    expect(log).to_have_accessible_name("Gesprek")
    assert log.evaluate("el => el.scrollHeight > el.clientHeight"), "the conversation should overflow here"
    page.locator("#bolt-input").focus()
    for _ in range(80):  # Shift+Tab back from the input until the conversation has the focus
        page.keyboard.press("Shift+Tab")
        if page.evaluate("() => document.activeElement.id") == "bolt-log":
            break
    else:
        pytest.fail("the keyboard never reaches the conversation")
    page.keyboard.press("Home")
    page.wait_for_function("() => document.getElementById('bolt-log').scrollTop === 0", timeout=5000)
    page.keyboard.press("PageDown")
    page.wait_for_function("() => document.getElementById('bolt-log').scrollTop > 0", timeout=5000)


# ---------------------------------------------------------------- the agent console


@pytest.fixture(scope="module")
def own_bot(tmp_path_factory):
    """Servers of its own: the console's empty queue is a state to check."""
    with running_bot(tmp_path_factory.mktemp("a11y"), env={"BOT_DEV_MODE": "1"}) as running:
        add_agent(running, "Sanne Support", "sanne-wachtwoord")
        yield running


def live_chat_ticket(bot, questions, description):
    """A ticket in the live-chat queue whose bot transcript holds the answers to `questions`."""
    user, tok = f"a11y-{uuid.uuid4().hex[:8]}", token()
    for question in questions:
        bot.ask(user, question, metadata={"token": tok})
    bot.ask(user, "ik wil een medewerker spreken", metadata={"token": tok})
    bot.ask(user, description, metadata={"token": tok})
    created = bot.ask(user, '/inform{"priority":"p3"}', metadata={"token": tok})
    assert "ZN-" in created, created
    return "ZN-" + created.split("ZN-")[1][:6], user, tok


def console_login(page, bot):
    page.goto(f"{bot.url}/console/")
    page.fill("#login", "sanne.support")
    page.fill("#password", "sanne-wachtwoord")
    page.click("#login-form button[type=submit]")
    expect(page.locator("#main-view")).to_be_visible(timeout=15000)


def test_console_in_every_state(own_bot, browser):
    page = new_page(browser)
    page.goto(f"{own_bot.url}/console/")
    expect(page.locator("#login-form")).to_be_visible(timeout=15000)
    assert page.locator("h1").count() == 1
    assert_accessible(page, "console, login page")

    page.fill("#login", "sanne.support")
    page.fill("#password", "fout-wachtwoord")
    page.click("#login-form button[type=submit]")
    expect(page.locator("#login-error")).not_to_be_empty(timeout=10000)
    assert_accessible(page, "console, login refused")

    console_login(page, own_bot)
    expect(page.locator("#queue-empty")).to_be_visible(timeout=15000)
    expect(page.locator("#webtickets-empty")).to_be_visible()
    assert page.locator("h1").count() == 1
    assert_accessible(page, "console, empty queue")

    reference, _, _ = live_chat_ticket(
        own_bot, ["Wat is het telefoonnummer in Japan?"], "Onze opnamefunctie werkt niet goed"
    )
    web_user = f"a11y-web-{uuid.uuid4().hex[:6]}"
    own_bot.ask(web_user, "ik wil een medewerker spreken")
    own_bot.ask(web_user, "klant@example.nl")
    assert "aangemaakt" in own_bot.ask(web_user, "Mijn opnames zijn verdwenen uit de cloud")
    expect(page.locator("#alert")).to_contain_text(reference, timeout=15000)
    expect(page.locator("#webtickets tr", has_text="klant@example.nl")).to_be_visible(timeout=15000)
    assert_accessible(page, "console, queue with tickets, alert and webtickets list")

    page.locator("#queue tr", has_text=reference).get_by_role("button", name="Oppakken").click()
    expect(page.locator("#transcript")).to_contain_text("opnamefunctie", timeout=10000)
    page.fill("#reply", "Hallo, ik help u verder.")
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_contain_text("ik help u verder", timeout=10000)
    expect(page.locator("#messages")).to_have_attribute("aria-live", "polite")  # new messages are announced
    assert_accessible(page, "console, an open ticket with its transcript")

    page.click("#resolve")
    expect(page.locator("#resolve-confirm-box")).to_be_visible()
    assert_accessible(page, "console, 'Oplossen en sluiten' asks for confirmation")
    page.click("#resolve-cancel")

    # a second chat of this agent, with a new message while the first one is open: its count in the queue
    second, second_user, second_tok = live_chat_ticket(own_bot, [], "Het delen van het scherm werkt niet goed")
    page.locator("#queue tr", has_text=second).get_by_role("button", name="Oppakken").click()
    expect(page.locator("#chat-title")).to_contain_text(second, timeout=10000)
    page.locator("#queue tr", has_text=reference).get_by_role("button", name="Open").click()
    expect(page.locator("#chat-title")).to_contain_text(reference, timeout=10000)
    own_bot.ask(second_user, "hallo, bent u daar?", metadata={"token": second_tok})
    expect(page.locator("#queue tr", has_text=second)).to_contain_text("1 nieuw", timeout=10000)
    assert_accessible(page, "console, a new-message count on another chat")

    page.locator("#webtickets tr", has_text="klant@example.nl").get_by_role("button", name="Bekijken").click()
    expect(page.locator("#description")).to_contain_text("opnames", timeout=10000)
    assert_accessible(page, "console, an open webticket")

    # the supervisors' insights page (/console/insights), with the figures of these tickets
    bot_command(own_bot, "agents", "role", "sanne.support", "supervisor")
    page.goto(f"{own_bot.url}/console/insights")
    expect(page.locator("h1")).to_contain_text("Inzichten", timeout=30000)
    assert_accessible(page, "console, insights page")
    page.goto(f"{own_bot.url}/console/")  # a supervisor's console (with its way to the insights)
    expect(page.locator("#main-view")).to_be_visible(timeout=15000)
    expect(page.locator("#queue tr").first).to_be_visible(timeout=15000)
    assert_accessible(page, "console of a supervisor")


def test_console_transcript_is_reached_and_scrolled_by_keyboard(own_bot, browser):
    questions = [
        "Wat zijn de ondersteuningsplannen?",
        "Wat is het telefoonnummer in Japan?",
        "Wat is het telefoonnummer in Frankrijk?",
        "Wat zijn de prioritaire responstijden?",
    ]
    reference, _, _ = live_chat_ticket(own_bot, questions, "Het delen van het scherm werkt niet goed")
    page = new_page(browser)
    console_login(page, own_bot)
    page.locator("#queue tr", has_text=reference).get_by_role("button", name="Oppakken").click()
    expect(page.locator("#chat-title")).to_be_focused(timeout=10000)  # the agent lands on the opened ticket
    transcript = page.locator("#transcript")
    expect(transcript).to_contain_text("Japan", timeout=10000)
    assert transcript.evaluate("el => el.scrollHeight > el.clientHeight"), "the transcript should overflow here"
    expect(transcript).to_have_accessible_name(re.compile("Gesprek met de bot"))

    page.locator("#chat-title").evaluate("el => el.scrollIntoView()")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(60):  # Tab through the page until the transcript has the focus
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "transcript":
            break
    else:
        pytest.fail("Tab never reaches the transcript")
    assert transcript.evaluate("el => getComputedStyle(el).outlineStyle") != "none", "focus is not visible"

    page.keyboard.press("Home")
    page.wait_for_function("() => document.getElementById('transcript').scrollTop === 0", timeout=5000)
    page.keyboard.press("PageDown")
    page.wait_for_function("() => document.getElementById('transcript').scrollTop > 0", timeout=5000)

    # resolving by keyboard: the confirmation takes the focus, and afterwards the focus is back on the queue
    page.locator("#resolve").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#resolve-confirm")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#chat")).to_be_hidden(timeout=10000)
    expect(page.locator("#queue-title")).to_be_focused()

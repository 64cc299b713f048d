"""Issue 14.7/14.8 in the browser: the greeting with the main topics, stale buttons disabled, links
to the article's places (known URLs only, never HTML from a message), thumbs stored with the
answer's topic and refused for someone else's conversation, the transcript download, the bot's
typing dots only while it composes, '<agent> typt…', and the satisfaction question after an agent
resolves (stored with the ticket and the agent)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import expect

from bot.answers import conversation as conversation_words
from bot.answers.topics import MAIN_TOPICS
from tests.e2e.test_browser import HeldSessionConfirm
from tests.e2e.widget_pages import (  # noqa: F401
    ANSWERS,
    ask_for_a_live_chat,
    browser,
    chat,
    conversation,
    help_page,
    login,
    open_chat,
    rows,
    until,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
KNOWN_URLS = {
    "https://support.zoom.com/hc/nl",
    "https://community.zoom.com/",
    "https://support.zoom.com/hc/nl/contact?id=contact_us",
    "https://zoom.us/signin",
}


def test_the_greeting_offers_the_main_topics_and_a_used_row_is_disabled(browser, bot):  # noqa: F811
    page = help_page(browser, bot)
    open_chat(page)
    login(page, "premier-plus-admin")  # entitled to live chat: the intake's buttons
    greeting = page.locator("#bolt-log li.greeting")
    expect(greeting).to_have_count(1)
    # exactly the bot's greeting and main topics (bot/answers), as "hallo" gets them
    expect(greeting.locator("div").first).to_have_text(conversation_words.greeting().text)
    expect(greeting.locator("button")).to_have_text([b.title for b in MAIN_TOPICS])
    greeting.get_by_role("button", name="Telefoonnummers").click()
    expect(page.locator("#bolt-log li.bot").last).to_contain_text("Voor welk land", timeout=30000)
    for button in greeting.locator("button").all():
        expect(button).to_be_disabled()

    # a row of the bot's answer is live until the user answers, then stale; also after a reload
    chat(page, "ik wil een medewerker spreken")
    expect(page.locator("#bolt-log")).to_contain_text("Wat is er aan de hand", timeout=30000)
    chat(page, "Onze opnamefunctie werkt niet goed")
    choice = page.get_by_role("button", name="Een functie werkt niet goed (P3)")
    expect(choice).to_be_enabled(timeout=30000)
    choice.click()
    expect(page.locator("#bolt-log")).to_contain_text("ZN-", timeout=30000)
    expect(choice).to_be_disabled()
    page.reload()
    expect(page.locator("#bolt-state")).to_contain_text("wachtrij", timeout=15000)
    expect(page.locator("#bolt-log li.greeting")).to_have_count(0)  # greeted once: the history comes back instead
    expect(page.get_by_role("button", name="Een functie werkt niet goed (P3)")).to_be_disabled()
    chat(page, "annuleer mijn ticket")  # leave the queue again


def test_links_to_the_articles_places_are_anchors_to_known_urls_only(browser, bot):  # noqa: F811
    page = help_page(browser, bot)
    open_chat(page)
    answer = chat(page, "Hoe bereik ik de community?").last
    expect(answer.locator("a", has_text="Community").first).to_have_attribute("href", "https://community.zoom.com/")
    expect(answer.locator("a", has_text="Log in")).to_have_attribute("href", "https://zoom.us/signin")
    hostile = '<a href="javascript:alert(1)">Community</a> <img src=x onerror=alert(1)> https://evil.example/x'
    chat(page, hostile)
    mine = page.locator("#bolt-log li.user").last
    expect(mine).to_contain_text(hostile)  # shown as text
    assert mine.locator("a, img").count() == 0
    hrefs = page.eval_on_selector_all("#bolt-log a", "els => els.map(a => a.getAttribute('href'))")
    assert hrefs and set(hrefs) <= KNOWN_URLS, hrefs
    assert page.eval_on_selector_all("#bolt-log a", "els => els.every(a => a.rel.includes('noopener'))")


def test_thumbs_are_stored_with_the_answers_topic_and_someone_elses_conversation_is_refused(browser, bot):  # noqa: F811
    page = help_page(browser, bot)
    open_chat(page)
    answer = chat(page, "Hoe bereik ik de community?").last
    answer.get_by_role("button", name="Dit antwoord is nuttig").click()
    expect(answer.locator(".bolt-rate-status")).to_have_text("Bedankt voor uw feedback.", timeout=10000)
    mine = conversation(page)["session_id"]
    stored = rows(bot, "SELECT answer_topic, rating, bot_text FROM answer_feedback WHERE conversation_id = :c", c=mine)
    assert [(topic, rating) for topic, rating, _ in stored] == [("ask_community", 1)]
    assert stored[0][2].startswith("De Zoom Community is 24/7 beschikbaar")
    answer.get_by_role("button", name="Dit antwoord is niet nuttig").click()
    expect(answer.get_by_role("button", name="Dit antwoord is niet nuttig")).to_have_attribute("aria-pressed", "true")
    until(
        lambda: rows(bot, "SELECT rating FROM answer_feedback WHERE conversation_id = :c", c=mine) == [(-1,)],
        what="the changed thumb",
    )

    text = stored[0][2]
    endpoint = f"{bot.url}/help/api/feedback"
    forged = [
        {"conversation_id": mine, "secret": "geraden", "bot_text": text, "rating": 1},
        {"conversation_id": mine, "bot_text": text, "rating": 1},
    ]
    for body in forged:
        refused = httpx.post(endpoint, json=body, timeout=30)
        assert refused.status_code == 403, refused.text
    real = {"conversation_id": mine, "secret": conversation(page)["secret"]}
    assert httpx.post(endpoint, json={**real, "bot_text": text, "rating": 5}, timeout=30).status_code == 400
    assert httpx.post(endpoint, json={**real, "bot_text": "Nooit gezegd.", "rating": 1}, timeout=30).status_code == 404
    assert (
        httpx.post(
            f"{bot.url}/help/api/satisfaction",
            json={**real, "secret": "geraden", "ticket": "ZN-000001", "score": 5},
            timeout=30,
        ).status_code
        == 403
    )
    assert rows(bot, "SELECT rating FROM answer_feedback WHERE conversation_id = :c", c=mine) == [(-1,)]


def test_the_transcript_download_holds_the_conversation_in_amsterdam_time(browser, bot):  # noqa: F811
    page = help_page(browser, bot, accept_downloads=True)
    open_chat(page)
    chat(page, "Hoe bereik ik de community?")
    with page.expect_download() as download:
        page.get_by_role("button", name="Transcript downloaden").click()
    assert download.value.suggested_filename.startswith("bolt-gesprek-")
    assert download.value.suggested_filename.endswith(".txt")
    text = open(download.value.path(), encoding="utf-8").read()
    assert "U: Hoe bereik ik de community?" in text
    assert "Bolt: De Zoom Community is 24/7 beschikbaar" in text
    now = dt.datetime.now(ZoneInfo("Europe/Amsterdam"))
    around = {(now + dt.timedelta(minutes=m)).strftime("%H:%M") for m in (-2, -1, 0, 1)}
    stamps = re.findall(r"^\[\d{2}-\d{2}-\d{4},? (\d{2}:\d{2})\] U: Hoe bereik", text, re.M)
    assert stamps and stamps[0] in around, (stamps, around)


def test_the_bots_typing_dots_show_only_while_it_composes(browser, bot):  # noqa: F811
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    confirm = HeldSessionConfirm(page)
    page.goto(f"{bot.url}/help/")
    confirm.wait()
    page.fill("#bolt-input", "wat is het telefoonnummer van zoom")
    page.keyboard.press("Enter")
    expect(page.locator("#bolt-log li.user")).to_have_text(["wat is het telefoonnummer van zoom"])
    expect(page.locator("#bolt-typing")).to_be_hidden()  # not sent yet: nobody composes
    confirm.release()
    expect(page.locator("#bolt-log li.bot").last).to_contain_text("Voor welk land", timeout=30000)
    expect(page.locator("#bolt-typing")).to_be_hidden()


def open_live_chat(browser, bot, agent_login):
    """A logged-in Premier+ admin in a live chat that Sanne Support claimed in the console (a browser)."""
    user = help_page(browser, bot, accept_downloads=True)
    open_chat(user)
    login(user, "premier-plus-admin")
    reference = ask_for_a_live_chat(user)
    agent = browser.new_context().new_page()
    agent.goto(f"{bot.url}/console/")
    agent.fill("#login", agent_login[0])
    agent.fill("#password", agent_login[1])
    agent.click("#login-form button")
    agent.locator("#queue tr", has_text=reference).get_by_role("button", name="Oppakken").click()
    expect(user.locator("#bolt-state")).to_have_text("U chat nu met Sanne Support", timeout=15000)
    return user, agent, reference


def test_agent_typing_then_a_satisfaction_score_after_resolving_is_stored(browser, bot, agent_login):  # noqa: F811
    user, agent, reference = open_live_chat(browser, bot, agent_login)
    expect(agent.locator("#transcript")).to_contain_text("opnamefunctie", timeout=10000)
    agent.locator("#reply").press_sequentially("Hallo Anna")
    expect(user.locator("#bolt-agent-typing")).to_have_text("Sanne Support typt…", timeout=10000)
    expect(user.locator("#bolt-typing")).to_be_hidden()  # the bot's dots are not the agent's
    agent.keyboard.press("Enter")
    expect(user.locator("#bolt-log li.agent").last).to_contain_text("Hallo Anna", timeout=10000)
    expect(user.locator("#bolt-agent-typing")).to_be_hidden()

    agent.click("#resolve")
    agent.click("#resolve-confirm")
    question = user.locator("#bolt-log li.system", has_text="Hoe tevreden bent u over de hulp van Sanne Support?")
    expect(question).to_be_visible(timeout=15000)
    expect(question.locator(".bolt-csat button")).to_have_text(["1", "2", "3", "4", "5"])
    question.get_by_role("button", name="4", exact=True).click()
    expect(question).to_contain_text("Bedankt voor uw beoordeling!", timeout=10000)
    stored = rows(
        bot,
        "SELECT s.score, a.name FROM satisfaction_scores s JOIN tickets t ON t.id = s.ticket_id "
        "JOIN agents a ON a.id = s.agent_id WHERE t.reference = :r",
        r=reference,
    )
    assert stored == [(4, "Sanne Support")]
    expect(user.locator("#bolt-log")).to_contain_text("U praat weer met Bolt")
    expect(chat(user, "telefoonnummer frankrijk").last).to_contain_text("+33.800.94.64.64")  # the bot resumed

    with user.expect_download() as download:
        user.get_by_role("button", name="Transcript downloaden").click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert re.search(r"\] Sanne Support \(medewerker\): Hallo Anna", text), text

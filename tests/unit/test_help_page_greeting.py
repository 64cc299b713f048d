"""The widget greets with the bot's own greeting and main topics (issue 17.2, review M1): the help page
carries bot/answers/conversation.greeting() as JSON, and widget.js keeps no greeting or topics of its own.
The browser side (what the widget shows) is tests/e2e/test_widget_features.py."""

import json
import re

import pytest

from bot.answers import conversation
from bot.answers.reply import Button, Reply
from bot.answers.topics import MAIN_TOPICS
from bot.web import channel

PAGE = (channel.STATIC / "index.html").read_text(encoding="utf-8")
WIDGET = (channel.STATIC / "widget.js").read_text(encoding="utf-8")
DATA_BLOCK = re.compile(r'<script id="bolt-greeting" type="application/json">(.*?)</script>', re.S)


def greeting_in(page: str) -> dict:
    blocks = DATA_BLOCK.findall(page)
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


def test_the_page_carries_the_bots_greeting_and_main_topics():
    given = greeting_in(channel.with_greeting(PAGE))
    assert given == conversation.greeting().as_message()
    assert [b["title"] for b in given["buttons"]] == [b.title for b in MAIN_TOPICS]
    assert [b["payload"] for b in given["buttons"]] == [b.payload for b in MAIN_TOPICS]
    assert "BSN" in given["text"]  # the privacy warning comes before anything is typed


def test_a_greeting_cannot_break_out_of_its_data_block(monkeypatch):
    hostile = Reply("Hallo </script><script>alert(1)</script> & <!-- dag", (Button("</script>", "/x"),))
    monkeypatch.setattr(conversation, "greeting", lambda: hostile)
    page = channel.with_greeting(PAGE)
    assert page.count("</script>") == PAGE.count("</script>")
    assert "<!--" not in DATA_BLOCK.search(page).group(1)
    assert greeting_in(page) == hostile.as_message()


def test_a_page_without_the_greeting_slot_is_refused():
    with pytest.raises(ValueError, match=channel.GREETING_SLOT):
        channel.with_greeting(PAGE.replace(channel.GREETING_SLOT, ""))


def test_the_widget_has_no_greeting_or_topics_of_its_own():
    for sentence in re.split(r"(?<=[.?!])\s+", conversation.greeting().text):
        assert sentence not in WIDGET, sentence
    for old in ("Ik ben Bolt", "Kies een onderwerp", "Contactmogelijkheden", "Een medewerker spreken"):
        assert old not in WIDGET, old
    for topic in MAIN_TOPICS:
        assert topic.title not in WIDGET and topic.payload not in WIDGET, topic
    assert "bolt-greeting" in WIDGET


@pytest.mark.parametrize("development", [True, False])
def test_the_demo_login_is_on_the_page_only_in_development_mode(monkeypatch, development):
    monkeypatch.setattr(channel, "dev_mode", lambda: development)
    page = channel.fill_page(PAGE)
    assert ('id="demo"' in page) is development  # the widget asks /help/api/demo-users only if it is there
    assert greeting_in(page) == conversation.greeting().as_message()
    assert 'id="bolt-launcher"' in page and "</main>" in page  # only the demo section is cut


def test_the_widget_asks_for_demo_users_only_when_the_page_has_the_demo_login():
    assert 'if (document.getElementById("demo")) fetch("/help/api/demo-users")' in WIDGET

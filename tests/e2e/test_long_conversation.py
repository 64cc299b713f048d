"""One conversation of 300 messages with the real servers (issue 16): the last answers are right,
a follow-up still uses the previous turn, and the agent's transcript reaches back beyond the tail
that the tracker store loads for each message."""

import json
import sqlite3
import uuid

import pytest

from bench.long_conversation import QUESTIONS
from bot.stores.tracker_store import MIN_TURNS
from bot.testing.servers import user_token

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

FACTS = {  # a fact of the answers that do not depend on the user's plan (the others: any reply)
    "Wat is het telefoonnummer van Zoom in Japan?": "+81 120427732",
    "hoe snel reageren jullie bij P1": "eerste responstijd 1 uur",
    "telefoonnummer duitsland": "+49.30.80098621 toestel 2",
}


def token():
    return user_token(name="Lange Luuk")


def test_300_messages_the_last_answers_and_the_whole_transcript(bot, agent_login):
    user, tok = f"long-{uuid.uuid4().hex[:6]}", token()

    def say(text):
        return bot.ask(user, text, metadata={"token": tok})

    questions = [QUESTIONS[i % len(QUESTIONS)] for i in range(292)]
    replies = [say(question) for question in questions]
    assert all(r.strip() for r in replies), "every message gets a reply"
    for question, reply in zip(questions[-12:], replies[-12:], strict=True):
        if question in FACTS:
            assert FACTS[question] in reply, (question, reply)
    # messages 293-296: a follow-up that needs the previous turn
    assert "Voor welk land" in say("telefoonnummer")
    assert "+81 120427732" in say("Japan")
    assert "+49.30.80098621 toestel 2" in say("telefoonnummer duitsland")
    assert "+81 120427732" in say("en japan?")
    # messages 297-300: the hand-off to an agent, with the transcript of the conversation
    assert "Wat is er aan de hand" in say("ik wil een medewerker spreken")
    assert "Hoe ernstig" in say("Onze webinars vallen steeds weg bij alle deelnemers")
    assert "Klopt dat?" in say('/inform{"priority":"p2"}')
    created = say("ja")
    assert "ZN-" in created
    reference = "ZN-" + created.split("ZN-")[1][:6]

    # the server loaded a bounded tail: the snapshot is recent, fewer than 2 * MIN_TURNS messages after it
    with sqlite3.connect(bot.log_dir / "tracker.db") as db:
        (first_event_id,) = db.execute(
            "SELECT first_event_id FROM tracker_snapshots WHERE sender_id = ?", (user,)
        ).fetchone()
        (after,) = db.execute(
            "SELECT count(*) FROM events WHERE sender_id = ? AND type_name = 'user' AND id >= ?", (user, first_event_id)
        ).fetchone()
        (total,) = db.execute(
            "SELECT count(*) FROM events WHERE sender_id = ? AND type_name = 'user'", (user,)
        ).fetchone()
    assert total == 300 and MIN_TURNS <= after < 2 * MIN_TURNS

    console = bot.console()
    assert console.login(*agent_login).status_code == 200
    (ticket,) = [t for t in console.queue() if t["reference"] == reference]
    transcript = console.ticket(ticket["id"])["transcript"]
    users = [m["text"] for m in transcript if m["sender"] == "user"]
    # built from the whole session, not from the tail: more user messages than the tail holds
    assert len(users) > 2 * MIN_TURNS, json.dumps(users, ensure_ascii=False)
    assert "telefoonnummer" in users and "Japan" in users and users[-1] == "ja"
    assert any("webinars" in text for text in users)

"""The real servers, asked in Dutch over the REST webhook: exact facts in the replies."""

import sqlite3
import uuid

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def user() -> str:
    return f"e2e-{uuid.uuid4().hex[:10]}"


@pytest.mark.parametrize(
    "question, facts",
    [
        ("Wat is het telefoonnummer van Zoom in Japan?", ["+81 120427732 of +81 0053.132.0070 toestel 2"]),
        ("nummer vk", ["+44.800.368.7314 toestel 2 of +44.20.7039.8961 toestel 2"]),
        ("Hoe kan ik Zoom bellen vanuit Duitsland?", ["+49.30.80098621 toestel 2 of +49 0800.0010429 toestel 2"]),
        ("telefoonnummer hong kong", ["+852.3002.3757"]),
        ("welk nummer bel ik in de VS", ["+1.888.799.9666 toestel 2"]),
        ("Hoe snel reageert Zoom bij P1?", ["eerste responstijd 1 uur"]),
        ("wat is de hersteltijd bij P1?", ["hersteltijd 4 uur"]),
        ("wat is de responstijd voor prio 3", ["P3: prioritaire eerste responstijd 24 uur"]),
        ("Wat krijg ik bij Premier+?", ["Technisch accountmanager: Inbegrepen", "Automatische escalatie: Inbegrepen"]),
        ("welke ondersteuningsplannen zijn er", ["Access (Toegang), Premier en Premier+"]),
        ("Wat betekent P2?", ["Belangrijke aspecten van de service"]),
        ("wat moet ik bij de hand hebben als ik bel", ["persoonlijke vergadering-ID en hostsleutel"]),
        ("is er een forum van zoom", ["De Zoom Community is 24/7 beschikbaar"]),
        ("hoe maak ik een webticket", ["webticket maken"]),
        ("ben jij een robot?", ["chatbot en geen mens"]),
    ],
)
def test_answers_contain_exact_facts(bot, question, facts):
    reply = bot.ask(user(), question)
    for fact in facts:
        assert fact in reply, f"{question!r} -> {reply!r}"


def test_country_without_number_is_answered_honestly(bot):
    reply = bot.ask(user(), "Wat is het telefoonnummer van Zoom in Nederland?")
    assert "geen telefoonnummer" in reply and "Nederland" in reply
    assert "toestel" not in reply


def test_follow_up_country_after_asking(bot):
    sender = user()
    assert "Voor welk land" in bot.ask(sender, "wat is het telefoonnummer van zoom support")
    assert "+61.1800.768.027 toestel 2" in bot.ask(sender, "Australië")


def test_two_misses_in_a_row_hand_off_an_anonymous_user_to_the_webticket(bot):
    sender = user()
    first = bot.send(sender, "qwrtz plofkip zonnebril").json()
    assert "anders formuleren" in first[0]["text"]
    assert first[0]["buttons"]
    second = bot.ask(sender, "xkcd vlurp grmbl")
    assert "Het lukt mij niet" in second and "webticket" in second and "Community" in second
    assert "e-mailadres" in second


def test_conversation_is_stored_in_the_sql_tracker_store(bot):
    sender = user()
    bot.ask(sender, "hallo")
    with sqlite3.connect(bot.log_dir / "tracker.db") as db:
        (count,) = db.execute("select count(*) from events where sender_id = ?", (sender,)).fetchone()
    assert count > 3

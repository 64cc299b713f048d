"""The Dutch names the insights show (page, charts, terminal report) for the raw keys the database keeps:
channels, support levels, priorities, hand-off reasons and answer topics (one readable name per intent).
The CSV keeps the raw keys: it is read by tools."""

from __future__ import annotations

from bot.answers.topics import INTENT_TITLES

CHANNEL_NAMES = {"live_chat": "Live chat", "webticket": "Webticket"}
LEVEL_NAMES = {"1": "Niveau 1", "2": "Niveau 2", "-": "Geen niveau (webticket)"}
REASON_NAMES = {
    "asked_human": "vroeg om een mens",
    "two_misses": "twee keer niet begrepen",
    "problem_report": "probleemmelding",
    "not_helpful": "antwoord hielp niet",
    "other": "overig",
}
# every intent of domain.yml: the question types by the titles the bot itself offers ("Bedoelt u ...?"),
# the others named here (tests/unit/test_insights_labels.py checks that none is missing)
TOPIC_NAMES = {
    **INTENT_TITLES,
    "greet": "Begroeting",
    "goodbye": "Afscheid",
    "thanks": "Bedankt",
    "affirm": "Ja / bevestiging",
    "deny": "Nee / ontkenning",
    "not_helpful": "Antwoord hielp niet",
    "bot_challenge": "Praat ik met een bot?",
    "out_of_scope": "Buiten het onderwerp",
    "report_problem": "Probleem melden",
    "request_human": "Een medewerker spreken",
    "ask_not_in_article": "Staat niet in het helpcentrum",
    "ask_ticket_status": "Status van een ticket",
    "inform": "Gegevens doorgeven",
    "chitchat": "Praatje",
    "nlu_fallback": "Niet begrepen",
    "onbekend": "Onbekend onderwerp",
}


def channel_name(key: str) -> str:
    return CHANNEL_NAMES.get(key, key)


def level_name(key: str) -> str:
    return LEVEL_NAMES.get(key, f"Niveau {key}")


def priority_name(key: str) -> str:
    return key.upper() if key and key != "-" else "Geen prioriteit"


def reason_name(key: str) -> str:
    return REASON_NAMES.get(key, key)


def topic_name(key: str) -> str:
    """A readable Dutch name for an answer topic (the intent answered); an unknown intent keeps its key."""
    return TOPIC_NAMES.get(key, key)

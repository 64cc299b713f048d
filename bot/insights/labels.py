"""The Dutch names the insights show (page, charts, terminal report) for the raw keys the database keeps:
channels, support levels, priorities, hand-off reasons and answer topics (one readable name per intent).
The CSV keeps the raw keys: it is read by tools."""

from __future__ import annotations

from bot.answers.topics import INTENT_TITLES
from bot.vocabulary import Channel, HandoffReason, Intent, SupportLevel

CHANNEL_NAMES: dict[str, str] = {Channel.LIVE_CHAT: "Live chat", Channel.WEBTICKET: "Webticket"}
# keyed as the figures keep a level: its number as text, "-" for none
LEVEL_NAMES = {
    str(SupportLevel.LEVEL_1.value): "Niveau 1",
    str(SupportLevel.LEVEL_2.value): "Niveau 2",
    "-": "Geen niveau (webticket)",
}
REASON_NAMES: dict[str, str] = {
    HandoffReason.ASKED_HUMAN: "vroeg om een mens",
    HandoffReason.TWO_MISSES: "twee keer niet begrepen",
    HandoffReason.PROBLEM_REPORT: "probleemmelding",
    HandoffReason.NOT_HELPFUL: "antwoord hielp niet",
    HandoffReason.OTHER: "overig",
}


def agent_label(name: str, login: str) -> str:
    """An agent as the figures show them: names are not unique (two agents called "Sanne"), logins are."""
    return f"{name} ({login})"


# every intent of domain.yml: the question types by the titles the bot itself offers ("Bedoelt u ...?"),
# the others named here (tests/unit/test_insights_labels.py checks that none is missing)
TOPIC_NAMES: dict[str, str] = {
    **INTENT_TITLES,
    Intent.GREET: "Begroeting",
    Intent.GOODBYE: "Afscheid",
    Intent.THANKS: "Bedankt",
    Intent.AFFIRM: "Ja / bevestiging",
    Intent.DENY: "Nee / ontkenning",
    Intent.NOT_HELPFUL: "Antwoord hielp niet",
    Intent.BOT_CHALLENGE: "Praat ik met een bot?",
    Intent.OUT_OF_SCOPE: "Buiten het onderwerp",
    Intent.REPORT_PROBLEM: "Probleem melden",
    Intent.REQUEST_HUMAN: "Een medewerker spreken",
    Intent.ASK_NOT_IN_ARTICLE: "Staat niet in het helpcentrum",
    Intent.ASK_TICKET_STATUS: "Status van een ticket",
    Intent.INFORM: "Gegevens doorgeven",
    Intent.CHITCHAT: "Praatje",
    Intent.NLU_FALLBACK: "Niet begrepen",
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

"""The article as passages to search: each fact of the knowledge base in the article's words, under
its section title, with the question type that answers it in full (for "Bedoelt u ...?" buttons).
The wording (section titles, the passages' sentences) is the bot's: bot/answers/search.py."""

from __future__ import annotations

from dataclasses import dataclass

from bot.answers import search as words
from bot.kb import KnowledgeBase
from bot.vocabulary import Intent


@dataclass(frozen=True)
class Passage:
    section: str
    text: str
    intent: str  # the question type that answers this topic


def passages(kb: KnowledgeBase) -> tuple[Passage, ...]:
    found: list[Passage] = []
    for row in kb.matrix:
        found.append(Passage(words.PLANS_SECTION, words.matrix_row(kb, row), Intent.ASK_SUPPORT_PLANS))
    found.append(Passage(words.PLANS_SECTION, kb.account_manager_note, Intent.ASK_ACCOUNT_MANAGER))
    intents = {
        "community": Intent.ASK_COMMUNITY,
        "billing": Intent.ASK_BILLING,
        "social_media": Intent.ASK_SOCIAL_MEDIA,
        "chatbot": Intent.ASK_CHATBOT,
        "webticket": Intent.ASK_WEBTICKET,
        "phone": Intent.ASK_PHONE_SUPPORT,
    }
    for channel_id, channel in kb.channels.items():
        found.append(Passage(words.CONTACT_SECTION, words.contact_channel(channel), intents[channel_id]))
        for extra in channel.extra.values():
            found.append(Passage(words.CONTACT_SECTION, extra, intents[channel_id]))
    for country in kb.countries_with_numbers():
        found.append(Passage(words.PHONE_SECTION, words.phone_numbers(country), Intent.ASK_PHONE_NUMBER))
    for p in kb.priorities.values():
        found.append(Passage(words.PRIORITY_SECTION, words.priority_times(kb, p), Intent.ASK_PRIORITY_RESPONSE))
        found.append(Passage(words.DEFINITIONS_SECTION, words.priority_definition(p), Intent.ASK_PRIORITY_DEFINITION))
    return tuple(found)

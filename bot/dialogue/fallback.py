"""Fallback: the first miss asks to rephrase with topic buttons; a second miss in a row hands off
(actions/dialogue.py starts action_start_handoff)."""
from __future__ import annotations

from typing import Iterable, Optional

from bot.answers.reply import Reply
from bot.answers.topics import MAIN_TOPICS
from bot.kb import KnowledgeBase

FALLBACK_INTENT = "nlu_fallback"


def consecutive_fallbacks(user_intents: Iterable[Optional[str]]) -> int:
    """How many of the most recent user messages in a row were not understood."""
    count = 0
    for intent in reversed(list(user_intents)):
        if intent != FALLBACK_INTENT:
            break
        count += 1
    return count


def rephrase_reply(kb: KnowledgeBase) -> Reply:
    return Reply(
        "Sorry, dat begreep ik niet helemaal. Kunt u uw vraag anders formuleren? Of kies een van deze onderwerpen:",
        MAIN_TOPICS,
    )

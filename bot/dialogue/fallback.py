"""Fallback: the first miss asks to rephrase with topic buttons; a second miss in a row hands off
(actions/dialogue.py starts action_start_handoff)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bot.answers import conversation
from bot.answers.reply import Reply
from bot.answers.topics import INTENT_TITLES
from bot.kb import KnowledgeBase
from bot.vocabulary import Intent

FALLBACK_INTENT = Intent.NLU_FALLBACK.value
# "Bedoelt u X of Y?" only when the two most likely question types hold at least this much of the
# classifier's probability together: below it the message is about something else (off topic)
DID_YOU_MEAN_MASS = 0.6


def consecutive_fallbacks(user_intents: Iterable[str | None]) -> int:
    """How many of the most recent user messages in a row were not understood."""
    count = 0
    for intent in reversed(list(user_intents)):
        if intent != FALLBACK_INTENT:
            break
        count += 1
    return count


def rephrase_reply(kb: KnowledgeBase) -> Reply:
    return conversation.rephrase()


def search_reply(hit) -> Reply:
    """An article passage that matches a question the bot did not understand, with its section."""
    return conversation.search_result(hit.passage.section, hit.passage.text)


def did_you_mean(ranking: Sequence[Mapping[str, Any]]) -> Reply | None:
    """'Bedoelt u ...?' with the two question types the classifier ranked highest, as buttons."""
    ranked = [r for r in ranking if r.get("name") != FALLBACK_INTENT]
    # only when the classifier hesitated between two topics, not when it had no idea at all
    if (
        len(ranked) < 2
        or float(ranked[0].get("confidence") or 0) + float(ranked[1].get("confidence") or 0) < DID_YOU_MEAN_MASS
    ):
        return None
    names = [str(r.get("name")) for r in ranked[:2]]
    titles = [(name, INTENT_TITLES[name]) for name in names if name in INTENT_TITLES]
    if len(titles) < 2:
        return None
    return conversation.did_you_mean(titles)

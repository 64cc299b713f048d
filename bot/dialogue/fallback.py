"""Fallback: the first miss asks to rephrase with topic buttons; a second miss in a row hands off
(actions/dialogue.py starts action_start_handoff)."""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Sequence

from bot.answers.reply import Button, Reply
from bot.answers.topics import INTENT_TITLES, MAIN_TOPICS
from bot.kb import KnowledgeBase
from bot.vocabulary import Intent

FALLBACK_INTENT = Intent.NLU_FALLBACK.value
# "Bedoelt u X of Y?" only when the two most likely question types hold at least this much of the
# classifier's probability together: below it the message is about something else (off topic)
DID_YOU_MEAN_MASS = 0.6


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


def search_reply(hit) -> Reply:
    """An article passage that matches a question the bot did not understand, with its section."""
    return Reply(f"Dit vond ik in het helpcentrum, onder '{hit.passage.section}':\n{hit.passage.text}\n"
                 "Bedoelde u iets anders? Stel uw vraag dan op een andere manier.")


def did_you_mean(ranking: Sequence[Mapping[str, Any]]) -> Optional[Reply]:
    """'Bedoelt u ...?' with the two question types the classifier ranked highest, as buttons."""
    ranked = [r for r in ranking if r.get("name") != FALLBACK_INTENT]
    # only when the classifier hesitated between two topics, not when it had no idea at all
    if len(ranked) < 2 or float(ranked[0].get("confidence") or 0) + float(ranked[1].get("confidence") or 0) < DID_YOU_MEAN_MASS:
        return None
    titles = [(r.get("name"), INTENT_TITLES[r.get("name")]) for r in ranked[:2] if r.get("name") in INTENT_TITLES]
    if len(titles) < 2:
        return None
    return Reply(f"Ik begrijp uw vraag niet helemaal. Bedoelt u '{titles[0][1]}' of '{titles[1][1]}'? "
                 "Kies hieronder, of stel uw vraag anders.",
                 tuple(Button.intent(title, intent) for intent, title in titles) + MAIN_TOPICS[-1:])

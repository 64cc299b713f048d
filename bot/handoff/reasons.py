"""Why the bot handed a conversation off (issue 18, insights): read from the conversation's events.

The last `action_start_handoff` tells: started by the fallback after two misses (`two_misses`), by
'dat helpt niet' (`not_helpful`), on a problem report (`problem_report`), or because the user asked
for a person (`asked_human`); anything else is `other`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.vocabulary import HandoffReason, Intent

ASKED_HUMAN_INTENTS = frozenset({Intent.REQUEST_HUMAN, Intent.ASK_LIVE_CHAT, Intent.ASK_WEBTICKET})
BY_ACTION = {
    "action_handle_fallback": HandoffReason.TWO_MISSES,
    "action_answer_not_helpful": HandoffReason.NOT_HELPFUL,
    "action_answer_problem": HandoffReason.PROBLEM_REPORT,
}


def handoff_reason(events: Iterable[dict[str, Any]]) -> HandoffReason:
    events = list(events)
    starts = [i for i, e in enumerate(events) if e.get("event") == "action" and e.get("name") == "action_start_handoff"]
    if not starts:
        return HandoffReason.OTHER
    before: list[dict[str, Any]] = events[: starts[-1]]
    for event in reversed(before):
        if event.get("event") == "action" and event.get("name") in BY_ACTION:
            return BY_ACTION[event["name"]]
        if event.get("event") == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent == Intent.REPORT_PROBLEM:
                return HandoffReason.PROBLEM_REPORT
            return HandoffReason.ASKED_HUMAN if intent in ASKED_HUMAN_INTENTS else HandoffReason.OTHER
    return HandoffReason.OTHER

"""Due times from the article's priority response table ("1 uur", "24 uur", ...)."""

from __future__ import annotations

import datetime as dt
import re

from bot.kb import KnowledgeBase

_DURATION = re.compile(r"^\s*(\d+)\s*(uur|uren|minuten|minuut|dag|dagen)\s*$")
_UNITS = {"uur": "hours", "uren": "hours", "minuut": "minutes", "minuten": "minutes", "dag": "days", "dagen": "days"}


def parse_duration(text: str | None) -> dt.timedelta | None:
    if not text:
        return None
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"unknown duration {text!r}")
    return dt.timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def due_times(
    kb: KnowledgeBase, priority_id: str, priority_response: bool, now: dt.datetime
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """(first response due, restore due) for users entitled to priority response; else (None, None)."""
    if not priority_response:
        return None, None
    priority = kb.known_priority(priority_id)
    first, restore = parse_duration(priority.first_response), parse_duration(priority.restore)
    return (now + first) if first else None, (now + restore) if restore else None

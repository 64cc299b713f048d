"""The bot conversation up to the hand-off, from Rasa tracker events, for the agent."""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, Iterable, List

MAX_ENTRIES = 60


def transcript_from_events(events: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    entries = []
    for event in events:
        kind = event.get("event")
        if kind not in ("user", "bot") or not event.get("text"):
            continue
        stamp = event.get("timestamp")
        entries.append({
            "sender": kind,
            "text": str(event["text"])[:2000],
            "at": dt.datetime.utcfromtimestamp(stamp).isoformat() + "Z" if stamp is not None else None,
        })
    return entries[-MAX_ENTRIES:]


def subject_from(description: str, limit: int = 80) -> str:
    line = " ".join(description.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"

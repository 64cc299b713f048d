"""The bot conversation up to the hand-off, from Rasa tracker events, for the agent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

MAX_ENTRIES = 60


def readable(event: dict[str, Any]) -> str:
    """A button payload ('/inform{"priority":"p3"}') as what the user chose ('[knop] inform: p3')."""
    text = str(event["text"])
    if event.get("event") != "user" or not text.startswith("/"):
        return text[:2000]
    parse = event.get("parse_data") or {}
    values = [str(e.get("value")) for e in parse.get("entities") or []]
    intent = (parse.get("intent") or {}).get("name") or text[1:].split("{")[0]
    return f"[knop] {intent}" + (f": {', '.join(values)}" if values else "")


def button_titles(event: dict[str, Any]) -> dict[str, str]:
    """payload -> title of the buttons a bot message offered."""
    buttons = (event.get("data") or {}).get("buttons") or []
    return {str(b.get("payload")): str(b.get("title")) for b in buttons if isinstance(b, dict) and b.get("title")}


def transcript_from_events(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The user's and the bot's messages; a pressed button as the words on it ('[knop] Een functie werkt
    niet goed (P3)'), from the buttons the bot offered since the previous user message."""
    entries = []
    offered: dict[str, str] = {}
    for event in events:
        kind = event.get("event")
        if kind == "bot":
            offered.update(button_titles(event))
        if kind not in ("user", "bot") or not event.get("text"):
            continue
        stamp = event.get("timestamp")
        text = readable(event)
        if kind == "user":
            title = offered.get(str(event["text"]).strip())
            text = f"[knop] {title}" if title and title != event["text"] else text
            offered = {}
        entries.append(
            {
                "sender": kind,
                "text": text,
                "at": dt.datetime.fromtimestamp(stamp, dt.timezone.utc).replace(tzinfo=None).isoformat() + "Z"
                if stamp is not None
                else None,
            }
        )
    return entries[-MAX_ENTRIES:]


def subject_from(description: str, limit: int = 80) -> str:
    line = " ".join(description.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"

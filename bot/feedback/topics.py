"""Which question type (intent) a bot answer was for, read from the conversation's own tracker.

The widget sends the text of the answer it rates; the server finds that answer among the bot's
utterances (the socket.io channel splits an answer at blank lines into several bubbles, so a bubble
is one part of it) and takes the intent of the user message it answered. The topic is thus never
the client's word, and only an answer the bot really gave can be rated."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.feedback.validation import MAX_TOPIC_CHARS

NO_INTENT = "onbekend"


def _parts(text: str) -> list:
    return [part.strip() for part in text.strip().split("\n\n")]


def _is_answer(event_text: str | None, shown: str) -> bool:
    if not event_text:
        return False
    return event_text.strip() == shown or shown in _parts(event_text)


def answer_topic(events: Iterable[Any], shown_text: str) -> str | None:
    """The intent of the user message the latest bot utterance with this text answered; None when the
    bot never said it."""
    shown = shown_text.strip()
    topic, last_intent = None, None
    for event in events:
        kind = getattr(event, "type_name", None)
        if kind == "user":
            last_intent = ((getattr(event, "intent", None) or {}).get("name")) or NO_INTENT
        elif kind == "bot" and _is_answer(getattr(event, "text", None), shown):
            topic = last_intent or NO_INTENT
    return topic[:MAX_TOPIC_CHARS] if topic else None

"""What a feedback request may contain: a thumb is -1 or 1, a satisfaction score 1 to 5 (whole numbers)."""

from __future__ import annotations

from typing import Any

from bot.answers import refusals

MAX_TOPIC_CHARS = 64
MAX_BOT_TEXT_CHARS = 4000


class FeedbackError(ValueError):
    """Refused feedback; `status` is the HTTP status to answer with, the message is Dutch for the user."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def rating(value: Any) -> int:
    if not _whole_number(value) or value not in (-1, 1):
        raise FeedbackError(400, refusals.THUMB_INVALID)
    return value


def score(value: Any) -> int:
    if not _whole_number(value) or not 1 <= value <= 5:
        raise FeedbackError(400, refusals.SCORE_INVALID)
    return value


def bot_text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_BOT_TEXT_CHARS:
        raise FeedbackError(400, refusals.ANSWER_TEXT_MISSING)
    return value.strip()

"""Checks on an incoming chat message, shared by the input channels. Errors are in Dutch."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot import settings
from bot.answers import refusals
from bot.privacy.redaction import redact_text

LONE_SURROGATE = re.compile("[\ud800-\udfff]")
MESSAGE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


@dataclass(frozen=True)
class InputError(Exception):
    status: int
    message: str


@dataclass(frozen=True)
class ChatInput:
    sender: str
    message: str
    metadata: dict[str, Any]
    message_id: str | None = None


def validate_message(text: Any) -> str:
    if not isinstance(text, str):
        raise InputError(400, refusals.MESSAGE_NOT_TEXT)
    # JSON may carry a lone UTF-16 surrogate ("\ud800"): no valid text, and it breaks storing and
    # logging further on. It becomes the replacement character, so the rest still gets an answer.
    text = LONE_SURROGATE.sub("\ufffd", text)
    if not text.strip():
        raise InputError(400, refusals.MESSAGE_EMPTY)
    limit = settings.max_message_chars()
    if len(text) > limit:
        raise InputError(413, refusals.message_too_long(len(text), limit))
    return redact_text(text)  # card numbers, IBANs and BSNs never reach NLU, the tracker or a ticket


def validate_message_id(value: Any) -> str | None:
    """The client's optional id of a message (a retry sends the same one): up to 128 letters, digits,
    '-', '_', '.' or ':' (a UUID fits)."""
    if value is None:
        return None
    if not isinstance(value, str) or not MESSAGE_ID.match(value):
        raise InputError(400, refusals.MESSAGE_ID_INVALID)
    return value


def validate_payload(body: Any | None) -> ChatInput:
    """A REST webhook body: {"sender": str, "message": str, "metadata": {...}, "message_id": str (both optional)}."""
    if not isinstance(body, dict):
        raise InputError(400, refusals.NOT_AN_OBJECT)
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip():
        raise InputError(400, refusals.SENDER_MISSING)
    if len(sender) > settings.MAX_SENDER_CHARS or not sender.isprintable():
        raise InputError(400, refusals.sender_invalid(settings.MAX_SENDER_CHARS))
    metadata = body.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise InputError(400, refusals.METADATA_NOT_AN_OBJECT)
    return ChatInput(
        sender, validate_message(body.get("message")), metadata, validate_message_id(body.get("message_id"))
    )

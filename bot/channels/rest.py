"""The REST channel (POST /webhooks/rest/webhook) with input validation and identity before NLU.

Validation happens inside the route itself, so every path variant that reaches it (a trailing
slash, ?stream=true, ...) is checked: malformed JSON, a missing sender, an empty or over-long
message get a 4xx with a Dutch {"error": ...} body instead of reaching Rasa; request bodies are
capped by the server (bot.channels.server). Messages go through the hand-off relay: to the agent
while a ticket is assigned, else to the bot; agent messages waiting for this user come back in the
reply.

Each conversation belongs to whoever started it (bot.channels.binding): the reply to the first
message carries the headers `X-Conversation-Id` and `X-Conversation-Secret`; later messages send
the secret back (body field `conversation_secret` or header `X-Conversation-Secret`), or the same
user's token. A sender without them that someone else already uses gets a new conversation, named
in `X-Conversation-Id`.

A message may carry a `message_id` (up to 128 letters, digits, '-', '_', '.', ':'; a UUID fits): a
retry with the same id gets the same reply and is stored once. Past the sender's rate limit or the
instance's queue the reply is a short Dutch message (HTTP 200) with a `Retry-After` header
(bot.channels.message_guard).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, Sanic, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from bot.answers import refusals
from bot.channels.message_guard import answer_once
from bot.channels.metadata import verified_identity, verified_metadata
from bot.channels.server import harden
from bot.channels.validation import InputError, validate_payload
from bot.dialogue.store_outage import rest_apology
from bot.runtime import install as install_runtime
from bot.runtime import runtime_of

logger = logging.getLogger(__name__)


class HardenedBlueprint(Blueprint):
    """A blueprint that installs the server-wide limits and headers when it is registered."""

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        harden(app)
        install_runtime(app)  # database, relay, jobs (bot/runtime.py)
        super().register(app, options)


def json_body(request: Request) -> Any:
    try:
        return request.json
    except InvalidUsage:
        raise InputError(400, refusals.INVALID_JSON) from None


class BoltRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        """Only a verified identity travels on; forged plan/licence fields are dropped."""
        body = request.json if isinstance(request.json, dict) else {}
        return verified_metadata(body.get("metadata"))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = HardenedBlueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> Any:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"], strict_slashes=False)
        async def receive(request: Request) -> Any:
            try:
                body = json_body(request)
                chat = validate_payload(body)
            except InputError as error:
                return response.json({"error": error.message}, status=error.status)
            claims, metadata = verified_identity(chat.metadata)
            secret = body.get("conversation_secret") or request.headers.get("x-conversation-secret")
            headers: dict[str, str] = {}
            runtime = runtime_of(request.app)  # built when the server started (bot/runtime.py)

            async def admit() -> str:
                admission = await asyncio.to_thread(
                    runtime.binder.admit,
                    chat.sender,
                    secret if isinstance(secret, str) else None,
                    claims.sub if claims.verified else None,
                )
                headers["X-Conversation-Id"] = admission.conversation_id
                if admission.secret:
                    headers["X-Conversation-Secret"] = admission.secret
                return admission.conversation_id

            async def process(conversation_id: str) -> tuple[list[dict[str, Any]], str]:
                collector = CollectingOutputChannel()
                message = UserMessage(
                    chat.message,
                    collector,
                    conversation_id,
                    input_channel=self.name(),
                    metadata=metadata,
                    message_id=chat.message_id,
                )
                routed_to = await runtime.relay.route(message, on_new_message)
                return collector.messages, routed_to

            try:  # rate limit, fair gate, message id (a retry gets the first reply): bot/channels/message_guard.py
                outcome = await answer_once(chat.sender, chat.message_id, admit, process, runtime.guard)
            except Exception:  # nothing of the turn is stored: the apology, and the client may retry (503)
                logger.exception("rest message failed (sender of %s characters)", len(chat.sender))
                return rest_apology(headers.get("X-Conversation-Id", chat.sender), headers)
            if outcome.routed_to:
                headers["X-Routed-To"] = outcome.routed_to
            if outcome.retry_after:  # busy or rate-limited: HTTP 200 with the Dutch reply
                headers["Retry-After"] = str(outcome.retry_after)
            return response.json(outcome.messages, headers=headers)

        return webhook

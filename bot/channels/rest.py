"""The REST channel (POST /webhooks/rest/webhook) with input validation and identity before NLU.

Malformed JSON, a missing sender, an empty or over-long message get a 4xx with a Dutch
{"error": ...} body instead of reaching Rasa; the server keeps answering. Messages go through the
hand-off relay: to the agent while a ticket is assigned, else to the bot; agent messages waiting
for this user come back in the reply.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from bot.channels.metadata import verified_metadata
from bot.channels.validation import InputError, validate_payload
from bot.handoff.relay import relay


class BoltRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        """Only a verified identity token travels on; forged plan/licence fields are dropped."""
        return verified_metadata((request.json or {}).get("metadata"))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def routed(message: UserMessage) -> None:
            await relay().route(message, on_new_message)

        webhook = super().blueprint(routed)

        @webhook.middleware("request")
        async def validate(request: Request) -> Any:
            if request.method != "POST" or not request.path.endswith("/webhook"):
                return None
            try:
                try:
                    body = request.json
                except InvalidUsage:
                    raise InputError(400, "Ongeldige JSON in het verzoek.")
                validate_payload(body)
            except InputError as error:
                return response.json({"error": error.message}, status=error.status)
            return None

        return webhook

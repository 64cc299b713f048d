"""The socket.io channel for the help-page widget, with identity, validation and safe rooms.

Differences from Rasa's stock channel: the signed token from the connection's auth data (or a
message's metadata) is verified and only a verified token travels on; messages are validated and
size-limited before NLU (an `error` event explains a refusal); session ids must be 32 hex
characters; `enter_room` is awaited when the installed python-socketio makes it a coroutine.
"""
from __future__ import annotations

import inspect
import json
import logging
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from socketio import AsyncServer

from bot.channels.metadata import verified_metadata
from bot.channels.validation import InputError, validate_message
from bot.handoff.relay import relay

logger = logging.getLogger(__name__)
SESSION_ID = re.compile(r"^[0-9a-f]{32}$")


async def _maybe_await(result: Any) -> None:
    if inspect.isawaitable(result):
        await result


class BoltSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[])
        webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio
        bot_event, namespace = self.bot_message_evt, self.namespace

        async def push_to_user(conversation_id: str, payload: Dict[str, Any]) -> bool:
            """Emit to the user's room; False when nobody of that conversation is connected."""
            try:
                if not any(True for _ in sio.manager.get_participants(namespace or "/", conversation_id)):
                    return False
            except KeyError:  # no such room: the user is not connected over socket.io
                return False
            await sio.emit(bot_event, payload, room=conversation_id, namespace=namespace)
            return True

        relay().push_to_user = push_to_user

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> Any:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict] = None) -> bool:
            token = auth.get("token") if isinstance(auth, dict) else None
            await sio.save_session(sid, {"token": token}, namespace=self.namespace)
            return True

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            requested = (data or {}).get("session_id") if isinstance(data, dict) else None
            session_id = requested if isinstance(requested, str) and SESSION_ID.match(requested) else uuid.uuid4().hex
            if self.session_persistence:
                await _maybe_await(sio.enter_room(sid, session_id, namespace=self.namespace))
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any) -> None:
            if not isinstance(data, dict):
                await sio.emit("error", {"error": "Ongeldig bericht."}, room=sid, namespace=self.namespace)
                return
            try:
                text = validate_message(data.get("message"))
            except InputError as error:
                await sio.emit("error", {"error": error.message}, room=sid, namespace=self.namespace)
                return
            if self.session_persistence:
                session_id = data.get("session_id")
                if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
                    await sio.emit("error", {"error": "Geen geldige sessie: vraag eerst een sessie aan."},
                                   room=sid, namespace=self.namespace)
                    return
                sender_id = session_id
            else:
                sender_id = sid
            client_metadata = data.get(self.metadata_key) or {}
            if isinstance(client_metadata, str):
                try:
                    client_metadata = json.loads(client_metadata)
                except ValueError:
                    client_metadata = {}
            session = await sio.get_session(sid, namespace=self.namespace)
            metadata = verified_metadata(client_metadata, session.get("token"))
            output = SocketIOOutput(sio, self.bot_message_evt)
            message = UserMessage(text, output, sender_id, input_channel=self.name(), metadata=metadata)
            await relay().route(message, on_new_message)

        return webhook

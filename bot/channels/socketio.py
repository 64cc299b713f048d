"""The socket.io channel for the help-page widget, with identity, validation and bound conversations.

Differences from Rasa's stock channel:
- Only allowed origins may connect: `cors_allowed_origins` in credentials.yml or
  BOT_CORS_ALLOWED_ORIGINS (comma-separated); without either, only the server's own origin (the
  /help page). Clients without an Origin header (not browsers) are not limited by it.
- `session_request {session_id, secret}` joins a conversation only if it belongs to this client
  (bot.channels.binding: the same verified `sub`, or the secret for an anonymous one); otherwise,
  or without a session id, the server starts a new conversation. The server then sends
  `conversation {session_id, secret (new conversations only), agent, status, history}` and
  `session_confirm <session_id>`.
- `user_uttered` is accepted only for the session the server confirmed to this connection, from the
  identity it was confirmed for; messages are validated and size-limited before NLU (an `error`
  event explains a refusal, never silence). Only verified claims travel on, signed, never the token.
- `user_uttered` may carry a `message_id` (the widget sends a UUID per message and keeps it for a
  retry): a retry gets the first reply again (to that connection), not a second answer. Past the rate
  limit or the queue the user gets a short Dutch `bot_uttered` (bot.channels.message_guard).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from socketio import AsyncServer, packet

from bot import settings
from bot.answers import refusals
from bot.channels.history import webticket_answer_entries
from bot.channels.message_guard import answer_once
from bot.channels.metadata import verified_identity
from bot.channels.server import SOCKET_FRAME_MAX_BYTES, harden
from bot.channels.validation import InputError, validate_message, validate_message_id
from bot.cluster.presence import presence
from bot.cluster.socketio import close_manager, server_options
from bot.dialogue.store_outage import BufferedOutput
from bot.handoff.relay import TO_AGENT, HandoffRelay
from bot.runtime import Runtime, add_closer, add_push_to_user, runtime_of
from bot.runtime import install as install_runtime

logger = logging.getLogger(__name__)
SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
MAX_METADATA_CHARS = 8192
ORIGINS_ENV = "BOT_CORS_ALLOWED_ORIGINS"


async def _maybe_await(result: Any) -> Any:
    if inspect.isawaitable(result):
        return await result
    return result


def allowed_origins(configured: Any) -> list[str] | None:
    """Origins allowed to connect; None means only the server's own origin (python-engineio's default)."""
    from_env = settings.current().cors_allowed_origins  # ORIGINS_ENV, read in bot/settings.py
    if from_env is not None:
        configured = from_env.split(",")
    if isinstance(configured, str):
        configured = [configured]
    origins = [o.strip().rstrip("/") for o in configured or [] if isinstance(o, str) and o.strip()]
    if "*" in origins:
        logger.warning("cors_allowed_origins '*' is not allowed: only the listed origins and the server's own")
        origins = [o for o in origins if o != "*"]
    return origins or None


def client_metadata(raw: Any) -> dict[str, Any]:
    """A message's metadata as a dict; a string is parsed as JSON only when short (a deeply nested
    string such as 200,000 '[' would exhaust the parser's recursion)."""
    if isinstance(raw, dict):
        return raw
    if not raw or (isinstance(raw, str) and not raw.strip()):
        return {}
    if isinstance(raw, str) and len(raw) <= MAX_METADATA_CHARS:
        try:
            parsed = json.loads(raw)
        except (ValueError, RecursionError):
            raise InputError(400, refusals.INVALID_METADATA) from None
        return parsed if isinstance(parsed, dict) else {}
    raise InputError(400, refusals.INVALID_METADATA)


INVALID_PACKET_EVENT = "bolt_invalid_packet"


class _SafeJson:
    """JSON for socket.io packets: a nesting too deep for the parser (200,000 '[') is no crash but an
    event the channel answers with a clear error."""

    @staticmethod
    def dumps(*args: Any, **kwargs: Any) -> str:
        return json.dumps(*args, **kwargs)

    @staticmethod
    def loads(text: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return json.loads(text, *args, **kwargs)
        except RecursionError:
            return [INVALID_PACKET_EVENT]


class SafePacket(packet.Packet):
    json = _SafeJson


class HardenedSocketBlueprint(SocketBlueprint):
    """ctx.push_to_user: the channel's push to a user's room (set in blueprint()); ctx.closers: what ends
    when the server stops (its presence, socket.io's Redis manager); ctx.bolt_app: the app it is
    registered on, whose runtime the handlers read."""

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        harden(app)
        install_runtime(app)  # the relay, linked to the app when the server starts (bot/runtime.py)
        self.ctx.bolt_app = app
        if getattr(self.ctx, "push_to_user", None) is not None:
            add_push_to_user(app, self.ctx.push_to_user)
        for close in getattr(self.ctx, "closers", ()):  # ended when the server stops (Runtime.close)
            add_closer(app, close)
        quiet_websocket_close(self.ctx.sio)
        super().register(app, options)


async def webticket_answers(relay: HandoffRelay, user_sub: str) -> list[dict[str, Any]]:
    """The agents' answers to this verified user's webticket not shown yet, as history entries (marked shown)."""
    found = await asyncio.to_thread(relay.webtickets.take_answers_for_user, user_sub)
    return webticket_answer_entries(found, relay.tickets.clock())


def quiet_websocket_close(sio: AsyncServer) -> None:
    """engine.io answers a websocket request with None once the socket has closed (the widget left); Sanic
    logged that as an ERROR with a traceback ("Invalid response type None") on every disconnect. Marked as a
    websocket handler, None is accepted; a polling request still gets its HTTP response."""
    handle = sio.eio.handle_request
    if getattr(handle, "is_websocket", False):
        return

    async def handle_request(request: Request, *args: Any, **kwargs: Any) -> Any:
        return await handle(request, *args, **kwargs)

    handle_request.is_websocket = True  # type: ignore[attr-defined]
    sio.eio.handle_request = handle_request


class RecordingOutput(SocketIOOutput):
    """Rasa's socket.io output that also keeps what it emitted (the reply kept for a message id)."""

    def __init__(self, sio: AsyncServer, bot_message_evt: str) -> None:
        super().__init__(sio, bot_message_evt)
        self.payloads: list[dict[str, Any]] = []

    async def _send_message(self, socket_id: str, response: Any) -> None:
        self.payloads.append(response)
        await super()._send_message(socket_id, response)


class BoltSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        channel = super().from_credentials(credentials)
        channel.cors_allowed_origins = allowed_origins((credentials or {}).get("cors_allowed_origins"))
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        origins = getattr(self, "cors_allowed_origins", None)
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=origins,
            max_http_buffer_size=SOCKET_FRAME_MAX_BYTES,
            serializer=SafePacket,
            **server_options(),
        )  # Redis manager with BOT_REDIS_URL
        webhook = HardenedSocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio
        bot_event, namespace = self.bot_message_evt, self.namespace

        async def emit_error(sid: str, message: str, code: str | None = None) -> None:
            await sio.emit(
                "error", {"error": message, **({"code": code} if code else {})}, room=sid, namespace=namespace
            )

        def in_local_room(conversation_id: str) -> bool:
            try:
                return any(True for _ in sio.manager.get_participants(namespace or "/", conversation_id))
            except KeyError:  # no such room: the user is not connected over socket.io
                return False

        users = presence(in_local_room)  # connected on any instance (bot/cluster/presence.py)

        async def push_to_user(conversation_id: str, payload: dict[str, Any]) -> bool:
            """Emit to the user's room; False when nobody of that conversation is connected."""
            if not await users.connected(conversation_id):
                return False
            await sio.emit(bot_event, payload, room=conversation_id, namespace=namespace)
            return True

        webhook.ctx.push_to_user = push_to_user  # given to the runtime's relay at registration

        async def close_socket_manager() -> None:
            await close_manager(sio.manager)  # python-socketio's Redis manager, with BOT_REDIS_URL

        webhook.ctx.closers = (users.close, close_socket_manager)

        def runtime() -> Runtime:
            return runtime_of(webhook.ctx.bolt_app)  # built when the server starts (bot/runtime.py)

        def handoff() -> HandoffRelay:
            return runtime().relay

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> Any:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=namespace)
        async def connect(sid: str, environ: dict, auth: dict | None = None) -> bool:
            token = auth.get("token") if isinstance(auth, dict) else None
            await sio.save_session(
                sid,
                {"token": token if isinstance(token, str) else None, "conversation": None, "sub": None},
                namespace=namespace,
            )
            return True

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: str, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            requested, secret = data.get("session_id"), data.get("secret")
            requested = requested if isinstance(requested, str) and SESSION_ID.match(requested) else None
            session = await sio.get_session(sid, namespace=namespace)
            claims, _ = verified_identity({}, session.get("token"))
            sub = claims.sub if claims.verified else None
            admission = await asyncio.to_thread(
                runtime().binder.admit, requested, secret if isinstance(secret, str) else None, sub
            )
            previous = session.get("conversation")
            if previous and previous != admission.conversation_id:
                await _maybe_await(sio.leave_room(sid, previous, namespace=namespace))
                await users.leave(previous, sid)
            session.update(conversation=admission.conversation_id, sub=sub)
            await sio.save_session(sid, session, namespace=namespace)
            await _maybe_await(sio.enter_room(sid, admission.conversation_id, namespace=namespace))
            await users.enter(admission.conversation_id, sid)
            try:
                state = await handoff().conversation_state(admission.conversation_id)
                if sub:  # webtickets answered meanwhile: shown when the user comes back logged in, once
                    state["history"] = state["history"] + await webticket_answers(handoff(), sub)
            except Exception:  # the conversation still works; only its history is missing
                logger.exception("could not read the history of a conversation")
                state = {"history": []}
            await sio.emit(
                "conversation",
                {
                    "session_id": admission.conversation_id,
                    "new": admission.started,
                    **({"secret": admission.secret} if admission.secret else {}),
                    **state,
                },
                room=sid,
                namespace=namespace,
            )
            await sio.emit("session_confirm", admission.conversation_id, room=sid, namespace=namespace)

        @sio.on("disconnect", namespace=namespace)
        async def disconnect(sid: str) -> None:
            try:
                conversation = (await sio.get_session(sid, namespace=namespace)).get("conversation")
            except KeyError:
                return
            if conversation:
                await users.leave(conversation, sid)

        @sio.on(INVALID_PACKET_EVENT, namespace=namespace)
        async def invalid_packet(sid: str, *_: Any) -> None:
            await emit_error(sid, refusals.TOO_DEEPLY_NESTED)

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict):
                await emit_error(sid, refusals.INVALID_MESSAGE)
                return
            try:
                text = validate_message(data.get("message"))
                metadata_in = client_metadata(data.get(self.metadata_key))
                message_id = validate_message_id(data.get("message_id"))
            except InputError as error:
                await emit_error(sid, error.message)
                return
            session = await sio.get_session(sid, namespace=namespace)
            conversation = session.get("conversation")
            asked = data.get("session_id")
            if not conversation or (asked is not None and asked != conversation):
                await emit_error(sid, refusals.NO_SESSION, "session")
                return
            claims, metadata = verified_identity(metadata_in, session.get("token"))
            if (claims.sub if claims.verified else None) != session.get("sub"):
                await emit_error(sid, refusals.OTHER_LOGIN, "identity")
                return
            # the turn's messages are shown once it is stored, else the apology (bot/dialogue/store_outage.py)
            sent = RecordingOutput(sio, bot_event)
            output = BufferedOutput(sent)
            message = UserMessage(
                text, output, conversation, input_channel=self.name(), metadata=metadata, message_id=message_id
            )

            async def admit() -> str:
                return conversation  # confirmed with the session

            async def process(_: str) -> tuple[list[dict[str, Any]], str]:
                routed_to = await handoff().route(message, on_new_message)
                await output.flush()
                return sent.payloads, routed_to

            try:  # rate limit, fair gate, message id (a retry gets the first reply): bot/channels/message_guard.py
                outcome = await answer_once(conversation, message_id, admit, process, runtime().guard)
            except Exception:
                logger.exception("socket.io message failed")
                await output.apologise(conversation)
                return
            if not outcome.processed:  # a refusal, or a retry's stored reply: to this connection only
                for payload in outcome.messages:
                    await sio.emit(
                        bot_event,
                        {k: v for k, v in payload.items() if k != "recipient_id"},
                        room=sid,
                        namespace=namespace,
                    )
            where = outcome.routed_to
            if where == TO_AGENT:  # no bot reply follows: say where the message went
                ticket_state = await handoff().hand_off_state(conversation)
                await sio.emit(
                    "routed", {"to": "agent", "agent": ticket_state.get("agent")}, room=sid, namespace=namespace
                )

        return webhook

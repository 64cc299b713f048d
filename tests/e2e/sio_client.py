"""A python-socketio client that speaks the widget's protocol (session_request with the conversation's
secret, the server's `conversation` and `session_confirm`), for the end-to-end tests."""

from __future__ import annotations

import asyncio
from typing import Any

import socketio


class Widget:
    def __init__(self, url: str, token: str | None = None, origin: str | None = None) -> None:
        self.url, self.token, self.origin = url, token, origin
        self.client = socketio.AsyncClient(reconnection=False)
        self.replies: asyncio.Queue = asyncio.Queue()
        self.errors: asyncio.Queue = asyncio.Queue()
        self.routed: asyncio.Queue = asyncio.Queue()
        self.session_id: str | None = None
        self.secret: str | None = None
        self.conversation: dict[str, Any] = {}
        self.client.on("bot_uttered", self.replies.put_nowait)
        self.client.on("error", self.errors.put_nowait)
        self.client.on("routed", self.routed.put_nowait)
        self.client.on("conversation", self._on_conversation)

    def _on_conversation(self, data: dict[str, Any]) -> None:
        self.conversation = data
        if data.get("secret"):
            self.secret = data["secret"]

    async def connect(self, session_id: str | None = None, secret: str | None = None, join: bool = True) -> str | None:
        headers = {"Origin": self.origin} if self.origin else {}
        await self.client.connect(
            self.url,
            auth={"token": self.token} if self.token else None,
            headers=headers,
            socketio_path="/socket.io",
            transports=["websocket"],
        )
        if join:
            return await self.join(session_id, secret)
        return None

    async def join(self, session_id: str | None = None, secret: str | None = None) -> str:
        confirmed = asyncio.get_running_loop().create_future()
        self.client.on("session_confirm", lambda sid: confirmed.done() or confirmed.set_result(sid))
        await self.client.emit("session_request", {"session_id": session_id, "secret": secret})
        self.session_id = await asyncio.wait_for(confirmed, 10)
        return self.session_id

    async def send(self, text: str, session_id: str | None = None, timeout: float = 30.0) -> None:
        """Sends `text` and returns once the server has acknowledged it, that is once its handler has finished.
        socket.io delivers in order on one connection, so whatever that handler sent to this connection (an
        answer, an `error` event) has arrived by then."""
        handled = asyncio.get_running_loop().create_future()
        await self.client.emit(
            "user_uttered",
            {"message": text, "session_id": session_id or self.session_id},
            callback=lambda *_: handled.done() or handled.set_result(True),
        )
        await asyncio.wait_for(handled, timeout)

    async def say(self, text: str, session_id: str | None = None, timeout: float = 30.0) -> str:
        """Sends `text` and returns the whole answer: every reply that has arrived by the acknowledgement
        (see `send`; no waiting for "later parts"), or, when none has, the first one pushed later (e.g. after
        a hand-off). Anything sent to this connection before the message was handled is part of it too."""
        deadline = asyncio.get_running_loop().time() + timeout
        await self.send(text, session_id, timeout)
        replies = []
        while not self.replies.empty():
            replies.append(self.replies.get_nowait())
        if not replies:  # an answer pushed later (not by this message's handler), e.g. after a hand-off
            replies.append(
                await asyncio.wait_for(self.replies.get(), max(0.0, deadline - asyncio.get_running_loop().time()))
            )
        return "\n".join(m.get("text", "") for m in replies)

    def history_text(self) -> str:
        return "\n".join(e.get("text", "") for e in self.conversation.get("history", []))

    async def close(self) -> None:
        await self.client.disconnect()

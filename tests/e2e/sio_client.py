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

    async def say(
        self, text: str, session_id: str | None = None, settle: float | None = None, timeout: float = 30.0
    ) -> str:
        """Sends `text` and returns the whole answer. The server acknowledges the message once its handler
        has finished, and socket.io delivers in order on one connection, so every part of the answer has
        arrived when the acknowledgement does: no waiting for "later parts". `settle` (seconds) is an extra fixed
        wait after that, kept only for test_intake_forms' queue-watch test (it needs the watch to have seen the new
        ticket; it should wait on that instead): do not use it in new tests."""
        handled = asyncio.get_running_loop().create_future()
        await self.client.emit(
            "user_uttered",
            {"message": text, "session_id": session_id or self.session_id},
            callback=lambda *_: handled.done() or handled.set_result(True),
        )
        deadline = asyncio.get_running_loop().time() + timeout
        await asyncio.wait_for(handled, timeout)
        if settle:
            await asyncio.sleep(settle)
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

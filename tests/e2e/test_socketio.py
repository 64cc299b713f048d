"""The socket.io channel with a real python-socketio client: replies arrive with session persistence,
a reconnect keeps the conversation, tokens in the connection's auth data are honoured, bad input
gets an `error` event."""
import asyncio
import time
import uuid

import jwt
import pytest
import socketio

from tests.servers import TEST_JWT_SECRET

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


class Widget:
    def __init__(self, url, token=None):
        self.url, self.token = url, token
        self.client = socketio.AsyncClient(reconnection=False)
        self.replies: asyncio.Queue = asyncio.Queue()
        self.errors: asyncio.Queue = asyncio.Queue()
        self.session_id = None
        self.client.on("bot_uttered", self.replies.put_nowait)
        self.client.on("error", self.errors.put_nowait)

    async def connect(self, session_id=None):
        confirmed = asyncio.get_running_loop().create_future()
        self.client.on("session_confirm", lambda sid: confirmed.done() or confirmed.set_result(sid))
        await self.client.connect(self.url, auth={"token": self.token} if self.token else None,
                                  socketio_path="/socket.io", transports=["websocket"])
        await self.client.emit("session_request", {"session_id": session_id})
        self.session_id = await asyncio.wait_for(confirmed, 10)
        return self.session_id

    async def say(self, text):
        await self.client.emit("user_uttered", {"message": text, "session_id": self.session_id})
        first = await asyncio.wait_for(self.replies.get(), 30)
        await asyncio.sleep(0.3)
        rest = []
        while not self.replies.empty():
            rest.append(self.replies.get_nowait())
        return "\n".join(m.get("text", "") for m in [first, *rest])


async def test_reply_arrives_and_reconnect_keeps_the_session(bot):
    widget = Widget(bot.url)
    session_id = await widget.connect()
    assert len(session_id) == 32
    assert "+81 120427732" in await widget.say("telefoonnummer japan")
    assert "Voor welk land" in await widget.say("wat is het telefoonnummer van zoom support")
    await widget.client.disconnect()

    again = Widget(bot.url)
    assert await again.connect(session_id) == session_id
    assert "+33.800.94.64.64 toestel 2" in await again.say("Frankrijk")   # follow-up in the same conversation
    await again.client.disconnect()


async def test_token_in_auth_data_gives_a_personal_answer(bot):
    token = jwt.encode({"sub": "s1", "name": "Lotte", "account": "business", "plan": "premier", "role": "member",
                        "licensed": True, "exp": int(time.time()) + 600}, TEST_JWT_SECRET, algorithm="HS256")
    widget = Widget(bot.url, token)
    await widget.connect()
    assert "Ja, u mag" in await widget.say("mag ik zoom bellen?")
    await widget.client.disconnect()


async def test_bad_input_gets_an_error_event(bot):
    widget = Widget(bot.url)
    await widget.connect()
    await widget.client.emit("user_uttered", {"message": "x" * 5000, "session_id": widget.session_id})
    assert "te lang" in (await asyncio.wait_for(widget.errors.get(), 10))["error"]
    await widget.client.emit("user_uttered", {"message": "hoi", "session_id": "../../etc"})
    assert "sessie" in (await asyncio.wait_for(widget.errors.get(), 10))["error"]
    assert "+852.3002.3757" in await widget.say("nummer hongkong")  # still answering
    await widget.client.disconnect()

"""The socket.io channel with a real python-socketio client: replies arrive with session persistence,
a reconnect keeps the conversation, tokens in the connection's auth data are honoured, bad input
gets an `error` event."""

import asyncio

import pytest

from bot.testing.servers import user_token
from tests.e2e.sio_client import Widget

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


async def test_reply_arrives_and_reconnect_keeps_the_session(bot):
    widget = Widget(bot.url)
    session_id = await widget.connect()
    assert len(session_id) == 32
    assert "Voor welk land" in await widget.say("wat is het telefoonnummer van zoom support")
    await widget.client.disconnect()

    again = Widget(bot.url)
    assert await again.connect(session_id, widget.secret) == session_id
    assert "+33.800.94.64.64 toestel 2" in await again.say("Frankrijk")  # follow-up in the same conversation
    assert "+81 120427732" in await again.say("telefoonnummer japan")
    await again.client.disconnect()


async def test_token_in_auth_data_gives_a_personal_answer(bot):
    token = user_token("s1", lifetime=600, name="Lotte", plan="premier", role="member")
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


async def test_the_tracker_stores_no_raw_token(bot):
    """Issue 13.10: the verified claims travel on (signed by the server), the bearer token does not."""
    import sqlite3
    import uuid

    sub = uuid.uuid4().hex[:10]
    token = user_token(sub, lifetime=600, name="Lotte", plan="premier", role="member")
    widget = Widget(bot.url, token)
    session_id = await widget.connect()
    assert "Ja, u mag" in await widget.say("mag ik zoom bellen?")  # the action still sees the claims
    await widget.close()
    sender = f"rest-{sub}"
    assert "Ja, u mag" in bot.ask(sender, "mag ik zoom bellen?", metadata={"token": token})

    with sqlite3.connect(bot.log_dir / "tracker.db") as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id IN (?, ?)", (session_id, sender)).fetchall()
    stored = "\n".join(r[0] for r in rows)
    assert sub in stored and '"identity"' in stored  # the verified claims are there
    assert token not in stored and token.split(".")[2] not in stored and '"token"' not in stored


async def test_deeply_nested_metadata_gets_a_clear_error(bot):
    """Issue 13.12: 200,000 '[' in the metadata raised an unhandled RecursionError."""
    widget = Widget(bot.url)
    await widget.connect()
    await widget.client.emit(
        "user_uttered", {"message": "hoi", "session_id": widget.session_id, "metadata": "[" * 200_000}
    )
    assert "metadata" in (await asyncio.wait_for(widget.errors.get(), 10))["error"]
    # the same nesting as real JSON in the packet (a hand-made frame: the client cannot encode it)
    frame = '42["user_uttered",{"message":"hoi","metadata":' + "[" * 200_000 + "}]"
    await widget.client.eio.send(frame[1:])  # engine.io adds the leading "4" (message)
    assert "genest" in (await asyncio.wait_for(widget.errors.get(), 10))["error"]
    assert "+81" in await widget.say("telefoonnummer japan")  # the connection still works
    await widget.close()
    assert "RecursionError" not in bot.logs()


async def test_a_lone_surrogate_over_socketio_gets_a_reply(bot):
    widget = Widget(bot.url)
    await widget.connect()
    assert "+81" in await widget.say("telefoonnummer japan \ud800")
    await widget.close()

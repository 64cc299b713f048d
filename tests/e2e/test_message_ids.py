"""Issue 15.4 on the real servers: a retry with the same message id gets the same reply and the tracker
holds the message once (REST and socket.io), also when the retries arrive at the same time."""

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from bot.testing.servers import TEST_API_TOKEN
from tests.e2e.sio_client import Widget

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
QUESTION = "wat is het telefoonnummer van zoom in japan?"
ANSWER = "+81 120427732"


def tracker_user_events(bot, conversation_id):
    tracker = httpx.get(
        f"{bot.url}/conversations/{conversation_id}/tracker", params={"token": TEST_API_TOKEN}, timeout=30
    ).json()
    return [e for e in tracker["events"] if e["event"] == "user"]


def test_a_rest_retry_gets_the_same_reply_and_is_stored_once(bot):
    sender, message_id = f"ids-{uuid.uuid4().hex[:8]}", str(uuid.uuid4())
    first = bot.send(sender, QUESTION, message_id=message_id)
    assert first.status_code == 200 and ANSWER in str(first.json())
    again = bot.send(sender, QUESTION, message_id=message_id)
    assert again.status_code == 200 and again.json() == first.json()
    assert again.headers["x-conversation-id"] == sender
    other = bot.send(sender, QUESTION, message_id=str(uuid.uuid4()))  # a new id is a new message
    assert ANSWER in str(other.json())
    users = tracker_user_events(bot, sender)
    assert [e["message_id"] for e in users].count(message_id) == 1
    assert [e["text"] for e in users].count(QUESTION) == 2


def test_concurrent_identical_rest_retries_are_answered_once(bot):
    sender, message_id = f"ids-{uuid.uuid4().hex[:8]}", str(uuid.uuid4())
    bot.ask(sender, "hallo")  # the conversation and its secret exist before the burst
    with ThreadPoolExecutor(6) as pool:
        replies = list(pool.map(lambda _: bot.send(sender, QUESTION, message_id=message_id), range(6)))
    assert {r.status_code for r in replies} == {200}
    assert all(r.json() == replies[0].json() for r in replies) and ANSWER in str(replies[0].json())
    assert [e.get("message_id") for e in tracker_user_events(bot, sender)].count(message_id) == 1


def test_an_invalid_message_id_is_refused_in_dutch(bot):
    response = bot.send(f"ids-{uuid.uuid4().hex[:8]}", "hallo", message_id="x" * 129)
    assert response.status_code == 400 and "message_id" in response.json()["error"]


async def test_a_socketio_retry_gets_the_same_reply_and_is_stored_once(bot):
    parts = len((await asyncio.to_thread(bot.send, f"ids-{uuid.uuid4().hex[:8]}", QUESTION)).json())
    widget = Widget(bot.url)
    session_id = await widget.connect()
    message_id = str(uuid.uuid4())
    message = {"message": QUESTION, "session_id": session_id, "message_id": message_id}

    async def reply(client):
        return [(await asyncio.wait_for(client.replies.get(), 30))["text"] for _ in range(parts)]

    await widget.client.emit("user_uttered", message)
    first = await reply(widget)
    assert ANSWER in " ".join(first)
    await widget.close()

    again = Widget(bot.url)  # the widget reconnected and sends the message again
    assert await again.connect(session_id, widget.secret) == session_id
    await again.client.emit("user_uttered", message)
    assert await reply(again) == first
    await asyncio.gather(*[again.client.emit("user_uttered", message) for _ in range(3)])
    replayed = [text for _ in range(3) for text in await reply(again)]
    assert sorted(replayed) == sorted(first * 3)
    await again.close()
    users = await asyncio.to_thread(tracker_user_events, bot, session_id)
    assert [e.get("message_id") for e in users].count(message_id) == 1


async def test_a_bad_socketio_message_id_gets_an_error_event(bot):
    widget = Widget(bot.url)
    await widget.connect()
    await widget.client.emit(
        "user_uttered", {"message": "hallo", "session_id": widget.session_id, "message_id": "geen geldig id"}
    )
    assert "message_id" in (await asyncio.wait_for(widget.errors.get(), 10))["error"]
    await widget.close()

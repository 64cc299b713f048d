"""Issue 13.2: a conversation belongs to whoever started it. Knowing its id is not enough to read or
write it, over REST or socket.io; a mismatch gets a new conversation, never the old one; socket.io
takes messages only for the session it confirmed to that connection, and only from allowed origins."""

import uuid

import httpx
import jwt
import pytest
import socketio

from bot.testing.servers import user_token
from tests.e2e.sio_client import Widget

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def post(bot, body):
    return httpx.post(f"{bot.url}/webhooks/rest/webhook", json=body, timeout=60)


def text_of(response):
    return "\n".join(m.get("text", "") for m in response.json())


# -- REST ------------------------------------------------------------------------------------
def test_a_new_rest_sender_starts_a_conversation_and_gets_its_secret(bot):
    sender = f"curl-{uuid.uuid4().hex[:6]}"
    first = post(bot, {"sender": sender, "message": "wat is het telefoonnummer van zoom"})
    assert first.status_code == 200 and "Voor welk land" in text_of(first)
    assert first.headers["x-conversation-id"] == sender
    secret = first.headers["x-conversation-secret"]
    follow_up = post(bot, {"sender": sender, "message": "Japan", "conversation_secret": secret})
    assert follow_up.headers["x-conversation-id"] == sender and "x-conversation-secret" not in follow_up.headers
    assert "+81 120427732" in text_of(follow_up)  # the same conversation: a follow-up in its topic
    by_header = httpx.post(
        f"{bot.url}/webhooks/rest/webhook",
        json={"sender": sender, "message": "Frankrijk"},
        headers={"X-Conversation-Secret": secret},
        timeout=60,
    )
    assert by_header.headers["x-conversation-id"] == sender and "+33.800.94.64.64" in text_of(by_header)


@pytest.mark.parametrize("secret", [None, "wrong-secret", ""])
def test_someone_else_with_the_sender_gets_a_new_conversation(bot, secret):
    victim = f"victim-{uuid.uuid4().hex[:6]}"
    assert "Voor welk land" in text_of(post(bot, {"sender": victim, "message": "wat is het telefoonnummer van zoom"}))
    body = {"sender": victim, "message": "Japan", **({"conversation_secret": secret} if secret is not None else {})}
    attacker = post(bot, body)
    assert attacker.status_code == 200
    other = attacker.headers["x-conversation-id"]
    assert other != victim and attacker.headers["x-conversation-secret"]
    # the attacker's new conversation continues under its own id and secret
    again = post(
        bot,
        {
            "sender": other,
            "message": "telefoonnummer frankrijk",
            "conversation_secret": attacker.headers["x-conversation-secret"],
        },
    )
    assert again.headers["x-conversation-id"] == other and "+33.800.94.64.64" in text_of(again)


def test_a_conversation_of_a_logged_in_user_follows_the_verified_sub(bot):
    sub = uuid.uuid4().hex[:10]
    sender = f"user-{sub}"
    first = post(
        bot, {"sender": sender, "message": "wat is het telefoonnummer van zoom", "metadata": {"token": user_token(sub)}}
    )
    assert first.headers["x-conversation-id"] == sender
    same_user = post(
        bot, {"sender": sender, "message": "Japan", "metadata": {"token": user_token(sub)}}
    )  # new token, same sub
    assert same_user.headers["x-conversation-id"] == sender and "+81" in text_of(same_user)
    for intruder in (
        {"metadata": {"token": user_token()}},
        {},  # another user; nobody
        {"conversation_secret": first.headers["x-conversation-secret"]},
    ):  # the secret, but logged out
        response = post(bot, {"sender": sender, "message": "Frankrijk", **intruder})
        assert response.headers["x-conversation-id"] != sender, intruder


def test_rest_hijack_of_an_agent_chat_is_refused(bot, agent_login):
    """The finding: a REST request with a victim's sender got the agent's message, and its text
    appeared in the console as the victim's."""
    sub = uuid.uuid4().hex[:10]
    victim = f"agentchat-{sub}"

    def say(text, **extra):
        return bot.ask(victim, text, metadata={"token": user_token(sub)}, **extra)

    say("ik wil een medewerker spreken")
    say("Onze webinars vallen steeds weg bij alle deelnemers")
    say('/inform{"priority":"p3"}')
    console = bot.console()
    assert console.login(*agent_login).status_code == 200
    (ticket,) = [
        t
        for t in console.queue()
        if t["status"] == "queued"
        and t["user_name"] == "Klaas Klant"
        and console.ticket(t["id"])["description"].startswith("Onze webinars")
    ][-1:]
    assert console.post(f"/tickets/{ticket['id']}/claim").status_code == 200
    assert console.post(f"/tickets/{ticket['id']}/messages", text="Geheim antwoord voor Klaas").status_code == 200

    attack = post(bot, {"sender": victim, "message": "ik ben de aanvaller"})
    assert attack.headers["x-conversation-id"] != victim
    assert "Geheim antwoord" not in attack.text
    texts = [m["text"] for m in console.ticket(ticket["id"])["messages"]]
    assert "ik ben de aanvaller" not in texts
    assert "Geheim antwoord voor Klaas" in say("hallo?")  # the victim still gets it
    assert console.post(f"/tickets/{ticket['id']}/resolve").status_code == 200


# -- socket.io -------------------------------------------------------------------------------
async def test_a_foreign_origin_cannot_connect(bot):
    evil = Widget(bot.url, origin="http://evil.example")
    with pytest.raises(socketio.exceptions.ConnectionError):
        await evil.connect()
    own = Widget(bot.url, origin=bot.url)  # the help page's own origin
    assert len(await own.connect()) == 32
    await own.close()


async def test_joining_someone_elses_session_gives_a_new_conversation(bot):
    victim = Widget(bot.url, user_token(plan="premier", role="member"))
    session_id = await victim.connect()
    assert victim.secret and victim.conversation["new"] is True
    assert "Ja, u mag" in await victim.say("mag ik zoom bellen?")

    for intruder_token, secret in ((None, None), (None, "not-the-secret"), (user_token(), victim.secret)):
        intruder = Widget(bot.url, intruder_token)
        other = await intruder.connect(session_id, secret)
        assert other != session_id
        assert "Ja, u mag" not in intruder.history_text() and intruder.conversation["history"] == []
        await intruder.close()

    # the victim's next answer reaches only the victim's own connection. The barrier: the watcher's own
    # question, asked once the victim's answer has been sent; its answer comes on the watcher's connection
    # after anything the victim's turn sent there, and say() returns all of it
    watcher = Widget(bot.url)
    assert await watcher.connect(session_id) != session_id
    victims_answer = await victim.say("vanuit japan")
    assert "Japan" in victims_answer
    assert (await watcher.say("wat is het telefoonnummer van zoom")).startswith("Voor welk land")
    await watcher.close()

    # the owner comes back with the secret (reload) or with the same login in a new tab: the same conversation
    back = Widget(bot.url, victim.token)
    assert await back.connect(session_id, victim.secret) == session_id
    assert "mag ik zoom bellen?" in back.history_text()
    new_tab = Widget(
        bot.url,
        user_token(
            sub=jwt.decode(victim.token, options={"verify_signature": False})["sub"], plan="premier", role="member"
        ),
    )
    assert await new_tab.connect(session_id) == session_id
    logged_out = Widget(bot.url)
    assert await logged_out.connect(session_id, victim.secret) != session_id
    for w in (victim, back, new_tab, logged_out):
        await w.close()


async def test_user_uttered_needs_the_session_confirmed_to_this_connection(bot):
    victim = Widget(bot.url)
    session_id = await victim.connect()
    assert "Voor welk land" in await victim.say("wat is het telefoonnummer van zoom")

    # the same two messages in a conversation nobody else writes in: the answer the victim must get
    reference = Widget(bot.url)
    await reference.connect()
    await reference.say("wat is het telefoonnummer van zoom")
    expected = await reference.say("Japan")
    assert "+81" in expected
    await reference.close()

    sneaky = Widget(bot.url)
    await sneaky.connect(join=False)  # never joined
    await sneaky.send("Japan", session_id)  # returns once the server has handled it
    assert sneaky.errors.get_nowait()["code"] == "session"
    await sneaky.join()  # joined its own conversation, then writes into the victim's
    await sneaky.send("Japan", session_id)
    assert sneaky.errors.get_nowait()["code"] == "session"
    assert sneaky.replies.empty() and sneaky.errors.empty()
    # both handlers have finished, so anything they sent to the victim's room went out before the victim's
    # next turn: say() returns it with that turn's answer. Nothing was processed in the victim's
    # conversation: exactly the follow-up's answer, as in the untouched reference conversation
    assert await victim.say("Japan") == expected
    await sneaky.close()
    await victim.close()

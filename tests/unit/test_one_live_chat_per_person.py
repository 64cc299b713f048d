"""QA finding 1: one person, one open live chat across conversations (another browser or device)."""

import pytest

from bot.handoff.agents import AgentService
from bot.handoff.desk import HandoffDesk
from bot.handoff.tickets import TicketService
from bot.identity import ANONYMOUS
from tests.handoff_fixtures import FakeClock, db, user  # noqa: F401  (fixture)


@pytest.fixture
def desk(db, kb):  # noqa: F811
    return HandoffDesk(TicketService(db, kb, FakeClock()))


def ask_for_chat(desk, conversation, claims):
    return desk.open_ticket(
        conversation_id=conversation,
        claims=claims,
        channel="live_chat",
        priority="P3",
        description="opnames verdwijnen na de vergadering",
        events=[],
        contact_email=None,
    )


def test_a_second_conversation_of_the_same_user_gets_no_second_ticket(desk):
    eve = user(sub="eve")
    first = ask_for_chat(desk, "eve-laptop", eve)
    reference = desk.tickets.open_ticket_for("eve-laptop").reference
    assert reference in first.text
    assert desk.open_ticket_reply("eve-phone", eve) is not None  # told before the intake starts
    second = ask_for_chat(desk, "eve-phone", eve)  # or after it, if opened meanwhile
    for reply in (desk.open_ticket_reply("eve-phone", eve), second):
        assert reference in reply.text and "wachtrij" in reply.text
        assert "gesprek waarin u hem bent begonnen" in reply.text
    assert desk.tickets.open_ticket_for("eve-phone") is None
    assert desk.tickets.open_count_for_user("eve") == 1


def test_the_status_is_the_tickets_own(desk, db):  # noqa: F811
    eve = user(sub="eve")
    ask_for_chat(desk, "eve-laptop", eve)
    agent = AgentService(db).add("Sanne Support", "sanne-wachtwoord")
    assert desk.tickets.claim(desk.tickets.open_ticket_for("eve-laptop").id, agent)
    assert "Sanne Support" in desk.open_ticket_reply("eve-phone", eve).text


def test_only_the_users_own_ticket_is_found(desk):
    ask_for_chat(desk, "eve-laptop", user(sub="eve"))
    assert desk.open_ticket_reply("bob-phone", user(sub="bob")) is None
    assert desk.open_ticket_reply("anon", ANONYMOUS) is None
    assert desk.open_ticket_reply("anon", None) is None
    bob = ask_for_chat(desk, "bob-phone", user(sub="bob"))
    assert "Ik heb een ticket voor u gemaakt" in bob.text


def test_a_closed_chat_frees_the_user_for_a_new_one(desk, db):  # noqa: F811
    eve = user(sub="eve")
    ask_for_chat(desk, "eve-laptop", eve)
    agent = AgentService(db).add("Sanne Support", "sanne-wachtwoord")
    ticket = desk.tickets.open_ticket_for("eve-laptop")
    assert desk.tickets.claim(ticket.id, agent) and desk.tickets.resolve(ticket.id, agent)
    assert "Ik heb een ticket voor u gemaakt" in ask_for_chat(desk, "eve-phone", eve).text


def token_for(sub):
    from bot.identity import mint_token

    return mint_token(
        {
            "sub": sub,
            "name": "Eve",
            "email": f"{sub}@example.nl",
            "account": "business",
            "plan": "premier_plus",
            "role": "admin",
            "licensed": True,
        }
    )


def write(relay, conversation, text, metadata):
    """The user's message through the relay (as the REST and socket.io channels send it): what the user sees."""
    import asyncio

    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    output, answered = CollectingOutputChannel(), []

    async def to_bot(message):
        answered.append(message.text)
        await message.output_channel.send_text_message(message.sender_id, "(het antwoord van Bolt)")

    asyncio.run(relay.route(UserMessage(text, output, conversation, metadata=metadata), to_bot))
    assert answered == [text]  # the bot answers as always
    return [m["text"] for m in output.messages]


def test_a_second_browser_is_told_about_the_open_chat_when_the_user_writes(desk, db, monkeypatch):  # noqa: F811
    from bot.handoff.relay import HandoffRelay

    monkeypatch.setenv("BOT_JWT_SECRET", "test-secret-for-one-live-chat-0123456789")
    relay = HandoffRelay(desk.tickets, AgentService(db))
    ask_for_chat(desk, "eve-laptop", user(sub="eve"))
    reference = desk.tickets.open_ticket_for("eve-laptop").reference
    said = write(relay, "eve-phone", "hallo, ben je er nog?", {"token": token_for("eve")})
    assert reference in said[0] and "ander venster of op een ander apparaat" in said[0]
    assert said[-1] == "(het antwoord van Bolt)"
    assert write(relay, "eve-phone", "hallo?", {"token": token_for("eve")}) == ["(het antwoord van Bolt)"]  # once
    assert write(relay, "bob-phone", "hallo", {"token": token_for("bob")}) == ["(het antwoord van Bolt)"]
    assert write(relay, "anon", "hallo", {}) == ["(het antwoord van Bolt)"]
    assert reference not in " ".join(write(relay, "eve-laptop-2", "hallo", {"token": "forged"}))

"""The user is told once per conversation that a card number, IBAN or BSN was removed; tickets and
agent messages never store one."""

import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.handoff.agents import AgentService
from bot.handoff.relay import HandoffRelay
from bot.handoff.tickets import TicketService
from bot.kb import default_knowledge_base
from bot.privacy import notice
from bot.privacy.notice import NOTICE
from tests.handoff_fixtures import FakeClock, db, user  # noqa: F401


@pytest.fixture
def relay(db, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("BOT_TRACKER_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    notice.ledger.cache_clear()
    yield HandoffRelay(TicketService(db, default_knowledge_base(), FakeClock()), AgentService(db))
    notice.ledger.cache_clear()


def send(relay, conversation, text):
    from bot.channels.validation import validate_message

    output, answered = CollectingOutputChannel(), []

    async def to_bot(message):
        answered.append(message.text)
        await message.output_channel.send_text_message(message.sender_id, "Het antwoord.")

    message = UserMessage(validate_message(text), output, conversation)
    asyncio.run(relay.route(message, to_bot))
    return [m["text"] for m in output.messages], answered


def test_told_once_per_conversation_before_the_answer(relay):
    replies, answered = send(relay, "c1", "Mijn kaart 4111 1111 1111 1111 werkt niet")
    assert replies == [NOTICE, "Het antwoord."]
    assert answered == ["Mijn kaart [kaartnummer verwijderd] werkt niet"]
    assert send(relay, "c1", "en mijn IBAN NL91ABNA0417164300")[0] == ["Het antwoord."]
    assert send(relay, "c2", "BSN 111222333")[0] == [NOTICE, "Het antwoord."]  # another conversation


def test_no_notice_without_a_removed_number(relay):
    assert send(relay, "c3", "Wat is het nummer in Japan? +81 120427732")[0] == ["Het antwoord."]


def test_the_notice_text_is_dutch_u_form():
    assert "uw bericht" in NOTICE and " je " not in f" {NOTICE} " and "IBAN" in NOTICE and "BSN" in NOTICE


def test_tickets_and_agent_messages_store_no_card_number_iban_or_bsn(db):  # noqa: F811
    service = TicketService(db, default_knowledge_base(), FakeClock())
    opened = service.open_ticket(
        conversation_id="c9",
        claims=user(),
        channel="webticket",
        priority="P4",
        subject="Betaling 4111 1111 1111 1111",
        description="Afgeschreven van NL91ABNA0417164300, BSN 111222333",
        transcript=[{"sender": "user", "text": "kaart 4111111111111111", "at": None}],
        contact_email="anna@example.nl",
    )
    ticket = service.get(opened.ticket.id)
    assert ticket.subject == "Betaling [kaartnummer verwijderd]"
    assert ticket.description == "Afgeschreven van [IBAN verwijderd], BSN [BSN verwijderd]"
    assert ticket.transcript[0]["text"] == "kaart [kaartnummer verwijderd]"
    service.add_message(ticket.id, "agent", "Ik zie IBAN BE68 5390 0754 7034 op uw account")
    assert service.messages(ticket.id)[-1]["text"] == "Ik zie IBAN [IBAN verwijderd] op uw account"


async def test_an_agent_message_is_redacted_before_it_is_pushed_published_or_stored(relay):
    agent = relay.agents.add("Sanne Support", "een-lang-wachtwoord")
    opened = relay.tickets.open_ticket(
        conversation_id="c10", claims=user(), channel="live_chat", priority="P3", subject="Opnames", description="weg"
    )
    assert relay.tickets.claim(opened.ticket.id, agent)
    pushed, events = [], relay.subscribe()

    async def push_to_user(conversation_id, payload):
        pushed.append(payload["text"])
        return True

    relay.push_to_user = push_to_user
    await relay.agent_says(opened.ticket.id, agent, "Staat 4111 1111 1111 1111 op uw factuur?")
    expected = "Staat [kaartnummer verwijderd] op uw factuur?"
    assert pushed == [expected]
    assert relay.tickets.messages(opened.ticket.id)[-1]["text"] == expected
    published = events.get_nowait()
    assert published["text"] == expected

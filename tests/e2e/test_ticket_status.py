"""Ticket status in the chat over the REST webhook with the trained model and the action server (18.1)."""

import uuid

import pytest

from bot.answers.ticket_status import NOT_FOUND
from bot.db.session import Database
from bot.handoff.agents import AgentService
from bot.handoff.tickets import TicketService
from bot.identity import ANONYMOUS
from bot.kb import default_knowledge_base
from bot.testing.servers import user_token
from tests.handoff_fixtures import open_chat, user

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def token(sub):
    return user_token(sub, email=f"{sub}@example.nl", name="Anna")


@pytest.fixture(scope="module")
def tickets(bot):
    db = Database(f"sqlite:///{bot.log_dir / 'bolt.db'}")
    yield TicketService(db, default_knowledge_base())
    db.dispose()


def test_a_logged_in_user_sees_their_own_ticket_and_nobody_else_does(bot, tickets):
    anna, bob = f"anna-{uuid.uuid4().hex[:6]}", f"bob-{uuid.uuid4().hex[:6]}"
    mine = open_chat(tickets, f"{anna}-earlier", user(sub=anna), priority="P2").ticket
    agent = AgentService(tickets.db).add(f"Mira {uuid.uuid4().hex[:4]}", "mira-wachtwoord-123")
    assert tickets.claim(mine.id, agent)
    tickets.add_message(mine.id, "agent", "Ik heb uw opname gevonden.", agent=agent)

    status = bot.ask(
        f"{anna}-now", f"Wat is de status van mijn ticket {mine.reference}?", metadata={"token": token(anna)}
    )
    assert mine.reference in status and "prioriteit P2" in status and "direct niveau 2" in status
    assert "in behandeling bij een medewerker" in status and "hersteltijd" in status
    assert "Ik heb uw opname gevonden." in status and agent.name in status

    listed = bot.ask(f"{anna}-now", "mijn tickets", metadata={"token": token(anna)})
    assert mine.reference in listed

    # someone else's reference: word for word the answer to a reference that does not exist
    other = bot.ask(f"{bob}-now", f"Wat is de status van mijn ticket {mine.reference}?", metadata={"token": token(bob)})
    unknown = bot.ask(f"{bob}-now", "Wat is de status van mijn ticket ZN-999999?", metadata={"token": token(bob)})
    assert other == NOT_FOUND.format(reference=mine.reference)
    assert unknown == NOT_FOUND.format(reference="ZN-999999")
    anonymous = bot.ask(f"anon-{uuid.uuid4().hex[:6]}", f"status van {mine.reference}")
    assert anonymous == NOT_FOUND.format(reference=mine.reference)


def test_an_anonymous_user_sees_a_ticket_of_this_same_conversation(bot, tickets):
    conversation = f"anon-{uuid.uuid4().hex[:6]}"
    webticket = tickets.open_ticket(
        conversation_id=conversation,
        claims=ANONYMOUS,
        channel="webticket",
        priority="P3",
        subject="Opnames",
        description="Ik kan mijn opnames niet vinden",
        contact_email="klant@example.nl",
    ).ticket
    answer = bot.ask(conversation, f"hoe staat het met {webticket.reference.lower()}")
    assert webticket.reference in answer and "in de wachtrij" in answer and "antwoord per e-mail" in answer
    assert webticket.reference in bot.ask(conversation, "mijn tickets")
    elsewhere = bot.ask(f"anon-{uuid.uuid4().hex[:6]}", f"hoe staat het met {webticket.reference}")
    assert elsewhere == NOT_FOUND.format(reference=webticket.reference)

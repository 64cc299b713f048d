"""Issue 13.11: acting on a ticket is authorised by agent id, never by display name."""

import asyncio

from bot.handoff.agents import AgentService
from bot.handoff.relay import HandoffRelay
from bot.handoff.tickets import TicketService
from tests.handoff_fixtures import FakeClock, user
from tests.migrated import migrated_database


def test_an_agent_with_the_same_display_name_cannot_write_in_anothers_chat(tmp_path, kb):
    db = migrated_database(f"sqlite:///{tmp_path / 't.db'}")
    tickets, agents = TicketService(db, kb, FakeClock()), AgentService(db)
    relay = HandoffRelay(tickets, agents)
    sanne = agents.add("Sanne", "wachtwoord-1", login="sanne.a")
    namesake = agents.add("Sanne", "wachtwoord-2", login="sanne.b")
    ticket = tickets.open_ticket(
        conversation_id="c1",
        claims=user(),
        channel="live_chat",
        priority="P3",
        subject="Probleem",
        description="Mijn webinar valt weg",
    ).ticket
    assert tickets.claim(ticket.id, sanne)
    assert tickets.get(ticket.id).assigned_agent_id == sanne.id
    assert asyncio.run(relay.agent_says(ticket.id, namesake, "ik ben ook Sanne")) is None
    assert asyncio.run(relay.agent_says(ticket.id, sanne, "Hallo, ik help u")) is not None
    assert [m["text"] for m in tickets.messages(ticket.id)] == ["Hallo, ik help u"]
    db.dispose()

"""New messages per ticket, counted on the server (QA finding 10): the user's messages after the last one an
agent read or answered; a queued ticket counts too; a read mark survives (it is in the database)."""

from bot.console.unread import mark_read, unread_counts
from bot.handoff.agents import AgentService
from bot.handoff.tickets import TicketService
from tests.handoff_fixtures import FakeClock, db, user  # noqa: F401  (fixture)


def test_unread_user_messages_per_ticket(db, kb):  # noqa: F811
    tickets, agents = TicketService(db, kb, FakeClock()), AgentService(db)
    sanne = agents.add("Sanne", "wachtwoord-1", login="sanne")
    queued = tickets.open_ticket(
        conversation_id="c1",
        claims=user(sub="u1"),
        channel="live_chat",
        priority="P3",
        subject="Probleem",
        description="Audio valt weg",
    ).ticket
    mine = tickets.open_ticket(
        conversation_id="c2",
        claims=user(sub="u2"),
        channel="live_chat",
        priority="P3",
        subject="Probleem",
        description="Beeld bevriest",
    ).ticket
    assert tickets.claim(mine.id, sanne)
    tickets.add_message(queued.id, "user", "hallo?")
    tickets.add_message(queued.id, "user", "nog iemand?")
    tickets.add_message(mine.id, "user", "eerste")
    tickets.add_message(mine.id, "agent", "ik kijk mee", sanne)
    second = tickets.add_message(mine.id, "user", "tweede")
    tickets.add_message(mine.id, "user", "derde")
    assert unread_counts(db, [queued.id, mine.id]) == {queued.id: 2, mine.id: 2}  # the reply read 'eerste'

    mark_read(db, mine.id, "sanne", second)
    assert unread_counts(db, [queued.id, mine.id]) == {queued.id: 2, mine.id: 1}
    mark_read(db, mine.id, "sanne", 10**6)  # never past the ticket's own last message
    tickets.add_message(mine.id, "user", "vierde")
    assert unread_counts(db, [mine.id]) == {mine.id: 1}
    assert unread_counts(db, []) == {}

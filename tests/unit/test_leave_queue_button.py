"""QA finding 12: a waiting user can always leave the queue by button: "Chat beëindigen" comes again with
every message about the wait (position push, "Hoe lang duurt het nog?", back in the queue after a release)."""

import asyncio

from bot.handoff.agents import AgentService
from bot.handoff.relay import HandoffRelay
from bot.handoff.tickets import TicketService
from bot.handoff.waiting import PositionWatch, wants_to_leave, while_waiting
from tests.handoff_fixtures import FakeClock, FakeQueue, db, open_chat, queued, user  # noqa: F401  (fixture)

LEAVE = {"title": "Chat beëindigen", "payload": "Chat beëindigen"}


def test_the_button_is_what_leaves_the_queue():
    assert wants_to_leave(LEAVE["payload"])


def test_a_position_change_carries_the_button():
    a, b = queued(1, "a"), queued(2, "b")
    tickets, watch = FakeQueue(a, b), PositionWatch()
    tickets.watched_by(watch)
    tickets.views = [b]
    tickets.watched_by(watch)
    assert tickets.pushed and tickets.pushed[0][1]["buttons"] == [LEAVE]


def test_the_answer_to_how_long_carries_the_button(db, kb):  # noqa: F811
    service = TicketService(db, kb, FakeClock())
    reply = while_waiting(service, open_chat(service, claims=user(sub="c1")).ticket, "Hoe lang duurt het nog?")
    assert "wachtrij" in reply.text and list(reply.buttons) == [LEAVE]


def test_back_in_the_queue_after_a_release_carries_the_button(db, kb):  # noqa: F811
    service = TicketService(db, kb, FakeClock())
    agent = AgentService(db).add("Sanne Support", "sanne-wachtwoord")
    relay = HandoffRelay(service, AgentService(db))
    pushed = []

    async def push(conversation_id, payload):
        pushed.append(payload)
        return True

    relay.push_to_user = push
    ticket = open_chat(service, claims=user(sub="c1")).ticket

    async def claim_and_release():
        assert await relay.claim(ticket.id, agent)
        assert await relay.release(ticket.id, agent)

    asyncio.run(claim_and_release())
    released = pushed[-1]
    assert released["state"] == "queued" and released["buttons"] == [LEAVE]

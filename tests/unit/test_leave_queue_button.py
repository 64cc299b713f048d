"""QA finding 12: a waiting user can always leave the queue by button: "Chat beëindigen" comes again with
every message about the wait (position push, "Hoe lang duurt het nog?", back in the queue after a release)."""

import asyncio
from types import SimpleNamespace as T

from bot.handoff.agents import AgentService
from bot.handoff.relay import HandoffRelay
from bot.handoff.tickets import TicketService
from bot.handoff.waiting import PositionWatch, wants_to_leave, while_waiting
from tests.handoff_fixtures import FakeClock, db, user  # noqa: F401  (fixture)

LEAVE = {"title": "Chat beëindigen", "payload": "Chat beëindigen"}


def test_the_button_is_what_leaves_the_queue():
    assert wants_to_leave(LEAVE["payload"])


def test_a_position_change_carries_the_button():
    class Tickets:
        views = []

        def queue(self):
            return list(self.views)

    a = T(id=1, status="queued", level=1, conversation_id="a", channel="live_chat")
    b = T(id=2, status="queued", level=1, conversation_id="b", channel="live_chat")
    pushed = []

    async def push(conversation_id, payload):
        pushed.append(payload)
        return True

    tickets, watch = Tickets(), PositionWatch()
    tickets.views = [a, b]
    asyncio.run(watch.check(tickets, push))
    tickets.views = [b]
    asyncio.run(watch.check(tickets, push))
    assert pushed and pushed[0]["buttons"] == [LEAVE]


def open_chat(service, conversation="c1"):
    return service.open_ticket(
        conversation_id=conversation,
        claims=user(sub=conversation),
        channel="live_chat",
        priority="P3",
        subject="Opnames weg",
        description="Opnames verdwijnen",
    ).ticket


def test_the_answer_to_how_long_carries_the_button(db, kb):  # noqa: F811
    service = TicketService(db, kb, FakeClock())
    reply = while_waiting(service, open_chat(service), "Hoe lang duurt het nog?")
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
    ticket = open_chat(service)

    async def claim_and_release():
        assert await relay.claim(ticket.id, agent)
        assert await relay.release(ticket.id, agent)

    asyncio.run(claim_and_release())
    released = pushed[-1]
    assert released["state"] == "queued" and released["buttons"] == [LEAVE]

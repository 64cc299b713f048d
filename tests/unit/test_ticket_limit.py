"""Issue 13.3: one verified user cannot fill the queue under invented conversation ids."""

import pytest

from bot.handoff.agents import AgentService
from bot.handoff.tickets import TicketService, TooManyOpenTickets
from bot.identity import ANONYMOUS
from tests.handoff_fixtures import FakeClock, db, user  # noqa: F401  (fixture)


@pytest.fixture
def service(db, kb):  # noqa: F811
    return TicketService(db, kb, FakeClock())


def open_for(service, conversation, claims, channel="live_chat"):
    return service.open_ticket(
        conversation_id=conversation,
        claims=claims,
        channel=channel,
        priority="P1",
        subject="Alles plat",
        description="Alles ligt plat",
    )


def test_a_verified_user_gets_at_most_the_limit_of_open_tickets(service, monkeypatch):
    monkeypatch.setenv("BOT_MAX_OPEN_TICKETS_PER_USER", "2")
    eve = user(sub="eve")
    open_for(service, "c1", eve)
    open_for(service, "c2", eve, channel="webticket")
    assert open_for(service, "c1", eve).created is False  # the same conversation: its own ticket again
    with pytest.raises(TooManyOpenTickets) as refused:
        open_for(service, "c3", eve)
    assert refused.value.limit == 2
    assert open_for(service, "c4", user(sub="someone-else")).created  # per user, not global
    assert service.open_count_for_user("eve") == 2


def test_a_resolved_ticket_frees_a_place(service, db, monkeypatch):  # noqa: F811
    monkeypatch.setenv("BOT_MAX_OPEN_TICKETS_PER_USER", "1")
    agent = AgentService(db).add("Sanne Support", "sanne-wachtwoord")
    first = open_for(service, "c1", user(sub="eve")).ticket
    assert service.claim(first.id, agent) and service.resolve(first.id, agent)
    assert open_for(service, "c2", user(sub="eve")).created


def test_anonymous_webtickets_are_not_counted_per_user(service, monkeypatch):
    monkeypatch.setenv("BOT_MAX_OPEN_TICKETS_PER_USER", "1")
    assert open_for(service, "a1", ANONYMOUS, channel="webticket").created
    assert open_for(service, "a2", ANONYMOUS, channel="webticket").created

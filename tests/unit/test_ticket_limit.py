"""Issue 13.3: one verified user cannot fill the queue under invented conversation ids."""

import pytest

from bot.handoff.agents import AgentService
from bot.handoff.tickets import TicketService, TooManyOpenTickets
from bot.identity import ANONYMOUS
from tests.handoff_fixtures import FakeClock, db, open_chat, user  # noqa: F401  (fixture)


@pytest.fixture
def service(db, kb):  # noqa: F811
    return TicketService(db, kb, FakeClock())


def test_a_verified_user_gets_at_most_the_limit_of_open_tickets(service, monkeypatch):
    monkeypatch.setenv("BOT_MAX_OPEN_TICKETS_PER_USER", "2")
    eve = user(sub="eve")
    open_chat(service, "c1", eve, priority="P1")
    open_chat(service, "c2", eve, priority="P1", channel="webticket")
    assert open_chat(service, "c1", eve, priority="P1").created is False  # the same conversation: its own ticket again
    with pytest.raises(TooManyOpenTickets) as refused:
        open_chat(service, "c3", eve, priority="P1")
    assert refused.value.limit == 2
    assert open_chat(service, "c4", user(sub="someone-else"), priority="P1").created  # per user, not global
    assert service.open_count_for_user("eve") == 2


def test_a_resolved_ticket_frees_a_place(service, db, monkeypatch):  # noqa: F811
    monkeypatch.setenv("BOT_MAX_OPEN_TICKETS_PER_USER", "1")
    agent = AgentService(db).add("Sanne Support", "sanne-wachtwoord")
    first = open_chat(service, "c1", user(sub="eve"), priority="P1").ticket
    assert service.claim(first.id, agent) and service.resolve(first.id, agent)
    assert open_chat(service, "c2", user(sub="eve"), priority="P1").created


def test_anonymous_webtickets_are_not_counted_per_user(service, monkeypatch):
    monkeypatch.setenv("BOT_MAX_OPEN_TICKETS_PER_USER", "1")
    assert open_chat(service, "a1", ANONYMOUS, priority="P1", channel="webticket").created
    assert open_chat(service, "a2", ANONYMOUS, priority="P1", channel="webticket").created

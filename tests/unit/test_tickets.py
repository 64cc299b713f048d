"""The ticket service on SQLite and PostgreSQL: entitlement paths, SLA, queue, claim, escalation."""

import datetime as dt
import threading

import pytest

from bot.handoff.agents import AgentService
from bot.handoff.sla import parse_duration
from bot.handoff.tickets import TicketService, reference_for
from bot.identity import ANONYMOUS
from bot.vocabulary import TicketStatus
from tests.handoff_fixtures import FakeClock, db, open_chat, user  # noqa: F401  (fixture)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def service(db, kb, clock):  # noqa: F811
    return TicketService(db, kb, clock)


@pytest.fixture
def agents(db):  # noqa: F811
    return AgentService(db)


def test_reference_format():
    assert reference_for(123) == "ZN-000123"


def test_premier_plus_admin_gets_level2_with_article_due_times(service, clock):
    result = open_chat(service, priority="P1", transcript=[{"sender": "user", "text": "hallo"}])
    t = result.ticket
    assert result.created and t.reference.startswith("ZN-") and t.level == 2 and t.status == TicketStatus.QUEUED
    assert t.first_response_due == clock.now + dt.timedelta(hours=1)
    assert t.resolution_due == clock.now + dt.timedelta(hours=4)
    assert t.identity["entitlements"]["direct_level2"] and t.transcript[0]["text"] == "hallo"


@pytest.mark.parametrize("priority, first, restore", [("P2", 4, 8), ("P3", 24, None), ("P4", 24, None)])
def test_due_times_per_priority(service, clock, priority, first, restore):
    t = open_chat(service, priority=priority).ticket
    assert t.first_response_due == clock.now + dt.timedelta(hours=first)
    assert t.resolution_due == (clock.now + dt.timedelta(hours=restore) if restore else None)


def test_licensed_member_gets_level1_without_priority_times(service):
    t = open_chat(service, claims=user(plan="access", role="member", account="pro")).ticket
    assert t.level == 1 and t.first_response_due is None


@pytest.mark.parametrize("claims", [ANONYMOUS, user(account="basic", licensed=True), user(licensed=False)])
def test_free_anonymous_and_unlicensed_never_enter_the_live_queue(service, claims):
    with pytest.raises(PermissionError):
        open_chat(service, claims=claims)
    webticket = service.open_ticket(
        conversation_id="w1",
        claims=claims,
        channel="webticket",
        priority="P4",
        subject="Vraag",
        description="Hulp nodig",
        contact_email="a@b.nl",
    )
    assert webticket.ticket.channel == "webticket" and webticket.ticket.level is None
    assert webticket.position is None and service.queue() == []


def test_idempotent_one_open_ticket_per_conversation(service):
    first = open_chat(service)
    again = open_chat(service)
    assert not again.created and again.ticket.reference == first.ticket.reference
    assert again.position == first.position == 1
    assert len(service.all()) == 1


def test_concurrent_opens_create_one_ticket(service):
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(open_chat(service, conversation="race"))) for _ in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({r.ticket.reference for r in results}) == 1
    assert sum(r.created for r in results) == 1


def test_queue_order_and_positions(service):
    p3 = open_chat(service, "a", user(sub="a", role="member", plan="premier"), "P3").ticket  # level 1
    p1 = open_chat(service, "b", user(sub="b", role="member", plan="premier"), "P1").ticket  # level 1
    l2 = open_chat(service, "c", user(sub="c"), "P4").ticket  # level 2
    assert [t.reference for t in service.queue()] == [l2.reference, p1.reference, p3.reference]
    assert service.queue_position(p1.id) == 1 and service.queue_position(p3.id) == 2
    assert service.queue_position(l2.id) == 1


def test_claim_is_atomic_and_release_resolve_follow_the_agent(service, agents):
    anna = agents.add("Anna Agent", "geheim-wachtwoord")
    bert = agents.add("Bert Agent", "geheim-wachtwoord")
    t = open_chat(service).ticket
    assert service.claim(t.id, anna) and not service.claim(t.id, bert)
    assert service.get(t.id).assigned_agent == "Anna Agent"
    assert not service.resolve(t.id, bert)
    assert service.release(t.id, anna) and service.get(t.id).status == TicketStatus.QUEUED
    assert service.claim(t.id, bert) and service.resolve(t.id, bert)
    assert service.get(t.id).status == TicketStatus.RESOLVED
    kinds = [e["kind"] for e in service.events(t.id)]
    assert kinds == ["created", "claimed", "released", "claimed", "resolved"]
    assert service.open_ticket_for("c1") is None  # a new hand-off may open a new ticket


def test_concurrent_claims_only_one_wins(service, agents):
    team = [agents.add(f"Agent {i}", "geheim-wachtwoord") for i in range(8)]
    t = open_chat(service).ticket
    wins = []
    barrier = threading.Barrier(len(team))

    def grab(agent):
        barrier.wait()
        wins.append(service.claim(t.id, agent))

    threads = [threading.Thread(target=grab, args=(a,)) for a in team]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert wins.count(True) == 1


def test_messages_after_handoff_and_first_response(service, agents):
    anna = agents.add("Anna", "geheim-wachtwoord")
    t = open_chat(service).ticket
    service.claim(t.id, anna)
    first = service.add_message(t.id, "agent", "Hallo, ik ben Anna", anna)
    service.add_message(t.id, "user", "<b>hoi</b>")
    assert [m["sender"] for m in service.messages(t.id)] == ["agent", "user"]
    assert [m["text"] for m in service.messages(t.id, after_id=first)] == ["<b>hoi</b>"]


def test_escalation_with_a_fake_clock_only_for_premier_plus(service, clock):
    plus = open_chat(service, "plus", user(sub="p", plan="premier_plus", role="admin"), "P2").ticket
    premier = open_chat(service, "prem", user(sub="q", plan="premier", role="admin"), "P1").ticket
    clock.advance(hours=3, minutes=59)
    assert service.escalate_overdue() == []
    clock.advance(minutes=2)
    assert service.escalate_overdue() == [plus.reference]  # P1 premier is overdue but not Premier+
    assert service.escalate_overdue() == []  # once
    assert service.queue()[0].reference == plus.reference  # front of its level, ahead of a P1
    assert service.get(premier.id).escalated is False
    assert "escalated" in [e["kind"] for e in service.events(plus.id)]


def test_answered_ticket_is_not_escalated(service, clock, agents):
    agents.add("Anna", "geheim-wachtwoord")
    t = open_chat(service, priority="P1").ticket
    service.add_message(t.id, "agent", "Ik kijk ernaar")
    clock.advance(hours=2)
    assert service.escalate_overdue() == []


def test_agents_authenticate_with_hashed_passwords(agents, db):  # noqa: F811
    agent = agents.add("Carla de Vries", "correct horse battery")
    assert agent.login == "carla.de.vries" and "correct" not in agent.password_hash
    assert agents.authenticate("carla.de.vries", "correct horse battery").id == agent.id
    assert agents.authenticate("carla.de.vries", "fout") is None
    with pytest.raises(ValueError):
        agents.add("Carla de Vries", "another password")
    with pytest.raises(ValueError):
        agents.add("Kort", "kort")


def test_parse_duration():
    assert parse_duration("24 uur") == dt.timedelta(hours=24) and parse_duration(None) is None
    with pytest.raises(ValueError):
        parse_duration("morgen")


def test_every_status_change_is_stamped_and_logged_by_the_service_clock(service, agents, clock, db):  # noqa: F811
    """TicketService.transition (issue 17 review L11): the user's leaving and an inactivity close too use the
    injected clock, for the ticket and its event alike; a change from a state the ticket is not in does nothing."""
    from bot.db.models import Ticket, TicketEvent

    def stamps(ticket_id):
        with db.session() as s:
            ticket = s.get(Ticket, ticket_id)
            events = [(e.kind, e.created_at) for e in s.query(TicketEvent).filter_by(ticket_id=ticket_id)]
            return ticket.status, ticket.updated_at, events

    leaving = open_chat(service, conversation="c-leave").ticket
    clock.advance(minutes=3)
    assert service.close_by_user(leaving.id, "x" * 600)
    status, updated, events = stamps(leaving.id)
    assert (status, updated) == (TicketStatus.CLOSED, clock.now) and events[-1] == ("closed", clock.now)
    assert service.events(leaving.id)[-1] == {"actor": "user", "kind": "closed", "detail": {"reason": "x" * 500}}
    assert not service.close_by_user(leaving.id, "nog eens")  # closed already: no second event
    assert len(service.events(leaving.id)) == 2

    silent = open_chat(service, conversation="c-silent").ticket
    agent = agents.add("Piet Jansen", "geheim-wachtwoord-1")
    assert not service.close_inactive(silent.id)  # still queued: not an assigned chat
    assert service.claim(silent.id, agent)
    clock.advance(minutes=10)
    assert service.close_inactive(silent.id) and not service.close_inactive(silent.id)
    status, updated, events = stamps(silent.id)
    assert (status, updated) == (TicketStatus.WAITING_ON_USER, clock.now)
    assert [kind for kind, _ in events] == ["created", "claimed", "inactive_closed"]
    assert events[-1][1] == clock.now and events[1][1] == clock.now - dt.timedelta(minutes=10)
    assert service.get(silent.id).assigned_agent_id == agent.id  # the agent stays on it for a reopen

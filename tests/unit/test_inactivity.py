"""Inactive live chats (issue 18.2): the policy, and the job round + reopen with an injected clock."""

import asyncio
import datetime as dt

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot import settings
from bot.db.models import utcnow
from bot.handoff import inactive_chats
from bot.handoff.agents import AgentService
from bot.handoff.inactivity import CHECK, CLOSE, NOTHING, InactivitySettings, next_step
from bot.handoff.relay import TO_AGENT, TO_BOT, HandoffRelay
from bot.handoff.tickets import TicketService
from bot.vocabulary import TicketStatus
from tests.handoff_fixtures import FakeClock, db, user  # noqa: F401  (fixture)

SETTINGS = InactivitySettings(dt.timedelta(minutes=5), dt.timedelta(minutes=10))
T0 = dt.datetime(2026, 11, 25, 9, 0)


def at(minutes):
    return T0 + dt.timedelta(minutes=minutes)


@pytest.mark.parametrize(
    "now, checked_at, step",
    [
        (at(4.9), None, NOTHING),
        (at(5), None, CHECK),
        (at(12), None, CHECK),  # never closed without a check first
        (at(7), at(5), NOTHING),
        (at(10), at(5), CLOSE),
        (at(12), at(11), NOTHING),
        (at(16), at(11), CLOSE),  # a late check still leaves the user 5 minutes
    ],
)
def test_policy(now, checked_at, step):
    assert next_step(now, T0, checked_at, SETTINGS) == step


def test_a_check_before_the_last_activity_no_longer_counts():
    # asked at 5, the user wrote at 8: silence counts from 8, and the old check does not allow a close
    assert next_step(at(12), at(8), at(5), SETTINGS) == NOTHING
    assert next_step(at(20), at(8), at(5), SETTINGS) == CHECK


def from_the_environment() -> InactivitySettings:
    config = settings.current()  # the adapter's way (inactive_chats.run_once): the core reads no environment
    return InactivitySettings.from_minutes(config.inactive_check_minutes, config.inactive_close_minutes)


def test_settings_from_the_environment(monkeypatch):
    monkeypatch.delenv("BOT_INACTIVE_CHECK_MINUTES", raising=False)
    monkeypatch.delenv("BOT_INACTIVE_CLOSE_MINUTES", raising=False)
    assert from_the_environment() == SETTINGS
    monkeypatch.setenv("BOT_INACTIVE_CHECK_MINUTES", "2")
    monkeypatch.setenv("BOT_INACTIVE_CLOSE_MINUTES", "3.5")
    assert from_the_environment() == InactivitySettings(dt.timedelta(minutes=2), dt.timedelta(minutes=3.5))
    monkeypatch.setenv("BOT_INACTIVE_CLOSE_MINUTES", "1")
    with pytest.raises(settings.SettingsError, match="BOT_INACTIVE_CLOSE_MINUTES"):
        from_the_environment()
    with pytest.raises(ValueError):
        InactivitySettings.from_minutes(2, 1)


class Pushes:
    def __init__(self):
        self.sent = []

    async def __call__(self, conversation_id, payload):
        self.sent.append((conversation_id, payload))
        return True

    def texts(self):
        return [p["text"] for _, p in self.sent]


@pytest.fixture
def clock():
    return FakeClock(utcnow())


@pytest.fixture
def relay(db, kb, clock):  # noqa: F811
    r = HandoffRelay(TicketService(db, kb, clock), AgentService(db))
    r.push_to_user = Pushes()
    return r


def start_chat(relay, clock, online=True):
    ticket = relay.tickets.open_ticket(
        conversation_id="c-inactive",
        claims=user(),
        channel="live_chat",
        priority="P2",
        subject="Geluid",
        description="Geen geluid in mijn meeting",
    ).ticket
    agent = relay.agents.add("Piet Jansen", "geheim-wachtwoord-1")
    relay.agents.set_online(agent.id, online)
    assert asyncio.run(relay.claim(ticket.id, agent))
    clock.now = utcnow()  # the claim event carries the wall clock: the injected clock starts after it
    return ticket, agent


def round_(relay, clock):
    return asyncio.run(inactive_chats.run_once(relay, SETTINGS, clock))


def kinds(relay, ticket):
    return [e["kind"] for e in relay.tickets.events(ticket.id)]


def test_silent_chat_is_checked_then_closed_to_waiting_on_user(relay, clock):
    ticket, _ = start_chat(relay, clock)
    clock.advance(minutes=4)
    assert round_(relay, clock) == {CHECK: 0, CLOSE: 0}
    clock.advance(minutes=1)
    assert round_(relay, clock) == {CHECK: 1, CLOSE: 0}
    assert relay.push_to_user.texts()[-1].startswith("Bent u er nog?")
    assert round_(relay, clock) == {CHECK: 0, CLOSE: 0}  # asked once
    clock.advance(minutes=4)
    assert round_(relay, clock)[CLOSE] == 0
    clock.advance(minutes=1)
    assert round_(relay, clock) == {CHECK: 0, CLOSE: 1}
    assert relay.tickets.get(ticket.id).status == TicketStatus.WAITING_ON_USER
    assert ticket.reference in relay.push_to_user.texts()[-1] and "gesloten" in relay.push_to_user.texts()[-1]
    assert kinds(relay, ticket)[-2:] == ["inactivity_check", "inactive_closed"]


def test_a_user_message_after_the_check_keeps_the_chat_open(relay, clock):
    ticket, _ = start_chat(relay, clock)
    clock.advance(minutes=5)
    round_(relay, clock)
    clock.advance(minutes=1)
    relay.tickets.add_message(ticket.id, "user", "Ja, ik ben er nog")
    clock.advance(minutes=5)  # 11 minutes after the start, 5 after the user's message: a new check, no close
    assert round_(relay, clock) == {CHECK: 1, CLOSE: 0}
    assert relay.tickets.get(ticket.id).status == TicketStatus.ASSIGNED


def user_writes(relay, text):
    sent_to_bot = []

    async def to_bot(message):
        sent_to_bot.append(message.text)

    output = CollectingOutputChannel()
    where = asyncio.run(relay.route(UserMessage(text, output, "c-inactive"), to_bot))
    return where, sent_to_bot, [m["text"] for m in output.messages]


def close_for_inactivity(relay, clock):
    clock.advance(minutes=5)
    round_(relay, clock)
    clock.advance(minutes=5)
    assert round_(relay, clock)[CLOSE] == 1


def test_a_later_message_reopens_the_chat_with_the_same_agent_if_online(relay, clock):
    ticket, agent = start_chat(relay, clock, online=True)
    close_for_inactivity(relay, clock)
    where, to_bot, _ = user_writes(relay, "Sorry, ik was even weg. Het geluid doet het nog steeds niet")
    t = relay.tickets.get(ticket.id)
    assert where == TO_AGENT and not to_bot
    assert t.status == TicketStatus.ASSIGNED and t.assigned_agent_id == agent.id
    assert "Piet Jansen" in relay.push_to_user.texts()[-1]
    assert relay.tickets.messages(ticket.id)[-1]["text"].startswith("Sorry, ik was even weg")
    assert relay.tickets.events(ticket.id)[-1] == {"actor": "user", "kind": "reopened", "detail": {"to": "assigned"}}


def test_a_later_message_goes_back_to_the_queue_when_the_agent_is_offline(relay, clock):
    ticket, agent = start_chat(relay, clock, online=True)
    close_for_inactivity(relay, clock)
    relay.agents.set_online(agent.id, False)
    where, to_bot, _ = user_writes(relay, "Ik ben er weer")
    t = relay.tickets.get(ticket.id)
    assert where == TO_BOT and to_bot == ["Ik ben er weer"]
    assert t.status == TicketStatus.QUEUED and t.assigned_agent_id is None
    assert "wachtrij" in relay.push_to_user.texts()[-1]
    assert relay.tickets.queue_position(ticket.id) == 1

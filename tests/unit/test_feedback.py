"""Issue 14.8: thumbs per answer topic and one satisfaction score per resolved chat (bot/feedback)."""

import asyncio

import pytest
import sqlalchemy as sa
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from bot.db.models import AnswerFeedback, SatisfactionScore, Ticket
from bot.feedback import validation
from bot.feedback.satisfaction import satisfaction_request
from bot.feedback.store import FeedbackStore
from bot.feedback.topics import answer_topic
from bot.feedback.validation import FeedbackError
from bot.handoff.agents import AgentService
from bot.handoff.tickets import TicketService
from bot.handoff.typing import THROTTLE_SECONDS, TypingSignals
from bot.vocabulary import TicketStatus
from tests.handoff_fixtures import FakeClock, db, user  # noqa: F401  (fixture)


@pytest.fixture
def store(db):  # noqa: F811
    return FeedbackStore(db)


@pytest.fixture
def resolved(db, kb):  # noqa: F811
    """A live-chat ticket of conversation 'c1' that Sanne Support resolved."""
    tickets = TicketService(db, kb, FakeClock())
    agent = AgentService(db).add("Sanne Support", "sanne-wachtwoord")
    ticket = tickets.open_ticket(
        conversation_id="c1",
        claims=user(),
        channel="live_chat",
        priority="P3",
        subject="Opnames",
        description="Onze opnamefunctie werkt niet goed",
    ).ticket
    assert tickets.claim(ticket.id, agent) and tickets.resolve(ticket.id, agent)
    return tickets.get(ticket.id), agent


@pytest.mark.parametrize("bad", [0, 2, -2, "1", 1.0, True, None, []])
def test_a_thumb_is_only_minus_one_or_one(bad):
    with pytest.raises(FeedbackError) as refused:
        validation.rating(bad)
    assert refused.value.status == 400
    assert validation.rating(1) == 1 and validation.rating(-1) == -1


@pytest.mark.parametrize("bad", [0, 6, -1, "5", 4.5, False, None])
def test_a_score_is_a_whole_number_from_one_to_five(bad):
    with pytest.raises(FeedbackError):
        validation.score(bad)
    assert [validation.score(s) for s in range(1, 6)] == [1, 2, 3, 4, 5]


def test_a_thumb_is_stored_with_its_topic_and_a_second_click_changes_it(store, db):  # noqa: F811
    store.rate_answer("c1", "eve", "ask_phone_number", 1, "Het nummer in Japan is +81 120427732 toestel 2.")
    store.rate_answer("c1", "eve", "ask_phone_number", -1, "Het nummer in Japan is +81 120427732 toestel 2.")
    store.rate_answer("c1", "eve", "ask_support_plans", 1, "Er zijn drie plannen.")
    with db.session() as s:
        rows = s.execute(
            sa.select(AnswerFeedback.answer_topic, AnswerFeedback.rating, AnswerFeedback.user_sub).order_by(
                AnswerFeedback.id
            )
        ).all()
    assert [tuple(r) for r in rows] == [("ask_phone_number", -1, "eve"), ("ask_support_plans", 1, "eve")]


def test_the_database_refuses_a_rating_other_than_minus_one_or_one(db):  # noqa: F811
    with pytest.raises(sa.exc.IntegrityError):
        with db.session() as s:
            s.add(AnswerFeedback(conversation_id="c1", answer_topic="x", rating=3))


def test_a_satisfaction_score_is_stored_with_the_ticket_and_the_agent_once(store, db, resolved):  # noqa: F811
    ticket, agent = resolved
    store.rate_agent("c1", ticket.reference, 4)
    with pytest.raises(FeedbackError) as again:
        store.rate_agent("c1", ticket.reference, 5)
    assert again.value.status == 409
    with db.session() as s:
        rows = s.execute(
            sa.select(SatisfactionScore.ticket_id, SatisfactionScore.agent_id, SatisfactionScore.score)
        ).all()
    assert [tuple(r) for r in rows] == [(ticket.id, agent.id, 4)]


def test_a_score_only_for_a_resolved_ticket_of_the_same_conversation(store, db, resolved, kb):  # noqa: F811
    ticket, _ = resolved
    with pytest.raises(FeedbackError) as other:
        store.rate_agent("someone-else", ticket.reference, 5)
    assert other.value.status == 404
    waiting = (
        TicketService(db, kb, FakeClock())
        .open_ticket(
            conversation_id="c2",
            claims=user(sub="u2"),
            channel="live_chat",
            priority="P3",
            subject="x",
            description="Het delen van mijn scherm werkt niet",
        )
        .ticket
    )
    with pytest.raises(FeedbackError) as early:
        store.rate_agent("c2", waiting.reference, 5)
    assert early.value.status == 409
    with pytest.raises(FeedbackError):
        store.rate_agent("c1", ticket.reference, 9)
    with db.session() as s:
        assert s.execute(sa.select(sa.func.count(SatisfactionScore.id))).scalar() == 0
        assert s.get(Ticket, ticket.id).status == TicketStatus.RESOLVED


def events(*turns):
    out = []
    for intent, text, answer in turns:
        out.append(UserUttered(text, intent={"name": intent, "confidence": 1.0}))
        out.append(ActionExecuted("action_answer"))
        out.append(BotUttered(answer))
    return out


def test_the_topic_is_the_intent_of_the_message_the_answer_was_for():
    tracker = events(
        ("ask_phone_number", "telefoon japan", "Het nummer in Japan:\n\n+81 120427732 toestel 2."),
        ("ask_support_plans", "welke plannen", "Er zijn drie plannen."),
    )
    assert answer_topic(tracker, "Er zijn drie plannen.") == "ask_support_plans"
    # a bubble of the widget is one part of an answer split at a blank line
    assert answer_topic(tracker, "+81 120427732 toestel 2.") == "ask_phone_number"
    assert answer_topic(tracker, "Het nummer in Japan:\n\n+81 120427732 toestel 2.") == "ask_phone_number"
    assert answer_topic(tracker, "Iets wat de bot nooit zei.") is None
    assert answer_topic(tracker, "toestel 2") is None  # a fragment is no answer


def test_the_satisfaction_question_names_the_agent_and_the_ticket():
    payload = satisfaction_request("ZN-ABC123", "Sanne Support")
    assert payload["text"].startswith("Hoe tevreden bent u over de hulp van Sanne Support?")
    assert payload["csat"] == {"ticket": "ZN-ABC123", "agent": "Sanne Support", "scores": [1, 2, 3, 4, 5]}


class FakeRelay:
    def __init__(self, ticket):
        self.ticket, self.pushed = ticket, []
        self.tickets = self

    def get(self, ticket_id):
        return self.ticket if ticket_id == self.ticket.id else None

    async def push_to_user(self, conversation_id, payload):
        self.pushed.append((conversation_id, payload))
        return True


def test_agent_typing_reaches_the_user_throttled_and_only_from_the_assigned_agent(db, kb):  # noqa: F811
    tickets = TicketService(db, kb, FakeClock())
    agents = AgentService(db)
    sanne, piet = agents.add("Sanne Support", "sanne-wachtwoord"), agents.add("Piet Praat", "piet-wachtwoord")
    ticket = tickets.open_ticket(
        conversation_id="c1",
        claims=user(),
        channel="live_chat",
        priority="P3",
        subject="x",
        description="Onze opnamefunctie werkt niet goed",
    ).ticket
    assert tickets.claim(ticket.id, sanne)
    relay, now = FakeRelay(tickets.get(ticket.id)), [100.0]
    signals = TypingSignals(clock=lambda: now[0])

    def typing(agent):
        return asyncio.run(signals.agent_typing(relay, ticket.id, agent))

    assert typing(sanne) and typing(sanne)  # twice at once: passed on once
    now[0] += THROTTLE_SECONDS
    assert typing(sanne)
    assert typing(piet) is False  # not his chat
    assert relay.pushed == [("c1", {"sender": "agent", "typing": True, "agent": "Sanne Support"})] * 2

"""Issue 17.3, the hand-off side: the intent tables name only intents of the vocabulary, and a state
pushed to the widget crosses JSON as the plain string."""

import asyncio
import json
from types import SimpleNamespace as T

import pytest

from actions.intake import ANSWERS_DURING_FORM
from bot.handoff import intake, reasons
from bot.handoff.waiting import PositionWatch
from bot.insights.labels import CHANNEL_NAMES, REASON_NAMES, TOPIC_NAMES
from bot.vocabulary import Channel, HandoffReason, Intent, TicketStatus


@pytest.mark.parametrize(
    "table",
    [
        intake.QUESTION_INTENTS,
        intake._NOT_AN_EMAIL,
        reasons.ASKED_HUMAN_INTENTS,
        ANSWERS_DURING_FORM,
        {k: v for k, v in TOPIC_NAMES.items() if k != "onbekend"},  # "onbekend": a topic of no intent
    ],
    ids=["question intents", "not an e-mail", "asked a human", "answers during a form", "topic names"],
)
def test_the_intent_tables_name_only_intents_of_the_vocabulary(table):
    assert sorted(set(table) - set(Intent.values())) == []


def test_the_channel_names_are_exactly_the_channels():
    assert set(CHANNEL_NAMES) == set(Channel.values())


def test_the_reason_names_are_exactly_the_handoff_reasons():
    assert list(REASON_NAMES) == list(HandoffReason.values())
    assert set(reasons.BY_ACTION.values()) < set(HandoffReason)


@pytest.mark.parametrize(
    "events, reason",
    [
        ([], HandoffReason.OTHER),
        ([{"event": "action", "name": "action_handle_fallback"}], HandoffReason.TWO_MISSES),
        ([{"event": "user", "parse_data": {"intent": {"name": "request_human"}}}], HandoffReason.ASKED_HUMAN),
        ([{"event": "user", "parse_data": {"intent": {"name": "report_problem"}}}], HandoffReason.PROBLEM_REPORT),
        ([{"event": "user", "parse_data": {"intent": {"name": "greet"}}}], HandoffReason.OTHER),
    ],
)
def test_the_handoff_reason_is_a_member_stored_as_its_plain_string(events, reason):
    found = reasons.handoff_reason([*events, {"event": "action", "name": "action_start_handoff"}])
    assert found is reason and json.dumps(found) == json.dumps(reason.value)


def test_a_queue_position_push_carries_the_plain_state_string():
    class Tickets:
        views: list = []

        def queue(self):
            return list(self.views)

    a = T(id=1, status=TicketStatus.QUEUED.value, level=1, conversation_id="a", channel=Channel.LIVE_CHAT.value)
    b = T(id=2, status=TicketStatus.QUEUED.value, level=1, conversation_id="b", channel=Channel.LIVE_CHAT.value)
    pushed = []

    async def push(conversation_id, payload):
        pushed.append(json.dumps(payload, ensure_ascii=False))  # as the socket.io server sends it
        return True

    tickets, watch = Tickets(), PositionWatch()
    tickets.views = [a, b]
    asyncio.run(watch.check(tickets, push))
    tickets.views = [b]  # a left the queue: b moves up
    assert asyncio.run(watch.check(tickets, push)) == 1
    sent = json.loads(pushed[0])
    assert sent["state"] == "queued" and type(sent["state"]) is str
    assert '"state": "queued"' in pushed[0]

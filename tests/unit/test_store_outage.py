"""A tracker store that fails fails the turn: no silent in-memory fallback, nothing of the turn stored,
and the channels show the apology instead of an answer the conversation does not hold (issue 15)."""

import asyncio

import pytest
from rasa.core.agent import Agent
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk.executor import CollectingDispatcher

from bot.dialogue import action_outage, store_outage
from bot.stores.tracker_store import EnvSQLTrackerStore


@pytest.fixture(autouse=True)
def installed():
    before = Agent._create_tracker_store, MessageProcessor.save_tracker
    store_outage.install()
    yield
    Agent._create_tracker_store, MessageProcessor.save_tracker = before


@pytest.fixture
def store(tmp_path):
    return EnvSQLTrackerStore(Domain.empty(), host=f"sqlite:///{tmp_path / 'tracker.db'}")


def turn(sender="outage", *bot_data):
    events = [ActionExecuted("action_listen"), UserUttered("hallo", {"name": "greet"})]
    events += [BotUttered("Hallo!")] + [BotUttered(None, data) for data in bot_data]
    return DialogueStateTracker.from_events(sender, events + [ActionExecuted("action_listen")])


async def test_a_failing_save_raises_out_of_the_agents_store(store, monkeypatch):
    agent = Agent(domain=Domain.empty(), tracker_store=store)
    assert agent.tracker_store is store  # not wrapped in Rasa's FailSafeTrackerStore

    def broken(*_):
        raise ConnectionError("database cut")

    monkeypatch.setattr(store, "_save", broken)
    with pytest.raises(ConnectionError):
        await agent.tracker_store.save(turn())
    monkeypatch.setattr(store, "_retrieve_latest", broken)
    with pytest.raises(ConnectionError):  # never a new, empty conversation instead
        await agent.tracker_store.retrieve("outage")


async def test_rasas_wrapper_stays_for_the_in_memory_default():
    agent = Agent(domain=Domain.empty())
    assert type(agent.tracker_store).__name__ == "FailSafeTrackerStore"


class RecordingStore:
    def __init__(self):
        self.saved = []

    async def save(self, tracker):
        self.saved.append(tracker.sender_id)


async def test_a_turn_an_action_failed_is_not_stored():
    processor = MessageProcessor.__new__(MessageProcessor)
    processor.tracker_store = RecordingStore()
    failed = turn("failed", {"custom": {store_outage.TURN_FAILED_KEY: "tickets database"}})
    with pytest.raises(store_outage.TurnNotStored):
        await processor.save_tracker(failed)
    await processor.save_tracker(turn("fine"))
    assert processor.tracker_store.saved == ["fine"]


def test_an_earlier_failed_turn_does_not_fail_the_next_one():
    events = list(turn("x", {"custom": {store_outage.TURN_FAILED_KEY: "db"}}).events)
    later = events + [UserUttered("nog eens", {"name": "greet"}), BotUttered("Hallo!")]
    assert store_outage.failed_turn_reason(events) == "db"
    assert store_outage.failed_turn_reason(later) is None


def test_an_action_fails_the_turn_and_keeps_its_slots():
    dispatcher = CollectingDispatcher()
    assert store_outage.fail_turn(dispatcher, "tickets database") == []
    assert dispatcher.messages[0]["custom"] == {store_outage.TURN_FAILED_KEY: "tickets database"}


def test_the_ticket_actions_fail_the_turn_when_the_tickets_database_is_down(monkeypatch):
    from rasa_sdk import Tracker
    from sqlalchemy.exc import OperationalError

    from actions import handoff

    def down():
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(handoff, "tickets", down)
    slots = {
        "problem_description": "Mijn vergadering start niet",
        "contact_email": "klant@example.nl",
        "problem_priority": None,
        "priority_confirmed": None,
    }
    tracker = Tracker("intake", slots, {}, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(handoff.CreateWebticket().run(dispatcher, tracker, {}))
    assert events == []  # the form's answers stay
    assert [m["custom"] for m in dispatcher.messages] == [{store_outage.TURN_FAILED_KEY: "tickets database"}]


class Output:
    def __init__(self):
        self.sent = []

    @classmethod
    def name(cls):
        return "socketio"

    async def send_response(self, recipient_id, message):
        self.sent.append((recipient_id, message.get("text")))

    async def send_text_message(self, recipient_id, text, **kwargs):
        self.sent.append((recipient_id, text))


async def test_socketio_messages_are_shown_once_the_turn_is_stored():
    output = Output()
    buffered = store_outage.BufferedOutput(output)
    await buffered.send_response("u1", {"text": "Het nummer is ..."})
    await buffered.send_text_message("u1", "Een bericht van de medewerker")
    assert output.sent == [] and buffered.pending == 2 and buffered.name() == "socketio"
    await buffered.flush()
    assert output.sent == [("u1", "Het nummer is ..."), ("u1", "Een bericht van de medewerker")]


async def test_socketio_messages_of_a_failed_turn_are_replaced_by_the_apology():
    output = Output()
    buffered = store_outage.BufferedOutput(output)
    await buffered.send_response("u1", {"text": "Het nummer is ..."})
    await buffered.apologise("u1")
    await buffered.flush()
    assert output.sent == [("u1", store_outage.APOLOGY)]


def test_one_apology_text():
    assert store_outage.APOLOGY == action_outage.APOLOGY


def test_the_rest_apology_asks_for_a_retry():
    response = store_outage.rest_apology("u1", {"X-Conversation-Id": "u1"})
    assert response.status == 503 and response.headers["Retry-After"] == "2"
    assert response.headers["X-Conversation-Id"] == "u1"
    assert b"probeer het zo nog eens" in response.body

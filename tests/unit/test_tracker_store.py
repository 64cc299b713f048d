"""The SQL tracker store over real connections: SQLite and PostgreSQL."""

import json
import uuid

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.handoff.transcript import transcript_from_events
from bot.stores.database import DatabaseUnavailable, wait_for_database
from bot.stores.tracker_store import SNAPSHOT_KEY, EnvSQLTrackerStore, snapshot_prefix
from tests.databases import temporary_postgres_database

DOMAIN = Domain.from_dict({"intents": ["greet"]})


async def roundtrip(url: str) -> None:
    store = EnvSQLTrackerStore(DOMAIN, host=url)
    tracker = DialogueStateTracker.from_events(
        "alice",
        [
            ActionExecuted("action_session_start"),
            SessionStarted(),
            ActionExecuted("action_listen"),
            UserUttered("hallo", {"name": "greet", "confidence": 0.9}),
        ],
    )
    await store.save(tracker)
    loaded = await store.retrieve("alice")
    assert loaded is not None
    assert [e.as_dict()["event"] for e in loaded.events][-1] == "user"
    assert loaded.latest_message.text == "hallo"
    assert "alice" in list(await store.keys())


async def test_sqlite_roundtrip_creates_the_folder(tmp_path):
    await roundtrip(f"sqlite:///{tmp_path / 'nested' / 'tracker.db'}")
    assert (tmp_path / "nested" / "tracker.db").exists()


@pytest.mark.postgres
async def test_postgres_roundtrip():
    with temporary_postgres_database() as url:
        await roundtrip(url)


async def test_url_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("BOT_TRACKER_DB_URL", f"sqlite:///{tmp_path / 'env.db'}")
    EnvSQLTrackerStore(DOMAIN)
    assert (tmp_path / "env.db").exists()


def test_database_down_is_a_clear_error_not_a_hang():
    with pytest.raises(DatabaseUnavailable, match="unreachable after 2 attempts"):
        wait_for_database("postgresql://postgres:secret@127.0.0.1:1/none", attempts=2, delay=0.01)


async def test_sqlite_tracker_runs_in_wal_mode(tmp_path):
    store = EnvSQLTrackerStore(DOMAIN, host=f"sqlite:///{tmp_path / 'wal.db'}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


# ---------------------------------------------------------------------- a long conversation: the loaded tail

LONG_DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet, ask, inform, request_human, deny]
entities: [country]
slots:
  last_topic:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
  country:
    type: categorical
    values: [japan, duitsland]
    influence_conversation: true
    mappings: [{type: from_entity, entity: country}]
  problem_description:
    type: text
    influence_conversation: false
    mappings: [{type: from_text, conditions: [{active_loop: handoff_form}]}]
forms:
  handoff_form:
    required_slots: [problem_description]
actions: [action_answer, action_create_ticket]
responses:
  utter_ask_problem_description:
  - text: "Wat is er aan de hand?"
""")


def question(i: int):
    """The events of one answered user message (as the Rasa server adds them)."""
    country = ("japan", "duitsland")[i % 2]
    return [
        UserUttered(
            f"vraag {i}",
            {"name": "ask", "confidence": 0.9},
            [{"entity": "country", "value": country, "start": 0, "end": 1}],
        ),
        SlotSet("country", country),
        ActionExecuted("action_answer"),
        BotUttered(f"antwoord {i}"),
        SlotSet("last_topic", f"onderwerp {i}"),
        ActionExecuted(ACTION_LISTEN_NAME),
    ]


class Conversation:
    """One conversation through the store, message by message as the Rasa server does it, beside a
    reference tracker that holds every event in memory (the stock behaviour)."""

    def __init__(self, store: EnvSQLTrackerStore, sender: str) -> None:
        self.store, self.sender = store, sender
        self.reference = DialogueStateTracker(sender, LONG_DOMAIN.slots)
        self.count = 0

    async def turn(self, events) -> DialogueStateTracker:
        """`events`: a list, or a function returning one (created after a first session start)."""
        tracker = await self.store.get_or_create_tracker(self.sender, append_action_listen=False)
        if not tracker.events:
            start = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted(ACTION_LISTEN_NAME)]
            events = start + list(events() if callable(events) else events)
        elif callable(events):
            events = events()
        for event in events:
            tracker.update(event)
            self.reference.update(event)
        await self.store.save(tracker)
        self.count += 1
        return tracker

    async def ask(self, n: int) -> DialogueStateTracker:
        tracker = None
        for _ in range(n):
            tracker = await self.turn(lambda: question(self.count))
        return tracker


def same_state(loaded: DialogueStateTracker, reference: DialogueStateTracker) -> None:
    """The state Rasa acts on, and the states the policies featurise: all those of the loaded tail
    but its first (which has no previous action) equal the full conversation's last ones; Bolt-NL's
    policies look back on 3 states (MemoizationPolicy) and its rules on fewer."""
    assert loaded.current_slot_values() == reference.current_slot_values()
    assert {name: s.has_been_set for name, s in loaded.slots.items()} == {
        name: s.has_been_set for name, s in reference.slots.items()
    }
    assert loaded.active_loop_name == reference.active_loop_name
    assert loaded.is_paused() == reference.is_paused()
    assert loaded.latest_message.text == reference.latest_message.text
    assert loaded.latest_action_name == reference.latest_action_name
    states = loaded.past_states(LONG_DOMAIN)
    same = len(states) - 1 if snapshot_prefix(loaded)[0] else len(states)
    assert same >= 3
    assert states[-same:] == reference.past_states(LONG_DOMAIN)[-same:]
    user_texts = [e.text for e in loaded.events if isinstance(e, UserUttered)]
    assert user_texts == [e.text for e in reference.events if isinstance(e, UserUttered)][-len(user_texts) :]


def stored_events(store: EnvSQLTrackerStore, sender: str):
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT data FROM events WHERE sender_id = ? ORDER BY id"
            if store.engine.dialect.name == "sqlite"
            else "SELECT data FROM events WHERE sender_id = %s ORDER BY id",
            (sender,),
        ).fetchall()
    return [json.loads(data) for (data,) in rows]


async def long_conversation_checks(url: str) -> None:
    store = EnvSQLTrackerStore(LONG_DOMAIN, host=url, min_turns=5)
    talk = Conversation(store, f"long-{uuid.uuid4().hex[:6]}")
    sizes = []
    for _ in range(60):
        await talk.ask(1)
        loaded = await store.retrieve(talk.sender)
        same_state(loaded, talk.reference)
        sizes.append(len(loaded.events))
    # bounded: never more than the snapshot events and 2 * min_turns messages of 6 events, however long
    assert max(sizes[20:]) <= 3 + 3 + 2 * 5 * 6 and max(sizes[20:]) == max(sizes[-12:])
    assert sizes[-1] < len(talk.reference.events) / 4
    # every event stored exactly once, none of the snapshot events
    stored = stored_events(store, talk.sender)
    assert stored == [e.as_dict() for e in talk.reference.events]
    assert not any(SNAPSHOT_KEY in json.dumps(e) for e in stored)
    # the whole session is still there
    full = await store.retrieve_full_tracker(talk.sender)
    assert [e.as_dict() for e in full.events] == stored
    # what the stock store loads of the session (from its `session_started` on): the ticket actions get it
    assert store.session_events(loaded) == stored[1:]


async def test_sqlite_long_conversation_loads_a_bounded_tail_with_the_same_state(tmp_path):
    await long_conversation_checks(f"sqlite:///{tmp_path / 'long.db'}")


@pytest.mark.postgres
async def test_postgres_long_conversation_loads_a_bounded_tail_with_the_same_state():
    with temporary_postgres_database() as url:
        await long_conversation_checks(url)


async def test_short_conversation_loads_every_event_as_before(tmp_path):
    store = EnvSQLTrackerStore(LONG_DOMAIN, host=f"sqlite:///{tmp_path / 'short.db'}", min_turns=5)
    talk = Conversation(store, "kort")
    await talk.ask(9)  # below 2 * min_turns: no snapshot yet
    loaded = await store.retrieve("kort")
    assert [e.as_dict() for e in loaded.events] == [e.as_dict() for e in talk.reference.events][1:]
    assert snapshot_prefix(loaded) == (0, None)


async def test_no_tail_starts_inside_a_form_and_the_form_survives(tmp_path):
    store = EnvSQLTrackerStore(LONG_DOMAIN, host=f"sqlite:///{tmp_path / 'form.db'}", min_turns=3)
    talk = Conversation(store, "formulier")
    await talk.ask(4)
    await talk.turn(
        [
            UserUttered("mens", {"name": "request_human", "confidence": 1.0}),
            ActionExecuted("handoff_form"),
            ActiveLoop("handoff_form"),
            SlotSet("requested_slot", "problem_description"),
            BotUttered("Wat is er aan de hand?"),
            ActionExecuted(ACTION_LISTEN_NAME),
        ]
    )
    for i in range(8):  # the form stays active over many messages (each answer rejected)
        await talk.turn(
            [
                UserUttered(f"onduidelijk {i}", {"name": "inform", "confidence": 1.0}),
                ActionExecuted("handoff_form"),
                BotUttered("Wat is er aan de hand?"),
                ActionExecuted(ACTION_LISTEN_NAME),
            ]
        )
        loaded = await store.retrieve("formulier")
        same_state(loaded, talk.reference)
        assert loaded.active_loop_name == "handoff_form"
        # the tail reaches back to before the form was activated: its ActiveLoop event is loaded
        assert any(isinstance(e, ActiveLoop) and e.name == "handoff_form" for e in loaded.events)
    await talk.turn(
        [
            UserUttered("beeld valt weg", {"name": "inform", "confidence": 1.0}),
            ActionExecuted("handoff_form"),
            SlotSet("problem_description", "beeld valt weg"),
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            ActionExecuted("action_create_ticket"),
            BotUttered("Ticket ZN-1"),
            ActionExecuted(ACTION_LISTEN_NAME),
        ]
    )
    await talk.ask(8)
    loaded = await store.retrieve("formulier")
    same_state(loaded, talk.reference)
    assert snapshot_prefix(loaded)[0] > 0 and loaded.active_loop_name is None
    assert loaded.get_slot("problem_description") == "beeld valt weg"


async def test_paused_conversation_stays_paused(tmp_path):
    store = EnvSQLTrackerStore(LONG_DOMAIN, host=f"sqlite:///{tmp_path / 'pause.db'}", min_turns=3)
    talk = Conversation(store, "pauze")
    await talk.ask(3)
    await talk.turn([ConversationPaused()])
    for i in range(10):  # with an agent: the messages are stored, the bot does not answer
        await talk.turn([UserUttered(f"aan de medewerker {i}", {"name": "inform", "confidence": 1.0})])
    loaded = await store.retrieve("pauze")
    assert snapshot_prefix(loaded)[0] > 0
    assert loaded.is_paused() and talk.reference.is_paused()
    await talk.turn([ConversationResumed(), BotUttered("U praat weer met Bolt")])
    await talk.ask(2)
    loaded = await store.retrieve("pauze")
    assert not loaded.is_paused()
    same_state(loaded, talk.reference)


async def test_a_new_session_loads_from_its_start_not_from_an_old_snapshot(tmp_path):
    store = EnvSQLTrackerStore(LONG_DOMAIN, host=f"sqlite:///{tmp_path / 'session.db'}", min_turns=3)
    talk = Conversation(store, "sessie")
    await talk.ask(10)
    assert snapshot_prefix(await store.retrieve("sessie"))[0] > 0
    await talk.turn(
        [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted(ACTION_LISTEN_NAME)] + question(99)
    )
    loaded = await store.retrieve("sessie")
    assert snapshot_prefix(loaded) == (0, None)
    assert [e.text for e in loaded.events if isinstance(e, UserUttered)] == ["vraag 99"]
    assert loaded.get_slot("last_topic") == "onderwerp 99"
    await talk.ask(10)
    same_state(await store.retrieve("sessie"), talk.reference)


async def test_ticket_actions_are_sent_the_whole_session_the_others_the_tail(tmp_path):
    store = EnvSQLTrackerStore(LONG_DOMAIN, host=f"sqlite:///{tmp_path / 'payload.db'}", min_turns=3)
    talk = Conversation(store, "payload")
    await talk.ask(12)
    tracker = await store.retrieve("payload")
    tracker.update(UserUttered("nog niet opgeslagen", {"name": "request_human", "confidence": 1.0}))
    ticket = RemoteAction("action_create_ticket", None)._action_call_format(tracker.copy(), LONG_DOMAIN)
    answer = RemoteAction("action_answer", None)._action_call_format(tracker.copy(), LONG_DOMAIN)
    # every event of the session from its `session_started` on (as the stock store loads it), and the new one
    whole = [e.as_dict() for e in talk.reference.events][1:] + [tracker.events[-1].as_dict()]
    assert ticket["tracker"]["events"] == whole
    assert len(answer["tracker"]["events"]) == len(tracker.events) < len(whole) / 2
    assert ticket["tracker"]["slots"] == answer["tracker"]["slots"]
    # what the agent's transcript is built from: every message of the session
    texts = [e["text"] for e in transcript_from_events(ticket["tracker"]["events"]) if e["sender"] == "user"]
    assert texts[:2] == ["vraag 0", "vraag 1"] and texts[-1] == "nog niet opgeslagen"


def test_min_turns_below_two_is_refused(tmp_path):
    with pytest.raises(ValueError, match="min_turns"):
        EnvSQLTrackerStore(LONG_DOMAIN, host=f"sqlite:///{tmp_path / 'x.db'}", min_turns=1)


async def test_ticket_actions_read_the_whole_session_off_the_event_loop(tmp_path, monkeypatch):
    """RemoteAction.run reads it in the store's thread before the call; `_action_call_format` then uses it."""
    import threading

    from bot.stores import tracker_store

    store = EnvSQLTrackerStore(LONG_DOMAIN, host=f"sqlite:///{tmp_path / 'offloop.db'}", min_turns=3)
    talk = Conversation(store, "offloop")
    await talk.ask(12)
    tracker = await store.retrieve("offloop")
    read_in, sent = [], []
    session_events = store.session_events

    def recording_session_events(t):
        read_in.append(threading.current_thread() is threading.main_thread())
        return session_events(t)

    async def action_server_call(self, output_channel, nlg, t, domain):
        sent.append(self._action_call_format(t, domain)["tracker"]["events"])
        return []

    monkeypatch.setattr(store, "session_events", recording_session_events)
    run = tracker_store._with_whole_session(action_server_call)
    await run(RemoteAction("action_create_ticket", None), None, None, tracker, LONG_DOMAIN)
    assert read_in == [False]  # once, in a worker thread
    assert sent[0] == [e.as_dict() for e in talk.reference.events][1:]


async def test_a_failed_read_of_the_whole_session_fails_the_turn(tmp_path, monkeypatch):
    from bot.dialogue.store_outage import TURN_FAILED_KEY, failed_turn_reason
    from bot.stores import tracker_store

    store = EnvSQLTrackerStore(LONG_DOMAIN, host=f"sqlite:///{tmp_path / 'failed.db'}", min_turns=3)
    talk = Conversation(store, "failed")
    await talk.ask(12)
    tracker = await store.retrieve("failed")
    tracker.update(UserUttered("een medewerker graag", {"name": "request_human", "confidence": 1.0}))

    def broken(_):
        raise ConnectionError("database cut")

    async def never_called(*_):
        raise AssertionError("the action server must not be called")

    monkeypatch.setattr(store, "session_events", broken)
    events = await tracker_store._with_whole_session(never_called)(
        RemoteAction("action_create_ticket", None), None, None, tracker, LONG_DOMAIN
    )
    assert [e.data["custom"] for e in events] == [{TURN_FAILED_KEY: "tracker database"}]
    assert failed_turn_reason(list(tracker.events) + events) == "tracker database"

"""Rasa's SQL tracker store, configured by one SQLAlchemy URL from the environment, and loading a
bounded tail of a long conversation.

endpoints.yml names this class; BOT_TRACKER_DB_URL selects SQLite (default, var/tracker.db) or
PostgreSQL. Unlike the stock store, an unreachable database is a clear start-up error after a few
retries instead of an endless wait; SQLite keeps its connections open and runs in WAL mode (see
bot.stores.database), and stored events are deserialised faster (bot.stores.event_types).
Importing it changes nothing in Rasa: the Rasa patches (faster event types, the checks of action server
responses, the outage apologies, the whole session for the ticket actions) are installed by
bot.rasa_runtime.patches.install_patches(), which the launcher calls and this store's constructor too.

Flat cost per message (issue 16; README, Benchmarks). The stock store loads every event of the
session for every message, and Rasa then replays them (loading, `tracker.copy()` before every action),
featurises all of them for every policy prediction and sends all of them to the action server:
the cost of a message grew with the number before it. This store loads only a tail of at least
`min_turns` user messages, preceded by a snapshot of the state before the tail:

- The snapshot (table `tracker_snapshots`, one row per conversation) holds the slots that were set
  and whether the conversation was paused, at an `action_listen` just before a user message, when
  no form was active. It is moved forward by `save` once the tail has reached `2 * min_turns` user
  messages, so the tail stays between `min_turns` and `2 * min_turns`.
- `retrieve` returns a tracker whose events are `SessionStarted` + one `SlotSet` per set slot (+
  `ConversationPaused`) — all marked in their metadata (`SNAPSHOT_KEY`) — followed by the stored events
  from the snapshot on. Rasa applies them as it applies a session start with carried-over slots:
  the slots, the active form (none), the paused flag and everything the last `min_turns` turns
  decide (latest message and action, rules, memoised stories, the actions' look-back) are the same.
  Snapshots of an earlier session are not used: a new session loads from its start, as before.
- `save` stores only the events after the loaded ones; the marked snapshot events are never stored.
- The whole session is still there: `retrieve_full_tracker` (Rasa's HTTP API, `rasa export`) reads
  every event, and the actions that build the agent's ticket transcript (`FULL_HISTORY_ACTIONS`)
  are sent every event of the session instead of the tail (`install_full_history_payload`).
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    ConversationPaused,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.orm import sessionmaker

from bot import settings
from bot.dialogue import store_outage
from bot.stores.database import MAX_OVERFLOW, POOL_SIZE, make_engine, wait_for_database

logger = logging.getLogger(__name__)


# metadata key of the events that stand for the state before the loaded tail; its value is the id
# of the first stored event of the tail
SNAPSHOT_KEY = "bolt_snapshot_of_events_before"
# at least this many user messages are loaded (README, Benchmarks: what the policies and actions look back on)
MIN_TURNS = 5
# the actions that are sent the whole session (the agent's transcript of the conversation)
FULL_HISTORY_ACTIONS = frozenset({"action_create_ticket", "action_create_webticket"})

_snapshot_metadata = sa.MetaData()
snapshots = sa.Table(
    "tracker_snapshots",
    _snapshot_metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    # the id of the first stored event after the snapshot (the tail starts there)
    sa.Column("first_event_id", sa.Integer, nullable=False),
    # {slot name: value} of the slots that were set before the tail
    sa.Column("slots", sa.Text, nullable=False),
    sa.Column("paused", sa.Boolean, nullable=False, default=False),
)

# the store of this process, for the action payload of FULL_HISTORY_ACTIONS
_current_store: EnvSQLTrackerStore | None = None

# The database work runs in threads, off the event loop: a slow or stalled database slows only the
# requests that wait for it (PostgreSQL: one thread per pooled connection; SQLite: one thread, since it
# has one writer at a time and its calls take a millisecond — as serial as on the loop before). Rasa's
# lock store keeps one conversation's messages in order, so a conversation never has two calls in flight.
T = TypeVar("T")


class EnvSQLTrackerStore(SQLTrackerStore):
    engine: sa.engine.Engine

    def __init__(
        self, domain: Domain | None = None, host: str | None = None, min_turns: int = MIN_TURNS, **kwargs: Any
    ) -> None:
        global _current_store
        # the Rasa patches (explicit in bot.rasa_server; here too for a plain `rasa run`): installed once,
        # before Rasa's agent is built from this store
        from bot.rasa_runtime.patches import install_patches

        install_patches()
        url = host or settings.tracker_db_url()
        wait_for_database(url)
        super().__init__(domain=domain, host=url, **kwargs)
        # Rasa's engine has no timeouts: replaced by one with connect, statement and pool timeouts
        self.engine.dispose()
        self.engine = make_engine(url)
        self.sessionmaker = sessionmaker(bind=self.engine)
        workers = 1 if self.engine.dialect.name == "sqlite" else POOL_SIZE + MAX_OVERFLOW
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tracker-store")
        if min_turns < 2:
            raise ValueError("min_turns must be at least 2 (an action looks back on the previous user message)")
        self.min_turns = int(min_turns)
        _snapshot_metadata.create_all(self.engine)
        _current_store = self

    async def _off_loop(self, function: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, functools.partial(function, *args))

    # ------------------------------------------------------------------ loading

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The latest session: from its snapshot on if it has one, else every event of it (stock).
        A database error raises (Rasa's fail-safe wrapper, which made it a new conversation, is removed:
        bot.dialogue.store_outage)."""
        return await self._off_loop(self._retrieve_latest, sender_id)

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        return await self._off_loop(self._retrieve_all_sessions, conversation_id)

    async def keys(self) -> Iterable[str]:
        return await self._off_loop(self._keys)

    def _keys(self) -> list[str]:
        with self.session_scope() as session:
            return [sender_id for (sender_id,) in session.query(self.SQLEvent.sender_id).distinct().all()]

    def _retrieve_all_sessions(self, sender_id: str) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=True).all()
            events = [json.loads(row.data) for row in rows]
        if not self.domain or not events:
            return None
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    def _retrieve_latest(self, sender_id: str) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            snapshot = self._snapshot(session, sender_id)
            if snapshot is None:
                rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).all()
                events = [json.loads(row.data) for row in rows]
                prefix: list[Event] = []
            else:
                first_event_id, slots, paused = snapshot
                rows = (
                    session.query(self.SQLEvent.data)
                    .filter(self.SQLEvent.sender_id == sender_id, self.SQLEvent.id >= first_event_id)
                    .order_by(self.SQLEvent.id)
                    .all()
                )
                events = [json.loads(row.data) for row in rows]
                prefix = self._snapshot_events(
                    first_event_id, slots, paused, events[0].get("timestamp") if events else None
                )
        if not self.domain or not events:
            return None
        from rasa.shared.core.events import deserialise_events

        return DialogueStateTracker.from_events(sender_id, prefix + deserialise_events(events), self.domain.slots)

    def _snapshot(self, session, sender_id: str) -> tuple[int, dict[str, Any], bool] | None:
        """The snapshot of the latest session, or None (none yet, or one of an earlier session)."""
        row = session.execute(
            sa.select(snapshots.c.first_event_id, snapshots.c.slots, snapshots.c.paused).where(
                snapshots.c.sender_id == sender_id
            )
        ).first()
        if row is None:
            return None
        # a session started after the snapshot? (only the rows after it are searched: bounded like the tail)
        newer_session = (
            session.query(self.SQLEvent.id)
            .filter(
                self.SQLEvent.sender_id == sender_id,
                self.SQLEvent.id > row.first_event_id,
                self.SQLEvent.type_name == SessionStarted.type_name,
            )
            .first()
        )
        if newer_session is not None:
            return None
        return row.first_event_id, json.loads(row.slots), bool(row.paused)

    def _snapshot_events(
        self, first_event_id: int, slots: dict[str, Any], paused: bool, timestamp: float | None
    ) -> list[Event]:
        known = self.domain.slots if self.domain else []
        names = [slot.name for slot in known if slot.name in slots]
        meta = {SNAPSHOT_KEY: first_event_id}
        events: list[Event] = [SessionStarted(timestamp=timestamp, metadata=dict(meta))]
        events += [SlotSet(name, slots[name], timestamp=timestamp, metadata=dict(meta)) for name in names]
        if paused:
            events.append(ConversationPaused(timestamp=timestamp, metadata=dict(meta)))
        return events

    # ------------------------------------------------------------------ saving

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Stores the events after those loaded, then moves the snapshot forward if the tail is long:
        one transaction, so a failed save stores nothing of the turn, and raises (the channel answers
        with the apology; the client's retry is then a new turn, not a duplicate)."""
        await self.stream_events(tracker)
        await self._off_loop(self._save, tracker)

    def _save(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            prefix, first_event_id = snapshot_prefix(tracker)
            if first_event_id is None:
                stored = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
            else:
                stored = prefix + self._tail_count(session, tracker.sender_id, first_event_id)
            for event in itertools.islice(tracker.events, stored, None):
                data = event.as_dict()
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.flush()
            self._move_snapshot(session, tracker, prefix)
            session.commit()
        logger.debug(f"Tracker with sender_id '{tracker.sender_id}' stored to database")

    def _tail_count(self, session, sender_id: str, first_event_id: int) -> int:
        return (
            session.query(sa.func.count(self.SQLEvent.id))
            .filter(self.SQLEvent.sender_id == sender_id, self.SQLEvent.id >= first_event_id)
            .scalar()
        )

    def _move_snapshot(self, session, tracker: DialogueStateTracker, prefix: int) -> None:
        """Once the tail holds 2 * min_turns user messages, a new snapshot keeps the last min_turns."""
        events = list(tracker.events)
        if sum(isinstance(e, UserUttered) for e in events[prefix:]) < 2 * self.min_turns:
            return
        best = None
        state, applied = tracker.init_copy(), 0
        for start in sorted(new_tail_starts(events, prefix, self.min_turns)):
            for event in events[applied:start]:
                state.update(event)
            applied = start
            if state.active_loop_name or state.followup_action not in (None, ACTION_LISTEN_NAME):
                continue  # a form or a follow-up spans this boundary
            slots = {name: slot.value for name, slot in state.slots.items() if slot.has_been_set}
            best = start, json.dumps(slots), state.is_paused()
        if best is None:
            return
        start, slots_json, paused = best
        event_id = self._stored_id(session, tracker.sender_id, events, start)
        if event_id is None:
            return
        session.execute(snapshots.delete().where(snapshots.c.sender_id == tracker.sender_id))
        session.execute(
            snapshots.insert().values(
                sender_id=tracker.sender_id, first_event_id=event_id, slots=slots_json, paused=paused
            )
        )

    def _stored_id(self, session, sender_id: str, events: list[Event], index: int) -> int | None:
        """The id of the stored row of events[index], counted from the conversation's last row (every
        event of the tracker is stored by now); None unless that row is this very `action_listen`."""
        row = (
            session.query(self.SQLEvent.id, self.SQLEvent.action_name, self.SQLEvent.timestamp)
            .filter(self.SQLEvent.sender_id == sender_id)
            .order_by(self.SQLEvent.id.desc())
            .offset(len(events) - 1 - index)
            .limit(1)
            .first()
        )
        if row is None or row.action_name != ACTION_LISTEN_NAME or row.timestamp != events[index].timestamp:
            logger.warning(f"tracker {sender_id}: stored events do not match the tracker; no snapshot taken")
            return None
        return row.id

    # ------------------------------------------------------------------ the whole session

    def session_events(self, tracker: DialogueStateTracker) -> list[dict[str, Any]]:
        """Every event of the tracker's session as dicts: the stored ones and those not stored yet."""
        prefix, first_event_id = snapshot_prefix(tracker)
        events = list(tracker.events)
        if first_event_id is None:
            return [e.as_dict() for e in events]
        with self.session_scope() as session:
            stored = [
                json.loads(row.data)
                for row in self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).all()
            ]
            tail = self._tail_count(session, tracker.sender_id, first_event_id)
        return stored + [e.as_dict() for e in events[prefix + tail :]]


def snapshot_prefix(tracker: DialogueStateTracker) -> tuple[int, int | None]:
    """(number of leading snapshot events, id of the first stored event after them) or (0, None)."""
    count, first_event_id = 0, None
    for event in tracker.events:
        value = (event.metadata or {}).get(SNAPSHOT_KEY) if hasattr(event, "metadata") else None
        if value is None:
            break
        count, first_event_id = count + 1, value
    return count, first_event_id


def new_tail_starts(events: list[Event], prefix: int, min_turns: int) -> Iterable[int]:
    """Indexes of `action_listen` events directly before a user message, leaving at least `min_turns`
    user messages after them, latest first."""
    users_after = 0
    for index in range(len(events) - 1, prefix, -1):
        event = events[index]
        if isinstance(event, UserUttered):
            users_after += 1
            previous = events[index - 1]
            if (
                users_after >= min_turns
                and isinstance(previous, ActionExecuted)
                and previous.action_name == ACTION_LISTEN_NAME
                and index - 1 > prefix
            ):
                yield index - 1


# ---------------------------------------------------------------------- action server payload

_rasa_action_call_format = RemoteAction._action_call_format
# (tracker, its whole session) read off the event loop just before a FULL_HISTORY_ACTIONS call
_loaded_session: ContextVar[tuple[DialogueStateTracker, list[dict[str, Any]]] | None] = ContextVar(
    "bolt_loaded_session", default=None
)


def _needs_whole_session(action: RemoteAction, tracker: Any) -> bool:
    return (
        _current_store is not None
        and action.name() in FULL_HISTORY_ACTIONS
        and isinstance(tracker, DialogueStateTracker)
        and snapshot_prefix(tracker)[1] is not None
    )


def _action_call_format(self: RemoteAction, tracker: DialogueStateTracker, domain: Domain) -> dict[str, Any]:
    payload = _rasa_action_call_format(self, tracker, domain)
    if _needs_whole_session(self, tracker):
        loaded = _loaded_session.get()
        if loaded is not None and loaded[0] is tracker:
            payload["tracker"]["events"] = loaded[1]
        else:  # called outside RemoteAction.run (tests, tools): read it here
            payload["tracker"]["events"] = _current_store.session_events(tracker)  # type: ignore[union-attr]
    return payload


def _with_whole_session(run: Callable[..., Any]) -> Callable[..., Any]:
    """RemoteAction.run that reads the whole session of a FULL_HISTORY_ACTIONS call in the store's threads
    first (not on the event loop). If that read fails, the turn fails (bot/dialogue/store_outage.py: the
    apology, nothing stored) — Rasa would log the error, drop the action and store a turn without its reply."""

    async def run_with_whole_session(
        self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any, *args: Any, **kwargs: Any
    ) -> Any:
        if not _needs_whole_session(self, tracker):
            return await run(self, output_channel, nlg, tracker, domain, *args, **kwargs)
        store = _current_store
        try:
            events = await store._off_loop(store.session_events, tracker)  # type: ignore[union-attr]
        except Exception:
            logger.exception("the whole session for %s could not be read: the turn fails", self.name())
            return [BotUttered(None, {"custom": {store_outage.TURN_FAILED_KEY: "tracker database"}})]
        token = _loaded_session.set((tracker, events))
        try:
            return await run(self, output_channel, nlg, tracker, domain, *args, **kwargs)
        finally:
            _loaded_session.reset(token)

    run_with_whole_session.bolt_whole_session = True  # type: ignore[attr-defined]
    return run_with_whole_session


def install_full_history_payload() -> None:
    """Idempotent: FULL_HISTORY_ACTIONS get every event of the session, the other actions the tail."""
    RemoteAction._action_call_format = _action_call_format
    if not getattr(RemoteAction.run, "bolt_whole_session", False):
        RemoteAction.run = _with_whole_session(RemoteAction.run)

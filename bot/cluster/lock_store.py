"""Rasa's conversation lock, shared by the instances through Redis, that a killed instance lets go of
within a few seconds (issue 15.4).

Rasa's ticket lock (rasa.core.lock) queues the messages of one conversation: each request takes a
numbered ticket with an expiry time and waits until its ticket is the first one. With the stock
RedisLockStore a ticket lives TICKET_LOCK_LIFETIME seconds (default 60) whatever happens, so the
conversations of a killed instance stalled for a minute on the survivor; a shorter fixed lifetime
would let a slow message (a slow action server, NLU under load) lose its lock to the next one.

This store keeps the tickets short-lived but renewed:
- a ticket lives `TICKET_LOCK_LIFETIME` seconds (Rasa's variable; default here 5), and a thread of
  this process renews every ticket it holds or waits with, every quarter of that. A live request
  keeps its place however long it takes; the tickets of a killed (or frozen) process expire within
  the lifetime, and the next request of that conversation goes on;
- a waiting request looks again every `BOT_LOCK_WAIT_SECONDS` (default 0.2; Rasa: 1);
- every change to a conversation's tickets is one Redis transaction (WATCH/MULTI), so two instances
  taking a ticket at the same moment never get the same number (the stock store reads and writes
  without one); the key expires by itself once its tickets have.

Without BOT_REDIS_URL the same store keeps its locks in this process (the embedded one-instance set-up).
endpoints.yml names this class.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections import defaultdict
from collections.abc import AsyncGenerator, Callable
from typing import Any, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockError, LockStore

from bot import settings
from bot.cluster import config

logger = logging.getLogger(__name__)
T = TypeVar("T")
REDIS_TIMEOUT = 2.0


def lock_lifetime() -> float:
    """TICKET_LOCK_LIFETIME: seconds a ticket lives without renewal (how long a killed instance holds on)."""
    return settings.current().ticket_lock_lifetime


def lock_wait() -> float:
    """BOT_LOCK_WAIT_SECONDS: how often a waiting request looks at the lock again."""
    return settings.current().lock_wait_seconds


class _MemoryTickets:
    """The ticket locks of this process only."""

    def __init__(self) -> None:
        self._locks: dict[str, str] = {}
        self._mutex = threading.Lock()

    def load(self, conversation_id: str) -> str | None:
        return self._locks.get(conversation_id)

    def change(self, conversation_id: str, change: Callable[[str | None], tuple[str | None, float, T]]) -> T:
        with self._mutex:
            new, _, result = change(self._locks.get(conversation_id))
            if new is None:
                self._locks.pop(conversation_id, None)
            else:
                self._locks[conversation_id] = new
            return result


class _RedisTickets:
    """The ticket locks in Redis, one key per conversation, changed in transactions."""

    def __init__(self, url: str) -> None:
        import redis

        self.red = redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT)

    @staticmethod
    def _key(conversation_id: str) -> str:
        return config.key("lock", conversation_id)

    def load(self, conversation_id: str) -> str | None:
        raw = self.red.get(self._key(conversation_id))
        return raw.decode() if isinstance(raw, bytes) else raw

    def change(self, conversation_id: str, change: Callable[[str | None], tuple[str | None, float, T]]) -> T:
        key = self._key(conversation_id)

        def transaction(pipe: Any) -> T:
            raw = pipe.get(key)
            new, ttl, result = change(raw.decode() if isinstance(raw, bytes) else raw)
            pipe.multi()
            if new is None:
                pipe.delete(key)
            else:
                pipe.set(key, new, px=max(1000, int(ttl * 1000)))
            return result

        return self.red.transaction(transaction, key, value_from_callable=True)


class ClusterLockStore(LockStore):
    """See the module docstring. `endpoint_config` is accepted as Rasa passes it; the settings come
    from the environment (BOT_REDIS_URL, BOT_REDIS_PREFIX, TICKET_LOCK_LIFETIME, BOT_LOCK_WAIT_SECONDS)."""

    def __init__(
        self,
        endpoint_config: Any = None,
        redis_url: str | None = None,
        lifetime: float | None = None,
        wait: float | None = None,
    ) -> None:
        url = redis_url or config.redis_url()
        self.tickets = _RedisTickets(url) if url else _MemoryTickets()
        self.lifetime = lifetime or lock_lifetime()
        self.wait = wait or lock_wait()
        self._mine: dict[str, set[int]] = defaultdict(set)  # tickets this process holds or waits with
        self._mine_mutex = threading.Lock()
        self._renewer: threading.Thread | None = None
        self._stop = threading.Event()
        super().__init__()

    @property
    def shared(self) -> bool:
        return isinstance(self.tickets, _RedisTickets)

    # -- one conversation's tickets ---------------------------------------------------------------
    @staticmethod
    def _parse(conversation_id: str, raw: str | None) -> TicketLock:
        lock = TicketLock.from_dict(json.loads(raw)) if raw else TicketLock(conversation_id)
        lock.conversation_id = conversation_id
        lock.remove_expired_tickets()
        return lock

    def _change(self, conversation_id: str, change: Callable[[TicketLock], T]) -> T:
        def apply(raw: str | None) -> tuple[str | None, float, T]:
            lock = self._parse(conversation_id, raw)
            result = change(lock)
            if not lock.tickets:
                return None, 0.0, result
            ttl = max(t.expires for t in lock.tickets) - time.time() + self.lifetime
            return lock.dumps(), ttl, result

        return self.tickets.change(conversation_id, apply)

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        raw = self.tickets.load(conversation_id)
        return self._parse(conversation_id, raw) if raw else None

    def save_lock(self, lock: TicketLock) -> None:
        def replace(stored: TicketLock) -> None:
            stored.tickets.clear()
            stored.tickets.extend(lock.tickets)

        self._change(lock.conversation_id, replace)

    def delete_lock(self, conversation_id: str) -> None:
        self._change(conversation_id, lambda stored: stored.tickets.clear())

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = 0) -> int:
        try:
            number = self._change(conversation_id, lambda lock: lock.issue_ticket(self.lifetime))
        except Exception as error:  # as Rasa's store reports it: the request fails, never hangs
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error
        with self._mine_mutex:
            self._mine[conversation_id].add(number)
        self._start_renewer()
        return number

    def update_lock(self, conversation_id: str) -> None:
        self._change(conversation_id, lambda lock: None)  # drops expired tickets

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        with self._mine_mutex:
            numbers = self._mine.get(conversation_id)
            if numbers is not None:
                numbers.discard(ticket_number)
                if not numbers:
                    del self._mine[conversation_id]
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        self.finish_serving(conversation_id, ticket_number)  # the key goes when its last ticket does

    # -- the lock as Rasa uses it ------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def lock(
        self, conversation_id: str, lock_lifetime: float = 0, wait_time_in_seconds: float = 0
    ) -> AsyncGenerator[TicketLock, None]:
        """Waits its turn (looking every `self.wait` s) and holds the lock while the body runs; the
        ticket is renewed all the while. Arguments as Rasa's; the lifetime and wait are this store's."""
        ticket = [self.issue_ticket(conversation_id)]  # the number may change (see _acquire)
        try:
            yield await self._acquire(conversation_id, ticket)
        finally:
            self.cleanup(conversation_id, ticket[0])

    async def _acquire(self, conversation_id: str, ticket: list) -> TicketLock:
        while True:
            lock = self.get_lock(conversation_id)
            if lock is None or all(t.number != ticket[0] for t in lock.tickets):
                # this process could not renew its ticket in time (frozen longer than the lifetime):
                # queue again rather than go ahead of the others
                logger.warning(
                    "lock ticket %s of conversation %s expired while waiting; queueing again",
                    ticket[0],
                    conversation_id,
                )
                self.finish_serving(conversation_id, ticket[0])
                ticket[0] = self.issue_ticket(conversation_id)
                continue
            if lock.now_serving == ticket[0]:
                return lock
            await asyncio.sleep(self.wait)

    # -- renewal -----------------------------------------------------------------------------------
    def held(self) -> dict[str, set[int]]:
        with self._mine_mutex:
            return {c: set(n) for c, n in self._mine.items()}

    def renew(self) -> None:
        """Moves the expiry of every ticket of this process `lifetime` seconds ahead."""
        for conversation_id, numbers in self.held().items():

            def extend(lock: TicketLock, numbers: set[int] = numbers) -> None:
                until = time.time() + self.lifetime
                for t in lock.tickets:
                    if t.number in numbers:
                        t.expires = until

            try:
                self._change(conversation_id, extend)
            except Exception:  # Redis away for a moment: the next round tries again
                logger.warning("could not renew the lock of conversation %s", conversation_id, exc_info=True)

    def _start_renewer(self) -> None:
        if self._renewer is not None and self._renewer.is_alive():
            return
        with self._mine_mutex:
            if self._renewer is not None and self._renewer.is_alive():
                return

            def run() -> None:
                while not self._stop.wait(self.lifetime / 4):
                    self.renew()

            self._renewer = threading.Thread(target=run, name="bolt-lock-renewer", daemon=True)
            self._renewer.start()

    def close(self) -> None:
        self._stop.set()

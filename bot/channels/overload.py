"""Overload protection of one instance (issue 15.5): bounded concurrency, fair queuing, a bounded wait
and a per-sender rate limit.

- At most BOT_MAX_CONCURRENT_MESSAGES messages (default 8) are processed at once, and at most one per
  sender (the REST `sender`, the socket.io conversation): Rasa processes a conversation's messages one
  after the other anyway, a second one would only hold a slot while it waits for the conversation's lock.
- Waiting messages are served round-robin over senders (`FairQueue`): a sender that was just served
  goes to the back, so one chatty sender cannot starve the others.
- A message that waits longer than BOT_QUEUE_TIMEOUT_SECONDS (default 5) is not processed: the user
  gets BUSY at once instead of a reply after half a minute.
- Each sender may send BOT_RATE_LIMIT_MESSAGES (default 10) per BOT_RATE_LIMIT_SECONDS (default 10) on
  one instance (a token bucket); past it the user gets RATE_LIMITED. 0 messages switches it off.
Both are per instance (in memory): with N instances behind a balancer a sender may reach N times the rate.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Callable, Hashable
from typing import Any, Generic, TypeVar

from bot import settings
from bot.answers import apologies

logger = logging.getLogger(__name__)

BUSY = apologies.BUSY
RATE_LIMITED = apologies.RATE_LIMITED
BUSY_RETRY_AFTER_SECONDS = 60

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


class Busy(Exception):
    """No slot within the queue timeout."""


class FairQueue(Generic[K, T]):
    """Items queued per key, taken round-robin over the keys: after a key is served it goes to the back."""

    def __init__(self) -> None:
        self._queues: OrderedDict[K, deque[T]] = OrderedDict()

    def __len__(self) -> int:
        return sum(len(q) for q in self._queues.values())

    def push(self, key: K, item: T) -> None:
        self._queues.setdefault(key, deque()).append(item)

    def remove(self, key: K, item: T) -> bool:
        queue = self._queues.get(key)
        if queue is None or item not in queue:
            return False
        queue.remove(item)
        if not queue:
            del self._queues[key]
        return True

    def pop(self, eligible: Callable[[K], bool] = lambda _: True) -> tuple[K, T] | None:
        """The oldest item of the first eligible key in round-robin order, or None."""
        for key in list(self._queues):
            if not eligible(key):
                continue
            queue = self._queues.pop(key)
            item = queue.popleft()
            if queue:
                self._queues[key] = queue  # back of the line
            return key, item
        return None


Scheduler = Callable[[float, Callable[[], None]], Any]


class FairGate:
    """At most `limit` holders at once, at most one per conversation; waiters served by FairQueue."""

    def __init__(self, limit: int, timeout: float, call_later: Scheduler | None = None) -> None:
        self.limit, self.timeout = max(1, limit), timeout
        self._call_later = call_later
        self._active: set = set()
        self._waiting: FairQueue[str, asyncio.Future] = FairQueue()

    @property
    def active(self) -> int:
        return len(self._active)

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def _free_for(self, conversation_id: str) -> bool:
        return len(self._active) < self.limit and conversation_id not in self._active

    async def acquire(self, conversation_id: str) -> None:
        if self._free_for(conversation_id):
            self._active.add(conversation_id)
            return
        if self.timeout <= 0:
            raise Busy()
        granted: asyncio.Future = asyncio.get_running_loop().create_future()
        self._waiting.push(conversation_id, granted)
        schedule = self._call_later or asyncio.get_running_loop().call_later
        timer = schedule(self.timeout, lambda: self._expire(conversation_id, granted))
        try:
            await granted
        except asyncio.CancelledError:
            if granted.done() and not granted.cancelled() and granted.exception() is None:
                self.release(conversation_id)  # granted just as the caller went away
            else:
                self._waiting.remove(conversation_id, granted)
            raise
        finally:
            if hasattr(timer, "cancel"):
                timer.cancel()

    def _expire(self, conversation_id: str, granted: asyncio.Future) -> None:
        if not granted.done() and self._waiting.remove(conversation_id, granted):
            granted.set_exception(Busy())

    def release(self, conversation_id: str) -> None:
        self._active.discard(conversation_id)
        while len(self._active) < self.limit:
            taken = self._waiting.pop(lambda key: key not in self._active)
            if taken is None:
                return
            key, granted = taken
            if granted.done():
                continue
            self._active.add(key)
            granted.set_result(None)

    @contextlib.asynccontextmanager
    async def slot(self, conversation_id: str) -> AsyncIterator[None]:
        await self.acquire(conversation_id)
        try:
            yield
        finally:
            self.release(conversation_id)


class RateLimiter:
    """A token bucket per sender: `capacity` messages, refilled at capacity/per_seconds per second."""

    PRUNE_EVERY = 1000

    def __init__(self, capacity: int, per_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity, self.per_seconds, self.clock = capacity, per_seconds, clock
        self._buckets: dict[str, tuple[float, float]] = {}  # sender -> (tokens, at)
        self._calls = 0

    @property
    def enabled(self) -> bool:
        return self.capacity > 0 and self.per_seconds > 0

    def _tokens(self, sender: str, now: float) -> float:
        tokens, at = self._buckets.get(sender, (float(self.capacity), now))
        return min(float(self.capacity), tokens + (now - at) * self.capacity / self.per_seconds)

    def wait_seconds(self, sender: str) -> float:
        """0 and one token taken when the sender may send now; else the seconds until it may."""
        if not self.enabled:
            return 0.0
        now = self.clock()
        self._prune(now)
        tokens = self._tokens(sender, now)
        if tokens >= 1:
            self._buckets[sender] = (tokens - 1, now)
            return 0.0
        self._buckets[sender] = (tokens, now)
        return (1 - tokens) * self.per_seconds / self.capacity

    def _prune(self, now: float) -> None:
        """Forget full buckets now and then, so the table stays as small as the active senders."""
        self._calls += 1
        if self._calls % self.PRUNE_EVERY:
            return
        for sender in [s for s in self._buckets if self._tokens(s, now) >= self.capacity]:
            del self._buckets[sender]

    def __len__(self) -> int:
        return len(self._buckets)


def retry_after_header(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))


def configured_gate() -> FairGate:
    """A gate as configured (BOT_MAX_CONCURRENT_MESSAGES, BOT_QUEUE_TIMEOUT_SECONDS); the runtime keeps one."""
    config = settings.current()
    return FairGate(config.max_concurrent_messages, config.queue_timeout_seconds)


def configured_rate_limiter() -> RateLimiter:
    """A rate limiter as configured (BOT_RATE_LIMIT_MESSAGES per BOT_RATE_LIMIT_SECONDS); the runtime keeps one."""
    config = settings.current()
    return RateLimiter(config.rate_limit_messages, config.rate_limit_seconds)

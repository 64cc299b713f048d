"""Console events (new messages, queue changes) for every console, whichever instance it is connected to.

`subscribe()` gives a queue of the events; `publish(event)` sends one to every subscriber. Without
BOT_REDIS_URL the subscribers are those of this process (the embedded set-up). With it, events go
through Redis pub/sub on the channel `<BOT_REDIS_PREFIX>:events` (JSON), in the order they were
published, and each instance hands them to its own subscribers (its consoles' event streams); an
event published while Redis is away reaches this instance's consoles only (logged).

`await bus.close()` (the runtime's stop listener, bot/runtime.py) ends the Redis loops of the running
event loop: cancelled and awaited, their subscription closed. An event published on that loop later
(a request still finishing while the server stops) reaches this process's subscribers only; on
another loop the bus starts afresh.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from bot.cluster import aio_redis, config

logger = logging.getLogger(__name__)
QUEUE_SIZE = 500


class LocalBus:
    """The subscribers of this process."""

    def __init__(self) -> None:
        self._listeners: set[asyncio.Queue] = set()

    def subscribe(self) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue(maxsize=QUEUE_SIZE)
        self._listeners.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        self._listeners.discard(queue)

    async def ready(self) -> None:
        """Returns once events published from now on reach this process's subscribers."""

    def publish(self, event: dict[str, Any]) -> None:
        self.deliver(event)

    def deliver(self, event: dict[str, Any]) -> None:
        for queue in list(self._listeners):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:  # a stream that stopped reading: it is dropped
                self._listeners.discard(queue)

    async def close(self) -> None:
        """Nothing runs in the background without Redis."""


class RedisBus(LocalBus):
    """Events through Redis pub/sub; started lazily on the running loop (again on a new loop)."""

    def __init__(self) -> None:
        super().__init__()
        self.channel = config.key("events")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._outbox: asyncio.Queue | None = None
        self._subscribed: asyncio.Event | None = None
        self._tasks: tuple[asyncio.Task, ...] = ()
        self._closed_loop: asyncio.AbstractEventLoop | None = None  # close() ran on it: local delivery only

    @property
    def running(self) -> bool:
        return any(not task.done() for task in self._tasks)

    def _closed(self) -> bool:
        return self._closed_loop is asyncio.get_running_loop()

    def _ensure_started(self) -> tuple[asyncio.Queue, asyncio.Event]:
        """The outbox and the 'subscribed' flag of the running loop (tasks started on first use)."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._outbox is None or self._subscribed is None:
            self._closed_loop = None
            self._loop, self._outbox, self._subscribed = loop, asyncio.Queue(), asyncio.Event()
            # kept here: the loop holds only weak references to its tasks
            self._tasks = (
                loop.create_task(self._send_loop(self._outbox), name="console-events:send"),
                loop.create_task(self._listen_loop(self._subscribed), name="console-events:listen"),
            )
        return self._outbox, self._subscribed

    def subscribe(self) -> asyncio.Queue:
        if not self._closed():
            self._ensure_started()
        return super().subscribe()

    async def ready(self) -> None:
        if self._closed():
            return
        _, subscribed = self._ensure_started()
        try:
            await asyncio.wait_for(subscribed.wait(), aio_redis.TIMEOUT * 2)
        except asyncio.TimeoutError:
            logger.warning("console events: Redis subscription not ready")

    def publish(self, event: dict[str, Any]) -> None:
        if self._closed():
            self.deliver(event)
            return
        outbox, _ = self._ensure_started()
        outbox.put_nowait(event)

    async def close(self) -> None:
        """Ends the loops of the running event loop (cancelled and awaited; the listener closes its
        subscription). Events still in the outbox reach this process's subscribers only."""
        loop = asyncio.get_running_loop()
        self._closed_loop = loop
        if self._loop is not loop:
            return
        tasks, outbox = self._tasks, self._outbox
        self._loop, self._outbox, self._subscribed, self._tasks = None, None, None, ()
        for task in tasks:
            task.cancel()
        for result in await asyncio.gather(*tasks, return_exceptions=True):
            if isinstance(result, Exception):
                logger.error("console events: a Redis loop ended with %r", result)
        while outbox is not None and not outbox.empty():
            self.deliver(outbox.get_nowait())

    async def _send_loop(self, outbox: asyncio.Queue) -> None:
        while True:
            event = await outbox.get()
            try:
                await aio_redis.client().publish(self.channel, json.dumps(event, ensure_ascii=False))
            except Exception:
                logger.exception("console event not shared through Redis; this instance's consoles only")
                self.deliver(event)

    async def _listen_loop(self, subscribed: asyncio.Event) -> None:
        pause = 0.2
        while True:
            pubsub = aio_redis.client().pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel)
                subscribed.set()
                pause = 0.2
                while True:
                    message = await pubsub.get_message(timeout=5.0)
                    if message and message.get("type") == "message":
                        try:
                            self.deliver(json.loads(message["data"]))
                        except ValueError:
                            logger.warning("console events: a message that is no JSON was ignored")
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("console events: Redis subscription lost; subscribing again", exc_info=True)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 5.0)
            finally:
                try:
                    await pubsub.close()
                except Exception:
                    pass


def events_bus() -> LocalBus:
    """A new bus as configured (the relay keeps one per process)."""
    return RedisBus() if config.redis_url() else LocalBus()

"""Whether a conversation's user is connected over socket.io on any instance.

The relay marks an agent message as pushed only when someone is connected; otherwise a REST user
gets it with their next reply. Without BOT_REDIS_URL the socket.io rooms of this process answer.
With it, each instance keeps its connections in a Redis sorted set per conversation
(`<BOT_REDIS_PREFIX>:presence:<conversation>`, member `<instance>:<sid>`, score = expiry), renewed
every RENEW seconds while connected; a killed instance's entries expire within TTL seconds (a user
who reconnects meanwhile gets any message in the conversation history).

`await presence.close()` (when the server stops, bot/runtime.py) cancels and awaits the renewer; the
entries of this instance then expire within TTL seconds, as a killed instance's do.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from bot.cluster import aio_redis, config

logger = logging.getLogger(__name__)
TTL, RENEW = 60.0, 20.0


class LocalPresence:
    def __init__(self, in_room: Callable[[str], bool]) -> None:
        self.in_room = in_room

    async def enter(self, conversation_id: str, sid: str) -> None:
        pass

    async def leave(self, conversation_id: str, sid: str) -> None:
        pass

    async def connected(self, conversation_id: str) -> bool:
        return self.in_room(conversation_id)

    async def close(self) -> None:
        """Nothing runs in the background without Redis."""


class RedisPresence(LocalPresence):
    def __init__(self, in_room: Callable[[str], bool]) -> None:
        super().__init__(in_room)
        self.mine: set[tuple[str, str]] = set()
        self._renewer: asyncio.Task | None = None
        self._closed_loop: asyncio.AbstractEventLoop | None = None  # close() ran on it: no renewer any more

    @staticmethod
    def _key(conversation_id: str) -> str:
        return config.key("presence", conversation_id)

    @staticmethod
    def _member(sid: str) -> str:
        return f"{config.instance_id()}:{sid}"

    async def enter(self, conversation_id: str, sid: str) -> None:
        self.mine.add((conversation_id, sid))
        await self._write(conversation_id, sid)
        loop = asyncio.get_running_loop()
        if (self._renewer is None or self._renewer.done()) and self._closed_loop is not loop:
            self._renewer = loop.create_task(self._renew(), name="presence:renew")

    async def leave(self, conversation_id: str, sid: str) -> None:
        self.mine.discard((conversation_id, sid))
        try:
            await aio_redis.client().zrem(self._key(conversation_id), self._member(sid))
        except Exception:
            logger.warning("presence: could not remove a connection (it expires by itself)", exc_info=True)

    async def connected(self, conversation_id: str) -> bool:
        if self.in_room(conversation_id):
            return True
        try:
            return bool(await aio_redis.client().zcount(self._key(conversation_id), time.time(), "+inf"))
        except Exception:
            logger.warning("presence: Redis not reachable; counted as not connected", exc_info=True)
            return False

    async def _write(self, conversation_id: str, sid: str) -> None:
        key, now = self._key(conversation_id), time.time()
        try:
            red = aio_redis.client()
            await red.zadd(key, {self._member(sid): now + TTL})
            await red.zremrangebyscore(key, "-inf", now)
            await red.expire(key, int(TTL) + 5)
        except Exception:
            logger.warning("presence: could not record a connection", exc_info=True)

    async def close(self) -> None:
        """Stops renewing this instance's entries (the renewer cancelled and awaited)."""
        self._closed_loop = asyncio.get_running_loop()
        renewer, self._renewer = self._renewer, None
        if renewer is None:
            return
        renewer.cancel()
        results: list[BaseException | None] = await asyncio.gather(renewer, return_exceptions=True)
        for result in results:
            if isinstance(result, Exception):
                logger.error("presence: the renewer had ended with %r", result)

    async def _renew(self) -> None:
        while self.mine:
            await asyncio.sleep(RENEW)
            for conversation_id, sid in list(self.mine):
                await self._write(conversation_id, sid)


def presence(in_room: Callable[[str], bool]) -> LocalPresence:
    return RedisPresence(in_room) if config.redis_url() else LocalPresence(in_room)

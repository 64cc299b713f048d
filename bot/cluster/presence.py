"""Whether a conversation's user is connected over socket.io on any instance.

The relay marks an agent message as pushed only when someone is connected; otherwise a REST user
gets it with their next reply. Without BOT_REDIS_URL the socket.io rooms of this process answer.
With it, each instance keeps its connections in a Redis sorted set per conversation
(`<BOT_REDIS_PREFIX>:presence:<conversation>`, member `<instance>:<sid>`, score = expiry), renewed
every RENEW seconds while connected; a killed instance's entries expire within TTL seconds (a user
who reconnects meanwhile gets any message in the conversation history).
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


class RedisPresence(LocalPresence):
    def __init__(self, in_room: Callable[[str], bool]) -> None:
        super().__init__(in_room)
        self.mine: set[tuple[str, str]] = set()
        self._renewer: asyncio.Task | None = None

    @staticmethod
    def _key(conversation_id: str) -> str:
        return config.key("presence", conversation_id)

    @staticmethod
    def _member(sid: str) -> str:
        return f"{config.instance_id()}:{sid}"

    async def enter(self, conversation_id: str, sid: str) -> None:
        self.mine.add((conversation_id, sid))
        await self._write(conversation_id, sid)
        if self._renewer is None or self._renewer.done():
            self._renewer = asyncio.get_running_loop().create_task(self._renew())

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

    async def _renew(self) -> None:
        while self.mine:
            await asyncio.sleep(RENEW)
            for conversation_id, sid in list(self.mine):
                await self._write(conversation_id, sid)


def presence(in_room: Callable[[str], bool]) -> LocalPresence:
    return RedisPresence(in_room) if config.redis_url() else LocalPresence(in_room)

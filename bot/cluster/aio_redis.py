"""One asyncio Redis client per event loop (redis-py's asyncio client, as python-socketio uses it), closed
by `close()` when the server stops (bot/runtime.py)."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.cluster import config

TIMEOUT = 2.0
_clients: dict[int, Any] = {}


def client() -> Any:
    """The client of the running loop on BOT_REDIS_URL (a loop closed since drops its own)."""
    from redis import asyncio as aioredis

    loop = asyncio.get_running_loop()
    for loop_id in [i for i, (owner, _) in _clients.items() if owner.is_closed()]:
        del _clients[loop_id]
    entry = _clients.get(id(loop))
    if entry is None or entry[0] is not loop:
        entry = (
            loop,
            aioredis.Redis.from_url(config.redis_url(), socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT),
        )
        _clients[id(loop)] = entry
    return entry[1]


async def close() -> None:
    """Closes the running loop's client and its connections (when the server stops); a later call of
    `client()` on this loop opens a new one."""
    loop = asyncio.get_running_loop()
    entry = _clients.get(id(loop))
    if entry is None or entry[0] is not loop:
        return
    del _clients[id(loop)]
    await entry[1].close(close_connection_pool=True)

"""socket.io across instances: python-socketio's Redis manager, websocket transport only.

With BOT_REDIS_URL every instance's socket.io server shares its emits through Redis (channel
`<BOT_REDIS_PREFIX>:socketio`): an agent message sent on one instance reaches the user's socket on
another. Without sticky sessions the long-polling transport cannot work (its requests of one
connection would land on different instances), so the server then accepts websocket only; the
widget tries websocket first. Without BOT_REDIS_URL: python-socketio's defaults (in-process).

python-socketio's Redis manager pickles its messages: Redis must be reachable by the instances only.
`close_manager(sio.manager)` (when the server stops) ends its listening task and closes its connections;
python-socketio has no call for that.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from bot.cluster import config

logger = logging.getLogger(__name__)


def server_options() -> dict[str, Any]:
    """Extra keyword arguments for socketio.AsyncServer."""
    url = config.redis_url()
    if not url:
        return {}
    from socketio import AsyncRedisManager

    manager = AsyncRedisManager(
        url, channel=config.key("socketio"), redis_options={"socket_connect_timeout": 2, "health_check_interval": 30}
    )
    return {"client_manager": manager, "transports": ["websocket"]}


async def close_manager(manager: Any) -> None:
    """Ends the Redis manager's listening task (cancelled and awaited) and closes its subscription and
    client; nothing for python-socketio's in-process manager."""
    task = getattr(manager, "thread", None)  # AsyncPubSubManager.initialize() keeps its listener here
    if isinstance(task, asyncio.Future) and not task.done():
        task.cancel()
        for result in await asyncio.gather(task, return_exceptions=True):
            if isinstance(result, Exception):
                logger.error("socket.io: the Redis listener had ended with %r", result)
    for name in ("pubsub", "redis"):
        connection = getattr(manager, name, None)
        if connection is not None:
            try:
                await connection.close()
            except Exception:
                logger.warning("socket.io: closing the Redis %s failed", name, exc_info=True)

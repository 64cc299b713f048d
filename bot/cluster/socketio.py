"""socket.io across instances: python-socketio's Redis manager, websocket transport only.

With BOT_REDIS_URL every instance's socket.io server shares its emits through Redis (channel
`<BOT_REDIS_PREFIX>:socketio`): an agent message sent on one instance reaches the user's socket on
another. Without sticky sessions the long-polling transport cannot work (its requests of one
connection would land on different instances), so the server then accepts websocket only; the
widget tries websocket first. Without BOT_REDIS_URL: python-socketio's defaults (in-process).

python-socketio's Redis manager pickles its messages: Redis must be reachable by the instances only.
"""

from __future__ import annotations

from typing import Any

from bot.cluster import config


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

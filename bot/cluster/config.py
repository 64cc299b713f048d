"""Where the instances meet: BOT_REDIS_URL (none: one instance, everything in-process) and the key prefix.

- BOT_REDIS_URL, e.g. redis://127.0.0.1:6379/0: the socket.io client manager, console events, pushes
  to users, presence, job leadership and the conversation lock store all use it.
- BOT_REDIS_PREFIX (default `bolt`): prefix of every key and channel, so that several deployments
  (or test runs) share one Redis server without seeing each other.
"""

from __future__ import annotations

import os
import socket
import uuid

from bot import settings

_INSTANCE = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def redis_url() -> str | None:
    """BOT_REDIS_URL, or None for the embedded one-instance set-up."""
    return settings.current().redis_url


def prefix() -> str:
    """BOT_REDIS_PREFIX: letters, digits, '-' and '_' (default `bolt`)."""
    return settings.current().redis_prefix


def key(*parts: str) -> str:
    return ":".join([prefix(), *parts])


def instance_id() -> str:
    """This process, as it names itself in Redis (job leadership, presence)."""
    return _INSTANCE

"""Password hashing for agents: PBKDF2-SHA256 from the standard library, constant-time check.

Hashing is slow on purpose (about 0.2 s), so it runs in its own small thread pool (`in_hash_pool`),
never in the server's shared one: a flood of logins then waits for the pool instead of delaying every
chat reply. A login that does not exist is checked against a dummy hash, so it takes as long as a
wrong password (no login enumeration by timing).
"""

from __future__ import annotations

import asyncio
import base64
import functools
import hashlib
import hmac
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from bot import settings

ITERATIONS = 240_000
T = TypeVar("T")


def hash_password(password: str) -> str:
    if not password or len(password) < 8:
        raise ValueError("het wachtwoord moet minstens 8 tekens hebben")
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ITERATIONS)
    return f"pbkdf2_sha256${ITERATIONS}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        algorithm, iterations, salt, digest = stored.split("$")
    except ValueError:
        return False
    if algorithm != "pbkdf2_sha256":
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    return hmac.compare_digest(candidate, base64.b64decode(digest))


@functools.lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash of a random password, checked for unknown logins (same cost as a real check)."""
    return hash_password(secrets.token_urlsafe(24))


@functools.lru_cache(maxsize=1)
def hash_pool() -> ThreadPoolExecutor:
    workers = settings.current().password_hash_workers  # BOT_PASSWORD_HASH_WORKERS (Settings.password_hash_workers)
    return ThreadPoolExecutor(max_workers=workers, thread_name_prefix="password-hash")


async def in_hash_pool(fn: Callable[..., T], *args: Any) -> T:
    """Run fn(*args) in the password-hashing pool."""
    return await asyncio.get_running_loop().run_in_executor(hash_pool(), functools.partial(fn, *args))

"""GET /health on the Rasa server: the database, Redis and the action server, each checked with its own
short timeout, never blocking the event loop (issue 15).

    {"status": "ok" | "degraded",
     "database": {"status": "ok", "latency_ms": 1.2, "tracker": {...}, "tickets": {...}},
     "redis": {"status": "ok", "latency_ms": 0.4} | "not configured",
     "action_server": {"status": "ok", "latency_ms": 3.1}}

HTTP 200 when every check is ok, 503 otherwise; a failed check carries a short `error` (never a
password). The database checks run `SELECT 1` in their own small thread pool on their own engines
(with bot.stores.database's timeouts): a stalled database makes them time out, and no other work waits
for them; their connections are closed when the server stops (`close`, run by bot/runtime.py). Like
`GET /`, it names no versions and needs no token.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import sqlalchemy as sa

from bot import settings

CHECK_TIMEOUT_SECONDS = 2.0
_executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="health")
Check = dict[str, Any]
_engines: dict[str, sa.engine.Engine] = {}


def _engine(url: str) -> sa.engine.Engine:
    engine = _engines.get(url)
    if engine is None:
        from bot.stores.database import make_engine

        engine = _engines.setdefault(url, make_engine(url))
    return engine


async def close() -> None:
    """Closes the checks' database connections (a later check opens new ones)."""
    for engine in list(_engines.values()):
        engine.dispose()


def _select_one(url: str) -> None:
    with _engine(url).connect() as connection:
        connection.execute(sa.text("SELECT 1"))


def short_error(error: BaseException) -> str:
    if isinstance(error, asyncio.TimeoutError):
        return f"no answer within {CHECK_TIMEOUT_SECONDS:g} s"
    text = str(getattr(error, "orig", None) or error).strip().splitlines()
    return f"{type(error).__name__}: {text[0][:200] if text else ''}".rstrip(": ")


async def timed(check: Callable[[], Awaitable[Any]], timeout: float = CHECK_TIMEOUT_SECONDS) -> Check:
    started = time.perf_counter()
    try:
        await asyncio.wait_for(check(), timeout)
        result: Check = {"status": "ok"}
    except Exception as error:  # every failure is a result, never an exception of the endpoint
        result = {"status": "error", "error": short_error(error)}
    result["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


async def check_database(url: str) -> Check:
    loop = asyncio.get_running_loop()
    return await timed(lambda: loop.run_in_executor(_executor, _select_one, url))


async def check_databases(tracker_url: str, tickets_url: str) -> Check:
    if tracker_url == tickets_url:
        return await check_database(tracker_url)
    tracker, tickets = await asyncio.gather(check_database(tracker_url), check_database(tickets_url))
    status = "ok" if tracker["status"] == tickets["status"] == "ok" else "error"
    return {
        "status": status,
        "latency_ms": max(tracker["latency_ms"], tickets["latency_ms"]),
        "tracker": tracker,
        "tickets": tickets,
    }


async def check_redis(url: str | None) -> Any:
    if not url:
        return "not configured"

    async def ping() -> None:
        from redis import asyncio as aioredis

        client = aioredis.Redis.from_url(
            url, socket_timeout=CHECK_TIMEOUT_SECONDS, socket_connect_timeout=CHECK_TIMEOUT_SECONDS
        )
        try:
            await client.ping()
        finally:
            await client.close()

    return await timed(ping)


def action_health_url(webhook_url: str) -> str:
    base = webhook_url.rstrip("/")
    return (base[: -len("/webhook")] if base.endswith("/webhook") else base) + "/health"


async def check_action_server(webhook_url: str) -> Check:
    async def get() -> None:
        import aiohttp

        timeout = aiohttp.ClientTimeout(total=CHECK_TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(action_health_url(webhook_url)) as response:
                if response.status != 200:
                    raise RuntimeError(f"HTTP {response.status}")

    return await timed(get)


def _tracker_url(app: Any) -> str:
    store = getattr(getattr(app.ctx, "agent", None), "tracker_store", None)
    engine = getattr(store, "engine", None)
    if engine is not None:
        return engine.url.render_as_string(hide_password=False)
    return settings.tracker_db_url()


def _actions_url(app: Any) -> str:
    endpoint = getattr(getattr(app.ctx, "agent", None), "action_endpoint", None)
    return getattr(endpoint, "url", None) or settings.actions_url()


async def report(app: Any) -> dict[str, Any]:
    from bot.cluster.config import redis_url

    database, redis, actions = await asyncio.gather(
        check_databases(_tracker_url(app), settings.tickets_db_url()),
        check_redis(redis_url()),
        check_action_server(_actions_url(app)),
    )
    healthy = all(c == "not configured" or c["status"] == "ok" for c in (database, redis, actions))
    return {"status": "ok" if healthy else "degraded", "database": database, "redis": redis, "action_server": actions}


def install(app: Any) -> None:
    """Adds GET /health to the Sanic app (idempotent)."""
    if getattr(app.ctx, "bolt_health", False):
        return
    app.ctx.bolt_health = True
    from sanic import response

    from bot.runtime import add_closer

    add_closer(app, close)  # when the server stops (bot/runtime.py)

    async def health(request: Any) -> Any:
        body = await report(request.app)
        return response.json(body, status=200 if body["status"] == "ok" else 503)

    app.add_route(health, "/health", methods=["GET"], name="bolt_health")

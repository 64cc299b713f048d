"""GET /health's report: each check with its own result and latency; degraded (503) when one fails."""

import asyncio
from types import SimpleNamespace

from aiohttp import web

from bot import health
from bot.testing.servers import free_port


def app_without_agent():
    return SimpleNamespace(ctx=SimpleNamespace())


async def action_server():
    app = web.Application()
    app.router.add_get("/health", lambda _: web.json_response({"status": "ok"}))
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, f"http://127.0.0.1:{port}/webhook"


async def test_all_ok(tmp_path, monkeypatch):
    runner, url = await action_server()
    monkeypatch.setenv("BOT_TRACKER_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    monkeypatch.setenv("BOT_DB_URL", f"sqlite:///{tmp_path / 'bolt.db'}")
    monkeypatch.setenv("BOT_ACTIONS_URL", url)
    monkeypatch.delenv("BOT_REDIS_URL", raising=False)
    try:
        report = await health.report(app_without_agent())
    finally:
        await runner.cleanup()
    assert report["status"] == "ok" and report["redis"] == "not configured"
    assert report["database"]["tracker"]["status"] == report["database"]["tickets"]["status"] == "ok"
    assert report["action_server"]["status"] == "ok" and report["action_server"]["latency_ms"] >= 0


async def test_each_failure_is_reported_not_raised(tmp_path, monkeypatch):
    monkeypatch.setenv("BOT_TRACKER_DB_URL", "postgresql://postgres:geheim@127.0.0.1:1/none")
    monkeypatch.setenv("BOT_DB_URL", "postgresql://postgres:geheim@127.0.0.1:1/none")
    monkeypatch.setenv("BOT_ACTIONS_URL", f"http://127.0.0.1:{free_port()}/webhook")  # nothing listens
    monkeypatch.setenv("BOT_REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    report = await health.report(app_without_agent())
    assert report["status"] == "degraded"
    for name in ("database", "redis", "action_server"):
        assert report[name]["status"] == "error" and report[name]["error"], (name, report)
    assert "geheim" not in str(report)


async def test_a_check_that_hangs_times_out(monkeypatch):
    monkeypatch.setattr(health, "CHECK_TIMEOUT_SECONDS", 0.2)

    async def hangs():
        await asyncio.Event().wait()

    result = await health.timed(hangs, timeout=0.2)
    assert result["status"] == "error" and "no answer" in result["error"]


def test_the_action_servers_health_url():
    assert health.action_health_url("http://127.0.0.1:5055/webhook") == "http://127.0.0.1:5055/health"


async def test_the_checks_connections_are_closed_when_the_server_stops(tmp_path):
    from sanic import Sanic

    app = Sanic("bolt_health_close_test")
    health.install(app)
    assert health.close in app.ctx.bolt_closers  # Runtime.close() runs it (bot/runtime.py)
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    assert (await health.check_database(url))["status"] == "ok"
    engine = health._engine(url)
    pool = engine.pool
    await health.close()
    assert engine.pool is not pool  # disposed: the old pool and its connections are gone
    assert (await health.check_database(url))["status"] == "ok"  # a later check connects again

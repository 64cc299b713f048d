"""Operations noise (QA finding 14): a widget that leaves logs no ERROR with a traceback, and the server
serves /favicon.ico, so pages show no 404 in the browser's console."""

import asyncio

import httpx
import pytest

from tests.e2e.sio_client import Widget

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def server_log(bot) -> str:
    return "\n".join(p.read_text(errors="replace") for p in sorted(bot.log_dir.glob("*.log")))


def test_a_widget_disconnect_logs_no_error(bot):
    async def visit():
        widget = Widget(bot.url)
        await widget.connect()
        await widget.say("hallo")
        await widget.close()  # waits for the server's close frame: its handler has returned after that

    before = server_log(bot).count("Invalid response type")
    for _ in range(3):
        asyncio.run(visit())
    # a request after the disconnects: the server has finished with the closed sockets by then
    assert bot.ask("ops-after-disconnect", "hallo")
    log = server_log(bot)
    assert log.count("Invalid response type") == before, log[-3000:]
    assert "sanic.exceptions.ServerError" not in log


def test_the_server_serves_a_favicon(bot):
    icon = httpx.get(f"{bot.url}/favicon.ico", timeout=10)
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml") and b"<svg" in icon.content

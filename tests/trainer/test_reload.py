"""`reload` honours BOT_PORT, and the action server re-reads the help content without a restart (19.7)."""

import os
import subprocess
import sys
import time

import httpx
import pytest

from bot.kb import loader
from bot.testing.servers import ROOT, TEST_API_TOKEN, bolt_env, free_port
from bot.trainer.action_server_kb import reload_help_content
from bot.trainer.fingerprint import sha256


def test_reload_uses_bot_port_and_bot_actions_port(tmp_path):
    port = free_port()  # nothing listens there: the error names the address it tried
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "BOT_PORT": str(port), "BOT_API_TOKEN": TEST_API_TOKEN}
    result = subprocess.run([sys.executable, "-m", "bot", "reload"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode == 1 and f"Rasa-server niet bereikbaar op http://127.0.0.1:{port}" in result.stderr
    from bot.trainer.servers import actions_url, rasa_url

    os.environ["BOT_ACTIONS_PORT"], previous = "6123", os.environ.get("BOT_ACTIONS_PORT")
    try:
        assert actions_url() == "http://127.0.0.1:6123"
    finally:
        os.environ.pop("BOT_ACTIONS_PORT") if previous is None else os.environ.update(BOT_ACTIONS_PORT=previous)
    assert rasa_url().startswith("http://127.0.0.1:")


@pytest.fixture
def help_content(tmp_path, monkeypatch):
    path = tmp_path / "support.yml"
    path.write_text(loader.DEFAULT_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(loader, "DEFAULT_PATH", path)
    loader.default_knowledge_base.cache_clear()
    yield path
    monkeypatch.undo()
    loader.default_knowledge_base.cache_clear()


def test_the_action_server_rereads_the_help_content_and_keeps_it_on_a_broken_edit(help_content):
    assert "dld" not in loader.default_knowledge_base().aliases()["country"]["duitsland"]
    help_content.write_text(help_content.read_text().replace('"germany"', '"germany", "dld"', 1))
    assert "dld" not in loader.default_knowledge_base().aliases()["country"]["duitsland"]  # cached until reloaded
    status, body = reload_help_content()
    assert status == 200 and body["kb_sha256"] == sha256(help_content)
    assert "dld" in loader.default_knowledge_base().aliases()["country"]["duitsland"]
    help_content.write_text("plans: {}\n")
    status, body = reload_help_content()
    assert status == 400 and "de oude blijft in gebruik" in body["error"]
    assert "dld" in loader.default_knowledge_base().aliases()["country"]["duitsland"]


@pytest.mark.slow
def test_the_real_action_server_has_the_reload_route(tmp_path):
    port = free_port()
    log = open(tmp_path / "actions.log", "wb")
    env = bolt_env(tmp_path)
    # as `make run` starts it: migrate first (the server refuses an unmigrated tickets database), then the
    # action server (bot.actions_server keeps rasa_sdk's plugins)
    subprocess.run([sys.executable, "-m", "bot", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "bot.actions_server", "--port", str(port), "--actions", "actions"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None, (tmp_path / "actions.log").read_text()
            try:
                if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "action server did not start"
            time.sleep(0.3)
        assert httpx.post(f"{url}/kb/reload", params={"token": "wrong"}, timeout=30).status_code == 401
        response = httpx.post(f"{url}/kb/reload", params={"token": TEST_API_TOKEN}, timeout=60)
        assert response.status_code == 200 and response.json()["kb_sha256"] == sha256(loader.DEFAULT_PATH)
        from bot.trainer.servers import reload_help_content as ask

        assert ask(url, TEST_API_TOKEN).ok
    finally:
        server.terminate()
        server.wait(timeout=30)

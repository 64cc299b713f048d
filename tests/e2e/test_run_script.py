"""`make run`'s start script (scripts/run.sh) as a second instance on other ports (issue 13.8), with the
API token off every command line (13.9) and both servers on loopback only (13.3)."""

import contextlib
import os
import signal
import subprocess
import uuid
from pathlib import Path

import httpx
import pytest

from bot.testing.servers import MODEL, ROOT, RunningBot, bolt_env, free_port, wait_until_answering
from tests.e2e.test_action_server import listening_addresses

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def process_tree(root_pid):
    """The pids of a process and all its descendants (from /proc)."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def cmdline(pid):
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    return ""


@contextlib.contextmanager
def run_script(work_dir: Path, env_extra):
    assert MODEL.exists(), "run `make model` first"
    work_dir.mkdir(parents=True, exist_ok=True)
    env = bolt_env(work_dir, {"BOT_DEV_MODE": "1", **env_extra})
    log = open(work_dir / "run.log", "wb")
    proc = subprocess.Popen(
        ["bash", "scripts/run.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    bot = RunningBot(int(env_extra["BOT_PORT"]), work_dir, [proc])
    try:
        wait_until_answering(bot, 300)
        yield bot, proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_run_script_on_other_ports_uses_its_own_action_server_and_hides_the_token(tmp_path):
    port, actions_port = free_port(), free_port()
    token = "run-sh-token-" + uuid.uuid4().hex
    secret = "run-sh-actions-" + uuid.uuid4().hex
    with run_script(
        tmp_path,
        {
            "BOT_PORT": str(port),
            "BOT_ACTIONS_PORT": str(actions_port),
            "BOT_API_TOKEN": token,
            "BOT_ACTIONS_SECRET": secret,
        },
    ) as (bot, proc):
        # 13.8: a custom action answers, so the Rasa server called the action server on BOT_ACTIONS_PORT
        # (with endpoints.yml's old fixed 127.0.0.1:5055 it reached nothing, or someone else's server)
        assert "+81 120427732" in bot.ask(f"run-{uuid.uuid4().hex[:6]}", "Wat is het telefoonnummer van Zoom in Japan?")
        assert "5055" not in (tmp_path / "run.log").read_text(errors="replace")
        # 13.9: the API works with the token, yet no process of the instance has it on its command line
        assert httpx.get(f"{bot.url}/status", params={"token": token}, timeout=30).status_code == 200
        assert httpx.get(f"{bot.url}/status", params={"token": "fout"}, timeout=30).status_code == 401
        pids = process_tree(proc.pid)
        commands = [cmdline(pid) for pid in pids]
        assert any("bot.rasa_server" in c for c in commands) and any("bot.actions_server" in c for c in commands)
        assert not [c for c in commands if token in c or secret in c], commands
        # 13.10: the databases (and SQLite's side files) are readable by their owner only
        files = [f for f in tmp_path.iterdir() if f.name.startswith(("bolt.db", "tracker.db"))]
        assert {"bolt.db", "tracker.db"} <= {f.name for f in files}
        assert {f.name: oct(f.stat().st_mode & 0o777) for f in files} == {f.name: "0o600" for f in files}
        # 13.3: both servers listen on loopback only
        for listening_port in (port, actions_port):
            addresses = listening_addresses(listening_port)
            assert addresses and set(addresses) <= {"0100007F", "00000000000000000000000001000000"}, addresses

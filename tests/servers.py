"""Starts the real Rasa server and action server as subprocesses, for end-to-end tests."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, Iterator, Optional

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "bolt-nl.tar.gz"
TEST_JWT_SECRET = "e2e-secret-" + "k" * 40


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningBot:
    def __init__(self, port: int, log_dir: Path) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log_dir = log_dir

    def send(self, sender: str, message: str, **extra) -> httpx.Response:
        body = {"sender": sender, "message": message, **extra}
        return httpx.post(f"{self.url}/webhooks/rest/webhook", json=body, timeout=60)

    def ask(self, sender: str, message: str, **extra) -> str:
        response = self.send(sender, message, **extra)
        response.raise_for_status()
        return "\n".join(m.get("text", "") for m in response.json())

    def console(self) -> "ConsoleClient":
        return ConsoleClient(self.url)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-4000:] for p in sorted(self.log_dir.glob("*.log")))


def _wait_until_answering(bot: RunningBot, processes, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in processes:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}:\n{bot.logs()}")
        with contextlib.suppress(httpx.HTTPError):
            if bot.send("__readiness__", "hallo").json():
                return
        time.sleep(1)
    raise RuntimeError(f"bot did not answer within {timeout}s:\n{bot.logs()}")


@contextlib.contextmanager
def running_bot(work_dir: Path, env: Optional[Dict[str, str]] = None, timeout: float = 240) -> Iterator[RunningBot]:
    if not MODEL.exists():
        raise RuntimeError(f"{MODEL} is missing: run `make model` (make test does it)")
    work_dir.mkdir(parents=True, exist_ok=True)
    port, actions_port = free_port(), free_port()
    endpoints = work_dir / "endpoints.yml"
    endpoints.write_text(
        (ROOT / "endpoints.yml").read_text().replace("127.0.0.1:5055", f"127.0.0.1:{actions_port}")
    )
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2",
                "BOT_TRACKER_DB_URL": f"sqlite:///{work_dir / 'tracker.db'}",
                "BOT_DB_URL": f"sqlite:///{work_dir / 'bolt.db'}", "BOT_JWT_SECRET": TEST_JWT_SECRET,
                "BOT_ESCALATION_INTERVAL": "1", **(env or {})}
    commands = {
        "actions": [str(BIN / "rasa"), "run", "actions", "--port", str(actions_port), "--actions", "actions"],
        "rasa": [str(BIN / "rasa"), "run", "--port", str(port), "--model", str(MODEL),
                 "--endpoints", str(endpoints), "--credentials", str(ROOT / "credentials.yml")],
    }
    processes = []
    bot = RunningBot(port, work_dir)
    subprocess.run([sys.executable, "-m", "bot", "migrate"], cwd=ROOT, env=full_env, check=True)
    try:
        for name, command in commands.items():
            log = open(work_dir / f"{name}.log", "wb")
            processes.append(subprocess.Popen(command, cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT))
        _wait_until_answering(bot, processes, timeout)
        yield bot
    finally:
        for proc in processes:
            proc.terminate()
        for proc in processes:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


class ConsoleClient:
    """An agent using the console's HTTP API (cookie session + CSRF token)."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=f"{base_url}/console/api", timeout=30)
        self.csrf = ""

    def login(self, login: str, password: str) -> httpx.Response:
        response = self.http.post("/login", json={"login": login, "password": password})
        if response.status_code == 200:
            self.csrf = response.json()["csrf"]
        return response

    def queue(self):
        return self.http.get("/queue").json()

    def ticket(self, ticket_id: int):
        return self.http.get(f"/tickets/{ticket_id}").json()

    def post(self, path: str, **body) -> httpx.Response:
        return self.http.post(path, json=body, headers={"X-CSRF-Token": self.csrf})

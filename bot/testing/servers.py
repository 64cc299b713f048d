"""Starts the real Rasa server and action server as subprocesses (end-to-end tests and benchmarks)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import jwt

from bot.vocabulary import Account, Plan, Role, TicketStatus

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "bolt-nl.tar.gz"
TEST_JWT_SECRET = "e2e-secret-" + "k" * 40
TEST_API_TOKEN = "e2e-api-token-" + "t" * 30
TEST_ACTIONS_SECRET = "e2e-actions-secret-" + "a" * 30
TEST_CONSOLE_SECRET = "e2e-console-secret-" + "c" * 30
# the identity of user_token() unless a test says otherwise: a licensed admin of a Premier Plus business account
USER_CLAIMS: dict[str, Any] = {
    "email": "klant@example.nl",
    "name": "Klaas Klant",
    "account": Account.BUSINESS.value,
    "plan": Plan.PREMIER_PLUS.value,
    "role": Role.ADMIN.value,
    "licensed": True,
}


def user_token(sub: str | None = None, *, secret: str = TEST_JWT_SECRET, lifetime: int = 3600, **claims: Any) -> str:
    """The help centre's signed identity token (HS256) for a test user: USER_CLAIMS with `claims` over them,
    a random `sub` unless given, valid for `lifetime` seconds."""
    payload = {"sub": sub or uuid.uuid4().hex[:8], **USER_CLAIMS, "exp": int(time.time()) + lifetime, **claims}
    return jwt.encode(payload, secret, algorithm="HS256")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningBot:
    def __init__(self, port: int, log_dir: Path, processes: Sequence[subprocess.Popen] = ()) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log_dir = log_dir
        self.processes = list(processes)
        self.secrets: dict[str, str] = {}  # sender -> the conversation secret the server issued (README)
        self.actions_port: int | None = None  # set by running_bot

    def send(self, sender: str, message: str, **extra) -> httpx.Response:
        """Like a REST client that keeps its conversation: sends back the secret it was given."""
        body = {"sender": sender, "message": message, **extra}
        if "conversation_secret" not in body and sender in self.secrets:
            body["conversation_secret"] = self.secrets[sender]
        response = httpx.post(f"{self.url}/webhooks/rest/webhook", json=body, timeout=60)
        issued = response.headers.get("x-conversation-secret")
        if issued and response.headers.get("x-conversation-id") == sender:
            self.secrets[sender] = issued
        return response

    def ask(self, sender: str, message: str, **extra) -> str:
        response = self.send(sender, message, **extra)
        response.raise_for_status()
        return "\n".join(m.get("text", "") for m in response.json())

    def console(self) -> ConsoleClient:
        return ConsoleClient(self.url)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-4000:] for p in sorted(self.log_dir.glob("*.log")))


def start(name: str, command: list[str], work_dir: Path, env: dict[str, str], cwd: Path = ROOT) -> subprocess.Popen:
    log = open(work_dir / f"{name}.log", "wb")
    return subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)


def rasa_command(port: int, model: Path, endpoints: Path | None, credentials: Path) -> list[str]:
    command = [str(BIN / "rasa"), "run", "--port", str(port), "--model", str(model), "--credentials", str(credentials)]
    return command + (["--endpoints", str(endpoints)] if endpoints else [])


def rasa_server_command(port: int, endpoints: Path) -> list[str]:
    """The Rasa server as `make run` starts it: through bot.rasa_server (the launcher passes the API token,
    BOT_API_TOKEN, inside the process), with the trained model and the HTTP API."""
    arguments = rasa_command(port, MODEL, endpoints, ROOT / "credentials.yml")[2:]
    return [sys.executable, "-m", "bot.rasa_server", *arguments, "--enable-api"]


def actions_server_command(port: int) -> list[str]:
    return [sys.executable, "-m", "bot.actions_server", "--port", str(port), "--actions", "actions"]


def wait_until_answering(bot: RunningBot, timeout: float, message: str = "hallo") -> float:
    """Seconds until the bot gave a non-empty reply; raises with the logs if a process died."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        for proc in bot.processes:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}:\n{bot.logs()}")
        with contextlib.suppress(httpx.HTTPError, ValueError):
            if bot.send("__readiness__", message).json():
                return time.monotonic() - started
        time.sleep(0.5)
    raise RuntimeError(f"bot did not answer within {timeout}s:\n{bot.logs()}")


def stop(processes: Sequence[subprocess.Popen]) -> None:
    for proc in processes:
        proc.terminate()
    for proc in processes:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def bolt_env(work_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "BOT_TRACKER_DB_URL": f"sqlite:///{work_dir / 'tracker.db'}",
        "BOT_DB_URL": f"sqlite:///{work_dir / 'bolt.db'}",
        "BOT_JWT_SECRET": TEST_JWT_SECRET,
        "BOT_API_TOKEN": TEST_API_TOKEN,
        "BOT_ESCALATION_INTERVAL": "1",
        "BOT_ACTIONS_SECRET": TEST_ACTIONS_SECRET,
        "BOT_CONSOLE_SECRET": TEST_CONSOLE_SECRET,
        "BOT_RATE_LIMIT_MESSAGES": "0",  # test and bench clients send faster than a person (test_overload sets it)
        **(extra or {}),
    }
    if env.get("BOT_DEV_MODE") == "1" and "BOT_JWT_SECRET" not in (extra or {}):
        # development mode refuses the help centre's secret; it signs with its own development secret
        env.pop("BOT_JWT_SECRET", None)
        env.setdefault("BOT_DEV_JWT_SECRET", TEST_JWT_SECRET)
    return env


def write_endpoints(work_dir: Path, actions_port: int, extra: str = "") -> Path:
    endpoints = work_dir / "endpoints.yml"
    text = (ROOT / "endpoints.yml").read_text().replace("127.0.0.1:5055", f"127.0.0.1:{actions_port}")
    text = text.replace("${BOT_ACTIONS_URL}", f"http://127.0.0.1:{actions_port}/webhook")
    endpoints.write_text(text + extra)
    return endpoints


@contextlib.contextmanager
def running_bot(
    work_dir: Path, env: dict[str, str] | None = None, timeout: float = 240, actions_env: dict[str, str] | None = None
) -> Iterator[RunningBot]:
    """Bolt-NL as `make run` starts it (action server + Rasa server), on throw-away SQLite files; `actions_env`
    is what the action server alone gets besides (the fault tests give it a database URL of its own)."""
    if not MODEL.exists():
        raise RuntimeError(f"{MODEL} is missing: run `make model` (make test does it)")
    work_dir.mkdir(parents=True, exist_ok=True)
    port, actions_port = free_port(), free_port()
    full_env = bolt_env(work_dir, env)
    subprocess.run([sys.executable, "-m", "bot", "migrate"], cwd=ROOT, env=full_env, check=True)
    endpoints = write_endpoints(work_dir, actions_port)
    processes = [
        start("actions", actions_server_command(actions_port), work_dir, {**full_env, **(actions_env or {})}),
        start("rasa", rasa_server_command(port, endpoints), work_dir, full_env),
    ]
    bot = RunningBot(port, work_dir, processes)
    bot.actions_port = actions_port
    try:
        wait_until_answering(bot, timeout)
        yield bot
    finally:
        stop(processes)


def bot_command(bot: RunningBot, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m bot <args>` on this bot's SQLite databases, as an operator runs it; raises if it fails."""
    env = {
        "BOT_DB_URL": f"sqlite:///{bot.log_dir / 'bolt.db'}",
        "BOT_TRACKER_DB_URL": f"sqlite:///{bot.log_dir / 'tracker.db'}",
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, input=stdin, text=True, check=True, capture_output=True
    )


def add_agent(bot: RunningBot, name: str, password: str) -> tuple[str, str]:
    """An agent added with `python -m bot agents add`, as an admin adds one: (the login it printed, password)."""
    added = bot_command(bot, "agents", "add", name, stdin=password + "\n")
    return added.stdout.strip().split(": ")[-1], password


def open_tickets(bot: RunningBot, conversation_prefix: str) -> list[dict[str, Any]]:
    """The queued and assigned tickets of the conversations whose id starts with the prefix
    (`python -m bot tickets list --json`)."""
    listed = json.loads(bot_command(bot, "tickets", "list", "--json").stdout)
    return [
        t
        for t in listed
        if t["conversation_id"].startswith(conversation_prefix)
        and t["status"] in (TicketStatus.QUEUED, TicketStatus.ASSIGNED)
    ]


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

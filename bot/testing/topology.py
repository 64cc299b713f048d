"""The production topology on this machine: nginx (Debian's) in front of two Rasa instances and one
action server, on a throw-away PostgreSQL database and Redis under a key prefix of its own
(docs/deploy.md). Used by tests/topology and bench/failover.py.

nginx runs with deploy/nginx/bolt.conf itself: only the upstream's `server` lines and the `listen`
port are replaced by this run's ports.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import sqlalchemy as sa

from bot.testing.databases import REDIS_URL, temporary_postgres_database
from bot.testing.servers import (
    MODEL,
    ROOT,
    RunningBot,
    actions_server_command,
    bolt_env,
    free_port,
    rasa_server_command,
    start,
    stop,
    wait_until_answering,
    write_endpoints,
)

NGINX_CONF = ROOT / "deploy" / "nginx" / "bolt.conf"
QUESTIONS = [
    "hallo",
    "wat is het telefoonnummer in japan",
    "hoe neem ik een vergadering op",
    "wat kost zoom pro",
    "telefoonnummer duitsland",
    "hoe deel ik mijn scherm",
    "wat is het telefoonnummer in frankrijk",
    "hoe lang mag een vergadering duren",
    "hoe wijzig ik mijn wachtwoord",
    "dank u wel",
]


class NginxMissing(RuntimeError):
    pass


def nginx_binary(install: bool = True) -> str:
    """Debian's nginx; installed with apt when missing (NginxMissing says why it could not be)."""
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)
    if found or not install:
        if not found:
            raise NginxMissing("nginx is not installed")
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    attempts = [
        ["apt-get", "install", "-y", "-qq", "nginx"],
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "nginx"],
    ]
    output = ""
    for command in attempts:
        try:
            result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise NginxMissing(f"nginx is missing and apt could not run: {error}") from error
        output = (result.stdout + result.stderr)[-800:]
        if command[1] == "install" and result.returncode == 0:
            break
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not found:
        raise NginxMissing(f"nginx is missing and `apt-get install -y -qq nginx` failed: {output}")
    return found


def render_site(upstreams: list[str], listen_port: int) -> str:
    """deploy/nginx/bolt.conf with these upstream servers (host:port) and this listen port."""
    text = NGINX_CONF.read_text()
    lines = re.findall(r"^(\s*)server (\S+)( [^;]*)?;$", text, flags=re.M)
    if not lines:
        raise ValueError("no `server host:port ...;` lines in the upstream of deploy/nginx/bolt.conf")
    indent, _, options = lines[0]
    servers = "\n".join(f"{indent}server {u}{options or ''};" for u in upstreams)
    text = re.sub(r"(?m)^\s*server \S+( [^;]*)?;\n", "", text)
    text = re.sub(r"(upstream bolt \{\n(?:\s*#[^\n]*\n)*)", lambda m: m.group(1) + servers + "\n", text, count=1)
    return re.sub(r"(?m)^(\s*)listen 80;", rf"\g<1>listen 127.0.0.1:{listen_port};", text)


def nginx_main_conf(work: Path, site: str) -> Path:
    """A main nginx.conf in `work` around the site (its own pid, logs and temp paths)."""
    temp = work / "temp"
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (temp / sub).mkdir(parents=True, exist_ok=True)
        os.chmod(temp / sub, 0o777)  # nginx's workers run as an unprivileged user when started as root
    os.chmod(temp, 0o777)
    conf = work / "nginx.conf"
    conf.write_text(f"""worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
daemon off;
events {{ worker_connections 512; }}
http {{
    log_format upstream '$request_method $uri $status $upstream_addr';
    access_log {work}/access.log upstream;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
{site}
}}
""")
    return conf


@dataclass
class Topology:
    work: Path
    database_url: str
    redis_prefix: str
    env: dict[str, str]
    bots: dict[str, RunningBot] = field(default_factory=dict)
    actions: subprocess.Popen | None = None
    nginx: subprocess.Popen | None = None
    nginx_url: str = ""

    def kill(self, name: str) -> float:
        """kill -9 of one instance; returns the moment (time.monotonic())."""
        proc = self.bots[name].processes[0]
        os.kill(proc.pid, signal.SIGKILL)
        at = time.monotonic()
        proc.wait(timeout=10)
        return at

    def sql(self, query: str, **params) -> list:
        engine = sa.create_engine(self.database_url)
        try:
            with engine.begin() as connection:
                result = connection.execute(sa.text(query), params)
                return result.fetchall() if result.returns_rows else []
        finally:
            engine.dispose()

    def user_texts(self, sender: str) -> list[str]:
        """The user messages the tracker store holds for a conversation, in order."""
        rows = self.sql("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id", s=sender)
        return [json.loads(r[0]).get("text") for r in rows]

    def add_agent(self, name: str, password: str) -> str:
        env = {"BOT_DB_URL": self.database_url, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
        subprocess.run(
            [sys.executable, "-m", "bot", "agents", "add", name],
            cwd=ROOT,
            env=env,
            input=password + "\n",
            text=True,
            check=True,
            capture_output=True,
        )
        return name.lower().replace(" ", ".")

    def upstreams_of(self, uri: str) -> list[str]:
        """The instances (host:port) nginx passed requests for `uri` to, from its access log."""
        log = (self.work / "nginx" / "access.log").read_text(errors="replace").splitlines()
        return [line.split()[-1] for line in log if line.split()[1:2] == [uri]]

    def logs(self) -> str:
        parts = [bot.logs() for bot in self.bots.values()]
        for name in ("actions.log", "nginx/error.log"):
            path = self.work / name
            if path.exists():
                parts.append(f"--- {name}\n" + path.read_text(errors="replace")[-3000:])
        return "\n".join(parts)


def _wait_http(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code < 500:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


@contextlib.contextmanager
def running_topology(
    work: Path, instances: int = 2, extra_env: dict[str, str] | None = None, timeout: float = 300
) -> Iterator[Topology]:
    """nginx + `instances` Rasa servers + one action server, PostgreSQL and Redis (see the module)."""
    if not MODEL.exists():
        raise RuntimeError(f"{MODEL} is missing: run `make model`")
    nginx = nginx_binary()
    work.mkdir(parents=True, exist_ok=True)
    prefix = f"topo{uuid.uuid4().hex[:10]}"
    with temporary_postgres_database() as database_url:
        env = bolt_env(
            work,
            {
                "BOT_TRACKER_DB_URL": database_url,
                "BOT_DB_URL": database_url,
                "BOT_REDIS_URL": REDIS_URL,
                "BOT_REDIS_PREFIX": prefix,
                **(extra_env or {}),
            },
        )
        topology = Topology(work, database_url, prefix, env)
        processes: list[subprocess.Popen] = []
        try:
            subprocess.run([sys.executable, "-m", "bot", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
            actions_port = free_port()
            topology.actions = start("actions", actions_server_command(actions_port), work, env)
            processes.append(topology.actions)
            endpoints = write_endpoints(work, actions_port)
            for i in range(instances):
                name = "ab"[i] if instances <= 2 else f"i{i}"
                bot_dir = work / name
                bot_dir.mkdir(exist_ok=True)
                port = free_port()
                proc = start("rasa", rasa_server_command(port, endpoints), bot_dir, env)
                processes.append(proc)
                topology.bots[name] = RunningBot(port, bot_dir, [proc])
            for bot in topology.bots.values():
                wait_until_answering(bot, timeout)
            nginx_dir = work / "nginx"
            nginx_dir.mkdir(exist_ok=True)
            listen = free_port()
            site = render_site([f"127.0.0.1:{b.port}" for b in topology.bots.values()], listen)
            conf = nginx_main_conf(nginx_dir, site)
            check = subprocess.run(
                [nginx, "-t", "-c", str(conf), "-p", f"{nginx_dir}/", "-e", str(nginx_dir / "error.log")],
                capture_output=True,
                text=True,
            )
            if check.returncode != 0:
                raise RuntimeError(f"nginx refused the configuration:\n{check.stderr}")
            topology.nginx = subprocess.Popen(
                [nginx, "-c", str(conf), "-p", f"{nginx_dir}/", "-e", str(nginx_dir / "error.log")],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            processes.append(topology.nginx)
            topology.nginx_url = f"http://127.0.0.1:{listen}"
            _wait_http(topology.nginx_url + "/", 30)
            yield topology
        finally:
            stop([p for p in processes if p.poll() is None])
            _forget_redis_keys(prefix)


def _forget_redis_keys(prefix: str) -> None:
    import redis

    with contextlib.suppress(Exception):
        red = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
        for key in red.scan_iter(f"{prefix}:*"):
            red.delete(key)


# -- a kill under load ------------------------------------------------------------------------------
@dataclass
class KillResult:
    conversations: int
    messages: int
    failed_attempts: int  # requests that got no answer (connection lost, 502) and were retried
    silent: int  # 200 replies without any text
    unanswered: int  # messages that never got an answer before the deadline
    recovery_seconds: list[float]  # per conversation interrupted by the kill: kill -> its next answer
    sent: dict[str, list[str]]  # per conversation, the messages answered, in order

    def as_dict(self) -> dict[str, object]:
        worst = max(self.recovery_seconds) if self.recovery_seconds else 0.0
        return {
            "conversations": self.conversations,
            "messages": self.messages,
            "failed_attempts_retried": self.failed_attempts,
            "silent_replies": self.silent,
            "unanswered": self.unanswered,
            "interrupted_conversations": len(self.recovery_seconds),
            "recovery_seconds_max": round(worst, 2),
            "recovery_seconds_median": round(sorted(self.recovery_seconds)[len(self.recovery_seconds) // 2], 2)
            if self.recovery_seconds
            else 0.0,
        }


async def kill_under_load(
    topology: Topology,
    victim: str = "a",
    pinned: int = 4,
    through_nginx: int = 4,
    per_conversation: int = 8,
    deadline: float = 120,
) -> KillResult:
    """Conversations send messages one after another (a REST client with a message id, retrying a
    failed request through nginx); `pinned` of them start on the victim directly (as nginx would have
    routed them there), the others go through nginx. The victim is killed (-9) once every pinned
    conversation has had two answers."""
    victim_url = topology.bots[victim].url
    started_all = time.monotonic()
    answered: dict[str, list[str]] = {}
    state = {"failed": 0, "silent": 0, "unanswered": 0}
    recovery: list[float] = []
    killed_at: list[float] = []
    two_answers = asyncio.Event()
    pinned_progress: dict[str, int] = {}

    async def conversation(client: httpx.AsyncClient, sender: str, pin: bool) -> None:
        secret: str | None = None
        answered[sender] = []
        interrupted_since: float | None = None
        for text in QUESTIONS[:per_conversation]:
            message_id = uuid.uuid4().hex
            while True:
                if time.monotonic() - started_all > deadline:
                    state["unanswered"] += 1
                    return
                url = victim_url if pin and not killed_at else topology.nginx_url
                body = {
                    "sender": sender,
                    "message": text,
                    "message_id": message_id,
                    **({"conversation_secret": secret} if secret else {}),
                }
                try:
                    response = await client.post(f"{url}/webhooks/rest/webhook", json=body)
                except httpx.HTTPError:
                    response = None
                if response is None or response.status_code >= 500:
                    state["failed"] += 1
                    if interrupted_since is None:
                        interrupted_since = killed_at[0] if killed_at else time.monotonic()
                    await asyncio.sleep(0.2)  # a client's retry pause
                    continue
                response.raise_for_status()
                secret = response.headers.get("x-conversation-secret") or secret
                replies = response.json()
                if not any((r.get("text") or "").strip() for r in replies):
                    state["silent"] += 1
                answered[sender].append(text)
                if interrupted_since is not None:
                    recovery.append(time.monotonic() - interrupted_since)
                    interrupted_since = None
                break
            if pin:
                pinned_progress[sender] = pinned_progress.get(sender, 0) + 1
                if len(pinned_progress) == pinned and min(pinned_progress.values()) >= 2:
                    two_answers.set()

    async def killer() -> None:
        await asyncio.wait_for(two_answers.wait(), deadline)
        killed_at.append(time.monotonic())  # before the signal: a request failing from now on counts
        await asyncio.to_thread(topology.kill, victim)

    run = uuid.uuid4().hex[:6]
    async with httpx.AsyncClient(timeout=60) as client:
        tasks = [conversation(client, f"kill-{run}-p{i}", True) for i in range(pinned)]
        tasks += [conversation(client, f"kill-{run}-n{i}", False) for i in range(through_nginx)]
        await asyncio.gather(killer(), *tasks)
    return KillResult(
        conversations=pinned + through_nginx,
        messages=sum(len(v) for v in answered.values()),
        failed_attempts=state["failed"],
        silent=state["silent"],
        unanswered=state["unanswered"],
        recovery_seconds=recovery,
        sent=answered,
    )

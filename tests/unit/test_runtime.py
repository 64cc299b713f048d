"""The runtime (bot/runtime.py) is built by one start-up listener and kept on the app's context; the
jobs stop cleanly when the server stops; a server on an unmigrated tickets database does not start.
A real Sanic server in a child process, started and stopped with SIGINT as an operator stops it."""

import ast
import asyncio
import contextlib
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from bot.testing.servers import free_port
from tests.databases import REDIS_URL, require_redis
from tests.migrated import migrated_database

ROOT = Path(__file__).resolve().parents[2]

SERVER = """
import logging, sys
from sanic import Sanic, response
from bot import runtime

logging.basicConfig(level=logging.INFO)
app = Sanic("bolt_runtime_test")
runtime.install(app)
runtime.install(app)  # a second channel installs it too: still one runtime, one set of jobs
if "socketio" in sys.argv[2:]:  # the widget's channel: its presence (and socket.io's Redis manager)
    from bot.channels.socketio import BoltSocketIOInput

    async def on_new_message(message):
        return None

    channel = BoltSocketIOInput.from_credentials({"bot_message_evt": "bot_uttered", "session_persistence": True})
    app.blueprint(channel.blueprint(on_new_message))

@app.post("/publish")
async def publish(request):
    rt = runtime.runtime_of(request.app)
    await rt.bus.ready()
    rt.relay.publish({"type": "queue"})  # a console event, through Redis with BOT_REDIS_URL
    return response.json({"published": True})

@app.get("/runtime")
async def show(request):
    rt = runtime.runtime_of(request.app)
    return response.json({"jobs": rt.jobs.names, "running": rt.jobs.running,
                          "relay_linked": rt.relay.app is request.app, "bus": rt.bus is rt.relay.bus,
                          "database": rt.database.url, "message_ids": rt.guard.replies.db is rt.database,
                          "tracker": str(rt.binder.engine.url)})

@app.listener("after_server_stop")
async def pending(app, loop):
    import asyncio
    left = sorted(getattr(t.get_coro(), "__qualname__", t.get_name())
                  for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done())
    print("pending after stop:", left, flush=True)

app.run(host="127.0.0.1", port=int(sys.argv[1]), access_log=False)
"""


def start_server(tmp_path, port, *args, **extra_env):
    env = {
        "PYTHONPATH": str(ROOT),
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "BOT_DB_URL": f"sqlite:///{tmp_path / 'bolt.db'}",
        "BOT_TRACKER_DB_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
        "BOT_ESCALATION_INTERVAL": "0.05",
        "BOT_INACTIVITY_INTERVAL": "0.05",
        "BOT_RETENTION_CHECK_INTERVAL": "0.05",
        "BOT_DEV_MODE": "1",
        **extra_env,
    }
    return subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port), *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for_answer(proc, port, deadline=120):
    started = time.monotonic()
    while time.monotonic() - started < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited with {proc.returncode}:\n{proc.stdout.read()[-4000:]}")
        with contextlib.suppress(httpx.HTTPError):
            return httpx.get(f"http://127.0.0.1:{port}/runtime", timeout=2).json()
        time.sleep(0.1)  # polling a condition (the server answering), with a deadline
    raise AssertionError("the server did not answer in time")


@pytest.mark.slow  # starts a real server in a fresh Python (about 10 s each)
def test_the_runtime_is_built_once_at_start_and_its_jobs_stop_cleanly(tmp_path):
    migrated_database(f"sqlite:///{tmp_path / 'bolt.db'}").dispose()
    port = free_port()
    proc = start_server(tmp_path, port)
    try:
        state = wait_for_answer(proc, port)
        assert state == {
            "jobs": ["escalation", "privacy-retention", "queue-watch", "inactive-chats"],
            "running": True,
            "relay_linked": True,
            "bus": True,
            "database": f"sqlite:///{tmp_path / 'bolt.db'}",
            "message_ids": True,
            "tracker": f"sqlite:///{tmp_path / 'tracker.db'}",
        }
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert output.count("jobs started") == 1
    assert "pending after stop: []" in output, output[-4000:]  # every job's loop ended before the loop closed
    assert "Task was destroyed but it is pending" not in output, output[-4000:]
    assert " failed" not in output, output[-4000:]  # the jobs ran on the migrated database without errors
    assert proc.returncode == 0, output[-4000:]


async def join_over_socketio(port):
    """A widget joins a conversation (the channel records its presence), then leaves the connection open."""
    import socketio

    client = socketio.AsyncClient(reconnection=False)
    joined = asyncio.get_running_loop().create_future()
    client.on("conversation", lambda data: joined.done() or joined.set_result(data))
    await client.connect(f"http://127.0.0.1:{port}", socketio_path="/socket.io", transports=["websocket"])
    await client.emit("session_request", {})
    conversation = await asyncio.wait_for(joined, 30)
    return client, conversation


def stopped_with_redis(tmp_path, *args, widget=False):
    """Starts the server with BOT_REDIS_URL, publishes one console event (and joins a conversation over
    socket.io, still connected when the server stops), stops it with SIGINT; its output."""
    import redis

    require_redis()
    migrated_database(f"sqlite:///{tmp_path / 'bolt.db'}").dispose()
    prefix = f"t{uuid.uuid4().hex[:10]}"
    port = free_port()
    proc = start_server(tmp_path, port, *args, BOT_REDIS_URL=REDIS_URL, BOT_REDIS_PREFIX=prefix)
    try:
        wait_for_answer(proc, port)
        assert httpx.post(f"http://127.0.0.1:{port}/publish", timeout=10).json() == {"published": True}

        async def join_then_stop():
            client, conversation = await join_over_socketio(port)
            assert conversation["session_id"]
            proc.send_signal(signal.SIGINT)
            try:  # the output is read meanwhile: a full pipe would block the server
                return (await asyncio.to_thread(proc.communicate, timeout=60))[0]
            finally:
                await client.disconnect()

        if widget:
            output = asyncio.run(join_then_stop())
        else:
            proc.send_signal(signal.SIGINT)
            output, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        red = redis.Redis.from_url(REDIS_URL)
        for key in red.scan_iter(f"{prefix}:*"):
            red.delete(key)
    assert "Task was destroyed but it is pending" not in output or widget, output[-4000:]
    assert proc.returncode == 0, output[-4000:]
    return output


def pending_after_stop(output):
    line = next(line for line in output.splitlines() if line.startswith("pending after stop: "))
    return ast.literal_eval(line.removeprefix("pending after stop: "))


@pytest.mark.redis
def test_with_redis_the_console_events_bus_ends_with_the_server(tmp_path):
    """The production set-up: the console events bus's Redis loops run (one event published) and end
    with the server, as the jobs do."""
    output = stopped_with_redis(tmp_path)
    assert "pending after stop: []" in output, output[-4000:]


# python-engineio starts these and has no call to stop them (python-socketio discussion #1092); they are
# not Bolt-NL's and end when the loop closes
ENGINEIO_TASKS = {"AsyncServer._service_task", "AsyncSocket.schedule_ping.<locals>.send_ping"}


@pytest.mark.redis
def test_with_redis_the_widget_channel_ends_its_presence_and_redis_manager(tmp_path):
    """With the socket.io channel and a user connected: its presence renewer and python-socketio's
    Redis manager end with the server too."""
    output = stopped_with_redis(tmp_path, "socketio", widget=True)
    left = set(pending_after_stop(output))
    assert left <= ENGINEIO_TASKS, output[-4000:]


@pytest.mark.slow  # starts a real server in a fresh Python (about 10 s each)
def test_a_server_on_an_unmigrated_database_does_not_start(tmp_path):
    port = free_port()
    proc = start_server(tmp_path, port)
    try:
        output, _ = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0
    assert "run python -m bot migrate" in output


@pytest.mark.slow  # starts a real server in a fresh Python (about 10 s each)
def test_a_tracker_database_that_cannot_be_reached_stops_the_start(tmp_path):
    """What the channels keep (the conversation binder on the tracker database, ...) is built at start:
    a database fault shows there, not at the first user's message."""
    migrated_database(f"sqlite:///{tmp_path / 'bolt.db'}").dispose()
    port = free_port()
    proc = start_server(tmp_path, port, BOT_TRACKER_DB_URL=f"postgresql://bolt@127.0.0.1:{free_port()}/none")
    try:
        output, _ = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0, output[-4000:]
    assert "Bolt-NL cannot start" in output, output[-4000:]


def test_channels_leave_the_relay_alone_and_hand_the_push_to_the_app(monkeypatch):
    """Building the socket.io channel changes no module singleton; registering it gives the app its
    push to a user's room (the start-up listener hands it to the relay) and installs the runtime once."""
    from sanic import Sanic

    from bot.channels.rest import BoltRestInput
    from bot.channels.socketio import BoltSocketIOInput
    from bot.handoff.relay import relay

    before = relay().push_to_user
    socket = BoltSocketIOInput.from_credentials({"bot_message_evt": "bot_uttered", "cors_allowed_origins": []})

    async def on_new_message(_message):
        return None

    socket_bp = socket.blueprint(on_new_message)
    rest_bp = BoltRestInput().blueprint(on_new_message)
    assert relay().push_to_user is before
    app = Sanic("bolt_runtime_channels_test")
    registered = []
    original = Sanic.register_listener

    def spy(self, listener, event):
        registered.append((event, listener.__qualname__))
        return original(self, listener, event)

    monkeypatch.setattr(Sanic, "register_listener", spy)
    app.blueprint(socket_bp)
    app.blueprint(rest_bp)
    assert app.ctx.bolt_push_to_user is socket_bp.ctx.push_to_user
    assert app.ctx.bolt_runtime_installed
    ours = sorted(r for r in registered if r[1].startswith("install."))
    assert ours == [("before_server_start", "install.<locals>.start"), ("before_server_stop", "install.<locals>.stop")]

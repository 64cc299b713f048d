"""Two instances behave as one, behind nginx without sticky sessions (issue 15.4 and 15.6).

The production topology of docs/deploy.md runs here: Debian's nginx (installed with apt when missing)
with deploy/nginx/bolt.conf in front of two Rasa instances and one action server, on a throw-away
PostgreSQL database and Redis under this run's key prefix (bot/testing/topology.py).

1. A widget user on instance A is handed off; an agent logged in on instance B claims the chat and
   they talk live both ways (the agent's words reach the user's socket on A; the user's words reach
   the agent's event stream on B). The overdue ticket is escalated once although both instances run
   the escalation job.
2. Instance A is killed (-9) under a small load: every message is answered exactly once (retried by
   the client where the kill cut it off), none with silence, and the killed instance's conversations
   answer again on B within a few seconds, without a restart.
"""

import asyncio
import contextlib
import datetime as dt
import json
import os
import threading
import time
import uuid

import httpx
import pytest

from bot.testing.servers import ConsoleClient, user_token
from bot.testing.topology import NginxMissing, kill_under_load, nginx_binary, running_topology
from tests.e2e.sio_client import Widget

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]
RECOVERY_LIMIT = 15.0  # seconds: TICKET_LOCK_LIFETIME (5) + nginx leaving the dead instance out + retries


@pytest.fixture(scope="session")
def nginx():
    try:
        return nginx_binary()
    except NginxMissing as error:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs nginx for the topology test: {error}")
        pytest.skip(f"topology test needs nginx: {error}")


@pytest.fixture(scope="module")
def topology(nginx, tmp_path_factory):
    with running_topology(tmp_path_factory.mktemp("topology")) as running:
        yield running


class Heard:
    """Everything a widget received (bot_uttered), searchable with a deadline."""

    def __init__(self, widget: Widget) -> None:
        self.widget, self.texts = widget, []

    async def until(self, fragment: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while True:
            for text in self.texts:
                if fragment in text:
                    return text
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"never heard {fragment!r}; heard: {self.texts}")
            try:
                message = await asyncio.wait_for(self.widget.replies.get(), min(left, 1))
                self.texts.append(message.get("text") or "")
            except asyncio.TimeoutError:
                pass

    async def say(self, text: str, expect: str, timeout: float = 30) -> str:
        self.texts.clear()
        await self.widget.client.emit("user_uttered", {"message": text, "session_id": self.widget.session_id})
        return await self.until(expect, timeout)


class EventStream:
    """The agent console's live events (/console/api/events), read in a thread."""

    def __init__(self, console: ConsoleClient) -> None:
        self.events, self.hello = [], threading.Event()
        self.stopped = False
        self.thread = threading.Thread(target=self._read, args=(console,), daemon=True)
        self.thread.start()

    def _read(self, console: ConsoleClient) -> None:
        with console.http.stream("GET", "/events", timeout=None) as stream:
            for line in stream.iter_lines():
                if self.stopped:
                    return
                if line.startswith("event: hello"):
                    self.hello.set()
                elif line.startswith("data: "):
                    self.events.append(json.loads(line[6:]))

    async def until(self, predicate, timeout: float = 20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [e for e in self.events if predicate(e)]
            if found:
                return found[0]
            await asyncio.sleep(0.1)
        raise AssertionError(f"no such console event; got {self.events}")


async def test_user_on_one_instance_and_agent_on_the_other_chat_live(topology):
    a, b = topology.bots["a"], topology.bots["b"]
    login = topology.add_agent("Sanne Support", "sanne-wachtwoord")
    console = ConsoleClient(b.url)  # the agent works on instance B
    assert console.login(login, "sanne-wachtwoord").status_code == 200
    events = EventStream(console)
    assert await asyncio.to_thread(events.hello.wait, 20)

    widget = Widget(a.url, token=user_token())  # the user's socket is on instance A
    await widget.connect()
    user = Heard(widget)
    try:
        await user.say("ik wil een medewerker spreken", "Wat is er aan de hand")
        await user.say("Onze webinars vallen steeds weg bij alle deelnemers", "Hoe ernstig")
        await user.say('/inform{"priority":"p2"}', "Klopt dat?")
        created = await user.say("ja", "ZN-")
        reference = "ZN-" + created.split("ZN-")[1][:6]
        (ticket_id,) = [t["id"] for t in console.queue() if t["reference"] == reference]

        # overdue: both instances run the escalation job every second; it escalates once
        topology.sql(
            "UPDATE tickets SET first_response_due = :due WHERE id = :id",
            due=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(minutes=1),
            id=ticket_id,
        )
        deadline = time.monotonic() + 20
        while not topology.sql("SELECT escalated FROM tickets WHERE id = :id", id=ticket_id)[0][0]:
            assert time.monotonic() < deadline, "the overdue ticket was never escalated"
            await asyncio.sleep(0.2)

        # the claim on B reaches the user on A at once (no message of the user needed)
        assert console.post(f"/tickets/{ticket_id}/claim").status_code == 200
        await user.until("U chat nu met Sanne Support")
        # agent (B) -> user (A)
        assert console.post(f"/tickets/{ticket_id}/messages", text="Ik kijk mee, één moment.").status_code == 200
        await user.until("Ik kijk mee, één moment.")
        # user (A) -> agent's live events (B)
        await widget.client.emit(
            "user_uttered", {"message": "Het gaat om de webinar van vanmiddag", "session_id": widget.session_id}
        )
        event = await events.until(
            lambda e: e.get("type") == "message" and e.get("ticket") == ticket_id and e.get("sender") == "user"
        )
        assert event["text"] == "Het gaat om de webinar van vanmiddag"
        texts = [m["text"] for m in console.ticket(ticket_id)["messages"]]
        assert texts.count("Het gaat om de webinar van vanmiddag") == 1

        escalations = topology.sql(
            "SELECT count(*) FROM ticket_events WHERE ticket_id = :id AND kind = 'escalated'", id=ticket_id
        )[0][0]
        assert escalations == 1
        assert console.post(f"/tickets/{ticket_id}/resolve").status_code == 200
    finally:
        events.stopped = True
        await widget.close()


def test_through_nginx_either_instance_answers(topology):
    """No sticky sessions: one conversation's messages spread over both instances, answered in turn."""
    sender = f"spread-{uuid.uuid4().hex[:6]}"
    secret = None
    with httpx.Client(base_url=topology.nginx_url, timeout=60) as client:
        for text in ("hallo", "wat is het telefoonnummer in japan", "en in duitsland?", "dank u wel"):
            body = {"sender": sender, "message": text, **({"conversation_secret": secret} if secret else {})}
            response = client.post("/webhooks/rest/webhook", json=body)
            assert response.status_code == 200 and any(r.get("text") for r in response.json())
            secret = response.headers.get("x-conversation-secret") or secret
    assert topology.user_texts(sender) == [
        "hallo",
        "wat is het telefoonnummer in japan",
        "en in duitsland?",
        "dank u wel",
    ]
    served_by = set(topology.upstreams_of("/webhooks/rest/webhook"))
    assert served_by == {f"127.0.0.1:{bot.port}" for bot in topology.bots.values()}


def diagnosis(topology, sender):
    """What to look at when a conversation's stored messages differ from those answered."""
    events = topology.sql(
        "SELECT type_name, data FROM events WHERE sender_id = :s AND type_name IN ('user', 'bot') ORDER BY id", s=sender
    )
    rows = [(t, json.loads(d).get("text"), json.loads(d).get("message_id")) for t, d in events]
    claims = topology.sql(
        "SELECT message_id, status, owner, claimed_at FROM message_replies WHERE conversation_id = :s", s=sender
    )
    warnings = [
        line
        for name in ("a", "b")
        for line in (topology.work / name / "rasa.log").read_text(errors="replace").splitlines()
        if " WARNING " in line or " ERROR " in line
    ]
    return f"{sender}\nevents: {rows}\nclaims: {claims}\nwarnings:\n" + "\n".join(warnings[-40:])


async def test_killing_one_instance_under_load_loses_nothing(topology):
    """Runs last in this module: instance A stays dead (recovery without a restart)."""
    on_a = Widget(topology.bots["a"].url)  # a widget user whose socket is on A
    await on_a.connect()
    assert (await Heard(on_a).say("hallo", "")).strip()

    result = await kill_under_load(topology, victim="a", pinned=4, through_nginx=4, per_conversation=8)
    figures = result.as_dict()
    assert result.unanswered == 0, figures
    assert result.silent == 0, figures
    assert result.messages == 8 * 8, figures
    assert result.failed_attempts > 0 and result.recovery_seconds, f"the kill interrupted nothing: {figures}"
    assert max(result.recovery_seconds) <= RECOVERY_LIMIT, figures
    for sender, texts in result.sent.items():  # exactly once each in the tracker: nothing lost or stored twice
        assert topology.user_texts(sender) == texts, diagnosis(topology, sender)
    assert topology.bots["a"].processes[0].poll() is not None  # A is still dead: B did it all

    # the widget user reconnects through nginx (to B) and goes on with the same conversation
    again = Widget(topology.nginx_url)
    assert await again.connect(on_a.session_id, on_a.secret) == on_a.session_id
    assert "hallo" in again.history_text()
    await Heard(again).say("wat is het telefoonnummer in japan", "+81")
    await again.close()
    with contextlib.suppress(Exception):
        await on_a.close()

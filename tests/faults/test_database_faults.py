"""Issue 15.1/15.2: the database cut or stalled under running conversations (real servers, PostgreSQL
behind the test's own proxy, loopback only).

Every reply is the answer or the Dutch apology (HTTP 503, the client retries) — never `[]`; every
answered message is in the tracker exactly once, with its reply; during a stall `GET /` and
`GET /health` answer; after the fault the same servers answer again (no restart).
"""

import asyncio
import threading
import time
import uuid

import httpx
import pytest
import sqlalchemy as sa

from bot.dialogue.store_outage import APOLOGY
from bot.testing.fault_harness import (
    ANSWERED,
    APOLOGY_REPLY,
    Client,
    Tally,
    check_trackers,
    classify,
    conversations,
    stored_turns,
    wait_until,
)
from bot.testing.fault_proxy import fault_proxy
from bot.testing.servers import running_bot
from tests.databases import temporary_postgres_database
from tests.e2e.sio_client import Widget

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.postgres]
CONVERSATIONS = 4
TIMEOUT_SECONDS = "2"  # BOT_DB_TIMEOUT_SECONDS of the servers under test
DESCRIPTION = "Mijn Zoom-vergadering start niet meer sinds vanochtend"


class Proxies:
    """The Rasa server's proxy and the action server's: a cut or stall hits both; `actions` alone too."""

    def __init__(self, rasa, actions):
        self.rasa, self.actions = rasa, actions

    def cut(self):
        self.rasa.cut()
        self.actions.cut()

    def stall(self):
        self.rasa.stall()
        self.actions.stall()

    def restore(self):
        self.rasa.restore()
        self.actions.restore()


def bot_with_proxied_databases(work_dir, env, actions_db_url, timeout=480):
    """The bot as running_bot starts it, but the action server reaches the tickets database through its own
    proxy (so a test can cut the action server's database alone)."""
    return running_bot(work_dir, env, timeout=timeout, actions_env={"BOT_DB_URL": actions_db_url})


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """One bot (Rasa + action server) whose tracker and tickets databases are behind the proxies."""
    with temporary_postgres_database() as direct_url:
        target = sa.engine.make_url(direct_url)
        with (
            fault_proxy(target.host, target.port or 5432) as rasa_proxy,
            fault_proxy(target.host, target.port or 5432) as actions_proxy,
        ):
            proxied = target.set(port=rasa_proxy.port).render_as_string(hide_password=False)
            for_actions = target.set(port=actions_proxy.port).render_as_string(hide_password=False)
            env = {
                "BOT_DEV_MODE": "1",
                "BOT_TRACKER_DB_URL": proxied,
                "BOT_DB_URL": proxied,
                "BOT_DB_TIMEOUT_SECONDS": TIMEOUT_SECONDS,
                "BOT_ACTION_TIMEOUT": "5",
            }
            with bot_with_proxied_databases(tmp_path_factory.mktemp("faults"), env, for_actions) as bot:
                yield bot, Proxies(rasa_proxy, actions_proxy), direct_url


def servers_alive(bot):
    return all(p.poll() is None for p in bot.processes)


def tickets_of(direct_url, conversation_id):
    engine = sa.create_engine(direct_url)
    try:
        with engine.connect() as connection:
            return (
                connection.execute(
                    sa.text("SELECT description FROM tickets WHERE conversation_id = :c"), {"c": conversation_id}
                )
                .scalars()
                .all()
            )
    finally:
        engine.dispose()


def test_a_database_cut_loses_nothing_and_never_leaves_silence(setup):
    bot, proxy, direct_url = setup
    tally, deadline = Tally(), time.monotonic() + 90
    run = uuid.uuid4().hex[:6]

    # an intake that reaches its last question before the cut and is finished during it
    intake, intake_tally = Client(bot.url, f"cut-intake-{run}"), Tally()
    assert intake.say("ik wil een medewerker spreken", intake_tally, deadline) == ANSWERED
    assert intake.say("klant@example.nl", intake_tally, deadline) == ANSWERED

    with conversations(bot.url, [f"cut-{run}-{i}" for i in range(CONVERSATIONS)], tally, deadline, rounds=2):
        wait_until(lambda: tally.count(ANSWERED) >= CONVERSATIONS * 2, deadline, "the conversations are under way")
        cut_at = time.monotonic()
        proxy.cut()
        response, _ = intake.send(DESCRIPTION)  # the intake's last answer, while the database is cut
        assert classify(response) == APOLOGY_REPLY, response.text
        assert response.headers.get("retry-after")
        # the cut lasts until every conversation has been refused at least once
        wait_until(
            lambda: tally.senders_with(APOLOGY_REPLY, cut_at) == CONVERSATIONS,
            deadline,
            "every conversation met the cut",
        )
        restored_at = time.monotonic()
        proxy.restore()
        wait_until(lambda: tally.first(ANSWERED, restored_at) is not None, deadline, "an answer after the cut")

    assert tally.unexpected() == [], "silent or failed replies"
    assert tally.count(APOLOGY_REPLY, cut_at) >= CONVERSATIONS
    assert all(len(tally.stored[f"cut-{run}-{i}"]) == 16 for i in range(CONVERSATIONS)), tally.stored
    check = check_trackers(direct_url, tally)
    assert (check.lost, check.duplicated, check.unanswered) == (0, 0, 0), check.problems

    # the retried last answer of the intake makes the ticket, once
    assert intake.say(DESCRIPTION, intake_tally, deadline) == ANSWERED
    assert intake_tally.unexpected() == []
    assert tickets_of(direct_url, intake.sender) == [DESCRIPTION]
    assert check_trackers(direct_url, intake_tally).problems == []
    assert servers_alive(bot)  # recovered without a restart


def test_a_database_stall_slows_only_the_requests_that_need_it(setup):
    bot, proxy, direct_url = setup
    tally, deadline = Tally(), time.monotonic() + 90
    run = uuid.uuid4().hex[:6]
    clients = [Client(bot.url, f"stall-{run}-{i}") for i in range(2)]
    for client in clients:
        assert client.say("hallo", tally, deadline) == ANSWERED

    proxy.stall()
    try:
        kinds = []
        in_flight = [
            threading.Thread(
                target=lambda c=c: kinds.append(classify(c.send("wat is het telefoonnummer van Zoom in Japan?")[0]))
            )
            for c in clients
        ]
        for thread in in_flight:
            thread.start()
        # while those wait for the database, the server itself answers
        assert httpx.get(f"{bot.url}/", timeout=5).status_code == 200
        health = httpx.get(f"{bot.url}/health", timeout=10)
        assert any(t.is_alive() for t in in_flight), "the messages did not wait for the database"
        assert health.status_code == 503
        report = health.json()
        assert report["status"] == "degraded" and report["database"]["status"] == "error", report
        assert report["action_server"]["status"] == "ok" and report["redis"] == "not configured", report
        # a message during the stall: the apology within the database timeouts, not a hang
        response, _ = clients[0].send("hoe snel reageren jullie bij een P1?")
        assert classify(response) == APOLOGY_REPLY, response.text if response is not None else "no reply"
        for thread in in_flight:
            thread.join(60)
        assert kinds == [APOLOGY_REPLY, APOLOGY_REPLY]
    finally:
        proxy.restore()

    for client in clients:  # the same servers answer again; a retry is stored once
        assert client.say("wat is het telefoonnummer van Zoom in Japan?", tally, deadline) == ANSWERED
        assert client.say("hoe snel reageren jullie bij een P1?", tally, deadline) == ANSWERED
    assert tally.unexpected() == []
    check = check_trackers(direct_url, tally)
    assert (check.lost, check.duplicated, check.unanswered) == (0, 0, 0), check.problems
    health = httpx.get(f"{bot.url}/health", timeout=10)
    assert health.status_code == 200 and health.json()["database"]["status"] == "ok", health.text
    assert servers_alive(bot)


def test_socketio_during_a_cut_shows_the_apology_and_never_an_unstored_answer(setup):
    bot, proxy, direct_url = setup
    question = "welke ondersteuningsplannen zijn er?"

    async def scenario():
        widget = Widget(bot.url)
        await widget.connect()
        try:
            before = await widget.say("wat is het telefoonnummer van Zoom in Japan?")
            proxy.cut()
            try:
                during = await widget.say(question)
            finally:
                proxy.restore()
            after = await widget.say(question)  # the widget's retry
            return widget.session_id, before, during, after
        finally:
            await widget.close()

    conversation, before, during, after = asyncio.run(scenario())
    assert "+81" in before
    assert during == APOLOGY
    assert after and APOLOGY not in after
    assert stored_turns(direct_url, conversation) == [
        ("wat is het telefoonnummer van Zoom in Japan?", True),
        (question, True),
    ]


def test_an_intake_finished_while_the_tickets_database_is_cut_keeps_its_answers(setup):
    """Only the action server's database is cut: the ticket action fails the turn (nothing stored, the
    apology), so the retry of the last answer makes the ticket — once."""
    bot, proxy, direct_url = setup
    tally, deadline = Tally(), time.monotonic() + 90
    intake = Client(bot.url, f"tickets-cut-{uuid.uuid4().hex[:6]}")
    assert intake.say("ik wil een medewerker spreken", tally, deadline) == ANSWERED
    assert intake.say("klant@example.nl", tally, deadline) == ANSWERED
    proxy.actions.cut()
    try:
        response, _ = intake.send(DESCRIPTION)
        assert classify(response) == APOLOGY_REPLY, response.text if response is not None else "no reply"
        assert tickets_of(direct_url, intake.sender) == []
    finally:
        proxy.actions.restore()
    assert intake.say(DESCRIPTION, tally, deadline) == ANSWERED
    assert "webticket" in tally.replies[-1].body.lower(), tally.replies[-1].body
    assert tickets_of(direct_url, intake.sender) == [DESCRIPTION]
    assert stored_turns(direct_url, intake.sender) == [
        ("ik wil een medewerker spreken", True),
        ("klant@example.nl", True),
        (DESCRIPTION, True),
    ]

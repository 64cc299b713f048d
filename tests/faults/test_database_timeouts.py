"""A database behind a cut or stalled network: every call fails within its deadline instead of hanging,
and the same engine works again once the network is back (no restart). Loopback PostgreSQL behind the
test's own proxy (bot/testing/fault_proxy.py)."""

import threading

import pytest
import sqlalchemy as sa

from bot.stores.database import server_engine
from bot.testing.fault_proxy import fault_proxy
from tests.databases import temporary_postgres_database

pytestmark = pytest.mark.postgres
GIVE_UP_SECONDS = 30  # a generous bound: without the deadlines these calls never return


@pytest.fixture
def proxied_url():
    with temporary_postgres_database() as url:
        target = sa.engine.make_url(url)
        with fault_proxy(target.host, target.port or 5432) as proxy:
            yield target.set(port=proxy.port).render_as_string(hide_password=False), proxy


def select_one(engine):
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT 1")).scalar()


def outcome_of(call):
    """The call's result or exception, run in a thread; None if it is still hanging after GIVE_UP_SECONDS."""
    box = {}

    def run():
        try:
            box["result"] = call()
        except Exception as error:  # the outcome under test
            box["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(GIVE_UP_SECONDS)
    return None if thread.is_alive() else box


@pytest.mark.parametrize("fault", ["stall", "cut"])
def test_a_faulty_network_fails_the_call_and_the_engine_recovers(proxied_url, fault, monkeypatch):
    monkeypatch.setenv("BOT_DB_TIMEOUT_SECONDS", "1")
    url, proxy = proxied_url
    engine = server_engine(url)
    try:
        assert select_one(engine) == 1  # a pooled connection, open through the proxy
        getattr(proxy, fault)()
        outcome = outcome_of(lambda: select_one(engine))
        assert outcome is not None, "the call hung on the faulty network"
        assert isinstance(outcome.get("error"), sa.exc.OperationalError), outcome
        proxy.restore()
        assert outcome_of(lambda: select_one(engine)) == {"result": 1}
    finally:
        engine.dispose()


def test_a_stalled_connection_attempt_gives_up(proxied_url, monkeypatch):
    monkeypatch.setenv("BOT_DB_TIMEOUT_SECONDS", "1")
    url, proxy = proxied_url
    engine = server_engine(url)
    try:
        proxy.stall()  # no pooled connection yet: the connection set-up itself stalls
        outcome = outcome_of(lambda: select_one(engine))
        assert outcome is not None and isinstance(outcome.get("error"), sa.exc.OperationalError), outcome
        proxy.restore()
        assert outcome_of(lambda: select_one(engine)) == {"result": 1}
    finally:
        engine.dispose()


def test_a_commit_on_a_stalled_network_fails_and_time_between_calls_never_counts(proxied_url, monkeypatch):
    from bot.stores.watchdog import WATCHDOG

    monkeypatch.setenv("BOT_DB_TIMEOUT_SECONDS", "1")
    url, proxy = proxied_url
    engine = server_engine(url)
    try:
        with engine.connect() as connection:
            dbapi = connection.connection.dbapi_connection
            transaction = connection.begin()
            connection.execute(sa.text("CREATE TABLE t (x int)"))
            transaction.commit()
            assert id(dbapi) not in WATCHDOG._armed  # idle between calls: no deadline runs
            transaction = connection.begin()
            connection.execute(sa.text("INSERT INTO t VALUES (1)"))
            proxy.stall()
            outcome = outcome_of(transaction.commit)
        assert outcome is not None and isinstance(outcome.get("error"), sa.exc.OperationalError), outcome
        proxy.restore()
        assert outcome_of(lambda: select_one(engine)) == {"result": 1}
    finally:
        engine.dispose()

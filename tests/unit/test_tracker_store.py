"""The SQL tracker store over real connections: SQLite and PostgreSQL."""
import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.stores.database import DatabaseUnavailable, wait_for_database
from bot.stores.tracker_store import EnvSQLTrackerStore
from tests.databases import temporary_postgres_database

DOMAIN = Domain.from_dict({"intents": ["greet"]})


async def roundtrip(url: str) -> None:
    store = EnvSQLTrackerStore(DOMAIN, host=url)
    tracker = DialogueStateTracker.from_events("alice", [
        ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
        UserUttered("hallo", {"name": "greet", "confidence": 0.9}),
    ])
    await store.save(tracker)
    loaded = await store.retrieve("alice")
    assert loaded is not None
    assert [e.as_dict()["event"] for e in loaded.events][-1] == "user"
    assert loaded.latest_message.text == "hallo"
    assert "alice" in list(await store.keys())


async def test_sqlite_roundtrip_creates_the_folder(tmp_path):
    await roundtrip(f"sqlite:///{tmp_path / 'nested' / 'tracker.db'}")
    assert (tmp_path / "nested" / "tracker.db").exists()


@pytest.mark.postgres
async def test_postgres_roundtrip():
    with temporary_postgres_database() as url:
        await roundtrip(url)


async def test_url_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("BOT_TRACKER_DB_URL", f"sqlite:///{tmp_path / 'env.db'}")
    EnvSQLTrackerStore(DOMAIN)
    assert (tmp_path / "env.db").exists()


def test_database_down_is_a_clear_error_not_a_hang():
    with pytest.raises(DatabaseUnavailable, match="unreachable after 2 attempts"):
        wait_for_database("postgresql://postgres:secret@127.0.0.1:1/none", attempts=2, delay=0.01)


async def test_sqlite_tracker_runs_in_wal_mode(tmp_path):
    store = EnvSQLTrackerStore(DOMAIN, host=f"sqlite:///{tmp_path / 'wal.db'}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL

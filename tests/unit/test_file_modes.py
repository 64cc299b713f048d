"""Issue 13.10: database files and generated secrets are readable by their owner only (0600)."""

import os
import stat

import sqlalchemy as sa

from bot import local_secrets, settings
from bot.stores.database import sqlite_engine
from tests.migrated import migrated_database


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_sqlite_files_are_0600_whatever_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        tickets = migrated_database(f"sqlite:///{tmp_path / 'var' / 'bolt.db'}")  # migrations create it
        engine = sqlite_engine(f"sqlite:///{tmp_path / 'var' / 'tracker.db'}")
        with engine.begin() as connection:
            connection.execute(sa.text("CREATE TABLE t (x INTEGER)"))
            connection.execute(sa.text("INSERT INTO t VALUES (1)"))
            assert mode(tmp_path / "var" / "tracker.db-wal") == 0o600
        assert mode(tmp_path / "var" / "bolt.db") == 0o600
        assert mode(tmp_path / "var" / "tracker.db") == 0o600
        assert mode(tmp_path / "var") == 0o700
        engine.dispose()
        tickets.dispose()
    finally:
        os.umask(old)


def test_an_existing_world_readable_database_is_tightened(tmp_path):
    path = tmp_path / "tracker.db"
    path.write_bytes(b"")
    path.chmod(0o644)
    sqlite_engine(f"sqlite:///{path}").dispose()
    assert mode(path) == 0o600


def test_generated_secrets_are_0600(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    monkeypatch.delenv("BOT_ACTIONS_SECRET", raising=False)
    old = os.umask(0o022)
    try:
        secret = local_secrets.actions_secret()
    finally:
        os.umask(old)
    assert len(secret) >= 32 and local_secrets.actions_secret() == secret
    assert mode(tmp_path / "actions_secret") == 0o600

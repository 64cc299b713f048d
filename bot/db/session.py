"""Engine and sessions for the tickets database (BOT_DB_URL), migrated to head on start."""
from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.orm import Session, sessionmaker

from bot import settings
from bot.stores.database import make_engine as make_database_engine
from bot.stores.database import wait_for_database

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str, connect_attempts: int = 5) -> None:
    """`alembic upgrade head` for this URL (idempotent)."""
    wait_for_database(url, attempts=connect_attempts, delay=1.0)
    command.upgrade(alembic_config(url), "head")


def make_engine(url: str) -> sa.engine.Engine:
    """SQLite with foreign keys on; PostgreSQL with connect, statement and pool timeouts
    (BOT_DB_TIMEOUT_SECONDS) and a client-side deadline for a stalled network (bot.stores.database)."""
    return make_database_engine(url, "PRAGMA foreign_keys=ON")


class Database:
    def __init__(self, url: str, run_migrations: bool = True, connect_attempts: int = 5) -> None:
        self.url = url
        if run_migrations:
            migrate(url, connect_attempts)
        self.engine = make_engine(url)
        self._sessions = sessionmaker(bind=self.engine, expire_on_commit=False, future=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


@functools.cache
def database(url: str = "") -> Database:
    """The process-wide Database for a URL (default: BOT_DB_URL)."""
    return Database(url or settings.tickets_db_url(), connect_attempts=2)

"""Engine and sessions for the tickets database (BOT_DB_URL).

Opening a Database never changes its schema: migrations run only through `python -m bot migrate`
(`make run` and the tests run it first). `require_migrated(url)` tells a server started on a database
that is not at the head revision to run it.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
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


class DatabaseNotMigrated(RuntimeError):
    """The tickets database is not at the migrations' head revision."""


def head_revision() -> str:
    return str(ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head())


def current_revision(engine: sa.engine.Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def require_migrated(url: str, engine: sa.engine.Engine | None = None, connect_attempts: int = 5) -> None:
    """Raises DatabaseNotMigrated (saying what to run) unless the database is at the head revision
    (DatabaseUnavailable when it cannot be reached in `connect_attempts` tries)."""
    wait_for_database(url, attempts=connect_attempts, delay=1.0)
    own = engine is None
    engine = engine or make_engine(url)
    try:
        current, head = current_revision(engine), head_revision()
    finally:
        if own:
            engine.dispose()
    if current != head:
        shown = sa.engine.make_url(url).render_as_string(hide_password=True)
        raise DatabaseNotMigrated(
            f"the tickets database {shown} is at revision {current or '(empty)'}, not {head}: "
            "run python -m bot migrate (make run does it) before starting the servers"
        )


class Database:
    """Engine and sessions of a database that `python -m bot migrate` has brought to head."""

    def __init__(self, url: str) -> None:
        self.url = url
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
    return Database(url or settings.tickets_db_url())

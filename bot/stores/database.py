"""Database helpers shared by the tracker store and the ticket store."""

from __future__ import annotations

import logging
import math
import os
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bot import settings

logger = logging.getLogger(__name__)


# Write-ahead log: readers never block the writer (Rasa server and action server share files).
# synchronous=NORMAL in WAL mode survives a crash of the process; only a power cut can lose the
# last transactions, never corrupt the file. It saves an fsync per message.
SQLITE_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL")
# SQLite has no network to stall: its timeout is how long a writer waits for another writer's lock
SQLITE_BUSY_TIMEOUT_SECONDS = 30.0
POOL_SIZE, MAX_OVERFLOW = 5, 10


def db_timeout() -> float:
    """Seconds a database may take to connect, to run one statement, or to hand out a pooled
    connection (BOT_DB_TIMEOUT_SECONDS, default 5): past it the request fails with the apology
    instead of waiting (issue 15)."""
    return settings.current().db_timeout_seconds


def timeout_connect_args(url: str, seconds: float) -> dict[str, Any]:
    """The driver's own timeouts: libpq's connect_timeout (whole connection set-up, whole seconds)
    and the server's statement_timeout and lock_timeout; SQLite's busy timeout."""
    backend = make_url(url).get_backend_name()
    if backend == "postgresql":
        milliseconds = int(seconds * 1000)
        return {
            "connect_timeout": max(1, math.ceil(seconds)),
            "options": f"-c statement_timeout={milliseconds} -c lock_timeout={milliseconds}",
        }
    if backend == "sqlite":
        return {"timeout": max(seconds, SQLITE_BUSY_TIMEOUT_SECONDS)}
    return {}


def server_engine(url: str) -> sa.engine.Engine:
    """A PostgreSQL (or other server) engine with every timeout set: connecting, each statement (on the
    server, and on the client by bot.stores.watchdog, one second later, for a stalled network) and
    waiting for a pooled connection; stale pooled connections (after a database restart or a cut) are
    replaced on checkout."""
    from bot.stores.watchdog import guard

    seconds = db_timeout()
    engine = sa.create_engine(
        url,
        pool_pre_ping=True,
        pool_size=POOL_SIZE,
        max_overflow=MAX_OVERFLOW,
        pool_timeout=seconds,
        connect_args=timeout_connect_args(url, seconds),
    )
    return guard(engine, seconds + 1.0)


def make_engine(url: str, *extra_sqlite_pragmas: str) -> sa.engine.Engine:
    if make_url(url).get_backend_name() == "sqlite":
        return sqlite_engine(url, *extra_sqlite_pragmas)
    return server_engine(url)


def sqlite_engine(url: str, *extra_pragmas: str) -> sa.engine.Engine:
    """A SQLite engine that keeps its connections open (SQLAlchemy 1.4 would open and close one per
    session, and closing the last connection checkpoints the WAL: a disk write per message)."""
    ensure_sqlite_dir(url)
    seconds = db_timeout()
    engine = sa.create_engine(
        url,
        poolclass=sa.pool.QueuePool,
        pool_size=POOL_SIZE,
        max_overflow=MAX_OVERFLOW,
        pool_timeout=seconds,
        connect_args={"check_same_thread": False, **timeout_connect_args(url, seconds)},
    )

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS + extra_pragmas:
            cursor.execute(pragma)
        cursor.close()

    return engine


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached; the message names it (without the password)."""


PRIVATE_FILE = 0o600
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def ensure_sqlite_dir(url: str) -> None:
    """For a SQLite URL: the folder exists (0700 if created here) and the database file exists with mode
    0600, before SQLite creates it with the umask's (often world-readable 0644) mode. SQLite gives its
    -wal/-shm files the database file's mode; existing files are tightened to 0600 too."""
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or parsed.database in (None, "", ":memory:")
        or parsed.database.startswith("file:")
    ):
        return
    path = Path(parsed.database)
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        pass
    for file in [path] + [path.with_name(path.name + suffix) for suffix in SQLITE_SIDE_FILES]:
        try:
            if file.stat().st_mode & 0o077:
                file.chmod(PRIVATE_FILE)
        except FileNotFoundError:
            continue
        except PermissionError:  # a file of another user: nothing to tighten from here
            logger.warning("cannot restrict %s to its owner", file)


def wait_for_database(url: str, attempts: int = 5, delay: float = 2.0) -> None:
    """Connect once, retrying a few times; raise DatabaseUnavailable instead of hanging forever."""
    ensure_sqlite_dir(url)
    engine = sa.create_engine(url, pool_pre_ping=True, connect_args=timeout_connect_args(url, db_timeout()))
    try:
        for attempt in range(1, attempts + 1):
            try:
                with engine.connect() as connection:
                    connection.execute(sa.text("SELECT 1"))
                return
            except sa.exc.OperationalError as error:
                if attempt == attempts:
                    raise DatabaseUnavailable(
                        f"database {make_url(url).render_as_string(hide_password=True)} is unreachable "
                        f"after {attempts} attempts: {error.orig}"
                    ) from error
                logger.warning("database not reachable yet (attempt %s/%s): %s", attempt, attempts, error.orig)
                time.sleep(delay)
    finally:
        engine.dispose()

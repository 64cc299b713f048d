"""Database helpers shared by the tracker store and the ticket store."""
from __future__ import annotations

import logging
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

logger = logging.getLogger(__name__)


# Write-ahead log: readers never block the writer (Rasa server and action server share files).
# synchronous=NORMAL in WAL mode survives a crash of the process; only a power cut can lose the
# last transactions, never corrupt the file. It saves an fsync per message.
SQLITE_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL")


def sqlite_engine(url: str, *extra_pragmas: str) -> sa.engine.Engine:
    """A SQLite engine that keeps its connections open (SQLAlchemy 1.4 would open and close one per
    session, and closing the last connection checkpoints the WAL: a disk write per message)."""
    engine = sa.create_engine(url, poolclass=sa.pool.QueuePool, pool_size=5, max_overflow=10,
                              connect_args={"check_same_thread": False, "timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS + extra_pragmas:
            cursor.execute(pragma)
        cursor.close()

    return engine


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached; the message names it (without the password)."""


def ensure_sqlite_dir(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def wait_for_database(url: str, attempts: int = 5, delay: float = 2.0) -> None:
    """Connect once, retrying a few times; raise DatabaseUnavailable instead of hanging forever."""
    ensure_sqlite_dir(url)
    engine = sa.create_engine(url, pool_pre_ping=True)
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

"""A job that runs once across server instances: a lock only one process holds at a time, and the
time of the last run, both on the tracker database.

- PostgreSQL: `pg_try_advisory_lock` on a connection held for the run (released by
  `pg_advisory_unlock`, or by PostgreSQL when the process dies).
- SQLite (one machine): `flock` on a file next to the database file (released by the kernel when the
  process dies); an in-memory database uses a lock of this process.

`run_if_due` runs the work only when it holds the lock and the last run (table `bolt_job_runs`) is
at least `interval` ago: with several instances each checking on their own schedule, a daily job
runs once a day, not once per instance.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa

from bot.privacy.engines import create_tables

T = TypeVar("T")
metadata = sa.MetaData()
job_runs = sa.Table(
    "bolt_job_runs",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("last_run_at", sa.DateTime, nullable=False),
)
_local_locks: dict[str, threading.Lock] = {}
_local_guard = threading.Lock()


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for pg_try_advisory_lock."""
    return int.from_bytes(hashlib.sha256(f"bolt-job:{name}".encode()).digest()[:8], "big", signed=True)


@contextlib.contextmanager
def _postgres_lock(engine: sa.engine.Engine, name: str) -> Iterator[bool]:
    key = advisory_key(name)
    with engine.connect() as connection:
        acquired = bool(connection.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar())
        try:
            yield acquired
        finally:
            if acquired:
                connection.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[bool]:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def _process_lock(name: str) -> Iterator[bool]:
    with _local_guard:
        lock = _local_locks.setdefault(name, threading.Lock())
    acquired = lock.acquire(blocking=False)
    try:
        yield acquired
    finally:
        if acquired:
            lock.release()


@contextlib.contextmanager
def job_lock(engine: sa.engine.Engine, name: str) -> Iterator[bool]:
    """Yields True to the one process (and thread) holding the job's lock, False to everyone else."""
    url = engine.url
    if url.get_backend_name() == "postgresql":
        with _postgres_lock(engine, name) as acquired:
            yield acquired
    elif url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        with _file_lock(Path(f"{url.database}.{name}.lock")) as acquired:
            yield acquired
    else:
        with _process_lock(f"{url}:{name}") as acquired:
            yield acquired


def last_run(engine: sa.engine.Engine, name: str) -> dt.datetime | None:
    create_tables(engine, metadata)
    with engine.connect() as connection:
        return connection.execute(sa.select(job_runs.c.last_run_at).where(job_runs.c.name == name)).scalar()


def _record_run(engine: sa.engine.Engine, name: str, at: dt.datetime) -> None:
    with engine.begin() as connection:
        updated = connection.execute(job_runs.update().where(job_runs.c.name == name).values(last_run_at=at))
        if updated.rowcount == 0:
            connection.execute(job_runs.insert().values(name=name, last_run_at=at))


def run_if_due(
    engine: sa.engine.Engine, name: str, interval: dt.timedelta, now: dt.datetime, work: Callable[[], T]
) -> T | None:
    """Runs `work` if this process holds the lock and the last run is `interval` ago or longer (or
    there was none); records the run. None when another process runs it or it is not due."""
    create_tables(engine, metadata)
    with job_lock(engine, name) as acquired:
        if not acquired:
            return None
        previous = last_run(engine, name)
        if previous is not None and now - previous < interval:
            return None
        result = work()
        _record_run(engine, name, now)
        return result

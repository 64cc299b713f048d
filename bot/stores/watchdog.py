"""A client-side deadline for every database call, so a stalled network never hangs a thread forever.

PostgreSQL's `statement_timeout` is enforced by the server: when the network in between stalls (a
proxy or a firewall keeps the connection open and forwards nothing), the query never reaches the
server, and libpq waits for an answer forever (TCP keepalives and TCP_USER_TIMEOUT do not help: the
kernel of the stalled hop acknowledges everything). The watchdog arms a deadline whenever a
connection enters the database (a statement, a commit or rollback, the pool's ping and reset) and
disarms it when the call returns; a call still running at its deadline gets its socket shut down,
so the blocked thread gets an OperationalError at once, the pool throws that connection away and
the request fails cleanly (the channel answers with the apology). One daemon thread serves every
engine of the process.

SQLite connections have no socket: SQLite's own `timeout` (busy wait) bounds them instead.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import socket
import threading
import time
from typing import Any

import sqlalchemy as sa

logger = logging.getLogger(__name__)


def interrupt(dbapi_connection: Any) -> bool:
    """Shuts down the connection's socket (the blocked call fails at once); False without a socket."""
    fileno = getattr(dbapi_connection, "fileno", None)
    if fileno is None:
        return False
    try:
        fd = fileno()
        sock = socket.socket(fileno=socket.dup(fd))
    except Exception:  # closed meanwhile, or no socket
        return False
    try:
        sock.shutdown(socket.SHUT_RDWR)
        return True
    except OSError:
        return False
    finally:
        sock.close()


class Watchdog:
    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._armed: dict[int, tuple[float, int, Any]] = {}  # id(connection) -> (deadline, token, connection)
        self._heap: list[tuple[float, int, int]] = []  # (deadline, token, id(connection))
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None
        self.interrupted = 0  # connections shut down so far (tests, logs)

    def arm(self, dbapi_connection: Any, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        with self._condition:
            token = next(self._tokens)
            self._armed[id(dbapi_connection)] = (deadline, token, dbapi_connection)
            heapq.heappush(self._heap, (deadline, token, id(dbapi_connection)))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="db-watchdog", daemon=True)
                self._thread.start()
            if self._heap[0][1] == token:
                self._condition.notify()

    def disarm(self, dbapi_connection: Any) -> None:
        with self._condition:
            self._armed.pop(id(dbapi_connection), None)

    def _run(self) -> None:
        while True:
            expired = []
            with self._condition:
                now = time.monotonic()
                while self._heap and self._heap[0][0] <= now:
                    _, token, key = heapq.heappop(self._heap)
                    entry = self._armed.get(key)
                    if entry is not None and entry[1] == token:
                        del self._armed[key]
                        expired.append(entry[2])
                if not expired:
                    self._condition.wait(self._heap[0][0] - now if self._heap else None)
                    continue
            for connection in expired:
                if interrupt(connection):
                    self.interrupted += 1
                    logger.error("database call exceeded its deadline: connection shut down")


WATCHDOG = Watchdog()


def _dbapi(connection: Any) -> Any:
    """The driver's connection (the pool hands the dialect its own wrapper when it resets a connection)."""
    return getattr(connection, "dbapi_connection", None) or connection


def guard(engine: sa.engine.Engine, seconds: float) -> sa.engine.Engine:
    """Every call of this engine into the database (statements, commit, rollback, the pool's ping) gets
    `seconds` before its socket is shut down; time between calls never counts."""
    if engine.dialect.name == "sqlite":
        return engine

    def arm_cursor(conn: Any, cursor: Any, *_: Any) -> None:
        WATCHDOG.arm(cursor.connection, seconds)

    def disarm_cursor(conn: Any, cursor: Any, *_: Any) -> None:
        WATCHDOG.disarm(cursor.connection)

    def on_error(context: Any) -> None:
        if context.cursor is not None:
            WATCHDOG.disarm(context.cursor.connection)

    def disarm_pool(dbapi_connection: Any, *_: Any) -> None:
        if dbapi_connection is not None:
            WATCHDOG.disarm(dbapi_connection)

    sa.event.listen(engine, "before_cursor_execute", arm_cursor)
    sa.event.listen(engine, "after_cursor_execute", disarm_cursor)
    sa.event.listen(engine, "handle_error", on_error)
    sa.event.listen(engine.pool, "checkin", disarm_pool)
    sa.event.listen(engine.pool, "invalidate", disarm_pool)

    dialect = engine.dialect

    def guarded(call: Any) -> Any:
        def run(connection: Any, *args: Any, **kwargs: Any) -> Any:
            dbapi = _dbapi(connection)
            WATCHDOG.arm(dbapi, seconds)
            try:
                return call(connection, *args, **kwargs)
            finally:
                WATCHDOG.disarm(dbapi)

        return run

    # commit, rollback (also the pool's reset of a returned connection) and pool_pre_ping's "SELECT 1"
    dialect.do_commit = guarded(dialect.do_commit)
    dialect.do_rollback = guarded(dialect.do_rollback)
    dialect.do_ping = guarded(dialect.do_ping)
    return engine

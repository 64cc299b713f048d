"""The real database servers of the tests and benchmarks: a throw-away PostgreSQL database per use, and
Redis. Without pytest: a missing server raises ServerUnavailable with a message that says what is
needed (tests/databases.py turns it into a test failure)."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import sqlalchemy as sa

POSTGRES_ADMIN_URL = os.environ.get("BOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("BOT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


class ServerUnavailable(RuntimeError):
    """A server the caller needs does not answer; the message names it and how to point elsewhere."""


@contextlib.contextmanager
def temporary_postgres_database() -> Iterator[str]:
    """Creates bolt_test_<random> on the server, yields its URL, drops it afterwards."""
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"bolt_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:  # in CI the server must be there: fail loudly
        admin.dispose()
        raise ServerUnavailable(
            f"this test needs PostgreSQL at {POSTGRES_ADMIN_URL} (set BOT_TEST_POSTGRES_URL to another "
            f"server, or leave the postgres tests out with -m 'not postgres'): {error.orig}"
        ) from error
    url = sa.engine.make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(
                sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name}
            )
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def check_redis(url: str = REDIS_URL) -> str:
    """Pings Redis at `url` and returns the URL; raises ServerUnavailable if it does not answer."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        raise ServerUnavailable(
            f"this test needs Redis at {url} (set BOT_TEST_REDIS_URL to another server, "
            f"or leave the redis tests out with -m 'not redis'): {error}"
        ) from error
    finally:
        client.close()
    return url

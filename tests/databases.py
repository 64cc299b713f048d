"""Throw-away databases on the real servers: a fresh PostgreSQL database per use."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

POSTGRES_ADMIN_URL = os.environ.get("BOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("BOT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

# the markers of the running test (tests/conftest.py sets them); None outside pytest
current_test_markers: set[str] | None = None


def require_marker(name: str, server: str) -> None:
    """A test that uses a server must say so with its marker, so `-m "not servers"` never reaches it."""
    if current_test_markers is not None and name not in current_test_markers:
        pytest.fail(f"this test uses {server}: mark it @pytest.mark.{name} (make test-fast leaves such tests out)")


@contextlib.contextmanager
def temporary_postgres_database() -> Iterator[str]:
    """Creates bolt_test_<random> on the server, yields its URL, drops it afterwards."""
    require_marker("postgres", "PostgreSQL")
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"bolt_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:  # in CI the server must be there: fail loudly
        pytest.fail(
            f"this test needs PostgreSQL at {POSTGRES_ADMIN_URL} (set BOT_TEST_POSTGRES_URL to another "
            f"server, or leave the postgres tests out with -m 'not postgres'): {error.orig}"
        )
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

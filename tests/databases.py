"""The real database servers in the tests (bot/testing/databases.py, which bench/ shares): a test that uses
one must carry its marker, and a missing server fails the test with what it needs."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from bot.testing import databases as servers
from bot.testing.databases import POSTGRES_ADMIN_URL, REDIS_URL, ServerUnavailable

__all__ = ["POSTGRES_ADMIN_URL", "REDIS_URL", "require_marker", "require_redis", "temporary_postgres_database"]

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
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(servers.temporary_postgres_database())
        except ServerUnavailable as error:  # in CI the server must be there: fail loudly
            pytest.fail(str(error))
        yield url


def require_redis() -> str:
    """Redis's URL once it answers a ping; otherwise the test fails saying what it needs."""
    require_marker("redis", "Redis")
    try:
        return servers.check_redis(REDIS_URL)
    except ServerUnavailable as error:
        pytest.fail(str(error))

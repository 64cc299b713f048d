"""Tests say which servers they need (issue 17.8): `make test-fast` (-m "not servers") must never reach one."""

import pytest

from bot.testing import databases as servers
from bot.testing.servers import free_port
from tests import databases


def test_an_unmarked_test_may_not_open_a_postgres_database(monkeypatch):
    monkeypatch.setattr(databases, "current_test_markers", {"asyncio"})
    with pytest.raises(pytest.fail.Exception, match=r"mark it @pytest.mark.postgres"):
        with databases.temporary_postgres_database():
            pass


def test_this_test_is_not_a_server_test(request):
    assert request.node.get_closest_marker("servers") is None


@pytest.mark.postgres
def test_a_postgres_test_counts_as_a_server_test(request):
    assert request.node.get_closest_marker("servers") is not None
    assert "postgres" in databases.current_test_markers


def test_an_unmarked_test_may_not_use_redis(monkeypatch):
    monkeypatch.setattr(databases, "current_test_markers", {"asyncio"})
    with pytest.raises(pytest.fail.Exception, match=r"mark it @pytest.mark.redis"):
        databases.require_redis()


def test_a_missing_redis_fails_saying_what_the_test_needs(monkeypatch):
    """Issue 17 review L9: not a raw ConnectionError, but the URL, where to change it and how to leave it out."""
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    monkeypatch.setattr(databases, "current_test_markers", {"redis"})
    monkeypatch.setattr(databases, "REDIS_URL", url)
    with pytest.raises(pytest.fail.Exception) as failure:
        databases.require_redis()
    message = str(failure.value)
    assert f"needs Redis at {url}" in message
    assert "BOT_TEST_REDIS_URL" in message and "-m 'not redis'" in message


def test_a_missing_postgres_fails_saying_what_the_test_needs(monkeypatch):
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/test"  # nothing listens there
    monkeypatch.setattr(databases, "current_test_markers", {"postgres"})
    monkeypatch.setattr(servers, "POSTGRES_ADMIN_URL", url)
    with pytest.raises(pytest.fail.Exception) as failure:
        with databases.temporary_postgres_database():
            pass
    message = str(failure.value)
    assert f"needs PostgreSQL at {url}" in message
    assert "BOT_TEST_POSTGRES_URL" in message and "-m 'not postgres'" in message

"""Tests say which servers they need (issue 17.8): `make test-fast` (-m "not servers") must never reach one."""

import pytest

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

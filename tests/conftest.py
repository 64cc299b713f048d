import pytest

from bot.kb import KnowledgeBase, default_knowledge_base
from tests import databases

SERVER_MARKERS = ("e2e", "postgres", "redis")


def pytest_collection_modifyitems(items):
    """A test that needs a server says so with e2e/postgres/redis; each of those also counts as `servers`,
    so `-m "not servers"` (make test-fast) runs exactly the tests that need none."""
    for item in items:
        if any(item.get_closest_marker(name) for name in SERVER_MARKERS):
            item.add_marker(pytest.mark.servers)


def pytest_runtest_setup(item):
    databases.current_test_markers = {mark.name for mark in item.iter_markers()}


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return default_knowledge_base()

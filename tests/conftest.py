import pytest

from bot import settings
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


@pytest.fixture(autouse=True)
def fresh_settings(monkeypatch):
    """bot.settings.current() reads the environment once per process, as a server does. Tests change the
    environment, so each test starts with no settings kept, and `monkeypatch.setenv`/`delenv` forget the
    kept ones (a direct os.environ write after the first read is not seen: as in a running server)."""
    settings.reset()
    for name in ("setenv", "delenv"):
        change = getattr(monkeypatch, name)

        def change_and_reset(*args, _change=change, **kwargs):
            _change(*args, **kwargs)
            settings.reset()

        setattr(monkeypatch, name, change_and_reset)
    yield
    settings.reset()

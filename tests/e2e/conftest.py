import pytest

from tests.servers import running_bot


@pytest.fixture(scope="session")
def bot(tmp_path_factory):
    work_dir = tmp_path_factory.mktemp("bot")
    with running_bot(work_dir) as running:
        yield running

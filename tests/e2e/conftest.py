import pytest

from bot.testing.servers import add_agent, running_bot


@pytest.fixture(scope="session")
def bot(tmp_path_factory):
    work_dir = tmp_path_factory.mktemp("bot")
    with running_bot(work_dir, env={"BOT_DEV_MODE": "1"}) as running:
        yield running


@pytest.fixture(scope="session")
def agent_login(bot):
    """An agent created with the operations command, as an admin would."""
    return add_agent(bot, "Sanne Support", "sanne-wachtwoord")

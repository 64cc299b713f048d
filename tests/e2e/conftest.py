import subprocess
import sys

import pytest

from bot.testing.servers import ROOT, running_bot


@pytest.fixture(scope="session")
def bot(tmp_path_factory):
    work_dir = tmp_path_factory.mktemp("bot")
    with running_bot(work_dir, env={"BOT_DEV_MODE": "1"}) as running:
        yield running


@pytest.fixture(scope="session")
def agent_login(bot):
    """An agent created with the operations command, as an admin would."""
    env = {"BOT_DB_URL": f"sqlite:///{bot.log_dir / 'bolt.db'}", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "bot", "agents", "add", "Sanne Support"],
        cwd=ROOT,
        env=env,
        input="sanne-wachtwoord\n",
        text=True,
        check=True,
        capture_output=True,
    )
    return "sanne.support", "sanne-wachtwoord"

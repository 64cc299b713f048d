"""The action server killed under a running bot: every message still gets a Dutch reply."""

import pytest

from bot.dialogue.action_outage import APOLOGY
from bot.testing.servers import running_bot

pytestmark = pytest.mark.slow


def test_a_killed_action_server_gets_an_apology_not_silence(tmp_path):
    with running_bot(tmp_path, env={"BOT_DEV_MODE": "1", "BOT_ACTION_TIMEOUT": "3"}) as bot:
        assert "+81 120427732" in bot.ask("outage", "telefoonnummer japan")
        actions = next(p for p in bot.processes if "actions" in " ".join(map(str, p.args)))
        actions.kill()
        actions.wait(timeout=10)
        for text in ("hallo", "wat is het nummer in Duitsland?"):
            reply = bot.send("outage", text)
            assert reply.status_code == 200
            assert APOLOGY in " ".join(m.get("text", "") for m in reply.json()), text

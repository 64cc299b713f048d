"""An action server that is down or silent gets the user a Dutch apology, never silence."""

import asyncio

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.dialogue import action_outage
from bot.testing.servers import free_port


@pytest.fixture(autouse=True)
def installed():
    before = RemoteAction.run
    action_outage.install()
    yield
    RemoteAction.run = before


async def run_action(url):
    action = RemoteAction("action_answer_phone_number", EndpointConfig(url=url))
    return await action.run(None, None, DialogueStateTracker("outage", []), Domain.empty())


async def test_an_unreachable_action_server_gets_the_apology():
    events = await run_action(f"http://127.0.0.1:{free_port()}/webhook")  # nothing listens there
    assert [e.text for e in events if isinstance(e, BotUttered)] == [action_outage.APOLOGY]


async def test_a_silent_action_server_gets_the_apology_after_the_timeout(monkeypatch):
    monkeypatch.setenv("BOT_ACTION_TIMEOUT", "0.5")
    accepted = []

    async def never_answers(reader, writer):
        accepted.append(writer)  # keeps the connection open and says nothing

    server = await asyncio.start_server(never_answers, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        events = await asyncio.wait_for(run_action(f"http://127.0.0.1:{port}/webhook"), 10)
    finally:
        server.close()
    assert accepted and [e.text for e in events if isinstance(e, BotUttered)] == [action_outage.APOLOGY]


def test_uninstalled_rasa_would_raise(monkeypatch):
    """Without the patch Rasa raises (and its processor then logs and answers nothing)."""
    monkeypatch.setattr(RemoteAction, "run", action_outage._rasa_run)
    from rasa.shared.exceptions import RasaException

    with pytest.raises(RasaException):
        asyncio.run(run_action(f"http://127.0.0.1:{free_port()}/webhook"))

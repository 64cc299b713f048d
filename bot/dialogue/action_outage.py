"""Never silence when the action server is down or slow (issue 15, first part).

Rasa 3.6's RemoteAction waits up to five minutes for the action server, and when it cannot reach
it, the processor logs the exception and the user gets no reply at all (`[]`). Installed, a custom
action that fails to run (connection refused, an HTTP error, no answer within BOT_ACTION_TIMEOUT
seconds, default 10) answers the short Dutch apology instead. A rejection by a form's validation
(ActionExecutionRejection) is not an outage and passes through unchanged.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import BotUttered, Event
from rasa.shared.exceptions import RasaException

from bot import settings
from bot.answers.apologies import SOMETHING_WENT_WRONG

logger = logging.getLogger(__name__)
APOLOGY = SOMETHING_WENT_WRONG

_rasa_run = RemoteAction.run


def action_timeout() -> float:
    """Seconds a custom action may take before the user gets the apology (BOT_ACTION_TIMEOUT, default 10)."""
    return settings.current().action_timeout_seconds


async def run_or_apologise(self: RemoteAction, *args: Any, **kwargs: Any) -> list[Event]:
    try:
        return await asyncio.wait_for(_rasa_run(self, *args, **kwargs), action_timeout())
    except ActionExecutionRejection:
        raise
    except (RasaException, asyncio.TimeoutError) as error:
        logger.error("custom action %s failed (%s): the user gets an apology", self.name(), type(error).__name__)
        return [BotUttered(APOLOGY, {}, {})]


def install() -> None:
    """Idempotent."""
    RemoteAction.run = run_or_apologise

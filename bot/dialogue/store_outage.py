"""Nothing answered is ever lost, and a database fault is never silence (issue 15).

Rasa 3.6 wraps the tracker store in a FailSafeTrackerStore: a failed `retrieve` turns into a new,
empty conversation and a failed `save` is written to an in-memory store instead ("Falling back to use
the InMemoryTrackerStore") — the user got an answer, but the turn was lost when the database came
back. Installed (with Bolt-NL's tracker store, bot.stores.tracker_store), this module:

- removes that wrapper for a configured store: a retrieve or save that fails raises out of
  `Agent.handle_message`. A save is one transaction (bot.stores.tracker_store), so a failed turn
  stores nothing: not the user message, not the reply;
- fails the turn as well when an action says its own database work failed (`fail_turn`, the
  ticket actions): the turn is not stored, so the form's answers stay as they were and the client's
  retry of the same message completes it — one ticket, since opening a ticket is idempotent per
  conversation;
- gives the channels the one reply for a failed turn: the short Dutch apology of
  bot.dialogue.action_outage, over REST with HTTP 503 and `Retry-After` (the body is the usual list
  of messages, holding the apology), over socket.io as a normal bot message.

socket.io decision: the bot's messages of a turn are buffered (`BufferedOutput`) and emitted only
once the turn is stored; when it fails they are dropped and the apology is sent instead. So the
widget never shows an answer that the conversation does not hold, and a retry is not answered twice.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.answers.apologies import SOMETHING_WENT_WRONG

logger = logging.getLogger(__name__)

# the text of bot.dialogue.action_outage.APOLOGY; both from bot/answers (pure), so that the action
# server can import this module without Rasa's core
APOLOGY = SOMETHING_WENT_WRONG
RETRY_AFTER_SECONDS = 2
# key of the custom message with which an action says the turn must fail (see fail_turn)
TURN_FAILED_KEY = "bolt_turn_failed"


class TurnNotStored(RuntimeError):
    """The turn could not be stored (or an action's database work failed): nothing of it is kept."""


def apology_messages(recipient_id: str) -> list[dict[str, Any]]:
    """The REST body of a failed turn: the same shape as a normal reply."""
    return [{"recipient_id": recipient_id, "text": APOLOGY}]


def rest_apology(recipient_id: str, headers: dict[str, str] | None = None) -> Any:
    from sanic import response

    return response.json(
        apology_messages(recipient_id), status=503, headers={**(headers or {}), "Retry-After": str(RETRY_AFTER_SECONDS)}
    )


def fail_turn(dispatcher: Any, reason: str) -> list[dict[str, Any]]:
    """For an action (rasa_sdk) whose database work failed: the Rasa server stores nothing of this turn
    and the user gets the apology; returns the action's events (none: the slots stay as they were)."""
    dispatcher.utter_message(json_message={TURN_FAILED_KEY: reason})
    return []


def failed_turn_reason(events: list[Any]) -> str | None:
    """The reason an action of the current turn (after the last user message) gave for failing it."""
    from rasa.shared.core.events import BotUttered, UserUttered

    for event in reversed(events):
        if isinstance(event, UserUttered):
            return None
        if isinstance(event, BotUttered):
            custom = (event.data or {}).get("custom")
            if isinstance(custom, dict) and custom.get(TURN_FAILED_KEY):
                return str(custom[TURN_FAILED_KEY])
    return None


class BufferedOutput:
    """Wraps an output channel: every `send_*` call is kept until `flush` (the turn is stored) or dropped
    by `apologise` (it is not). Everything else is the wrapped channel's."""

    def __init__(self, output: Any) -> None:
        self._output = output
        self._calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._output, name)
        if name.startswith("send_") and callable(attribute):

            async def record(*args: Any, **kwargs: Any) -> None:
                self._calls.append((name, args, kwargs))

            return record
        return attribute

    @property
    def pending(self) -> int:
        return len(self._calls)

    async def flush(self) -> None:
        calls, self._calls = self._calls, []
        for name, args, kwargs in calls:
            await getattr(self._output, name)(*args, **kwargs)

    async def apologise(self, recipient_id: str) -> None:
        self._calls = []
        await self._output.send_text_message(recipient_id, APOLOGY)


# ---------------------------------------------------------------------- installed into Rasa


def _unwrapped_tracker_store(store: Any, domain: Any) -> Any:
    from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore

    if store is None or isinstance(store, InMemoryTrackerStore):
        return FailSafeTrackerStore(store or InMemoryTrackerStore(domain))  # nothing to lose: Rasa's default
    store.domain = domain
    return store


async def _save_or_fail(self: Any, tracker: Any) -> None:
    reason = failed_turn_reason(list(tracker.events))
    if reason is not None:
        logger.error(
            "an action failed the turn of a conversation (%s): nothing stored, the user gets the apology", reason
        )
        raise TurnNotStored(reason)
    await self.tracker_store.save(tracker)


def install() -> None:
    """Idempotent; called by bot.rasa_runtime.patches.install_patches(), before Rasa builds its Agent."""
    from rasa.core.agent import Agent
    from rasa.core.processor import MessageProcessor

    Agent._create_tracker_store = staticmethod(_unwrapped_tracker_store)
    MessageProcessor.save_tracker = _save_or_fail

"""A form keeps the user's answer while the action server is down (issue 15.3).

Without this, an answer typed during an outage was lost: the form's validation could not run, the
apology came back as its result, and Rasa went on with the unchecked value (the form even finished
and the ticket action failed too, so the intake ended without a ticket).

Installed (`install()`), a form whose validation meets the outage apology (bot.dialogue.action_outage)
while it waits for an answer:
- stays active at the same question, with the answer's slots left empty (the value is unchecked);
- answers SAVED_ANSWER once, which carries the answer in its metadata (the tracker keeps it; the
  client sees only the text);
- on the next turn it validates that saved answer as if the user had just given it (the new message
  only says "go on"; a cancel or goodbye is handled as usual and ends the form), and asks the next
  question or finishes. Still down: the same apology, the answer stays saved.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.actions.forms import FormAction
from rasa.shared.core.events import BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.answers.apologies import ANSWER_SAVED
from bot.dialogue.action_outage import APOLOGY
from bot.handoff.intake import interruption

logger = logging.getLogger(__name__)
SAVED_ANSWER = ANSWER_SAVED
METADATA_KEY = "bolt_saved_answer"

_rasa_form_run = FormAction.run


def saved_answer(tracker: DialogueStateTracker, form: str) -> dict[str, Any] | None:
    """The answer this form saved in the previous turn, if that turn ended with SAVED_ANSWER."""
    seen_user = False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            if seen_user:
                return None  # a whole turn since then: the answer is no longer pending
            seen_user = True
        elif isinstance(event, BotUttered) and seen_user:
            saved = (event.metadata or {}).get(METADATA_KEY)
            return saved if isinstance(saved, dict) and saved.get("form") == form else None
    return None


def replay_tracker(tracker: DialogueStateTracker, saved: dict[str, Any], domain: Any) -> DialogueStateTracker:
    """The conversation as if the saved answer had just been typed instead of the latest message."""
    events = list(tracker.events)
    latest = max(i for i, e in enumerate(events) if isinstance(e, UserUttered))
    answer = Event.from_parameters(saved["answer"])
    slots = [SlotSet(name, value) for name, value in (saved.get("slots") or {}).items()]
    return DialogueStateTracker.from_events(tracker.sender_id, events[:latest] + [answer] + slots, slots=domain.slots)


def _ends_the_form(tracker: DialogueStateTracker) -> bool:
    """The new message cancels or says goodbye: the form handles it, not the saved answer."""
    message = tracker.latest_message
    intent = (message.intent or {}).get("name") if message else None
    return interruption(tracker.get_slot("requested_slot"), intent, message.text if message else None) in (
        "cancel",
        "goodbye",
    )


def _met_the_outage(events: list[Event]) -> bool:
    return any(isinstance(e, BotUttered) and e.text == APOLOGY for e in events)


async def run_keeping_the_answer(
    self: FormAction, output_channel: Any, nlg: Any, tracker: DialogueStateTracker, domain: Any
) -> list[Event]:
    waiting_for_answer = tracker.active_loop_name == self.name() and tracker.latest_action_name == "action_listen"
    saved = saved_answer(tracker, self.name()) if waiting_for_answer and not _ends_the_form(tracker) else None
    if saved:
        tracker = replay_tracker(tracker, saved, domain)
    events = await _rasa_form_run(self, output_channel, nlg, tracker, domain)
    if not waiting_for_answer or not _met_the_outage(events):
        return events
    answer = Event.from_parameters(saved["answer"]) if saved else tracker.latest_message
    slots = saved.get("slots") if saved else self._get_slot_extractions(tracker, domain)
    logger.warning("form %s: the action server is unavailable; the answer is kept for the next turn", self.name())
    keep = {"form": self.name(), "answer": answer.as_dict(), "slots": dict(slots or {})}
    return [SlotSet(name, None) for name in (slots or {})] + [BotUttered(SAVED_ANSWER, {}, {METADATA_KEY: keep})]


def install() -> None:
    """Idempotent."""
    FormAction.run = run_keeping_the_answer

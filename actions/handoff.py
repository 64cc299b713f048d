"""Hand-off actions: route to live chat or webticket, the intake forms, and ticket creation.

Thin adapters: they read the slots and the verified identity, ask bot/handoff (the desk, the intake
checks) and send what bot/answers says.
"""

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import say, user_claims
from bot.answers import handoff as texts
from bot.answers import intake as intake_texts
from bot.db.session import database
from bot.dialogue.store_outage import fail_turn
from bot.handoff import intake_checks
from bot.handoff.desk import DATABASE_ERRORS, HandoffDesk
from bot.handoff.intake_checks import FORM_SLOTS, Checked
from bot.handoff.model import TooManyOpenTickets
from bot.handoff.severity import priority_with_evidence, webticket_priority
from bot.handoff.tickets import TicketService
from bot.kb import default_knowledge_base
from bot.vocabulary import Channel, Intent

DB_ERRORS = DATABASE_ERRORS


def tickets() -> TicketService:
    return TicketService(database(), default_knowledge_base())


def desk() -> HandoffDesk:
    return HandoffDesk(tickets())


def database_down(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    """The tickets database failed: the Rasa server stores nothing of this turn and answers with the
    apology (bot/dialogue/store_outage.py), so the form's answers stay and the user's retry completes it."""
    return fail_turn(dispatcher, "tickets database")


def reset_form() -> list[dict[str, Any]]:
    return [SlotSet(s, None) for s in FORM_SLOTS]


def told(dispatcher: CollectingDispatcher, checked: Checked) -> dict[str, Any]:
    """Say the check's complaint (if any); the slots to set."""
    if checked.complaint:
        dispatcher.utter_message(text=checked.complaint)
    return checked.slots


# The intake checks (bot/handoff/intake_checks.py), saying their complaint.


def check_description(value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    return told(dispatcher, intake_checks.check_description(value))


def check_email(value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    return told(dispatcher, intake_checks.check_email(value))


def check_priority(value: Any, dispatcher: CollectingDispatcher, entity: str | None = None) -> dict[str, Any]:
    return told(dispatcher, intake_checks.check_priority(value, entity))


def check_priority_confirmed(value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    return told(dispatcher, intake_checks.check_priority_confirmed(value))


# Typed answers to the intake questions, by slot (the forms' validators and action_intake_deny).
ANSWER_CHECKS = {
    "problem_description": check_description,
    "contact_email": check_email,
    "problem_priority": check_priority,
}


class StartHandoff(Action):
    """The user wants a human (asked, two misses, not helped, a serious problem): pick the route."""

    def name(self) -> str:
        return "action_start_handoff"

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        claims = user_claims(tracker)
        try:
            already = desk().open_ticket_reply(tracker.sender_id, claims)
        except DB_ERRORS:
            return database_down(dispatcher)
        if already:
            say(dispatcher, already)
            return []
        resets = reset_form()
        latest = tracker.latest_message or {}
        if (latest.get("intent") or {}).get("name") == Intent.REPORT_PROBLEM:
            dispatcher.utter_message(text=intake_texts.PROBLEM_NOT_SOLVABLE)
            text = latest.get("text") or ""
            resets = [
                SlotSet("problem_description", text[: intake_checks.MAX_DESCRIPTION]),
                SlotSet("problem_priority", priority_with_evidence(text)),
                SlotSet("priority_confirmed", None),
                SlotSet("contact_email", None),
            ]
        if claims.entitlements.live_chat:
            dispatcher.utter_message(text=intake_texts.CONNECTING)
            return resets + [FollowupAction("handoff_form")]
        say(dispatcher, texts.live_chat_not_included(default_knowledge_base(), claims))
        if claims.email:
            resets = [e for e in resets if e["name"] != "contact_email"] + [SlotSet("contact_email", claims.email)]
        return resets + [FollowupAction("webticket_form")]


class AskProblemPriority(Action):
    def name(self) -> str:
        return "action_ask_problem_priority"

    async def run(self, dispatcher, tracker, domain) -> list[dict[str, Any]]:
        say(dispatcher, intake_texts.ask_problem_priority())
        return []


class AskPriorityConfirmed(Action):
    def name(self) -> str:
        return "action_ask_priority_confirmed"

    async def run(self, dispatcher, tracker, domain) -> list[dict[str, Any]]:
        say(dispatcher, texts.ask_priority_confirmation(default_knowledge_base(), tracker.get_slot("problem_priority")))
        return []


class InterruptibleForm(FormValidationAction):
    """A question, goodbye or cancel during the form is handled before any slot is checked (14.5)."""

    def name(self) -> str:
        return ""

    async def run(self, dispatcher, tracker, domain):
        from actions.intake import form_interruption  # actions.intake imports this module

        events = await form_interruption(self.form_name(), dispatcher, tracker, domain)
        if events is not None:
            return events
        return await super().run(dispatcher, tracker, domain)


class ValidateHandoffForm(InterruptibleForm):
    def name(self) -> str:
        return "validate_handoff_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        return list(intake_checks.live_chat_slots(tracker.get_slot("problem_priority")))

    def validate_problem_description(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return check_description(value, dispatcher)

    def validate_problem_priority(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        entity = next(tracker.get_latest_entity_values("priority"), None)
        return told(
            dispatcher, intake_checks.check_priority_answer(value, entity, tracker.get_slot("problem_description"))
        )

    def validate_priority_confirmed(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return check_priority_confirmed(value, dispatcher)


class ValidateWebticketForm(InterruptibleForm):
    def name(self) -> str:
        return "validate_webticket_form"

    def validate_contact_email(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return check_email(value, dispatcher)

    def validate_problem_description(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return check_description(value, dispatcher)


class CreateTicket(Action):
    """After the intake form: a live-chat ticket in the queue (re-checking the verified identity)."""

    channel: str = Channel.LIVE_CHAT

    def name(self) -> str:
        return "action_create_ticket"

    def priority(self, tracker: Tracker) -> str:
        return tracker.get_slot("problem_priority") or webticket_priority(tracker.get_slot("problem_description"))

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        claims = user_claims(tracker)
        description = tracker.get_slot("problem_description")
        if not description:
            # the form was ended without an answer (cancel, goodbye): the form's validation said so
            return reset_form()
        try:
            reply = desk().open_ticket(
                conversation_id=tracker.sender_id,
                claims=claims,
                channel=self.channel if claims.entitlements.live_chat else Channel.WEBTICKET,
                priority=self.priority(tracker),
                description=description,
                events=tracker.events,
                contact_email=tracker.get_slot("contact_email"),
            )
        except TooManyOpenTickets as limit:
            dispatcher.utter_message(text=intake_texts.too_many_tickets(limit.limit))
            return reset_form()
        except DB_ERRORS:
            return database_down(dispatcher)
        say(dispatcher, reply)
        return reset_form()


class CreateWebticket(CreateTicket):
    channel = Channel.WEBTICKET

    def name(self) -> str:
        return "action_create_webticket"

    def priority(self, tracker: Tracker) -> str:
        return webticket_priority(tracker.get_slot("problem_description"))

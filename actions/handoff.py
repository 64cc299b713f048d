"""Hand-off: route to live chat or webticket, the intake forms, and ticket creation."""
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import OperationalError

from actions.base import user_claims
from bot.answers import handoff as texts
from bot.answers.reply import Button
from bot.db.session import database
from bot.dialogue.store_outage import fail_turn
from bot.handoff.agents import AgentService
from bot.handoff.reasons import handoff_reason
from bot.handoff.severity import (SEVERITY_BUTTONS, normalise, priority_from_text, priority_with_evidence,
                                   webticket_priority)
from bot.handoff.tickets import TicketService, TooManyOpenTickets
from bot.handoff.transcript import subject_from, transcript_from_events
from bot.kb import default_knowledge_base
from bot.stores.database import DatabaseUnavailable

EMAIL = re.compile(r"^[^@\s<>]{1,64}@[^@\s<>]{1,185}\.[a-zA-Z]{2,}$")
FORM_SLOTS = ("problem_description", "problem_priority", "priority_confirmed", "contact_email")
DB_ERRORS = (DatabaseUnavailable, OperationalError)
# on every intake question: the payload is the plain word, which bot/handoff/intake.is_cancel reads as a cancel
CANCEL_BUTTON = Button("Annuleren", "Annuleren")


def tickets() -> TicketService:
    return TicketService(database(), default_knowledge_base())


def say(dispatcher: CollectingDispatcher, reply) -> None:
    dispatcher.utter_message(**reply.as_message())


def database_down(dispatcher: CollectingDispatcher) -> List[Dict[Text, Any]]:
    """The tickets database failed: the Rasa server stores nothing of this turn and answers with the
    apology (bot/dialogue/store_outage.py), so the form's answers stay and the user's retry completes it."""
    return fail_turn(dispatcher, "tickets database")


def too_many_tickets(dispatcher: CollectingDispatcher, limit: int) -> List[Dict[Text, Any]]:
    dispatcher.utter_message(text=f"U hebt al {limit} open tickets bij Zoom-ondersteuning; meer tegelijk kan niet. "
                                  "Een medewerker neemt ze zo snel mogelijk in behandeling. Wilt u iets toevoegen, "
                                  "doe dat dan in het gesprek waarin u het ticket hebt gemaakt.")
    return [SlotSet(s, None) for s in FORM_SLOTS]


# The intake checks. A None value is a slot reset at activation, not an answer: no complaint then.

def check_description(value: Any, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
    text = str(value or "").strip()
    if len(text) < 5:
        if value is not None:
            dispatcher.utter_message(text="Beschrijf het probleem in een paar woorden, alstublieft.")
        return {"problem_description": None}
    return {"problem_description": text[:2000]}


def check_email(value: Any, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
    email = str(value or "").strip()
    if not EMAIL.match(email):
        if value is not None:
            dispatcher.utter_message(text="Dat lijkt geen geldig e-mailadres. Probeer het nog eens.")
        return {"contact_email": None}
    return {"contact_email": email}


def check_priority(value: Any, dispatcher: CollectingDispatcher,
                   entity: Optional[str] = None) -> Dict[Text, Any]:
    priority = normalise(entity) or priority_from_text(str(value or ""))
    if value is not None and not priority:
        dispatcher.utter_message(text="Dat kon ik niet aan een prioriteit koppelen. Kies een van de knoppen.")
    return {"problem_priority": priority}


# Typed answers to the intake questions, by slot (the forms' validators and action_intake_deny).
ANSWER_CHECKS = {"problem_description": check_description, "contact_email": check_email,
                 "problem_priority": check_priority}


def check_priority_confirmed(value: Any, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
    if value is False:
        dispatcher.utter_message(text="Geen probleem, kies dan de prioriteit die beter past.")
        return {"priority_confirmed": None, "problem_priority": None}
    return {"priority_confirmed": value}


class StartHandoff(Action):
    """The user wants a human (asked, two misses, not helped, a serious problem): pick the route."""

    def name(self) -> Text:
        return "action_start_handoff"

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
        kb = default_knowledge_base()
        try:
            service = tickets()
            existing = service.open_ticket_for(tracker.sender_id)
            if existing:
                online = len(AgentService(service.db).online())
                reply = (texts.live_chat_ticket(kb, existing, service.queue_position(existing.id), False, online)
                         if existing.channel == "live_chat" else texts.webticket_created(kb, existing, False))
                say(dispatcher, reply)
                return []
        except DB_ERRORS:
            return database_down(dispatcher)
        claims = user_claims(tracker)
        resets = [SlotSet(s, None) for s in FORM_SLOTS]
        latest = tracker.latest_message or {}
        if (latest.get("intent") or {}).get("name") == "report_problem":
            dispatcher.utter_message(text="Dat klinkt als een probleem dat ik als chatbot niet kan oplossen.")
            text = latest.get("text") or ""
            resets = [SlotSet("problem_description", text[:2000]),
                      SlotSet("problem_priority", priority_with_evidence(text)),
                      SlotSet("priority_confirmed", None), SlotSet("contact_email", None)]
        if claims.entitlements.live_chat:
            dispatcher.utter_message(text="Ik verbind u met een medewerker van Zoom-ondersteuning. "
                                          "Eerst twee korte vragen, zodat de medewerker u snel kan helpen.")
            return resets + [FollowupAction("handoff_form")]
        say(dispatcher, texts.live_chat_not_included(kb, claims))
        if claims.email:
            resets = [e for e in resets if e["name"] != "contact_email"] + [SlotSet("contact_email", claims.email)]
        return resets + [FollowupAction("webticket_form")]


class AskProblemPriority(Action):
    def name(self) -> Text:
        return "action_ask_problem_priority"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text="Hoe ernstig is het probleem? Kies de omschrijving die het best past.",
                                 buttons=[b.as_dict() for b in SEVERITY_BUTTONS + (CANCEL_BUTTON,)])
        return []


class AskPriorityConfirmed(Action):
    def name(self) -> Text:
        return "action_ask_priority_confirmed"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        say(dispatcher, texts.ask_priority_confirmation(default_knowledge_base(), tracker.get_slot("problem_priority")))
        return []


class InterruptibleForm(FormValidationAction):
    """A question, goodbye or cancel during the form is handled before any slot is checked (14.5)."""

    def name(self) -> Text:
        return ""

    async def run(self, dispatcher, tracker, domain):
        from actions.intake import form_interruption  # actions.intake imports this module
        events = await form_interruption(self.form_name(), dispatcher, tracker, domain)
        if events is not None:
            return events
        return await super().run(dispatcher, tracker, domain)


class ValidateHandoffForm(InterruptibleForm):
    def name(self) -> Text:
        return "validate_handoff_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        slots = ["problem_description", "problem_priority"]
        if tracker.get_slot("problem_priority") in ("P1", "P2"):
            slots.append("priority_confirmed")
        return slots

    def validate_problem_description(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return check_description(value, dispatcher)

    def validate_problem_priority(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        entity = next(tracker.get_latest_entity_values("priority"), None)
        text = str(value or "").strip()
        if value is not None and not (normalise(entity) or priority_from_text(text)) and len(text.split()) >= 4:
            # more about the problem, not a priority: keep it with the description, ask the priority again
            described = tracker.get_slot("problem_description") or ""
            dispatcher.utter_message(text="Dank u, ik heb dat bij de omschrijving van uw probleem gezet.")
            return {"problem_priority": None,
                    "problem_description": (f"{described}\n{text}" if described else text)[:2000]}
        return check_priority(value, dispatcher, entity)

    def validate_priority_confirmed(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return check_priority_confirmed(value, dispatcher)


class ValidateWebticketForm(InterruptibleForm):
    def name(self) -> Text:
        return "validate_webticket_form"

    def validate_contact_email(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return check_email(value, dispatcher)

    def validate_problem_description(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return check_description(value, dispatcher)


class CreateTicket(Action):
    """After the intake form: a live-chat ticket in the queue (re-checking the verified identity)."""

    channel = "live_chat"

    def name(self) -> Text:
        return "action_create_ticket"

    def priority(self, tracker: Tracker) -> str:
        return tracker.get_slot("problem_priority") or webticket_priority(tracker.get_slot("problem_description"))

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        kb = default_knowledge_base()
        claims = user_claims(tracker)
        channel = self.channel if claims.entitlements.live_chat else "webticket"
        description = tracker.get_slot("problem_description")
        if not description:
            # the form was ended without an answer (cancel, goodbye): the form's validation said so
            return [SlotSet(s, None) for s in FORM_SLOTS]
        try:
            service = tickets()
            result = service.open_ticket(
                conversation_id=tracker.sender_id, claims=claims, channel=channel,
                priority=self.priority(tracker), subject=subject_from(description), description=description,
                transcript=transcript_from_events(tracker.events), contact_email=tracker.get_slot("contact_email"),
                handoff_reason=handoff_reason(tracker.events),
            )
            online = len(AgentService(service.db).online())
        except TooManyOpenTickets as limit:
            return too_many_tickets(dispatcher, limit.limit)
        except DB_ERRORS:
            return database_down(dispatcher)
        if result.ticket.channel == "live_chat":
            say(dispatcher, texts.live_chat_ticket(kb, result.ticket, result.position, result.created, online))
        else:
            say(dispatcher, texts.webticket_created(kb, result.ticket, result.created))
        return [SlotSet(s, None) for s in FORM_SLOTS]


class CreateWebticket(CreateTicket):
    channel = "webticket"

    def name(self) -> Text:
        return "action_create_webticket"

    def priority(self, tracker: Tracker) -> str:
        return webticket_priority(tracker.get_slot("problem_description"))

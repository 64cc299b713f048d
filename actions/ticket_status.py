"""Ticket status in the chat: 'wat is de status van ZN-000123?' and 'mijn tickets' (issue 18.1)."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import user_claims
from actions.handoff import DB_ERRORS
from bot.answers import apologies
from bot.answers import ticket_status as texts
from bot.db.session import database
from bot.handoff.ticket_status import TicketStatusLookup, find_reference

DATABASE_DOWN = apologies.TICKETS_UNAVAILABLE


class AnswerTicketStatus(Action):
    def name(self) -> str:
        return "action_answer_ticket_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        claims = user_claims(tracker)
        reference = find_reference((tracker.latest_message or {}).get("text"))
        try:
            lookup = TicketStatusLookup(database())
            if reference:
                reply = texts.ticket_status(reference, lookup.by_reference(reference, claims, tracker.sender_id))
            else:
                reply = texts.my_tickets(lookup.of_user(claims, tracker.sender_id), claims.verified)
        except DB_ERRORS:
            dispatcher.utter_message(text=DATABASE_DOWN)
            return []
        dispatcher.utter_message(**reply.as_message())
        return []

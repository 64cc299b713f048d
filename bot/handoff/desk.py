"""The hand-off desk: what the hand-off actions ask of the tickets database, answered as a Reply.

The actions (actions/handoff.py) read the slots and the user's identity, call one method here and
send the Reply; the ticket service does the database work, bot/answers/handoff.py says it in Dutch.
A failing tickets database raises one of DATABASE_ERRORS (the action then fails the turn, so the
form's answers stay for the user's retry); a user at the open-ticket limit raises TooManyOpenTickets.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Sequence

from sqlalchemy.exc import OperationalError

from bot.answers import handoff as texts
from bot.answers.reply import Reply
from bot.handoff.agents import AgentService
from bot.handoff.model import TicketView
from bot.handoff.reasons import handoff_reason
from bot.handoff.tickets import TicketService
from bot.handoff.transcript import subject_from, transcript_from_events
from bot.identity import Claims
from bot.stores.database import DatabaseUnavailable

DATABASE_ERRORS = (DatabaseUnavailable, OperationalError)


class HandoffDesk:
    def __init__(self, tickets: TicketService) -> None:
        self.tickets = tickets

    def _agents_online(self) -> int:
        return len(AgentService(self.tickets.db).online())

    def _ticket_reply(self, ticket: TicketView, position: Optional[int], created: bool) -> Reply:
        if ticket.channel == "live_chat":
            return texts.live_chat_ticket(self.tickets.kb, ticket, position, created, self._agents_online())
        return texts.webticket_created(self.tickets.kb, ticket, created)

    def open_ticket_reply(self, conversation_id: str) -> Optional[Reply]:
        """This conversation's open ticket, as 'U hebt al een open ticket ...'; None when there is none."""
        existing = self.tickets.open_ticket_for(conversation_id)
        if existing is None:
            return None
        position = self.tickets.queue_position(existing.id) if existing.channel == "live_chat" else None
        return self._ticket_reply(existing, position, created=False)

    def open_ticket(self, *, conversation_id: str, claims: Claims, channel: str, priority: str, description: str,
                    events: Sequence[Dict[str, Any]], contact_email: Optional[str]) -> Reply:
        """Open the ticket after the intake (or find the one already open) and say so."""
        result = self.tickets.open_ticket(
            conversation_id=conversation_id, claims=claims, channel=channel, priority=priority,
            subject=subject_from(description), description=description, transcript=transcript_from_events(events),
            contact_email=contact_email, handoff_reason=handoff_reason(events),
        )
        return self._ticket_reply(result.ticket, result.position, result.created)

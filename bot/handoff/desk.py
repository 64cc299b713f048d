"""The hand-off desk: what the hand-off actions ask of the tickets database, answered as a Reply.

The actions (actions/handoff.py) read the slots and the user's identity, call one method here and
send the Reply; the ticket service does the database work, bot/answers/handoff.py says it in Dutch.
A failing tickets database raises one of DATABASE_ERRORS (the action then fails the turn, so the
form's answers stay for the user's retry); a user at the open-ticket limit raises TooManyOpenTickets.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

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
from bot.vocabulary import Channel

DATABASE_ERRORS = (DatabaseUnavailable, OperationalError)


class HandoffDesk:
    def __init__(self, tickets: TicketService) -> None:
        self.tickets = tickets

    def _agents_online(self) -> int:
        return len(AgentService(self.tickets.db).online())

    def _ticket_reply(self, ticket: TicketView, position: int | None, created: bool) -> Reply:
        if ticket.channel == Channel.LIVE_CHAT:
            return texts.live_chat_ticket(self.tickets.kb, ticket, position, created, self._agents_online())
        return texts.webticket_created(self.tickets.kb, ticket, created)

    def open_ticket_reply(self, conversation_id: str, claims: Claims | None = None) -> Reply | None:
        """This conversation's open ticket, as 'U hebt al een open ticket ...', or the verified user's open
        live chat in another conversation (QA finding 1); None when there is neither."""
        existing = self.tickets.open_ticket_for(conversation_id)
        if existing is None:
            return self.live_chat_elsewhere_reply(conversation_id, claims)
        position = self.tickets.queue_position(existing.id) if existing.channel == Channel.LIVE_CHAT else None
        return self._ticket_reply(existing, position, created=False)

    def live_chat_elsewhere_reply(self, conversation_id: str, claims: Claims | None) -> Reply | None:
        """One person, one open live chat: a verified user whose live chat is open in another conversation
        (another browser or device) is told its reference and status, and where the chat goes on. Only the
        user's own ticket, found by the verified sub; an anonymous user has none elsewhere."""
        if claims is None or not claims.verified:
            return None
        ticket = self.tickets.open_live_chat_for_user(claims.sub)
        if ticket is None or ticket.conversation_id == conversation_id:
            return None
        return texts.live_chat_elsewhere(ticket, self.tickets.queue_position(ticket.id))

    def open_ticket(
        self,
        *,
        conversation_id: str,
        claims: Claims,
        channel: str,
        priority: str,
        description: str,
        events: Sequence[dict[str, Any]],
        contact_email: str | None,
    ) -> Reply:
        """Open the ticket after the intake (or find the one already open) and say so; a second live chat
        of the same verified user (opened meanwhile in another conversation) is not made."""
        if channel == Channel.LIVE_CHAT and self.tickets.open_ticket_for(conversation_id) is None:
            elsewhere = self.live_chat_elsewhere_reply(conversation_id, claims)
            if elsewhere is not None:
                return elsewhere
        result = self.tickets.open_ticket(
            conversation_id=conversation_id,
            claims=claims,
            channel=channel,
            priority=priority,
            subject=subject_from(description),
            description=description,
            transcript=transcript_from_events(events),
            contact_email=contact_email,
            handoff_reason=handoff_reason(events),
        )
        return self._ticket_reply(result.ticket, result.position, result.created)


class ChatElsewhereNotice:
    """A verified user who writes in a second conversation (another browser or device) while their live
    chat is open in the first is told so, once per conversation and ticket (QA finding 1). The relay asks
    before the bot answers; the user's own ticket only, found by the verified sub of the message's token."""

    KEPT = 10000  # conversations remembered as told (per process; another instance may tell once more)

    def __init__(self) -> None:
        self.told: OrderedDict[str, int] = OrderedDict()

    def notice(self, tickets: TicketService, conversation_id: str, metadata: Any) -> str | None:
        from bot.channels.metadata import claims_from_metadata

        claims = claims_from_metadata(metadata)
        if not (claims.verified and claims.sub):
            return None
        ticket = tickets.open_live_chat_for_user(claims.sub)
        if ticket is None or ticket.conversation_id == conversation_id or self.told.get(conversation_id) == ticket.id:
            return None
        self.told[conversation_id] = ticket.id
        self.told.move_to_end(conversation_id)
        while len(self.told) > self.KEPT:
            self.told.popitem(last=False)
        return texts.live_chat_open_elsewhere(ticket)

"""Ticket status for the user in the chat: which tickets a user may see, and what they show.

Visibility (decision): a verified user sees the tickets opened under their `sub`, in any
conversation; anyone sees a ticket opened in this same conversation, unless it belongs to another
verified user. Everything else is treated exactly like a reference that does not exist, so the
answer never tells whether someone else's reference is real.
"""

from __future__ import annotations

import sqlalchemy as sa

from bot.db.models import OPEN_STATUSES, Agent, Ticket, TicketMessage
from bot.db.session import Database
from bot.handoff.model import TicketStatusView, find_reference  # noqa: F401 (re-exported)
from bot.identity import Claims
from bot.vocabulary import Sender

MAX_LISTED = 5


def _due(t: Ticket) -> tuple:
    if t.status not in OPEN_STATUSES:
        return None, None
    if t.first_response_at is None and t.first_response_due is not None:
        return t.first_response_due, "first_response"
    if t.resolution_due is not None:
        return t.resolution_due, "restore"
    return None, None


def _visible(claims: Claims, conversation_id: str):
    own = Ticket.user_sub == claims.sub if claims.verified and claims.sub else sa.false()
    here = sa.and_(
        Ticket.conversation_id == conversation_id,
        Ticket.user_sub.is_(None) | (Ticket.user_sub == (claims.sub if claims.verified else None)),
    )
    return sa.or_(own, here)


class TicketStatusLookup:
    def __init__(self, db: Database) -> None:
        self.db = db

    def by_reference(self, reference: str, claims: Claims, conversation_id: str) -> TicketStatusView | None:
        """The ticket, if this user may see it; None for unknown and someone else's alike."""
        with self.db.session() as s:
            ticket = s.execute(
                sa.select(Ticket).where(Ticket.reference == reference, _visible(claims, conversation_id))
            ).scalar_one_or_none()
            return self._status(s, ticket) if ticket else None

    def of_user(self, claims: Claims, conversation_id: str, limit: int = MAX_LISTED) -> list[TicketStatusView]:
        """The user's tickets: open ones first, then the most recent."""
        open_first = sa.case((Ticket.status.in_(OPEN_STATUSES), 0), else_=1)
        with self.db.session() as s:
            rows = (
                s.execute(
                    sa.select(Ticket)
                    .where(_visible(claims, conversation_id))
                    .order_by(open_first, Ticket.id.desc())
                    .limit(limit)
                )
                .scalars()
                .all()
            )
            return [self._status(s, t) for t in rows]

    @staticmethod
    def _status(s, t: Ticket) -> TicketStatusView:
        last = s.execute(
            sa.select(TicketMessage.text, Agent.name)
            .outerjoin(Agent, Agent.id == TicketMessage.agent_id)
            .where(TicketMessage.ticket_id == t.id, TicketMessage.sender == Sender.AGENT)
            .order_by(TicketMessage.id.desc())
            .limit(1)
        ).first()
        due, due_kind = _due(t)
        return TicketStatusView(
            reference=t.reference,
            channel=t.channel,
            status=t.status,
            priority=t.priority,
            level=t.level,
            subject=t.subject,
            due=due,
            due_kind=due_kind,
            last_agent_message=last[0] if last else None,
            last_agent_name=last[1] if last else None,
            updated_at=t.updated_at,
        )

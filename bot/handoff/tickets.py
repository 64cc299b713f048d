"""The ticket service: open (idempotent), queue order and position, atomic claim, release,
resolve, messages after the hand-off, and automatic escalation. Every change is logged as an event.

Queue order (decision): level 2 before level 1; within a level escalated tickets first, then
priority (P1 first), then first-response due time (none last), then age.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot import settings
from bot.db.models import OPEN_STATUSES, Agent, Ticket, TicketEvent, TicketMessage, utcnow
from bot.db.session import Database
from bot.handoff.model import OpenResult, TicketView, TooManyOpenTickets, reference_for  # noqa: F401 (re-exported)
from bot.handoff.sla import due_times
from bot.identity import Claims
from bot.kb import KnowledgeBase
from bot.privacy.redaction import redact_text
from bot.vocabulary import Channel, Sender, TicketEventKind, TicketStatus

Clock = Callable[[], dt.datetime]
MAX_TEXT = 4000


def redacted_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A transcript entry without card numbers, IBANs or BSNs (bot/privacy/redaction.py)."""
    return {**entry, "text": redact_text(entry["text"])} if isinstance(entry.get("text"), str) else entry


def _queue_order():
    return (
        sa.desc(sa.func.coalesce(Ticket.level, 0)),
        sa.desc(Ticket.escalated),
        Ticket.priority,
        sa.case((Ticket.first_response_due.is_(None), 1), else_=0),
        Ticket.first_response_due,
        Ticket.id,
    )


class TicketService:
    def __init__(self, db: Database, kb: KnowledgeBase, clock: Clock = utcnow) -> None:
        self.db, self.kb, self.clock = db, kb, clock

    # -- opening -----------------------------------------------------------------------------
    def open_ticket(
        self,
        *,
        conversation_id: str,
        claims: Claims,
        channel: str,
        priority: str,
        subject: str,
        description: str,
        transcript: Sequence[dict[str, Any]] = (),
        contact_email: str | None = None,
        handoff_reason: str | None = None,
    ) -> OpenResult:
        existing = self.open_ticket_for(conversation_id)
        if existing:
            return OpenResult(existing, False, self.queue_position(existing.id))
        rights = claims.entitlements
        if channel == Channel.LIVE_CHAT and not rights.live_chat:
            raise PermissionError("live chat is not included for this user")
        user_sub = claims.sub if claims.verified else None
        if user_sub and self.open_count_for_user(user_sub) >= settings.max_open_tickets_per_user():
            raise TooManyOpenTickets(settings.max_open_tickets_per_user())
        now = self.clock()
        level = rights.support_level if channel == Channel.LIVE_CHAT else None
        first_due, restore_due = due_times(self.kb, priority, rights.priority_response, now)
        identity = {**claims.as_dict(), "entitlements": {k: getattr(rights, k) for k in rights.__dataclass_fields__}}
        try:
            with self.db.session() as s:
                ticket = Ticket(
                    conversation_id=conversation_id,
                    channel=channel,
                    level=level,
                    priority=priority,
                    status=TicketStatus.QUEUED,
                    subject=redact_text(subject)[:200],
                    description=redact_text(description)[:MAX_TEXT],
                    contact_email=contact_email,
                    user_sub=user_sub,
                    identity=identity,
                    transcript=[redacted_entry(e) for e in transcript],
                    created_at=now,
                    updated_at=now,
                    first_response_due=first_due,
                    resolution_due=restore_due,
                    escalated=False,
                    handoff_reason=handoff_reason,
                )
                s.add(ticket)
                s.flush()
                ticket.reference = reference_for(ticket.id)
                self._log(
                    s,
                    ticket.id,
                    "bot",
                    TicketEventKind.CREATED,
                    {"channel": channel, "level": level, "priority": priority, "reason": handoff_reason},
                )
                ticket_id = ticket.id
        except sa.exc.IntegrityError:  # a concurrent open for the same conversation won the race
            existing = self.open_ticket_for(conversation_id)
            if existing is None:
                raise
            return OpenResult(existing, False, self.queue_position(existing.id))
        view = self.get(ticket_id)
        if view is None:  # just inserted in this transaction's session: it is there
            raise LookupError(f"ticket {ticket_id} is gone right after it was opened")
        return OpenResult(view, True, self.queue_position(ticket_id))

    # -- reading -----------------------------------------------------------------------------
    def get(self, ticket_id: int) -> TicketView | None:
        with self.db.session() as s:
            ticket = s.get(Ticket, ticket_id)
            return TicketView.of(ticket) if ticket else None

    def queue_version(self) -> tuple:
        """Changes whenever an open ticket is added or changed (also by another process)."""
        with self.db.session() as s:
            return tuple(
                s.execute(
                    sa.select(sa.func.count(Ticket.id), sa.func.max(Ticket.updated_at)).where(
                        Ticket.status.in_(OPEN_STATUSES)
                    )
                ).one()
            )

    def by_reference(self, reference: str) -> TicketView | None:
        with self.db.session() as s:
            ticket = s.execute(sa.select(Ticket).where(Ticket.reference == reference)).scalar_one_or_none()
            return TicketView.of(ticket) if ticket else None

    def open_ticket_for(self, conversation_id: str) -> TicketView | None:
        with self.db.session() as s:
            ticket = s.execute(
                sa.select(Ticket).where(Ticket.conversation_id == conversation_id, Ticket.status.in_(OPEN_STATUSES))
            ).scalar_one_or_none()
            return TicketView.of(ticket) if ticket else None

    def open_live_chat_for_user(self, user_sub: str | None) -> TicketView | None:
        """A verified user's open live chat, in whichever conversation it was opened (one person, one chat)."""
        if not user_sub:
            return None
        with self.db.session() as s:
            ticket = s.execute(
                sa.select(Ticket)
                .where(
                    Ticket.user_sub == user_sub, Ticket.channel == Channel.LIVE_CHAT, Ticket.status.in_(OPEN_STATUSES)
                )
                .order_by(Ticket.id)
                .limit(1)
            ).scalar_one_or_none()
            return TicketView.of(ticket) if ticket else None

    def open_count_for_user(self, user_sub: str) -> int:
        with self.db.session() as s:
            return s.execute(
                sa.select(sa.func.count(Ticket.id)).where(Ticket.user_sub == user_sub, Ticket.status.in_(OPEN_STATUSES))
            ).scalar_one()

    def queue(self) -> list[TicketView]:
        """Open live-chat tickets in the order agents should take them."""
        with self.db.session() as s:
            rows = (
                s.execute(
                    sa.select(Ticket)
                    .where(Ticket.status.in_(OPEN_STATUSES), Ticket.channel == Channel.LIVE_CHAT)
                    .order_by(*_queue_order())
                )
                .scalars()
                .all()
            )
            return [TicketView.of(t) for t in rows]

    def queue_position(self, ticket_id: int) -> int | None:
        with self.db.session() as s:
            ticket = s.get(Ticket, ticket_id)
            if ticket is None or ticket.status != TicketStatus.QUEUED or ticket.channel != Channel.LIVE_CHAT:
                return None
            ids = (
                s.execute(
                    sa.select(Ticket.id)
                    .where(
                        Ticket.status == TicketStatus.QUEUED,
                        Ticket.channel == Channel.LIVE_CHAT,
                        sa.func.coalesce(Ticket.level, 0) == (ticket.level or 0),
                    )
                    .order_by(*_queue_order())
                )
                .scalars()
                .all()
            )
            return ids.index(ticket_id) + 1

    def all(self) -> list[TicketView]:
        with self.db.session() as s:
            return [TicketView.of(t) for t in s.execute(sa.select(Ticket).order_by(Ticket.id)).scalars().all()]

    def messages(self, ticket_id: int, after_id: int = 0) -> list[dict[str, Any]]:
        with self.db.session() as s:
            rows = s.execute(
                sa.select(TicketMessage)
                .where(TicketMessage.ticket_id == ticket_id, TicketMessage.id > after_id)
                .order_by(TicketMessage.id)
            ).scalars()
            return [
                {"id": m.id, "sender": m.sender, "text": m.text, "created_at": m.created_at.isoformat() + "Z"}
                for m in rows
            ]

    def take_undelivered(self, conversation_id: str) -> list[str]:
        """Agent/system messages for this conversation not yet shown to the user; marks them delivered."""
        now = self.clock()
        with self.db.session() as s:
            rows = (
                s.execute(
                    sa.select(TicketMessage)
                    .join(Ticket)
                    .where(
                        Ticket.conversation_id == conversation_id,
                        TicketMessage.sender != Sender.USER,
                        TicketMessage.delivered_at.is_(None),
                    )
                    .order_by(TicketMessage.id)
                )
                .scalars()
                .all()
            )
            for message in rows:
                message.delivered_at = now
            return [m.text for m in rows]

    def mark_delivered(self, message_id: int) -> None:
        with self.db.session() as s:
            s.execute(
                sa.update(TicketMessage)
                .where(TicketMessage.id == message_id)
                .values(delivered_at=self.clock())
                .execution_options(synchronize_session=False)
            )

    def events(self, ticket_id: int) -> list[dict[str, Any]]:
        with self.db.session() as s:
            rows = s.execute(
                sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)
            ).scalars()
            return [{"actor": e.actor, "kind": e.kind, "detail": e.detail} for e in rows]

    # -- agent actions (atomic conditional updates) ------------------------------------------
    def transition(
        self,
        ticket_id: int,
        from_statuses: Sequence[str],
        to_status: str,
        actor: str,
        kind: str | None,
        detail: dict[str, Any] | None = None,
        *,
        where: Sequence[Any] = (),
        session: Session | None = None,
        **values: Any,
    ) -> bool:
        """The one status change (compare-and-set): the ticket moves to `to_status` (with `values`, and
        updated_at from the service clock) only if its status is one of `from_statuses` and every extra
        condition of `where` holds; then the event `kind` by `actor` is logged in the same transaction
        (None: no event). False when the ticket was not in such a state: of two concurrent changes one wins.
        In `session` (the caller's transaction) if given, else in a transaction of its own."""
        if session is None:
            with self.db.session() as s:
                return self.transition(
                    ticket_id, from_statuses, to_status, actor, kind, detail, where=where, session=s, **values
                )
        result = session.execute(
            sa.update(Ticket)
            .where(Ticket.id == ticket_id, Ticket.status.in_(tuple(from_statuses)), *where)
            .values(status=to_status, updated_at=self.clock(), **values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            return False
        if kind is not None:
            self._log(session, ticket_id, actor, kind, detail)
        return True

    def claim(self, ticket_id: int, agent: Agent) -> bool:
        """Assign a queued ticket to an agent; exactly one of two concurrent claims wins."""
        return self.transition(
            ticket_id,
            (TicketStatus.QUEUED,),
            TicketStatus.ASSIGNED,
            f"agent:{agent.login}",
            TicketEventKind.CLAIMED,
            assigned_agent_id=agent.id,
        )

    def release(self, ticket_id: int, agent: Agent) -> bool:
        return self.transition(
            ticket_id,
            (TicketStatus.ASSIGNED,),
            TicketStatus.QUEUED,
            f"agent:{agent.login}",
            TicketEventKind.RELEASED,
            where=(Ticket.assigned_agent_id == agent.id,),
            assigned_agent_id=None,
        )

    def resolve(self, ticket_id: int, agent: Agent) -> bool:
        return self.transition(
            ticket_id,
            (TicketStatus.ASSIGNED,),
            TicketStatus.RESOLVED,
            f"agent:{agent.login}",
            TicketEventKind.RESOLVED,
            where=(Ticket.assigned_agent_id == agent.id,),
            resolved_at=self.clock(),
        )

    def close_by_user(self, ticket_id: int, reason: str) -> bool:
        """The user leaves the queue: close a ticket that is still waiting (never one an agent has taken),
        with the user's words as the reason (bot/handoff/waiting.py)."""
        return self.transition(
            ticket_id,
            (TicketStatus.QUEUED,),
            TicketStatus.CLOSED,
            "user",
            TicketEventKind.CLOSED,
            {"reason": reason[:500]},
        )

    def close_inactive(self, ticket_id: int) -> bool:
        """A silent live chat: assigned -> waiting_on_user (the agent stays on the ticket for a reopen);
        once, atomically (bot/handoff/inactive_chats.py)."""
        return self.transition(
            ticket_id,
            (TicketStatus.ASSIGNED,),
            TicketStatus.WAITING_ON_USER,
            "system",
            TicketEventKind.INACTIVE_CLOSED,
        )

    def add_message(
        self, ticket_id: int, sender: str, text: str, agent: Agent | None = None, delivered: bool = False
    ) -> int:
        now = self.clock()
        with self.db.session() as s:
            message = TicketMessage(
                ticket_id=ticket_id,
                sender=sender,
                text=redact_text(text)[:MAX_TEXT],
                agent_id=agent.id if agent else None,
                created_at=now,
                delivered_at=now if delivered else None,
            )
            s.add(message)
            if sender == Sender.AGENT:
                s.execute(
                    sa.update(Ticket)
                    .where(Ticket.id == ticket_id, Ticket.first_response_at.is_(None))
                    .values(first_response_at=now)
                    .execution_options(synchronize_session=False)
                )
            s.flush()
            return message.id

    # -- escalation --------------------------------------------------------------------------
    def escalate_overdue(self) -> list[str]:
        """Premier+ tickets whose first response is overdue: flag, log, and so move to the front."""
        now = self.clock()
        escalated = []
        with self.db.session() as s:
            due = (
                s.execute(
                    sa.select(Ticket).where(
                        Ticket.status == TicketStatus.QUEUED,
                        Ticket.escalated.is_(False),
                        Ticket.first_response_at.is_(None),
                        Ticket.first_response_due.isnot(None),
                        Ticket.first_response_due < now,
                    )
                )
                .scalars()
                .all()
            )
            for ticket in due:
                if not (ticket.identity or {}).get("entitlements", {}).get("automatic_escalation"):
                    continue
                updated = s.execute(
                    sa.update(Ticket)
                    .where(Ticket.id == ticket.id, Ticket.escalated.is_(False))
                    .values(escalated=True, escalated_at=now, updated_at=now)
                    .execution_options(synchronize_session=False)
                )
                if updated.rowcount == 1:
                    self._log(
                        s,
                        ticket.id,
                        "system",
                        TicketEventKind.ESCALATED,
                        {"first_response_due": ticket.first_response_due.isoformat()},
                    )
                    escalated.append(ticket.reference)
        return escalated

    def log_event(self, ticket_id: int, actor: str, kind: str, detail: dict[str, Any] | None = None) -> None:
        with self.db.session() as s:
            self._log(s, ticket_id, actor, kind, detail)

    def _log(self, s: Session, ticket_id: int, actor: str, kind: str, detail: dict[str, Any] | None) -> None:
        s.add(TicketEvent(ticket_id=ticket_id, actor=actor, kind=kind, detail=detail, created_at=self.clock()))

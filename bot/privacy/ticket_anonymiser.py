"""Anonymising tickets (tickets database, BOT_DB_URL) for forget and retention.

Decision: a ticket row is kept, so the support figures (counts per channel, level, priority, status,
response and resolution times, escalations) still count it; what identifies or quotes the user is
removed: `user_sub`, `contact_email`, the name/e-mail/sub of the identity snapshot (plan, account,
role and rights stay), the subject, the description, the bot transcript, the text of every ticket
message (the rows stay, with sender and times) and the user's own words in event details (a
cancellation reason). An event `anonymised` (actor `privacy`, detail {"reason": "forget" |
"retention"}, nothing personal) records it and marks the ticket as done, so a second run skips it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from bot.db.models import OPEN_STATUSES, Ticket, TicketEvent, TicketMessage
from bot.db.session import Database
from bot.vocabulary import TicketEventKind, TicketStatus

REMOVED = "[verwijderd]"
ANONYMISED = TicketEventKind.ANONYMISED
KEPT_IDENTITY = ("account", "plan", "role", "licensed", "verified", "entitlements")


def _not_anonymised():
    return ~sa.exists().where(TicketEvent.ticket_id == Ticket.id, TicketEvent.kind == ANONYMISED)


def expired_tickets(db: Database, cutoff: dt.datetime) -> list[int]:
    """Closed or resolved tickets without activity since the cutoff, not anonymised yet."""
    with db.session() as s:
        return list(
            s.execute(
                sa.select(Ticket.id)
                .where(Ticket.status.notin_(OPEN_STATUSES), Ticket.updated_at < cutoff, _not_anonymised())
                .order_by(Ticket.id)
            ).scalars()
        )


def tickets_of(db: Database, user: str) -> list[int]:
    """Tickets of a user given as verified id (`sub`) or e-mail address, not anonymised yet."""
    wanted = user.strip().lower()
    with db.session() as s:
        rows = s.execute(
            sa.select(Ticket.id, Ticket.user_sub, Ticket.contact_email, Ticket.identity)
            .where(_not_anonymised())
            .order_by(Ticket.id)
        ).all()
    found = []
    for ticket_id, sub, email, identity in rows:
        identity = identity or {}
        values = {sub, email, identity.get("sub"), identity.get("email")}
        if wanted in {v.strip().lower() for v in values if isinstance(v, str)}:
            found.append(ticket_id)
    return found


def subs_and_conversations(db: Database, ticket_ids: Iterable[int]) -> dict[str, set[str]]:
    """The verified users and conversations of these tickets."""
    ids = list(ticket_ids)
    if not ids:
        return {"subs": set(), "conversations": set()}
    with db.session() as s:
        rows = s.execute(sa.select(Ticket.user_sub, Ticket.conversation_id).where(Ticket.id.in_(ids))).all()
    return {"subs": {sub for sub, _ in rows if sub}, "conversations": {c for _, c in rows}}


def open_conversations(db: Database) -> set[str]:
    """Conversations with an open ticket: an agent may still need them."""
    with db.session() as s:
        return set(s.execute(sa.select(Ticket.conversation_id).where(Ticket.status.in_(OPEN_STATUSES))).scalars())


def count_messages(db: Database, ticket_ids: Iterable[int]) -> int:
    ids = list(ticket_ids)
    if not ids:
        return 0
    with db.session() as s:
        return s.execute(sa.select(sa.func.count(TicketMessage.id)).where(TicketMessage.ticket_id.in_(ids))).scalar()


def _anonymous_identity(identity: dict[str, Any] | None) -> dict[str, Any]:
    return {k: v for k, v in (identity or {}).items() if k in KEPT_IDENTITY}


def anonymise(db: Database, ticket_ids: Iterable[int], reason: str, now: dt.datetime) -> dict[str, int]:
    """Anonymises these tickets (open ones are closed first); {"tickets": n, "messages": n}."""
    tickets = messages = 0
    for ticket_id in ticket_ids:
        with db.session() as s:
            ticket = s.get(Ticket, ticket_id)
            if (
                ticket is None
                or s.execute(
                    sa.select(TicketEvent.id).where(TicketEvent.ticket_id == ticket_id, TicketEvent.kind == ANONYMISED)
                ).first()
            ):
                continue
            if ticket.status in OPEN_STATUSES:
                ticket.status = TicketStatus.CLOSED
                s.add(
                    TicketEvent(
                        ticket_id=ticket_id,
                        actor="privacy",
                        kind=TicketEventKind.CLOSED,
                        detail={"reason": reason},
                        created_at=now,
                    )
                )
            ticket.user_sub = None
            ticket.contact_email = None
            ticket.identity = _anonymous_identity(ticket.identity)
            ticket.subject = REMOVED
            ticket.description = REMOVED
            ticket.transcript = []
            ticket.updated_at = now
            messages += s.execute(
                sa.update(TicketMessage)
                .where(TicketMessage.ticket_id == ticket_id)
                .values(text=REMOVED)
                .execution_options(synchronize_session=False)
            ).rowcount
            for event in s.execute(
                sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket_id, TicketEvent.actor == "user")
            ).scalars():
                event.detail = None  # the user's own words (a cancellation reason)
            s.add(
                TicketEvent(
                    ticket_id=ticket_id, actor="privacy", kind=ANONYMISED, detail={"reason": reason}, created_at=now
                )
            )
            tickets += 1
    return {"tickets": tickets, "messages": messages}

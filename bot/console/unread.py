"""New messages per ticket for the console, counted on the server (so a reload keeps them, and queued
tickets count too): the user's messages after the last one an agent has read. An agent's reply reads
everything before it; opening a ticket in the console reads up to its last message (a "read" event in
the ticket's event log, detail {"message_id": n})."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from bot.db.models import TicketEvent, TicketMessage
from bot.db.session import Database
from bot.vocabulary import Sender, TicketEventKind

READ = TicketEventKind.READ


def unread_counts(db: Database, ticket_ids: Iterable[int]) -> dict[int, int]:
    ids = list(ticket_ids)
    if not ids:
        return {}
    with db.session() as s:
        seen = dict(
            s.execute(
                sa.select(TicketMessage.ticket_id, sa.func.max(TicketMessage.id))
                .where(TicketMessage.ticket_id.in_(ids), TicketMessage.sender == Sender.AGENT)
                .group_by(TicketMessage.ticket_id)
            ).all()
        )
        for ticket_id, detail in s.execute(
            sa.select(TicketEvent.ticket_id, TicketEvent.detail).where(
                TicketEvent.ticket_id.in_(ids), TicketEvent.kind == READ
            )
        ):
            read = (detail or {}).get("message_id") if isinstance(detail, dict) else None
            if isinstance(read, int):
                seen[ticket_id] = max(seen.get(ticket_id) or 0, read)
        counts = {ticket_id: 0 for ticket_id in ids}
        users = sa.select(TicketMessage.ticket_id, TicketMessage.id).where(
            TicketMessage.ticket_id.in_(ids), TicketMessage.sender == Sender.USER
        )
        for ticket_id, message_id in s.execute(users):
            if message_id > (seen.get(ticket_id) or 0):
                counts[ticket_id] += 1
        return counts


def mark_read(db: Database, ticket_id: int, agent_login: str, message_id: int) -> None:
    """The agent has seen this ticket's messages up to message_id (only a later mark is written)."""
    with db.session() as s:
        last = s.execute(sa.select(sa.func.max(TicketMessage.id)).where(TicketMessage.ticket_id == ticket_id)).scalar()
        message_id = min(message_id, last or 0)
        if message_id <= 0 or unread_counts_within(s, ticket_id, message_id) == 0:
            return
        s.add(
            TicketEvent(ticket_id=ticket_id, actor=f"agent:{agent_login}", kind=READ, detail={"message_id": message_id})
        )


def unread_counts_within(s, ticket_id: int, up_to: int) -> int:
    """User messages up to `up_to` not read yet (0: a new read mark would change nothing)."""
    seen = (
        s.execute(
            sa.select(sa.func.max(TicketMessage.id)).where(
                TicketMessage.ticket_id == ticket_id, TicketMessage.sender == Sender.AGENT
            )
        ).scalar()
        or 0
    )
    for detail in s.execute(
        sa.select(TicketEvent.detail).where(TicketEvent.ticket_id == ticket_id, TicketEvent.kind == READ)
    ).scalars():
        read = detail.get("message_id") if isinstance(detail, dict) else None
        if isinstance(read, int):
            seen = max(seen, read)
    return (
        s.execute(
            sa.select(sa.func.count()).where(
                TicketMessage.ticket_id == ticket_id,
                TicketMessage.sender == Sender.USER,
                TicketMessage.id > seen,
                TicketMessage.id <= up_to,
            )
        ).scalar()
        or 0
    )

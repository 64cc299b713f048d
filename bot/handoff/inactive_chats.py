"""Inactive live chats, run by the console's job loop: ask 'Bent u er nog?', later close the chat
(ticket -> waiting_on_user), and reopen it on the user's next message: with the same agent if that
agent is online, else back in the queue. The decision itself is bot/handoff/inactivity.py.

Ticket events: `inactivity_check`, `inactive_closed` (actor system) and `reopened` (actor user,
detail {"to": "assigned" | "queued"}). Times come from the injected clocks: run_once's decides, the
ticket service's stamps the changes (TicketService.transition).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from bot import settings as bot_settings
from bot.answers import handoff as texts
from bot.db.models import Agent, Ticket, TicketEvent, TicketMessage, utcnow
from bot.db.session import Database
from bot.handoff import inactivity
from bot.handoff.inactivity import InactivitySettings
from bot.handoff.tickets import TicketService, TicketView
from bot.vocabulary import Channel, Sender, TicketEventKind, TicketStatus

Clock = Callable[[], dt.datetime]
STARTS = (TicketEventKind.CLAIMED, TicketEventKind.REOPENED)  # an agent (again) has the chat from this moment


@dataclass(frozen=True)
class SilentChat:
    ticket_id: int
    last_activity: dt.datetime
    checked_at: dt.datetime | None


def assigned_chats(db: Database) -> list[SilentChat]:
    """Every assigned live chat with its last activity (user/agent message or start) and last check."""

    def latest_event(kinds):
        return (
            sa.select(sa.func.max(TicketEvent.created_at))
            .where(TicketEvent.ticket_id == Ticket.id, TicketEvent.kind.in_(kinds))
            .scalar_subquery()
        )

    last_message = (
        sa.select(sa.func.max(TicketMessage.created_at))
        .where(TicketMessage.ticket_id == Ticket.id, TicketMessage.sender.in_((Sender.USER, Sender.AGENT)))
        .scalar_subquery()
    )
    with db.session() as s:
        rows = s.execute(
            sa.select(
                Ticket.id,
                Ticket.updated_at,
                last_message,
                latest_event(STARTS),
                latest_event((TicketEventKind.INACTIVITY_CHECK,)),
            ).where(Ticket.status == TicketStatus.ASSIGNED, Ticket.channel == Channel.LIVE_CHAT)
        ).all()
    chats = []
    for ticket_id, updated_at, message_at, started_at, checked_at in rows:
        moments = [m for m in (message_at, started_at) if m is not None] or [updated_at]
        chats.append(SilentChat(ticket_id, max(moments), checked_at))
    return chats


def record_check(db: Database, ticket_id: int, now: dt.datetime) -> None:
    with db.session() as s:
        s.add(
            TicketEvent(
                ticket_id=ticket_id, actor="system", kind=TicketEventKind.INACTIVITY_CHECK, detail=None, created_at=now
            )
        )


def reopen(tickets: TicketService, ticket_id: int) -> str | None:
    """waiting_on_user -> assigned (same agent, if online) or queued (agent let go). None if not waiting."""
    with tickets.db.session() as s:
        ticket = s.get(Ticket, ticket_id)
        if ticket is None or ticket.status != TicketStatus.WAITING_ON_USER or ticket.channel != Channel.LIVE_CHAT:
            return None
        agent = s.get(Agent, ticket.assigned_agent_id) if ticket.assigned_agent_id else None
        to = TicketStatus.ASSIGNED if agent is not None and agent.online else TicketStatus.QUEUED
        values: dict[str, Any] = {"assigned_agent_id": None} if to == TicketStatus.QUEUED else {}
        reopened = tickets.transition(
            ticket_id,
            (TicketStatus.WAITING_ON_USER,),
            to,
            "user",
            TicketEventKind.REOPENED,
            {"to": to},
            session=s,
            **values,
        )
        return to if reopened else None


async def run_once(relay: Any, settings: InactivitySettings | None = None, clock: Clock = utcnow) -> dict[str, int]:
    """One round over the assigned live chats: check or close the silent ones. Returns the counts."""
    import asyncio

    if settings is None:
        config = bot_settings.current()
        settings = InactivitySettings.from_minutes(config.inactive_check_minutes, config.inactive_close_minutes)
    db = relay.tickets.db
    now = clock()
    done = {inactivity.CHECK: 0, inactivity.CLOSE: 0}
    for chat in await asyncio.to_thread(assigned_chats, db):
        step = inactivity.next_step(now, chat.last_activity, chat.checked_at, settings)
        if step == inactivity.NOTHING:
            continue
        ticket: TicketView = await asyncio.to_thread(relay.tickets.get, chat.ticket_id)
        if step == inactivity.CHECK:
            await asyncio.to_thread(record_check, db, chat.ticket_id, now)
            await _tell(
                relay, ticket, texts.still_there(), state=TicketStatus.ASSIGNED, agent_name=ticket.assigned_agent
            )
        elif await asyncio.to_thread(relay.tickets.close_inactive, chat.ticket_id):
            await _tell(relay, ticket, texts.closed_inactive(ticket.reference), state=TicketStatus.WAITING_ON_USER)
            relay.publish({"type": "queue"})
        else:
            continue
        done[step] += 1
    return done


async def reopen_chat(relay: Any, ticket: TicketView) -> TicketView:
    """The user writes in a chat closed for inactivity: reopen it before the message is routed."""
    import asyncio

    to = await asyncio.to_thread(reopen, relay.tickets, ticket.id)
    if to is None:
        return ticket
    fresh: TicketView = await asyncio.to_thread(relay.tickets.get, ticket.id)
    if to == TicketStatus.ASSIGNED:
        await _tell(
            relay,
            fresh,
            texts.reopened_with_agent(fresh.assigned_agent, fresh.reference),
            state=TicketStatus.ASSIGNED,
            agent_name=fresh.assigned_agent,
        )
    else:
        await _tell(relay, fresh, texts.reopened_in_queue(fresh.reference), state=TicketStatus.QUEUED)
    relay.publish({"type": "queue"})
    return fresh


async def _tell(relay: Any, ticket: TicketView, text: str, state: str, agent_name: str | None = None) -> None:
    """A system message to the user (pushed or kept for the next reply) that the agent sees too."""
    message_id = await relay._to_user(ticket, Sender.SYSTEM, text, agent_name=agent_name, state=state)
    relay.publish({"type": "message", "ticket": ticket.id, "id": message_id, "sender": Sender.SYSTEM, "text": text})

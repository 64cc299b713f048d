"""A conversation as the user saw it, rebuilt on the server: the bot's tracker (user and bot turns)
merged in time order with the hand-off's ticket messages (user <-> agent, system notices), and the
hand-off state (queued, or the agent who chats now). The widget renders it on every (re)connect, so
a reload, a new tab of the same user or a reconnect after being away shows everything, also the
agent's messages sent meanwhile, with the agent's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from bot.answers import conversation
from bot.db.models import Agent, Ticket, TicketMessage
from bot.vocabulary import TicketStatus

MAX_ENTRIES = 100
SAME_MESSAGE_SECONDS = 10.0  # a user message the bot got while a ticket waited is also a ticket message


def _epoch(value: dt.datetime) -> float:
    return value.replace(tzinfo=dt.timezone.utc).timestamp()


def _greeting_titles() -> dict[str, str]:
    return {b.payload: b.title for b in conversation.greeting().buttons}


def tracker_entries(events: Iterable[Any]) -> list[dict[str, Any]]:
    """User and bot turns of Rasa tracker events; a button payload is shown as the button's title."""
    entries: list[dict[str, Any]] = []
    titles: dict[str, str] = {}
    for event in events:
        kind = getattr(event, "type_name", None)
        text = getattr(event, "text", None)
        if kind == "bot":
            buttons = [
                {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                for b in (event.data or {}).get("buttons") or []
                if isinstance(b, dict)
            ]
            titles = {b["payload"]: b["title"] for b in buttons}
            if text:
                entries.append({"kind": "bot", "text": text, "at": event.timestamp, "buttons": buttons})
        elif kind == "user" and text:
            # the help page's greeting (never in the tracker) offers its topics from the first message on
            shown = titles.get(text) or _greeting_titles().get(text, text) if text.startswith("/") else text
            if shown.startswith("/"):
                shown = "(keuze)"
            entries.append({"kind": "user", "text": shown, "at": event.timestamp})
    return entries


def ticket_entries(session: Any, conversation_id: str) -> list[dict[str, Any]]:
    rows = session.execute(
        sa.select(TicketMessage.id, TicketMessage.sender, TicketMessage.text, TicketMessage.created_at, Agent.name)
        .join(Ticket, Ticket.id == TicketMessage.ticket_id)
        .outerjoin(Agent, Agent.id == TicketMessage.agent_id)
        .where(Ticket.conversation_id == conversation_id)
        .order_by(TicketMessage.id)
    ).all()
    return [
        {
            "kind": sender if sender in ("user", "agent", "system") else "system",
            "text": text,
            "at": _epoch(created_at),
            "id": message_id,
            **({"agent": name} if name else {}),
        }
        for message_id, sender, text, created_at, name in rows
    ]


def merge(
    bot_turns: list[dict[str, Any]], ticket_turns: list[dict[str, Any]], limit: int = MAX_ENTRIES
) -> list[dict[str, Any]]:
    """Both in time order; a ticket message that is the same as a tracker turn (a user message the
    bot answered while the ticket waited, the 'back to Bolt' notice) is shown once."""

    def duplicate(entry: dict[str, Any]) -> bool:
        twin = "user" if entry["kind"] == "user" else "bot"
        return any(
            t["kind"] == twin
            and t["text"] == entry["text"]
            and abs((t["at"] or 0) - entry["at"]) <= SAME_MESSAGE_SECONDS
            for t in bot_turns
        )

    merged = bot_turns + [e for e in ticket_turns if e["kind"] == "agent" or not duplicate(e)]
    merged.sort(key=lambda e: e["at"] or 0)
    return merged[-limit:]


def hand_off_state(ticket: Any | None) -> dict[str, Any]:
    if ticket is None:
        return {"status": None, "agent": None, "reference": None}
    return {
        "status": ticket.status,
        "agent": ticket.assigned_agent if ticket.status == TicketStatus.ASSIGNED else None,
        "reference": ticket.reference,
    }


def webticket_answer_entries(found: Iterable[Any], now: dt.datetime) -> list[dict[str, Any]]:
    """Agents' answers to the user's webtickets, (reference, agent name, text), as bot turns of the history
    (the same text a reply would carry: bot/answers/ticket_status.webticket_answer)."""
    from bot.answers.ticket_status import webticket_answer

    return [
        {"kind": "bot", "text": webticket_answer(reference, agent_name, text), "at": _epoch(now), "buttons": []}
        for reference, agent_name, text in found
    ]

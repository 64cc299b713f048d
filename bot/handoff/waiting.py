"""While a live-chat ticket waits in the queue (issue 14.7): "hoe lang duurt het nog?" and leaving the queue.

The relay (bot/handoff/relay.py) asks `while_waiting` about each message of a user whose ticket is
queued, before the bot sees it. A question about the wait gets the queue position and the due time;
"annuleer mijn ticket" or the "Chat beëindigen" button closes the ticket with the reason (a `closed`
ticket event with the user's words). Anything else is for the bot (None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answers import handoff as texts
from bot.answers.times import local_time  # noqa: F401 (re-exported)
from bot.handoff.tickets import TicketService, TicketView
from bot.kb.matching import fold
from bot.vocabulary import Channel, Sender, TicketStatus

_WAIT = re.compile(
    r"\b(hoe ?lang|wanneer|hoeveel ?ste|hoeveelste)\b.*\b(nog|wacht\w*|beurt|wachtrij|plek|positie|"
    r"medewerker|iemand)\b|\b(ben ik|kom ik) (al )?aan de beurt\b|\bmijn (plek|plaats|positie) in de "
    r"wachtrij\b|\bduurt (het|dit) nog\b"
)
_LEAVE = re.compile(
    r"\b(annuleer|annuleren|cancel|beeindig|beeindigen|stop|stoppen|sluit|sluiten|intrekken|trek)\b"
    r".*\b(ticket|chat|wachtrij|aanvraag|gesprek)\b|\b(ticket|chat|wachtrij|aanvraag)\b.*\b(annuleren|"
    r"beeindigen|stoppen|sluiten|intrekken)\b|^(annuleren|chat beeindigen|uit de wachtrij)$"
)


@dataclass(frozen=True)
class WaitingReply:
    text: str
    closed: bool = False
    buttons: tuple = ()  # "Chat beëindigen" again while the user still waits (QA finding 12)


def asks_about_the_wait(text: str | None) -> bool:
    return bool(_WAIT.search(fold(text or "")))


def wants_to_leave(text: str | None) -> bool:
    folded = " ".join(re.findall(r"[a-z0-9]+", fold(text or "")))
    return len(folded.split()) <= 10 and bool(_LEAVE.search(folded))


def while_waiting(tickets: TicketService, ticket: TicketView, text: str | None) -> WaitingReply | None:
    if ticket.status != TicketStatus.QUEUED or ticket.channel != Channel.LIVE_CHAT:
        return None
    if wants_to_leave(text):
        if tickets.close_by_user(ticket.id, texts.closed_by_user_reason(text)):
            return WaitingReply(texts.left_queue(ticket.reference), closed=True)
        return None
    if asks_about_the_wait(text):
        return WaitingReply(
            texts.wait_text(ticket, tickets.queue_position(ticket.id)), buttons=tuple(texts.leave_queue_buttons())
        )
    return None


class PositionWatch:
    """Tells a waiting socket.io user when their place in the queue changes (issue 14.7).

    Called by the console's queue watch whenever the set of open tickets changes (a claim, a
    release, a new or closed ticket). Positions as `TicketService.queue_position` counts them: per
    level, in queue order. A REST user, who cannot receive pushes, asks "Hoe lang duurt het nog?"."""

    def __init__(self) -> None:
        self.known: dict = {}

    @staticmethod
    def positions(views) -> dict:
        current: dict[int, tuple] = {}
        counters: dict[int, int] = {}
        for t in views:
            if t.status != TicketStatus.QUEUED or getattr(t, "channel", Channel.LIVE_CHAT) != Channel.LIVE_CHAT:
                continue
            level = t.level or 0
            counters[level] = counters.get(level, 0) + 1
            current[t.id] = (t, counters[level])
        return current

    async def check(self, tickets: TicketService, push) -> int:
        import asyncio

        current = self.positions(await asyncio.to_thread(tickets.queue))
        told = 0
        for ticket_id, (t, position) in current.items():
            before = self.known.get(ticket_id)
            if push is not None and before is not None and before != position:
                payload = {
                    "text": texts.queue_position(position),
                    "sender": Sender.SYSTEM,
                    "state": TicketStatus.QUEUED,
                    "buttons": texts.leave_queue_buttons(),
                }
                told += bool(await push(t.conversation_id, payload))
        self.known = {ticket_id: position for ticket_id, (_, position) in current.items()}
        return told

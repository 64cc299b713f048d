"""'<agent> typt…' in the widget while the agent types in the console (issue 14.7).

The console posts POST /console/api/tickets/<id>/typing while the agent types (at most every 2 s);
the server passes it on to the user's socket.io room, at most once per ticket per THROTTLE_SECONDS,
and only for the agent the ticket is assigned to. The widget hides the indicator after a few
seconds without a new signal, or at the agent's message."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from bot.vocabulary import Sender, TicketStatus

THROTTLE_SECONDS = 1.5


class TypingSignals:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.last: dict[int, float] = {}

    def due(self, ticket_id: int) -> bool:
        now = self.clock()
        if now - self.last.get(ticket_id, float("-inf")) < THROTTLE_SECONDS:
            return False
        self.last[ticket_id] = now
        if len(self.last) > 10000:  # forget old tickets
            self.last = {k: v for k, v in self.last.items() if now - v < THROTTLE_SECONDS}
        return True

    async def agent_typing(self, relay: Any, ticket_id: int, agent: Any) -> bool:
        """Tell the user the agent types; False when the ticket is not this agent's chat."""
        ticket = await asyncio.to_thread(relay.tickets.get, ticket_id)
        if ticket is None or ticket.status != TicketStatus.ASSIGNED or ticket.assigned_agent_id != agent.id:
            return False
        if self.due(ticket_id) and relay.push_to_user is not None:
            await relay.push_to_user(
                ticket.conversation_id, {"sender": Sender.AGENT, "typing": True, "agent": agent.name}
            )
        return True


typing_signals = TypingSignals()

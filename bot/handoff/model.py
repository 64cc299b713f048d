"""The hand-off's plain data: what the answers, actions and console know of a ticket.

Pure: no database, no framework. The services (bot/handoff/tickets.py, ticket_status.py) read the
database and hand out these frozen values; the renderers (bot/answers) turn them into Dutch text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

# "ZN-000123", "zn 123", "ZN000123": the reference as users type it
REFERENCE = re.compile(r"\bzn[\s\-_.]?0*(\d{1,6})\b", re.IGNORECASE)


def reference_for(ticket_id: int) -> str:
    return f"ZN-{ticket_id:06d}"


def find_reference(text: str | None) -> str | None:
    """The first ticket reference in a message, normalised to 'ZN-000123'."""
    match = REFERENCE.search(text or "")
    return reference_for(int(match.group(1))) if match else None


@dataclass(frozen=True)
class TicketView:
    id: int
    reference: str
    conversation_id: str
    channel: str
    level: int | None
    priority: str
    status: str
    subject: str
    description: str
    user_name: str | None
    plan: str | None
    identity: dict[str, Any]
    transcript: list[dict[str, Any]]
    created_at: dt.datetime
    first_response_due: dt.datetime | None
    resolution_due: dt.datetime | None
    escalated: bool
    assigned_agent: str | None  # display name, for showing only
    assigned_agent_id: int | None = None  # who may act on the ticket: compare ids, never names

    @classmethod
    def of(cls, t: Any) -> TicketView:
        """From a stored ticket (bot.db.models.Ticket, read by attribute: no database import here)."""
        return cls(
            id=t.id,
            reference=t.reference,
            conversation_id=t.conversation_id,
            channel=t.channel,
            level=t.level,
            priority=t.priority,
            status=t.status,
            subject=t.subject,
            description=t.description,
            user_name=(t.identity or {}).get("name"),
            plan=(t.identity or {}).get("plan"),
            identity=t.identity or {},
            transcript=t.transcript or [],
            created_at=t.created_at,
            first_response_due=t.first_response_due,
            resolution_due=t.resolution_due,
            escalated=t.escalated,
            assigned_agent=t.assigned_agent.name if t.assigned_agent else None,
            assigned_agent_id=t.assigned_agent_id,
        )

    def summary(self) -> dict[str, Any]:
        """The operations view (`python -m bot tickets list --json`)."""

        def iso(value: dt.datetime | None) -> str | None:
            return value.isoformat() + "Z" if value else None

        return {
            "reference": self.reference,
            "conversation_id": self.conversation_id,
            "channel": self.channel,
            "level": self.level,
            "priority": self.priority,
            "status": self.status,
            "created_at": iso(self.created_at),
            "first_response_due": iso(self.first_response_due),
            "resolution_due": iso(self.resolution_due),
            "escalated": self.escalated,
            "assigned_agent": self.assigned_agent,
        }


@dataclass(frozen=True)
class OpenResult:
    ticket: TicketView
    created: bool
    position: int | None  # place in its queue (1 = next), None when not queued


class TooManyOpenTickets(Exception):
    """A verified user already has the maximum number of open tickets (in other conversations)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"at most {limit} open tickets per user")
        self.limit = limit


@dataclass(frozen=True)
class TicketStatusView:
    """A ticket as its user may see it in the chat ('mijn tickets', 'status van ZN-000123')."""

    reference: str
    channel: str
    status: str
    priority: str
    level: int | None
    subject: str
    due: dt.datetime | None  # UTC; the next deadline that still runs (None when none applies)
    due_kind: str | None  # "first_response" | "restore"
    last_agent_message: str | None
    last_agent_name: str | None
    updated_at: dt.datetime

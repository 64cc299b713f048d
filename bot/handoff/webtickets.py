"""Webtickets worked to the end (issue 18, part 3): an agent takes one, answers it by e-mail, and
resolves and closes it. Statuses: queued -> assigned -> waiting_on_user -> resolved -> closed, each
step a ticket event (claimed, answered {email: sent|off|failed}, resolved, closed). The answer is
also a ticket message, shown in the chat: in the same conversation (as any agent message), and to
a verified user on their next message in any conversation (`take_answers_for_user`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from bot.db.models import Agent, Ticket, TicketMessage
from bot.handoff import mail
from bot.handoff.tickets import MAX_TEXT, TicketService
from bot.vocabulary import Channel, Sender, TicketEventKind, TicketStatus

WORKING: tuple[str, ...] = (TicketStatus.ASSIGNED, TicketStatus.WAITING_ON_USER)  # an agent has the webticket


@dataclass(frozen=True)
class Answered:
    message_id: int
    email: str  # mail.SENT | mail.OFF | mail.FAILED


class WebticketService:
    """Webtickets on the ticket service's database and clock; every status change is its `transition`."""

    def __init__(self, tickets: TicketService) -> None:
        self.tickets, self.db, self.clock = tickets, tickets.db, tickets.clock

    def _move(self, ticket_id: int, agent: Agent, from_statuses: tuple[str, ...], to: str, kind: str, **values) -> bool:
        """A webticket's step by an agent: one still queued, or one of theirs."""
        return self.tickets.transition(
            ticket_id,
            from_statuses,
            to,
            f"agent:{agent.login}",
            kind,
            where=(
                Ticket.channel == Channel.WEBTICKET,
                sa.or_(Ticket.assigned_agent_id == agent.id, Ticket.status == TicketStatus.QUEUED),
            ),
            **values,
        )

    def take(self, ticket_id: int, agent: Agent) -> bool:
        """queued -> assigned to this agent; exactly one of two agents wins."""
        return self._move(
            ticket_id,
            agent,
            (TicketStatus.QUEUED,),
            TicketStatus.ASSIGNED,
            TicketEventKind.CLAIMED,
            assigned_agent_id=agent.id,
        )

    def record_answer(self, ticket_id: int, agent: Agent, text: str) -> int | None:
        """The agent's answer: a ticket message, the ticket now waits on the user. None if not theirs."""
        now = self.clock()
        with self.db.session() as s:
            answered = self.tickets.transition(  # the event comes once the e-mail was tried (log_answer)
                ticket_id,
                WORKING,
                TicketStatus.WAITING_ON_USER,
                f"agent:{agent.login}",
                None,
                where=(Ticket.channel == Channel.WEBTICKET, Ticket.assigned_agent_id == agent.id),
                session=s,
                first_response_at=sa.func.coalesce(Ticket.first_response_at, now),
            )
            if not answered:
                return None
            message = TicketMessage(
                ticket_id=ticket_id, sender=Sender.AGENT, agent_id=agent.id, text=text[:MAX_TEXT], created_at=now
            )
            s.add(message)
            s.flush()
            return message.id

    def log_answer(self, ticket_id: int, agent: Agent, message_id: int, email: str) -> None:
        self.tickets.log_event(
            ticket_id, f"agent:{agent.login}", TicketEventKind.ANSWERED, {"message_id": message_id, "email": email}
        )

    def resolve(self, ticket_id: int, agent: Agent) -> bool:
        return self._move(
            ticket_id, agent, WORKING, TicketStatus.RESOLVED, TicketEventKind.RESOLVED, resolved_at=self.clock()
        )

    def close(self, ticket_id: int, agent: Agent) -> bool:
        return self._move(ticket_id, agent, (TicketStatus.RESOLVED,), TicketStatus.CLOSED, TicketEventKind.CLOSED)

    def recipient(self, ticket_id: int) -> tuple[str | None, str, str]:
        """(contact e-mail, reference, subject) of a webticket."""
        with self.db.session() as s:
            row = s.execute(
                sa.select(Ticket.contact_email, Ticket.reference, Ticket.subject).where(Ticket.id == ticket_id)
            ).one()
            return row[0], row[1], row[2]

    def take_answers_for_user(self, user_sub: str) -> list[tuple[str, str | None, str]]:
        """Agents' webticket answers to this verified user not yet shown in a chat, oldest first, as
        (reference, agent name, text); marks them delivered."""
        now = self.clock()
        with self.db.session() as s:
            rows = s.execute(
                sa.select(TicketMessage, Ticket.reference, Agent.name)
                .join(Ticket, Ticket.id == TicketMessage.ticket_id)
                .outerjoin(Agent, Agent.id == TicketMessage.agent_id)
                .where(
                    Ticket.channel == Channel.WEBTICKET,
                    Ticket.user_sub == user_sub,
                    TicketMessage.sender == Sender.AGENT,
                    TicketMessage.delivered_at.is_(None),
                )
                .order_by(TicketMessage.id)
            ).all()
            for message, _, _ in rows:
                message.delivered_at = now
            return [(reference, name, message.text) for message, reference, name in rows]


async def answer(
    service: WebticketService, ticket_id: int, agent: Agent, text: str, smtp: mail.SmtpSettings | None
) -> Answered | None:
    """Take (if still queued) and answer a webticket: stored, mailed to the contact address, logged."""
    import asyncio

    await asyncio.to_thread(service.take, ticket_id, agent)
    message_id = await asyncio.to_thread(service.record_answer, ticket_id, agent, text)
    if message_id is None:
        return None
    to, reference, subject = await asyncio.to_thread(service.recipient, ticket_id)
    email = mail.OFF
    if to:
        email = await mail.deliver(
            smtp, mail.webticket_answer(smtp.sender if smtp else "", to, reference, subject, agent.name, text)
        )
    await asyncio.to_thread(service.log_answer, ticket_id, agent, message_id, email)
    return Answered(message_id, email)


async def answers_for_chat(service: WebticketService, metadata) -> list[str]:
    """The webticket answers a verified user has not seen in a chat yet, as chat texts (marks them shown)."""
    import asyncio

    from bot.answers.ticket_status import webticket_answer
    from bot.channels.metadata import claims_from_metadata

    claims = claims_from_metadata(metadata)
    if not (claims.verified and claims.sub):
        return []
    found = await asyncio.to_thread(service.take_answers_for_user, claims.sub)
    return [webticket_answer(reference, agent_name, text) for reference, agent_name, text in found]


def listed_for(ticket, agent_id: int) -> bool:
    """The console's webticket list: open ones waiting for an agent, and the agent's own until closed."""
    own = ticket.assigned_agent_id == agent_id and ticket.status in WORKING + (TicketStatus.RESOLVED,)
    return ticket.status == TicketStatus.QUEUED or own

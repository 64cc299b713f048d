"""SQLAlchemy models of the hand-off: agents, tickets, ticket messages, the append-only event log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base, relationship

from bot.vocabulary import OPEN_TICKET_STATUSES, AgentRole, Channel, HandoffReason, Priority, TicketStatus

# a class built at run time (no SQLAlchemy 1.4 mypy plugin here): typed Any so models may derive from it
Base: Any = declarative_base()

# the check constraints' values, from the one vocabulary (the same SQL as migration 0001 writes out)
OPEN_STATUSES = OPEN_TICKET_STATUSES
STATUSES = TicketStatus.values()
CHANNELS = Channel.values()
PRIORITIES = Priority.values()
_OPEN_SQL = f"status IN {OPEN_STATUSES}"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Agent(Base):
    __tablename__ = "agents"
    id = sa.Column(sa.Integer, primary_key=True)
    login = sa.Column(sa.String(64), nullable=False, unique=True)
    name = sa.Column(sa.String(128), nullable=False)
    password_hash = sa.Column(sa.String(256), nullable=False)
    online = sa.Column(sa.Boolean, nullable=False, default=False)
    last_seen_at = sa.Column(sa.DateTime)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    # part of every console session; raising it (logout) revokes all of the agent's sessions
    session_version = sa.Column(sa.Integer, nullable=False, default=0, server_default="0")


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        sa.CheckConstraint(f"status IN {STATUSES}", name="ck_tickets_status"),
        sa.CheckConstraint(f"channel IN {CHANNELS}", name="ck_tickets_channel"),
        sa.CheckConstraint(f"priority IN {PRIORITIES}", name="ck_tickets_priority"),
        # at most one open ticket per conversation, enforced by the database itself
        sa.Index(
            "uq_tickets_open_conversation",
            "conversation_id",
            unique=True,
            sqlite_where=sa.text(_OPEN_SQL),
            postgresql_where=sa.text(_OPEN_SQL),
        ),
        sa.Index("ix_tickets_status_level", "status", "level"),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    reference = sa.Column(sa.String(16), unique=True)
    conversation_id = sa.Column(sa.String(255), nullable=False, index=True)
    channel = sa.Column(sa.String(16), nullable=False)
    level = sa.Column(sa.Integer)  # 1 or 2 for live chat; None for a webticket
    priority = sa.Column(sa.String(2), nullable=False)
    status = sa.Column(sa.String(16), nullable=False, default=TicketStatus.QUEUED)
    subject = sa.Column(sa.String(200), nullable=False)
    description = sa.Column(sa.Text, nullable=False)
    contact_email = sa.Column(sa.String(254))
    user_sub = sa.Column(sa.String(200), index=True)  # the verified user (token `sub`); None if anonymous
    identity = sa.Column(sa.JSON, nullable=False)  # snapshot of verified claims + entitlements
    transcript = sa.Column(sa.JSON, nullable=False)  # the bot conversation up to the hand-off
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    updated_at = sa.Column(sa.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    first_response_due = sa.Column(sa.DateTime)
    resolution_due = sa.Column(sa.DateTime)
    first_response_at = sa.Column(sa.DateTime)
    resolved_at = sa.Column(sa.DateTime)
    assigned_agent_id = sa.Column(sa.Integer, sa.ForeignKey("agents.id"))
    escalated = sa.Column(sa.Boolean, nullable=False, default=False)
    escalated_at = sa.Column(sa.DateTime)

    assigned_agent = relationship(Agent)
    messages = relationship("TicketMessage", order_by="TicketMessage.id", back_populates="ticket")
    events = relationship("TicketEvent", order_by="TicketEvent.id", back_populates="ticket")


class TicketMessage(Base):
    """A message exchanged after the hand-off (user <-> agent), outside the bot's tracker."""

    __tablename__ = "ticket_messages"
    id = sa.Column(sa.Integer, primary_key=True)
    ticket_id = sa.Column(sa.Integer, sa.ForeignKey("tickets.id"), nullable=False, index=True)
    sender = sa.Column(sa.String(16), nullable=False)  # a Sender: user | agent | system
    agent_id = sa.Column(sa.Integer, sa.ForeignKey("agents.id"))
    text = sa.Column(sa.Text, nullable=False)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    delivered_at = sa.Column(sa.DateTime)  # to the user (agent/system messages); REST users get them late
    ticket = relationship(Ticket, back_populates="messages")


class TicketEvent(Base):
    """Append-only log: who did what to a ticket, when."""

    __tablename__ = "ticket_events"
    id = sa.Column(sa.Integer, primary_key=True)
    ticket_id = sa.Column(sa.Integer, sa.ForeignKey("tickets.id"), nullable=False, index=True)
    actor = sa.Column(sa.String(80), nullable=False)  # bot | user | system | agent:<login>
    kind = sa.Column(sa.String(32), nullable=False)  # a TicketEventKind
    detail = sa.Column(sa.JSON)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    ticket = relationship(Ticket, back_populates="events")


class AnswerFeedback(Base):
    """A thumb up (1) or down (-1) a widget user gave one bot answer, with the answer's topic."""

    __tablename__ = "answer_feedback"
    __table_args__ = (sa.CheckConstraint("rating IN (-1, 1)", name="ck_answer_feedback_rating"),)
    id = sa.Column(sa.Integer, primary_key=True)
    conversation_id = sa.Column(sa.String(255), nullable=False, index=True)
    user_sub = sa.Column(sa.String(200))
    answer_topic = sa.Column(sa.String(64), nullable=False)  # the intent / question type answered
    rating = sa.Column(sa.SmallInteger, nullable=False)
    bot_text = sa.Column(sa.Text)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)


class SatisfactionScore(Base):
    """The user's satisfaction (1-5) with the agent who resolved a ticket; one per ticket."""

    __tablename__ = "satisfaction_scores"
    __table_args__ = (sa.CheckConstraint("score BETWEEN 1 AND 5", name="ck_satisfaction_scores_score"),)
    id = sa.Column(sa.Integer, primary_key=True)
    ticket_id = sa.Column(sa.Integer, sa.ForeignKey("tickets.id"), nullable=False, unique=True)
    agent_id = sa.Column(sa.Integer, sa.ForeignKey("agents.id"))
    score = sa.Column(sa.SmallInteger, nullable=False)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)


class MessageReply(Base):
    """The reply to a client's message id, so that a retry of the message is answered once (issue 15.4).
    The primary key makes one attempt the owner across instances; the others wait for its reply."""

    __tablename__ = "message_replies"
    __table_args__ = (sa.CheckConstraint("status IN ('pending', 'done')", name="ck_message_replies_status"),)
    conversation_id = sa.Column(sa.String(255), primary_key=True)
    message_id = sa.Column(sa.String(128), primary_key=True)
    status = sa.Column(sa.String(8), nullable=False)  # pending (being processed) | done
    owner = sa.Column(sa.String(32), nullable=False)  # the processing attempt that holds it
    reply = sa.Column(sa.JSON)  # {"messages": [...], "routed_to": "bot" | "agent"}
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow, index=True)
    claimed_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)


# Support operations (issue 18, migration 0004), added to the classes above without editing them:
# the agent's role (supervisors see /console/insights) and why the bot handed a ticket off.
AGENT_ROLES = AgentRole.values()
HANDOFF_REASONS = HandoffReason.values()  # no database constraint (migration 0004 adds the column only)
Agent.role = sa.Column(sa.String(16), nullable=False, default=AgentRole.AGENT, server_default=AgentRole.AGENT.value)
# the constraint migration 0004 writes out, from the vocabulary
Agent.__table__.append_constraint(sa.CheckConstraint(f"role IN {AGENT_ROLES}", name="ck_agents_role"))
Ticket.handoff_reason = sa.Column(sa.String(32))  # a HandoffReason

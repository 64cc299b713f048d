"""Stores answer feedback (thumbs) and satisfaction scores in the tickets database (migration 0003).

- A thumb: one per answer per conversation; a second click on the same answer changes the rating.
- A satisfaction score: one per resolved live-chat ticket of the conversation, with the agent who
  resolved it; a second one is refused."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from bot.answers import refusals
from bot.db.models import AnswerFeedback, SatisfactionScore, Ticket, utcnow
from bot.db.session import Database
from bot.feedback import validation
from bot.feedback.validation import FeedbackError
from bot.vocabulary import Channel, TicketStatus


@dataclass(frozen=True)
class SatisfactionTarget:
    ticket_id: int
    agent_id: int | None


class FeedbackStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def rate_answer(self, conversation_id: str, user_sub: str | None, topic: str, rating: int, bot_text: str) -> int:
        """Stores (or changes) the thumb for one answer; returns the row id."""
        rating = validation.rating(rating)
        bot_text = validation.bot_text(bot_text)
        if not topic or len(topic) > validation.MAX_TOPIC_CHARS:
            raise FeedbackError(400, refusals.UNKNOWN_TOPIC)
        with self.db.session() as s:
            row = s.execute(
                sa.select(AnswerFeedback)
                .where(AnswerFeedback.conversation_id == conversation_id, AnswerFeedback.bot_text == bot_text)
                .order_by(AnswerFeedback.id.desc())
                .limit(1)
            ).scalar_one_or_none()
            if row is None:
                row = AnswerFeedback(conversation_id=conversation_id, created_at=utcnow())
                s.add(row)
            row.user_sub, row.answer_topic, row.rating, row.bot_text = user_sub, topic, rating, bot_text
            s.flush()
            return row.id

    def satisfaction_target(self, conversation_id: str, reference: str) -> SatisfactionTarget:
        """The resolved live-chat ticket of this conversation a score may be given for."""
        with self.db.session() as s:
            ticket = s.execute(
                sa.select(Ticket).where(Ticket.reference == reference, Ticket.conversation_id == conversation_id)
            ).scalar_one_or_none()
            if ticket is None:
                raise FeedbackError(404, refusals.NO_SUCH_TICKET_HERE)
            if ticket.status != TicketStatus.RESOLVED or ticket.channel != Channel.LIVE_CHAT:
                raise FeedbackError(409, refusals.NOT_RESOLVED_YET)
            return SatisfactionTarget(ticket.id, ticket.assigned_agent_id)

    def rate_agent(self, conversation_id: str, reference: str, score: int) -> int:
        """Stores the satisfaction score for a resolved ticket of this conversation; one per ticket."""
        score = validation.score(score)
        target = self.satisfaction_target(conversation_id, reference)
        try:
            with self.db.session() as s:
                row = SatisfactionScore(
                    ticket_id=target.ticket_id, agent_id=target.agent_id, score=score, created_at=utcnow()
                )
                s.add(row)
                s.flush()
                return row.id
        except sa.exc.IntegrityError:
            raise FeedbackError(409, refusals.ALREADY_RATED) from None

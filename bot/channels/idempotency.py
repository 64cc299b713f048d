"""Idempotent messages (issue 15.4): a client's retry of a message id is answered once.

A client (the widget, a REST client) may send a `message_id` with a message. The first attempt with
that id in a conversation claims the row (conversation_id, message_id) of `message_replies` on the
tickets database (the primary key decides, across instances too), processes the message and stores
the reply it got. Another attempt with the same id
- finds the stored reply and gets it again, without processing or storing anything;
- finds the message still being processed (on this or another instance) and waits for that reply;
- finds a claim older than BOT_MESSAGE_ID_LEASE_SECONDS (default 6; the instance that held it
  died) and takes it over. The attempt that holds a claim renews it every third of the lease while it
  runs (`renew`, message_guard), so a slow message keeps its claim and a killed instance's claims
  are taken over within seconds (issue 15.4).
An apology (the message could not be answered) is not kept as the answer: the claim is released, so
the retry is processed for real. Rows older than BOT_MESSAGE_ID_RETENTION_DAYS (default 7) are
deleted when new ones are written (at most once a minute per process).

Why not the tracker alone: Rasa stores the UserUttered (with its message_id) only after the whole
turn, so a retry arriving meanwhile finds nothing there; the reply of a REST turn also holds agent
messages and notices that are not bot events; and the tracker lives in another database that has no
"first attempt wins" constraint.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot import settings
from bot.db.models import MessageReply, utcnow
from bot.db.session import Database

logger = logging.getLogger(__name__)
CLEAN_EVERY = dt.timedelta(minutes=1)


class StillProcessing(Exception):
    """The first attempt did not finish within the wait."""


@dataclass(frozen=True)
class Reply:
    messages: list[dict[str, Any]]
    routed_to: str = "bot"


@dataclass(frozen=True)
class Claim:
    """owner: this attempt processes the message (complete or release it); reply: answered before."""

    owner: str | None = None
    reply: Reply | None = None
    taken_over: bool = False  # from an attempt that stopped renewing it (its instance died)

    @property
    def pending(self) -> bool:
        return self.owner is None and self.reply is None


PENDING = Claim()


@dataclass
class MessageReplies:
    db: Database
    # the defaults are the settings' (BOT_MESSAGE_ID_RETENTION_DAYS, BOT_MESSAGE_ID_LEASE_SECONDS)
    retention: dt.timedelta = dt.timedelta(days=settings.Settings.message_id_retention_days)
    lease: dt.timedelta = dt.timedelta(seconds=settings.Settings.message_id_lease_seconds)
    clock: Callable[[], dt.datetime] = utcnow
    _cleaned_at: dt.datetime | None = field(default=None, init=False)

    @staticmethod
    def _row(conversation_id: str, message_id: str) -> Any:
        return sa.and_(MessageReply.conversation_id == conversation_id, MessageReply.message_id == message_id)

    def try_claim(self, conversation_id: str, message_id: str) -> Claim:
        """One attempt, without waiting: owner, the stored reply, or PENDING."""
        now, owner = self.clock(), uuid.uuid4().hex
        try:
            with self.db.session() as s:
                s.add(
                    MessageReply(
                        conversation_id=conversation_id,
                        message_id=message_id,
                        status="pending",
                        owner=owner,
                        created_at=now,
                        claimed_at=now,
                    )
                )
        except IntegrityError:
            pass  # someone else has it
        else:
            self._clean(now)
            return Claim(owner=owner)
        with self.db.session() as s:
            row = s.get(MessageReply, (conversation_id, message_id))
            if row is None:  # released in between: try again
                return PENDING
            if row.status == "done":
                return Claim(reply=Reply(**row.reply))
            if row.claimed_at <= now - self.lease:
                taken = s.execute(
                    sa.update(MessageReply)
                    .where(
                        self._row(conversation_id, message_id),
                        MessageReply.status == "pending",
                        MessageReply.owner == row.owner,
                    )
                    .values(owner=owner, claimed_at=now)
                )
                if taken.rowcount == 1:
                    logger.warning("a message claim older than %s was taken over", self.lease)
                    return Claim(owner=owner, taken_over=True)
        return PENDING

    def complete(self, conversation_id: str, message_id: str, owner: str, reply: Reply) -> bool:
        with self.db.session() as s:
            done = s.execute(
                sa.update(MessageReply)
                .where(self._row(conversation_id, message_id), MessageReply.owner == owner)
                .values(status="done", reply={"messages": reply.messages, "routed_to": reply.routed_to})
            )
            return done.rowcount == 1

    def renew(self, conversation_id: str, message_id: str, owner: str) -> bool:
        """The claim is still being worked on: its lease starts again now."""
        with self.db.session() as s:
            renewed = s.execute(
                sa.update(MessageReply)
                .where(
                    self._row(conversation_id, message_id),
                    MessageReply.owner == owner,
                    MessageReply.status == "pending",
                )
                .values(claimed_at=self.clock())
            )
            return renewed.rowcount == 1

    def release(self, conversation_id: str, message_id: str, owner: str) -> None:
        """Gives the message up unanswered: the next attempt processes it."""
        with self.db.session() as s:
            s.execute(
                sa.delete(MessageReply).where(
                    self._row(conversation_id, message_id),
                    MessageReply.owner == owner,
                    MessageReply.status == "pending",
                )
            )

    def _clean(self, now: dt.datetime) -> None:
        if self._cleaned_at is not None and now - self._cleaned_at < CLEAN_EVERY:
            return
        self._cleaned_at = now
        try:
            with self.db.session() as s:
                s.execute(sa.delete(MessageReply).where(MessageReply.created_at < now - self.retention))
        except SQLAlchemyError:  # another instance cleaning at the same moment; next time
            logger.warning("could not delete old message replies", exc_info=True)

    async def claim(self, conversation_id: str, message_id: str, wait_seconds: float | None = None) -> Claim:
        """Owner or the stored reply; waits while another attempt processes the message."""
        wait = self.lease.total_seconds() + 5 if wait_seconds is None else wait_seconds
        loop = asyncio.get_running_loop()
        deadline, pause = loop.time() + wait, 0.05
        while True:
            claim = await asyncio.to_thread(self.try_claim, conversation_id, message_id)
            if not claim.pending:
                return claim
            if loop.time() >= deadline:
                raise StillProcessing()
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.5)


def configured_replies(db: Database) -> MessageReplies:
    """The store on `db` with the configured retention and lease (the runtime builds one, bot/runtime.py)."""
    config = settings.current()
    return MessageReplies(
        db,
        retention=dt.timedelta(days=config.message_id_retention_days),
        lease=dt.timedelta(seconds=config.message_id_lease_seconds),
    )

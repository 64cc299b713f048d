"""`python -m bot privacy forget <user>`: a user's right to erasure.

<user> is the verified user id (token `sub`) or an e-mail address. Removed: every conversation bound
to that user (bot.channels.binding) or whose stored events carry the user's sub or e-mail, and the
conversations of the user's tickets, with their kept replies (bot.privacy.related); the tickets are
anonymised (closed first when still open; see bot.privacy.ticket_anonymiser), answer feedback loses the
user's sub. Idempotent: a second run finds nothing left and reports zeros.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import sqlalchemy as sa

from bot.db.models import utcnow
from bot.db.session import Database
from bot.privacy import conversations, related, ticket_anonymiser


@dataclass(frozen=True)
class ForgetReport:
    conversations: int
    events: int
    tickets: int
    messages: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def forget(tracker: sa.engine.Engine, db: Database, user: str, now: dt.datetime | None = None) -> ForgetReport:
    user = user.strip()
    if not user:
        raise ValueError("give the user's id (token sub) or e-mail address")
    ticket_ids = ticket_anonymiser.tickets_of(db, user)
    linked = ticket_anonymiser.subs_and_conversations(db, ticket_ids)
    subs = linked["subs"] | ({user} if "@" not in user else set())
    emails = {user} if "@" in user else set()
    found = conversations.conversations_of(tracker, subs, emails) | linked["conversations"]
    deleted = conversations.delete_conversations(tracker, found)
    related.forget_conversations(db, found | linked["conversations"], subs)
    anonymised = ticket_anonymiser.anonymise(db, ticket_ids, "forget", now or utcnow())
    return ForgetReport(deleted["conversations"], deleted["events"], anonymised["tickets"], anonymised["messages"])

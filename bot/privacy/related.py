"""Rows in the tickets database (BOT_DB_URL) that belong to a conversation, outside the tickets:

- `message_replies` (the replies kept for message ids): deleted with the conversation;
- `answer_feedback` (thumbs per answer): kept for the figures, without the user's `sub`.

Each table is handled only where it exists (an older database simply lacks it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import sqlalchemy as sa

from bot.db.session import Database

REPLIES = sa.table("message_replies", sa.column("conversation_id"), sa.column("created_at"))
FEEDBACK = sa.table("answer_feedback", sa.column("conversation_id"), sa.column("user_sub"), sa.column("created_at"))
CHUNK = 500


def _has(db: Database, table: str) -> bool:
    return sa.inspect(db.engine).has_table(table)


def forget_conversations(db: Database, conversation_ids: Iterable[str], subs: Iterable[str]) -> dict[str, int]:
    """Deletes the kept replies of these conversations; feedback of them or of these users loses its sub."""
    ids, subs = sorted(set(conversation_ids)), sorted(set(subs))
    replies = feedback = 0
    with db.session() as s:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            if _has(db, "message_replies"):
                replies += s.execute(REPLIES.delete().where(REPLIES.c.conversation_id.in_(chunk))).rowcount
            if _has(db, "answer_feedback"):
                feedback += s.execute(
                    FEEDBACK.update()
                    .where(FEEDBACK.c.conversation_id.in_(chunk), FEEDBACK.c.user_sub.isnot(None))
                    .values(user_sub=None)
                ).rowcount
        if subs and _has(db, "answer_feedback"):
            feedback += s.execute(FEEDBACK.update().where(FEEDBACK.c.user_sub.in_(subs)).values(user_sub=None)).rowcount
    return {"replies": replies, "feedback": feedback}


def expire(db: Database, cutoff: dt.datetime) -> dict[str, int]:
    """Retention: kept replies older than the cutoff go; older feedback loses its sub."""
    replies = feedback = 0
    with db.session() as s:
        if _has(db, "message_replies"):
            replies = s.execute(REPLIES.delete().where(REPLIES.c.created_at < cutoff)).rowcount
        if _has(db, "answer_feedback"):
            feedback = s.execute(
                FEEDBACK.update()
                .where(FEEDBACK.c.created_at < cutoff, FEEDBACK.c.user_sub.isnot(None))
                .values(user_sub=None)
            ).rowcount
    return {"replies": replies, "feedback": feedback}

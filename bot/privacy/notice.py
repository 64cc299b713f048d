"""Telling the user, once per conversation, that a card number, IBAN or BSN was removed from their message.

The channels redact every message before it reaches Rasa (bot.channels.validation), so a message
that had something removed holds a placeholder ("[IBAN verwijderd]"). The first such message of a
conversation gets NOTICE as an extra bot message before the answer. Which conversations were told
lives in the tracker database (table `bolt_privacy_notices`): an atomic insert decides, so it is
once per conversation also with several server instances. Forget and retention delete the rows.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

import sqlalchemy as sa

from bot import settings
from bot.answers.apologies import PRIVACY_NOTICE
from bot.db.models import utcnow
from bot.privacy.engines import create_tables, engine_for
from bot.privacy.redaction import was_redacted

logger = logging.getLogger(__name__)
NOTICE = PRIVACY_NOTICE

metadata = sa.MetaData()
notices = sa.Table(
    "bolt_privacy_notices",
    metadata,
    sa.Column("conversation_id", sa.String(255), primary_key=True),
    sa.Column("told_at", sa.DateTime, nullable=False),
)


class NoticeLedger:
    def __init__(self, url: str) -> None:
        self.engine = engine_for(url)
        create_tables(self.engine, metadata)

    def first_time(self, conversation_id: str) -> bool:
        """True exactly once per conversation (the caller then tells the user)."""
        try:
            with self.engine.begin() as connection:
                connection.execute(notices.insert().values(conversation_id=conversation_id, told_at=utcnow()))
        except sa.exc.IntegrityError:
            return False
        return True


@functools.lru_cache(maxsize=1)
def ledger() -> NoticeLedger:
    return NoticeLedger(settings.tracker_db_url())


async def tell_once_if_redacted(message: Any, ledger_: NoticeLedger | None = None) -> bool:
    """Sends NOTICE to the user of a Rasa UserMessage whose text had something removed, the first time
    in its conversation. Returns whether it was sent. A failure to record it never loses the message."""
    if not was_redacted(message.text):
        return False
    try:
        told = await asyncio.to_thread((ledger_ or ledger()).first_time, message.sender_id)
    except Exception:  # the notice is a courtesy: the message itself is still answered
        logger.exception("privacy notice ledger unavailable")
        return False
    if told:
        await message.output_channel.send_text_message(message.sender_id, NOTICE)
    return told

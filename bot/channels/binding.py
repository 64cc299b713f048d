"""Who a conversation belongs to: the one who started it.

The first message (REST) or socket.io join for a conversation id binds it to its starter: to the
verified `sub` of their identity token when they have one, and always to a server-issued secret
(given to the client once; only its SHA-256 is stored). Later every message and every join must
come from the same identity:

- started by a logged-in user: the same verified `sub` (the secret is not needed, so a REST client
  with the user's token keeps its conversation; a new tab of the same user too);
- started anonymously: no verified `sub`, and the secret.

Anything else (no or a wrong secret, another or no user) never gets the old conversation: it gets
a NEW conversation id with its own secret. Bindings live in the tracker database (table
`bolt_conversation_owners`, created on first use next to Rasa's `events`), so several server
instances share them. The server's binder is its runtime's (bot/runtime.py), built at start.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from bot.stores.database import make_engine, wait_for_database

logger = logging.getLogger(__name__)
metadata = sa.MetaData()
owners = sa.Table(
    "bolt_conversation_owners",
    metadata,
    sa.Column("conversation_id", sa.String(255), primary_key=True),
    sa.Column("owner_sub", sa.String(200), nullable=True),
    sa.Column("secret_sha256", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)
MAX_SECRET_CHARS = 200


def new_conversation_id() -> str:
    return uuid.uuid4().hex


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Admission:
    conversation_id: str  # the conversation this request may use
    secret: str | None = None  # set when this request started it: hand it to the client (only now)
    refused: str | None = None  # the id that was asked for and belongs to someone else

    @property
    def started(self) -> bool:
        return self.secret is not None


class ConversationBinder:
    def __init__(self, url: str) -> None:
        wait_for_database(url)
        self.engine = make_engine(url)  # SQLite as before; PostgreSQL with timeouts (BOT_DB_TIMEOUT_SECONDS)
        try:
            metadata.create_all(self.engine, checkfirst=True)
        except sa.exc.SQLAlchemyError:  # another instance created it at the same moment
            if not sa.inspect(self.engine).has_table(owners.name):
                raise

    def owner(self, conversation_id: str) -> sa.engine.Row | None:
        with self.engine.connect() as connection:
            return connection.execute(sa.select(owners).where(owners.c.conversation_id == conversation_id)).first()

    def _bind(self, conversation_id: str, sub: str | None) -> str | None:
        """Binds a new conversation to `sub` and a fresh secret; None when the id is taken already."""
        secret = secrets.token_urlsafe(24)
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    owners.insert().values(
                        conversation_id=conversation_id,
                        owner_sub=sub,
                        secret_sha256=_digest(secret),
                        created_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),  # naive UTC, as stored
                    )
                )
        except sa.exc.IntegrityError:
            return None
        return secret

    @staticmethod
    def _belongs(row: sa.engine.Row, secret: str | None, sub: str | None) -> bool:
        if row.owner_sub is not None:
            return sub == row.owner_sub
        if sub is not None or not isinstance(secret, str) or not secret or len(secret) > MAX_SECRET_CHARS:
            return False
        return hmac.compare_digest(_digest(secret), row.secret_sha256)

    def admit(
        self,
        requested_id: str | None,
        secret: str | None,
        sub: str | None,
        new_id: Callable[[], str] = new_conversation_id,
    ) -> Admission:
        """The conversation this request may use: the requested one if it is new or theirs, else a new one."""
        if requested_id:
            row = self.owner(requested_id)
            if row is None:
                issued = self._bind(requested_id, sub)
                if issued is not None:
                    return Admission(requested_id, issued)
                row = self.owner(requested_id)  # someone else started it at the same moment
            if row is not None and self._belongs(row, secret, sub):
                return Admission(requested_id)
            logger.warning(
                "conversation %s… asked for by someone else: a new conversation is started", requested_id[:6]
            )
        for _ in range(5):
            conversation_id = new_id()
            issued = self._bind(conversation_id, sub)
            if issued is not None:
                return Admission(conversation_id, issued, refused=requested_id or None)
        raise RuntimeError("could not start a new conversation")

    def belongs(self, conversation_id: str, secret: str | None, sub: str | None) -> bool:
        """Whether an existing conversation is this requester's (False when it does not exist)."""
        row = self.owner(conversation_id)
        return row is not None and self._belongs(row, secret, sub)

"""Conversations in the tracker database (BOT_TRACKER_DB_URL): finding and deleting them whole.

A conversation is its Rasa events (`events`), its snapshot (`tracker_snapshots`), its owner binding
(`bolt_conversation_owners`) and whether it was told the privacy notice (`bolt_privacy_notices`),
all keyed by the conversation id.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

EVENTS = sa.table("events", sa.column("id"), sa.column("sender_id"), sa.column("timestamp"), sa.column("data"))
# (table, column holding the conversation id); events last, so a half-done run is found again
CONVERSATION_TABLES = (
    ("tracker_snapshots", "sender_id"),
    ("bolt_conversation_owners", "conversation_id"),
    ("bolt_privacy_notices", "conversation_id"),
    ("events", "sender_id"),
)
OWNERS = sa.table("bolt_conversation_owners", sa.column("conversation_id"), sa.column("owner_sub"))
CHUNK = 500


def _has(engine: sa.engine.Engine, table: str) -> bool:
    return sa.inspect(engine).has_table(table)


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def stale_conversations(engine: sa.engine.Engine, cutoff_timestamp: float) -> set[str]:
    """Conversations whose last event is older than the cutoff (a Unix time)."""
    if not _has(engine, "events"):
        return set()
    query = (
        sa.select(EVENTS.c.sender_id)
        .group_by(EVENTS.c.sender_id)
        .having(sa.func.max(EVENTS.c.timestamp) < cutoff_timestamp)
    )
    with engine.connect() as connection:
        return set(connection.execute(query).scalars())


def _like_literal(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def conversations_of(engine: sa.engine.Engine, subs: Iterable[str], emails: Iterable[str]) -> set[str]:
    """Conversations bound to one of the verified users (`sub`), or whose events carry one of the subs
    (signed identity in the message metadata) or one of the e-mail addresses (claims, typed text)."""
    subs, emails = sorted(set(subs)), sorted({e.lower() for e in emails})
    found: set[str] = set()
    with engine.connect() as connection:
        if subs and _has(engine, "bolt_conversation_owners"):
            found |= set(
                connection.execute(sa.select(OWNERS.c.conversation_id).where(OWNERS.c.owner_sub.in_(subs))).scalars()
            )
        if _has(engine, "events"):
            patterns = [f'%"sub": "{_like_literal(s)}"%' for s in subs] + [f"%{_like_literal(e)}%" for e in emails]
            for pattern in patterns:
                found |= set(
                    connection.execute(
                        sa.select(EVENTS.c.sender_id)
                        .distinct()
                        .where(sa.func.lower(EVENTS.c.data).like(pattern.lower(), escape="\\"))
                    ).scalars()
                )
    return found


def count_events(engine: sa.engine.Engine, conversation_ids: Iterable[str]) -> int:
    ids = sorted(set(conversation_ids))
    if not ids or not _has(engine, "events"):
        return 0
    total = 0
    with engine.connect() as connection:
        for chunk in _chunks(ids):
            total += connection.execute(
                sa.select(sa.func.count()).select_from(EVENTS).where(EVENTS.c.sender_id.in_(chunk))
            ).scalar()
    return total


def delete_conversations(engine: sa.engine.Engine, conversation_ids: Iterable[str]) -> dict[str, int]:
    """Deletes every row of these conversations; returns how many of them existed and their events."""
    ids = sorted(set(conversation_ids))
    events, existing = 0, set()
    present = [(name, column) for name, column in CONVERSATION_TABLES if _has(engine, name)]
    for chunk in _chunks(ids):
        with engine.begin() as connection:
            for name, column in present:
                table = sa.table(name, sa.column(column))
                existing |= set(
                    connection.execute(
                        sa.select(table.c[column]).distinct().where(table.c[column].in_(chunk))
                    ).scalars()
                )
                deleted = connection.execute(table.delete().where(table.c[column].in_(chunk))).rowcount
                if name == "events":
                    events += deleted
    return {"conversations": len(existing), "events": events}

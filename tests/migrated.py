"""A tickets database as `python -m bot migrate` leaves it: Database() itself never migrates."""

from __future__ import annotations

from bot.db.session import Database, migrate


def migrated_database(url: str) -> Database:
    """Migrates `url` to head (idempotent), then opens it."""
    migrate(url)
    return Database(url)

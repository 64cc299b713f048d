"""SQLAlchemy engines on the tracker database (BOT_TRACKER_DB_URL) for the privacy tables and jobs."""

from __future__ import annotations

import functools

import sqlalchemy as sa

from bot.stores.database import sqlite_engine


def make_engine(url: str) -> sa.engine.Engine:
    if sa.engine.make_url(url).get_backend_name() == "sqlite":
        return sqlite_engine(url)
    return sa.create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=3)


@functools.cache
def engine_for(url: str) -> sa.engine.Engine:
    """One engine per URL and process."""
    return make_engine(url)


def create_tables(engine: sa.engine.Engine, metadata: sa.MetaData) -> None:
    """Creates the tables on first use; another instance creating them at the same moment is fine."""
    try:
        metadata.create_all(engine, checkfirst=True)
    except sa.exc.SQLAlchemyError:
        inspector = sa.inspect(engine)
        if not all(inspector.has_table(table.name) for table in metadata.sorted_tables):
            raise

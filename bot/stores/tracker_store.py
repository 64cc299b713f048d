"""Rasa's SQL tracker store, configured by one SQLAlchemy URL from the environment.

endpoints.yml names this class; BOT_TRACKER_DB_URL selects SQLite (default, var/tracker.db) or
PostgreSQL. Unlike the stock store, an unreachable database is a clear start-up error after a few
retries instead of an endless wait; SQLite keeps its connections open and runs in WAL mode (see
bot.stores.database), and stored events are deserialised faster (bot.stores.event_types).
Importing it also installs the faster check of action server responses (bot.dialogue.action_results):
the Rasa server imports this module at start-up for endpoints.yml, in production as in development.
"""
from __future__ import annotations

from typing import Any, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy.orm import sessionmaker

from bot import settings
from bot.dialogue import action_results
from bot.stores import event_types
from bot.stores.database import sqlite_engine, wait_for_database

event_types.install()
action_results.install()


class EnvSQLTrackerStore(SQLTrackerStore):
    def __init__(self, domain: Optional[Domain] = None, host: Optional[str] = None, **kwargs: Any) -> None:
        url = host or settings.tracker_db_url()
        wait_for_database(url)
        super().__init__(domain=domain, host=url, **kwargs)
        if self.engine.dialect.name == "sqlite":
            self.engine.dispose()
            self.engine = sqlite_engine(url)
            self.sessionmaker = sessionmaker(bind=self.engine)

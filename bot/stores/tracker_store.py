"""Rasa's SQL tracker store, configured by one SQLAlchemy URL from the environment.

endpoints.yml names this class; BOT_TRACKER_DB_URL selects SQLite (default, var/tracker.db) or
PostgreSQL. Unlike the stock store, an unreachable database is a clear start-up error after a few
retries instead of an endless wait.
"""
from __future__ import annotations

from typing import Any, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain

from bot import settings
from bot.stores.database import wait_for_database


class EnvSQLTrackerStore(SQLTrackerStore):
    def __init__(self, domain: Optional[Domain] = None, host: Optional[str] = None, **kwargs: Any) -> None:
        url = host or settings.tracker_db_url()
        wait_for_database(url)
        super().__init__(domain=domain, host=url, **kwargs)

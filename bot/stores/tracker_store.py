"""Rasa's SQL tracker store, configured by one SQLAlchemy URL from the environment.

endpoints.yml names this class; BOT_TRACKER_DB_URL selects SQLite (default, var/tracker.db) or
PostgreSQL. The SQLite folder is created on demand so a fresh clone runs as it is.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy.engine import make_url

from bot import settings


def ensure_sqlite_dir(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


class EnvSQLTrackerStore(SQLTrackerStore):
    def __init__(self, domain: Optional[Domain] = None, host: Optional[str] = None, **kwargs: Any) -> None:
        url = host or settings.tracker_db_url()
        ensure_sqlite_dir(url)
        super().__init__(domain=domain, host=url, **kwargs)

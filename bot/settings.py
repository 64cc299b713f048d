"""Settings read from the environment, in one place. Defaults give the embedded SQLite set-up."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VAR_DIR = ROOT / "var"

DEFAULT_TRACKER_DB_URL = f"sqlite:///{VAR_DIR / 'tracker.db'}"
DEFAULT_TICKETS_DB_URL = f"sqlite:///{VAR_DIR / 'bolt.db'}"
MAX_MESSAGE_CHARS_DEFAULT = 1000
MAX_SENDER_CHARS = 128


def tracker_db_url() -> str:
    """SQLAlchemy URL of Rasa's tracker store (BOT_TRACKER_DB_URL)."""
    return os.environ.get("BOT_TRACKER_DB_URL") or DEFAULT_TRACKER_DB_URL


def tickets_db_url() -> str:
    """SQLAlchemy URL of the tickets/agents database (BOT_DB_URL)."""
    return os.environ.get("BOT_DB_URL") or DEFAULT_TICKETS_DB_URL


def max_message_chars() -> int:
    """Longest user message accepted before NLU (BOT_MAX_MESSAGE_CHARS)."""
    try:
        return max(1, int(os.environ.get("BOT_MAX_MESSAGE_CHARS", MAX_MESSAGE_CHARS_DEFAULT)))
    except ValueError:
        return MAX_MESSAGE_CHARS_DEFAULT

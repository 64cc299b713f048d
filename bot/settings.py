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


# -- modes, addresses and start-up checks ----------------------------------------------------------
DEFAULT_ACTIONS_PORT = 5055
DEFAULT_MAX_OPEN_TICKETS_PER_USER = 3


def dev_mode() -> bool:
    """Development mode (BOT_DEV_MODE=1, `make run`): demo users on the help page, generated secrets."""
    return os.environ.get("BOT_DEV_MODE", "0") == "1"


def interface() -> str:
    """Address the Rasa server listens on (BOT_INTERFACE, default loopback only)."""
    return os.environ.get("BOT_INTERFACE") or "127.0.0.1"


def actions_host() -> str:
    """Address the action server listens on (BOT_ACTIONS_HOST, default loopback only)."""
    return os.environ.get("BOT_ACTIONS_HOST") or "127.0.0.1"


def actions_port() -> int:
    return int(os.environ.get("BOT_ACTIONS_PORT") or DEFAULT_ACTIONS_PORT)


def actions_url() -> str:
    """The action endpoint the Rasa server calls: BOT_ACTIONS_URL, else the local one on BOT_ACTIONS_PORT."""
    return os.environ.get("BOT_ACTIONS_URL") or f"http://127.0.0.1:{actions_port()}/webhook"


def max_open_tickets_per_user() -> int:
    """Open tickets one verified user (token `sub`) may have at once (BOT_MAX_OPEN_TICKETS_PER_USER)."""
    try:
        return max(1, int(os.environ.get("BOT_MAX_OPEN_TICKETS_PER_USER", DEFAULT_MAX_OPEN_TICKETS_PER_USER)))
    except ValueError:
        return DEFAULT_MAX_OPEN_TICKETS_PER_USER


def is_loopback(host: str) -> bool:
    import ipaddress

    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def startup_problems(listen_on: str | None = None, console: bool = True) -> list:
    """Why a server must not start with this configuration (empty: it may). `listen_on` is the
    address it will listen on; `console` whether it serves the agent console (the Rasa server)."""
    problems = []
    if dev_mode():
        if os.environ.get("BOT_JWT_SECRET"):
            problems.append("BOT_DEV_MODE=1 with BOT_JWT_SECRET set: development mode signs demo tokens with its "
                            "own secret and must never run with the help centre's; unset one of the two")
        if listen_on is not None and not is_loopback(listen_on):
            problems.append(f"BOT_DEV_MODE=1 on {listen_on}: development mode mints tokens for anyone, so it only "
                            "listens on a loopback address (127.0.0.1)")
    else:
        if not os.environ.get("BOT_JWT_SECRET"):
            problems.append("BOT_JWT_SECRET is required outside development mode (BOT_DEV_MODE=1)")
        if console and not os.environ.get("BOT_CONSOLE_SECRET"):
            problems.append("BOT_CONSOLE_SECRET is required outside development mode (BOT_DEV_MODE=1)")
        elif console and os.environ.get("BOT_CONSOLE_SECRET") == os.environ.get("BOT_JWT_SECRET"):
            problems.append("BOT_CONSOLE_SECRET must differ from BOT_JWT_SECRET")
    return problems


class UnsafeConfiguration(RuntimeError):
    """The server refuses to start: the message says why and what to change."""


def check_startup(listen_on: str | None = None, console: bool = True) -> None:
    problems = startup_problems(listen_on, console)
    if problems:
        raise UnsafeConfiguration("refusing to start: " + "; ".join(problems))

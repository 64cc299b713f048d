"""Settings read from the environment, in one place. Defaults give the embedded SQLite set-up.

`current()` reads the environment into one frozen `Settings` and validates it: every malformed value is
named in one `SettingsError` (the servers refuse to start with it, see `startup_problems`). It reads the
environment once per process and keeps the result: a later change of os.environ is not seen until
`reset()` (tests call it around each test, tests/conftest.py). The functions below (tracker_db_url(),
actions_port(), ...) are that object's fields.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
VAR_DIR = ROOT / "var"
# the longest sender id a channel accepts (a limit of the protocol, not a setting)
MAX_SENDER_CHARS = 128

# the environment variables this module reads (their names are a contract: README, Configuration)
ENV_VARS = (
    "BOT_TRACKER_DB_URL",
    "BOT_DB_URL",
    "BOT_MAX_MESSAGE_CHARS",
    "BOT_DEV_MODE",
    "BOT_INTERFACE",
    "BOT_ACTIONS_HOST",
    "BOT_ACTIONS_PORT",
    "BOT_ACTIONS_URL",
    "BOT_PORT",
    "BOT_MAX_OPEN_TICKETS_PER_USER",
    "BOT_JWT_SECRET",
    "BOT_CONSOLE_SECRET",
    # secrets generated into var/ in development mode when unset (bot/local_secrets.py)
    "BOT_API_TOKEN",
    "BOT_ACTIONS_SECRET",
    "BOT_DEV_JWT_SECRET",
    "BOT_PASSWORD_HASH_WORKERS",
    "BOT_LOGIN_MAX_FAILURES",
    "BOT_LOGIN_MAX_FAILURES_PER_ADDRESS",
    # timeouts, intervals and limits of the servers and their jobs (issue 17.5: read here only)
    "BOT_DB_TIMEOUT_SECONDS",
    "BOT_ACTION_TIMEOUT",
    "BOT_ESCALATION_INTERVAL",
    "BOT_INACTIVITY_INTERVAL",
    "BOT_MESSAGE_ID_LEASE_SECONDS",
    "BOT_MESSAGE_ID_RETENTION_DAYS",
    "BOT_MAX_CONCURRENT_MESSAGES",
    "BOT_QUEUE_TIMEOUT_SECONDS",
    "BOT_RATE_LIMIT_MESSAGES",
    "BOT_RATE_LIMIT_SECONDS",
    "BOT_MAX_REQUEST_BYTES",
    "BOT_CORS_ALLOWED_ORIGINS",
    "BOT_SMTP_HOST",
    "BOT_SMTP_PORT",
    "BOT_SMTP_FROM",
    "BOT_SMTP_USER",
    "BOT_SMTP_PASSWORD",
    "BOT_SMTP_STARTTLS",
    "BOT_SMTP_TIMEOUT",
    "BOT_INACTIVE_CHECK_MINUTES",
    "BOT_INACTIVE_CLOSE_MINUTES",
    "BOT_RETENTION_DAYS",
    "BOT_RETENTION_CHECK_INTERVAL",
    "BOT_REDIS_URL",
    "BOT_REDIS_PREFIX",
    "TICKET_LOCK_LIFETIME",
    "BOT_LOCK_WAIT_SECONDS",
    "BOT_COOKIE_SECURE",
)


class SettingsError(ValueError):
    """One or more environment variables have a value the bot cannot use; the message names each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _local_actions_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/webhook"


@dataclass(frozen=True)
class Settings:
    """Every setting with its default: the one place a default is written (`from_env` takes them from
    here; a module that needs one outside a running server reads `Settings.<field>`)."""

    # the embedded SQLite set-up
    tracker_db_url: str = f"sqlite:///{VAR_DIR / 'tracker.db'}"
    tickets_db_url: str = f"sqlite:///{VAR_DIR / 'bolt.db'}"
    max_message_chars: int = 1000
    dev_mode: bool = False
    interface: str = "127.0.0.1"
    actions_host: str = "127.0.0.1"
    actions_port: int = 5055
    actions_url: str = _local_actions_url(actions_port)  # the local action server on the port above
    # the Rasa server's port as the operations commands reach it (BOT_PORT; `make run` serves on 5005)
    port: int = 5005
    max_open_tickets_per_user: int = 3
    jwt_secret: str | None = field(default=None, repr=False)
    console_secret: str | None = field(default=None, repr=False)
    # Rasa's HTTP API token, the Rasa server's secret for the action server, and the development-mode
    # identity secret (None: generated into var/ by bot/local_secrets.py, in development mode only for the last)
    api_token: str | None = field(default=None, repr=False)
    actions_secret: str | None = field(default=None, repr=False)
    dev_jwt_secret: str | None = field(default=None, repr=False)
    # threads that hash agent passwords (PBKDF2, bot/handoff/passwords.py), and failed console logins before a pause
    password_hash_workers: int = 2
    login_max_failures: int = 5
    login_max_failures_per_address: int = 20
    # database and custom-action timeouts (seconds; at least 0.5 and 0.1)
    db_timeout_seconds: float = 5.0
    action_timeout_seconds: float = 10.0
    # the server's jobs: escalation and inactive-chat checks (seconds between runs)
    escalation_interval: float = 30.0
    inactivity_interval: float = 15.0
    # message ids (idempotency): how long one attempt holds a message, how long replies are kept
    message_id_lease_seconds: float = 6.0
    message_id_retention_days: float = 7.0
    # overload: messages processed at once, the wait for a turn, and the per-sender rate (0 messages: off)
    max_concurrent_messages: int = 8
    queue_timeout_seconds: float = 5.0
    rate_limit_messages: int = 10
    rate_limit_seconds: float = 10.0
    max_request_bytes: int = 64 * 1024
    # socket.io origins, comma-separated (None: unset, the credentials file's setting holds)
    cors_allowed_origins: str | None = None
    # e-mail to the user (no host: e-mail is off); no port: 587 with STARTTLS, else 25
    smtp_host: str = ""
    smtp_port: int | None = None
    smtp_from: str = "support@localhost"
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_starttls: bool = False
    smtp_timeout: float = 10.0
    # inactive live chats: minutes of silence before the check and before closing
    inactive_check_minutes: float = 5.0
    inactive_close_minutes: float = 10.0
    # privacy: days conversations are kept (0 = forever) and seconds between retention checks (>= 1)
    retention_days: int = 365
    retention_check_interval: float = 3600.0
    # the cluster: Redis (None: one instance) and its key prefix; the conversation lock's timings
    redis_url: str | None = None
    redis_prefix: str = "bolt"
    ticket_lock_lifetime: float = 5.0
    lock_wait_seconds: float = 0.2
    cookie_secure: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """The settings in `environ`, validated; SettingsError names every value that cannot be used."""
        problems: list[str] = []

        def text(name: str, default: str) -> str:
            return (environ.get(name) or "").strip() or default

        def number(name: str, default: int, low: int, high: int | None = None) -> int:
            raw = (environ.get(name) or "").strip()
            if not raw:
                return default
            try:
                value = int(raw)
            except ValueError:
                problems.append(f"{name}={raw!r} is not a whole number")
                return default
            if value < low or (high is not None and value > high):
                problems.append(
                    f"{name}={value} is outside {low}..{high}" if high is not None else f"{name}={value} is below {low}"
                )
                return default
            return value

        def real(name: str, default: float, at_least: float | None = None) -> float:
            """A number of seconds/minutes/days; `at_least` raises a smaller value to that minimum."""
            raw = (environ.get(name) or "").strip()
            if not raw:
                return default
            try:
                value = float(raw)
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                problems.append(f"{name}={raw!r} is not a number")
                return default
            return value if at_least is None else max(at_least, value)

        def positive(name: str, default: float) -> float:
            """A number where 0 or less means the default."""
            value = real(name, default)
            return value if value > 0 else default

        def flag(name: str) -> bool:
            return (environ.get(name) or "0").strip() == "1"

        def url(name: str, default: str, schemes: tuple[str, ...]) -> str:
            value = text(name, default)
            if urlsplit(value).scheme.split("+")[0] not in schemes:
                problems.append(f"{name}={value!r} is not a URL starting with {' or '.join(s + ':' for s in schemes)}")
                return default
            return value

        default = cls()  # the defaults, written once in the fields above
        dev = (environ.get("BOT_DEV_MODE") or "0").strip()
        if dev not in ("0", "1"):
            problems.append(f"BOT_DEV_MODE={dev!r} must be 0 or 1")
        actions_port = number("BOT_ACTIONS_PORT", default.actions_port, 1, 65535)
        retention_days = number("BOT_RETENTION_DAYS", default.retention_days, 0)
        inactive_check = real("BOT_INACTIVE_CHECK_MINUTES", default.inactive_check_minutes)
        inactive_close = real("BOT_INACTIVE_CLOSE_MINUTES", default.inactive_close_minutes)
        if inactive_check <= 0 or inactive_close <= inactive_check:
            problems.append(
                f"BOT_INACTIVE_CHECK_MINUTES={inactive_check:g} must be > 0 and below "
                f"BOT_INACTIVE_CLOSE_MINUTES={inactive_close:g}"
            )
        redis_prefix = text("BOT_REDIS_PREFIX", default.redis_prefix)
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", redis_prefix):
            problems.append(f"BOT_REDIS_PREFIX={redis_prefix!r} may only hold letters, digits, '-' and '_' (1..64)")
            redis_prefix = default.redis_prefix
        smtp_port = number("BOT_SMTP_PORT", 0, 1, 65535)  # 0: unset (the default, None)
        database_schemes = ("sqlite", "postgresql", "postgres")
        settings = cls(
            tracker_db_url=url("BOT_TRACKER_DB_URL", default.tracker_db_url, database_schemes),
            tickets_db_url=url("BOT_DB_URL", default.tickets_db_url, database_schemes),
            max_message_chars=number("BOT_MAX_MESSAGE_CHARS", default.max_message_chars, 1),
            dev_mode=dev == "1",
            interface=text("BOT_INTERFACE", default.interface),
            actions_host=text("BOT_ACTIONS_HOST", default.actions_host),
            actions_port=actions_port,
            actions_url=url("BOT_ACTIONS_URL", _local_actions_url(actions_port), ("http", "https")),
            port=number("BOT_PORT", default.port, 1, 65535),
            max_open_tickets_per_user=number("BOT_MAX_OPEN_TICKETS_PER_USER", default.max_open_tickets_per_user, 1),
            jwt_secret=environ.get("BOT_JWT_SECRET") or default.jwt_secret,
            console_secret=environ.get("BOT_CONSOLE_SECRET") or default.console_secret,
            api_token=environ.get("BOT_API_TOKEN") or default.api_token,
            actions_secret=environ.get("BOT_ACTIONS_SECRET") or default.actions_secret,
            dev_jwt_secret=environ.get("BOT_DEV_JWT_SECRET") or default.dev_jwt_secret,
            password_hash_workers=number("BOT_PASSWORD_HASH_WORKERS", default.password_hash_workers, 1),
            login_max_failures=number("BOT_LOGIN_MAX_FAILURES", default.login_max_failures, 1),
            login_max_failures_per_address=number(
                "BOT_LOGIN_MAX_FAILURES_PER_ADDRESS", default.login_max_failures_per_address, 1
            ),
            db_timeout_seconds=real("BOT_DB_TIMEOUT_SECONDS", default.db_timeout_seconds, at_least=0.5),
            action_timeout_seconds=real("BOT_ACTION_TIMEOUT", default.action_timeout_seconds, at_least=0.1),
            escalation_interval=real("BOT_ESCALATION_INTERVAL", default.escalation_interval),
            inactivity_interval=real("BOT_INACTIVITY_INTERVAL", default.inactivity_interval),
            message_id_lease_seconds=real("BOT_MESSAGE_ID_LEASE_SECONDS", default.message_id_lease_seconds),
            message_id_retention_days=real("BOT_MESSAGE_ID_RETENTION_DAYS", default.message_id_retention_days),
            max_concurrent_messages=number("BOT_MAX_CONCURRENT_MESSAGES", default.max_concurrent_messages, 1),
            queue_timeout_seconds=real("BOT_QUEUE_TIMEOUT_SECONDS", default.queue_timeout_seconds),
            rate_limit_messages=number("BOT_RATE_LIMIT_MESSAGES", default.rate_limit_messages, 0),
            rate_limit_seconds=real("BOT_RATE_LIMIT_SECONDS", default.rate_limit_seconds),
            max_request_bytes=max(1024, number("BOT_MAX_REQUEST_BYTES", default.max_request_bytes, 0)),
            cors_allowed_origins=environ.get("BOT_CORS_ALLOWED_ORIGINS", default.cors_allowed_origins),
            smtp_host=text("BOT_SMTP_HOST", default.smtp_host),
            smtp_port=smtp_port or default.smtp_port,
            smtp_from=environ.get("BOT_SMTP_FROM", default.smtp_from),
            smtp_user=environ.get("BOT_SMTP_USER") or default.smtp_user,
            smtp_password=environ.get("BOT_SMTP_PASSWORD") or default.smtp_password,
            smtp_starttls=flag("BOT_SMTP_STARTTLS"),
            smtp_timeout=real("BOT_SMTP_TIMEOUT", default.smtp_timeout),
            inactive_check_minutes=inactive_check,
            inactive_close_minutes=inactive_close,
            retention_days=retention_days,
            retention_check_interval=real(
                "BOT_RETENTION_CHECK_INTERVAL", default.retention_check_interval, at_least=1.0
            ),
            redis_url=text("BOT_REDIS_URL", "") or default.redis_url,
            redis_prefix=redis_prefix,
            ticket_lock_lifetime=positive("TICKET_LOCK_LIFETIME", default.ticket_lock_lifetime),
            lock_wait_seconds=positive("BOT_LOCK_WAIT_SECONDS", default.lock_wait_seconds),
            cookie_secure=flag("BOT_COOKIE_SECURE"),
        )
        if problems:
            raise SettingsError(problems)
        return settings


_current: Settings | None = None


def current() -> Settings:
    """The process's settings, read from os.environ and validated on the first call, then kept: a running
    server's settings do not change under it. A malformed environment raises SettingsError on every call
    (nothing is kept). Tests that change the environment call `reset()` (tests/conftest.py does, around
    every test)."""
    global _current
    if _current is None:
        _current = Settings.from_env(os.environ)
    return _current


def reset() -> None:
    """Forget the kept settings: the next `current()` reads the environment again (for tests)."""
    global _current
    _current = None


def settings_problems() -> list[str]:
    """What is wrong with the environment's settings (empty: nothing)."""
    try:
        current()
    except SettingsError as error:
        return list(error.problems)
    return []


def tracker_db_url() -> str:
    """SQLAlchemy URL of Rasa's tracker store (BOT_TRACKER_DB_URL)."""
    return current().tracker_db_url


def tickets_db_url() -> str:
    """SQLAlchemy URL of the tickets/agents database (BOT_DB_URL)."""
    return current().tickets_db_url


def max_message_chars() -> int:
    """Longest user message accepted before NLU (BOT_MAX_MESSAGE_CHARS)."""
    return current().max_message_chars


def dev_mode() -> bool:
    """Development mode (BOT_DEV_MODE=1, `make run`): demo users on the help page, generated secrets."""
    return current().dev_mode


def interface() -> str:
    """Address the Rasa server listens on (BOT_INTERFACE, default loopback only)."""
    return current().interface


def actions_host() -> str:
    """Address the action server listens on (BOT_ACTIONS_HOST, default loopback only)."""
    return current().actions_host


def actions_port() -> int:
    return current().actions_port


def actions_url() -> str:
    """The action endpoint the Rasa server calls: BOT_ACTIONS_URL, else the local one on BOT_ACTIONS_PORT."""
    return current().actions_url


def bot_port() -> int:
    """The Rasa server's port for the operations commands (BOT_PORT, default 5005)."""
    return current().port


def max_open_tickets_per_user() -> int:
    """Open tickets one verified user (token `sub`) may have at once (BOT_MAX_OPEN_TICKETS_PER_USER)."""
    return current().max_open_tickets_per_user


def is_loopback(host: str) -> bool:
    import ipaddress

    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def required_outside_dev_mode(name: str) -> str:
    """The message for a secret production must be given (the start-up check and bot/local_secrets.py)."""
    return f"{name} is required outside development mode (BOT_DEV_MODE=1)"


def startup_problems(listen_on: str | None = None, console: bool = True) -> list[str]:
    """Why a server must not start with this configuration (empty: it may). `listen_on` is the
    address it will listen on; `console` whether it serves the agent console (the Rasa server)."""
    problems = settings_problems()
    if problems:
        return problems
    config = current()
    if config.dev_mode:
        if config.jwt_secret:
            problems.append(
                "BOT_DEV_MODE=1 with BOT_JWT_SECRET set: development mode signs demo tokens with its "
                "own secret and must never run with the help centre's; unset one of the two"
            )
        if listen_on is not None and not is_loopback(listen_on):
            problems.append(
                f"BOT_DEV_MODE=1 on {listen_on}: development mode mints tokens for anyone, so it only "
                "listens on a loopback address (127.0.0.1)"
            )
    else:
        if not config.jwt_secret:
            problems.append(required_outside_dev_mode("BOT_JWT_SECRET"))
        if console and not config.console_secret:
            problems.append(required_outside_dev_mode("BOT_CONSOLE_SECRET"))
        elif console and config.console_secret == config.jwt_secret:
            problems.append("BOT_CONSOLE_SECRET must differ from BOT_JWT_SECRET")
    return problems


class UnsafeConfiguration(RuntimeError):
    """The server refuses to start: the message says why and what to change."""


def check_startup(listen_on: str | None = None, console: bool = True) -> None:
    problems = startup_problems(listen_on, console)
    if problems:
        raise UnsafeConfiguration("refusing to start: " + "; ".join(problems))

"""Settings (issue 17.5): read once into a frozen object, every malformed value named at start."""

import dataclasses

import pytest

from bot import settings
from bot.settings import Settings, SettingsError


def test_defaults_are_the_embedded_sqlite_set_up():
    s = Settings.from_env({})
    assert s.tracker_db_url == f"sqlite:///{settings.ROOT / 'var' / 'tracker.db'}"
    assert s.tickets_db_url == f"sqlite:///{settings.ROOT / 'var' / 'bolt.db'}"
    assert (s.actions_port, s.port, s.max_message_chars, s.dev_mode) == (5055, 5005, 1000, False)
    assert s.actions_url == "http://127.0.0.1:5055/webhook"


def test_an_empty_environment_gives_the_fields_defaults():
    """from_env takes every default from the dataclass (one place): field for field the same values."""
    assert Settings.from_env({}) == Settings()
    # an empty value is the field's default too (not another one written in from_env), except where the
    # empty text is itself a value: no allowed socket.io origins, an empty sender address (as before)
    empty = Settings.from_env({name: "" for name in settings.ENV_VARS})
    assert (empty.cors_allowed_origins, empty.smtp_from) == ("", "")
    assert dataclasses.replace(empty, cors_allowed_origins=None, smtp_from=Settings().smtp_from) == Settings()


def test_the_environment_names_are_the_documented_ones():
    s = Settings.from_env(
        {
            "BOT_ACTIONS_PORT": "6123",
            "BOT_MAX_MESSAGE_CHARS": "10",
            "BOT_DEV_MODE": "1",
            "BOT_PORT": "5999",
            "BOT_INTERFACE": "0.0.0.0",
            "BOT_MAX_OPEN_TICKETS_PER_USER": "2",
            "BOT_DB_URL": "postgresql://u@db/bolt",
            "BOT_TRACKER_DB_URL": "sqlite:////tmp/t.db",
        }
    )
    assert (s.actions_port, s.actions_url, s.max_message_chars, s.dev_mode, s.port, s.interface) == (
        6123,
        "http://127.0.0.1:6123/webhook",
        10,
        True,
        5999,
        "0.0.0.0",
    )
    assert (s.max_open_tickets_per_user, s.tickets_db_url, s.tracker_db_url) == (
        2,
        "postgresql://u@db/bolt",
        "sqlite:////tmp/t.db",
    )


def test_every_malformed_value_is_named_at_once():
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(
            {
                "BOT_ACTIONS_PORT": "vijf",
                "BOT_MAX_MESSAGE_CHARS": "0",
                "BOT_DEV_MODE": "ja",
                "BOT_DB_URL": "bolt.db",
                "BOT_ACTIONS_URL": "actions:5055",
                "BOT_PORT": "70000",
            }
        )
    assert caught.value.problems == [
        "BOT_DEV_MODE='ja' must be 0 or 1",
        "BOT_ACTIONS_PORT='vijf' is not a whole number",
        "BOT_DB_URL='bolt.db' is not a URL starting with sqlite: or postgresql: or postgres:",
        "BOT_MAX_MESSAGE_CHARS=0 is below 1",
        "BOT_ACTIONS_URL='actions:5055' is not a URL starting with http: or https:",
        "BOT_PORT=70000 is outside 1..65535",
    ]


def test_the_servers_refuse_to_start_with_a_malformed_setting(monkeypatch):
    monkeypatch.setenv("BOT_DEV_MODE", "1")
    monkeypatch.delenv("BOT_JWT_SECRET", raising=False)
    monkeypatch.setenv("BOT_ACTIONS_PORT", "vijf")
    with pytest.raises(settings.UnsafeConfiguration, match="BOT_ACTIONS_PORT='vijf' is not a whole number"):
        settings.check_startup("127.0.0.1", console=False)


def test_read_once_and_frozen(monkeypatch):
    monkeypatch.setenv("BOT_MAX_MESSAGE_CHARS", "12")
    first = settings.current()
    assert settings.current() is first and settings.max_message_chars() == 12
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.max_message_chars = 13
    monkeypatch.setenv("BOT_MAX_MESSAGE_CHARS", "13")  # a changed environment (tests do this) is read again
    assert settings.max_message_chars() == 13


def test_secrets_stay_out_of_the_repr():
    s = Settings.from_env({"BOT_JWT_SECRET": "geheim-jwt", "BOT_CONSOLE_SECRET": "geheim-console"})
    assert "geheim" not in repr(s)


# (env var, field, default, a valid value and what it becomes, a malformed value) -- issue 17.5, the rest
NEW_SETTINGS = [
    ("BOT_DB_TIMEOUT_SECONDS", "db_timeout_seconds", 5.0, "2.5", 2.5, "snel"),
    ("BOT_DB_TIMEOUT_SECONDS", "db_timeout_seconds", 5.0, "0.1", 0.5, "5s"),  # raised to 0.5, as before
    ("BOT_ACTION_TIMEOUT", "action_timeout_seconds", 10.0, "3", 3.0, "tien"),
    ("BOT_ACTION_TIMEOUT", "action_timeout_seconds", 10.0, "0", 0.1, "nan"),  # raised to 0.1
    ("BOT_ESCALATION_INTERVAL", "escalation_interval", 30.0, "0.05", 0.05, "half"),
    ("BOT_INACTIVITY_INTERVAL", "inactivity_interval", 15.0, "4", 4.0, "vier"),
    ("BOT_MESSAGE_ID_LEASE_SECONDS", "message_id_lease_seconds", 6.0, "2", 2.0, "zes"),
    ("BOT_MESSAGE_ID_RETENTION_DAYS", "message_id_retention_days", 7.0, "1.5", 1.5, "week"),
    ("BOT_MAX_CONCURRENT_MESSAGES", "max_concurrent_messages", 8, "2", 2, "2.5"),
    ("BOT_QUEUE_TIMEOUT_SECONDS", "queue_timeout_seconds", 5.0, "0.5", 0.5, "snel"),
    ("BOT_RATE_LIMIT_MESSAGES", "rate_limit_messages", 10, "0", 0, "tien"),
    ("BOT_RATE_LIMIT_SECONDS", "rate_limit_seconds", 10.0, "2", 2.0, "inf"),
    ("BOT_MAX_REQUEST_BYTES", "max_request_bytes", 64 * 1024, "100", 1024, "64k"),  # raised to 1024
    ("BOT_SMTP_PORT", "smtp_port", None, "2525", 2525, "smtp"),
    ("BOT_SMTP_TIMEOUT", "smtp_timeout", 10.0, "3", 3.0, "lang"),
    ("BOT_INACTIVE_CHECK_MINUTES", "inactive_check_minutes", 5.0, "2", 2.0, "vijf"),
    ("BOT_INACTIVE_CLOSE_MINUTES", "inactive_close_minutes", 10.0, "30", 30.0, "tien"),
    ("BOT_RETENTION_DAYS", "retention_days", 365, "0", 0, "1 jaar"),
    ("BOT_RETENTION_CHECK_INTERVAL", "retention_check_interval", 3600.0, "0.05", 1.0, "uur"),  # at least 1
    ("BOT_REDIS_PREFIX", "redis_prefix", "bolt", "test_1", "test_1", "bolt:x"),
    ("TICKET_LOCK_LIFETIME", "ticket_lock_lifetime", 5.0, "0", 5.0, "vijf"),  # 0 or less: the default
    ("BOT_LOCK_WAIT_SECONDS", "lock_wait_seconds", 0.2, "0.5", 0.5, "kort"),
]


@pytest.mark.parametrize("name,field,default,valid,expected,malformed", NEW_SETTINGS)
def test_each_setting_default_valid_and_malformed(name, field, default, valid, expected, malformed):
    assert name in settings.ENV_VARS
    assert getattr(Settings.from_env({}), field) == default
    assert getattr(Settings.from_env({name: valid}), field) == expected
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({name: malformed})
    assert len(caught.value.problems) == 1 and caught.value.problems[0].startswith(f"{name}={malformed!r}")


def test_the_plain_text_and_flag_settings():
    s = Settings.from_env({})
    assert (s.smtp_host, s.smtp_from, s.smtp_user, s.smtp_starttls, s.cookie_secure) == (
        "",
        "support@localhost",
        None,
        False,
        False,
    )
    assert (s.redis_url, s.cors_allowed_origins) == (None, None)
    s = Settings.from_env(
        {
            "BOT_SMTP_HOST": " smtp.example.nl ",
            "BOT_SMTP_FROM": "support@example.nl",
            "BOT_SMTP_USER": "bolt",
            "BOT_SMTP_PASSWORD": "geheim-smtp",
            "BOT_SMTP_STARTTLS": "1",
            "BOT_COOKIE_SECURE": "1",
            "BOT_REDIS_URL": "redis://127.0.0.1:6379/0",
            "BOT_CORS_ALLOWED_ORIGINS": "https://a.example",
        }
    )
    assert (s.smtp_host, s.smtp_from, s.smtp_user, s.smtp_password, s.smtp_starttls, s.cookie_secure) == (
        "smtp.example.nl",
        "support@example.nl",
        "bolt",
        "geheim-smtp",
        True,
        True,
    )
    assert (s.redis_url, s.cors_allowed_origins) == ("redis://127.0.0.1:6379/0", "https://a.example")
    assert "geheim" not in repr(s)


def test_inactive_chat_minutes_are_checked_together():
    with pytest.raises(
        SettingsError, match="BOT_INACTIVE_CHECK_MINUTES=5 must be > 0 and below BOT_INACTIVE_CLOSE_MINUTES=3"
    ):
        Settings.from_env({"BOT_INACTIVE_CLOSE_MINUTES": "3"})


def test_a_malformed_timeout_stops_the_start(monkeypatch):
    monkeypatch.setenv("BOT_DEV_MODE", "1")
    monkeypatch.delenv("BOT_JWT_SECRET", raising=False)
    monkeypatch.setenv("BOT_QUEUE_TIMEOUT_SECONDS", "snel")
    with pytest.raises(settings.UnsafeConfiguration, match="BOT_QUEUE_TIMEOUT_SECONDS='snel' is not a number"):
        settings.check_startup("127.0.0.1", console=False)


# modules that may read (or write) the environment themselves: the settings, the development secret
# file, the environment the Rasa server and training/evaluation processes get, and Rasa's telemetry switch
ENVIRON_ALLOWED = (
    "bot/settings.py",
    "bot/local_secrets.py",
    "bot/rasa_server.py",
    "bot/trainer/commands.py",
    "bot/privacy/rasa_telemetry.py",
    "bot/trainer/evaluate.py",
    "bot/testing/",
)


def environment_reads(path):
    """Lines where a module uses os.environ or os.getenv (also `from os import environ`)."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb", "putenv"):
            found.append(node.lineno)
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module == "os"
            and {a.name for a in node.names} & {"environ", "getenv", "environb"}
        ):
            found.append(node.lineno)
    return found


def test_no_module_reads_the_environment_but_the_settings():
    from pathlib import Path

    root = Path(settings.ROOT)
    offenders = []
    for package in ("bot", "actions"):
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if relative.startswith(ENVIRON_ALLOWED):
                continue
            offenders += [f"{relative}:{line}" for line in environment_reads(path)]
    assert not offenders, f"read the environment in bot/settings.py (settings.current()), not in: {offenders}"


def test_the_scan_sees_an_environment_read(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import os\nfrom os import getenv\nX = os.environ.get('BOT_X')\n", encoding="utf-8")
    assert environment_reads(module) == [2, 3]

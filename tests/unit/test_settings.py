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
    import os

    monkeypatch.setenv("BOT_MAX_MESSAGE_CHARS", "12")  # (monkeypatch restores the variable after the test)
    first = settings.current()
    assert settings.current() is first and settings.max_message_chars() == 12
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.max_message_chars = 13
    os.environ["BOT_MAX_MESSAGE_CHARS"] = "13"  # a running process keeps what it read first
    assert settings.current() is first and settings.max_message_chars() == 12
    settings.reset()
    assert settings.max_message_chars() == 13 and settings.current() is not first


def test_a_malformed_environment_is_not_kept(monkeypatch):
    monkeypatch.setenv("BOT_PORT", "vijf")
    for _ in range(2):  # raised on every call, nothing kept
        with pytest.raises(SettingsError, match="BOT_PORT='vijf' is not a whole number"):
            settings.current()
    monkeypatch.setenv("BOT_PORT", "5999")
    assert settings.bot_port() == 5999


def test_a_test_changes_the_settings_with_monkeypatch(monkeypatch):
    """tests/conftest.py: each test starts with no settings kept, and monkeypatch.setenv/delenv forget them."""
    monkeypatch.setenv("BOT_MAX_MESSAGE_CHARS", "21")
    assert settings.max_message_chars() == 21
    monkeypatch.setenv("BOT_MAX_MESSAGE_CHARS", "22")
    assert settings.max_message_chars() == 22
    monkeypatch.delenv("BOT_MAX_MESSAGE_CHARS")
    assert settings.max_message_chars() == Settings.max_message_chars


def test_secrets_stay_out_of_the_repr():
    s = Settings.from_env({"BOT_JWT_SECRET": "geheim-jwt", "BOT_CONSOLE_SECRET": "geheim-console"})
    assert "geheim" not in repr(s)


SECRETS = [
    ("BOT_JWT_SECRET", "jwt_secret"),
    ("BOT_CONSOLE_SECRET", "console_secret"),
    ("BOT_API_TOKEN", "api_token"),
    ("BOT_ACTIONS_SECRET", "actions_secret"),
    ("BOT_DEV_JWT_SECRET", "dev_jwt_secret"),
]


@pytest.mark.parametrize("name,field", SECRETS)
def test_each_secret_is_a_setting_kept_out_of_the_repr(name, field):
    assert name in settings.ENV_VARS
    assert getattr(Settings.from_env({}), field) is None and getattr(Settings.from_env({name: ""}), field) is None
    s = Settings.from_env({name: "geheim-1234"})
    assert getattr(s, field) == "geheim-1234"
    assert "geheim" not in repr(s) and "geheim" not in str(s)


def test_the_required_secret_message_is_written_once(monkeypatch):
    monkeypatch.setenv("BOT_DEV_MODE", "0")
    monkeypatch.delenv("BOT_JWT_SECRET", raising=False)
    monkeypatch.delenv("BOT_CONSOLE_SECRET", raising=False)
    assert settings.startup_problems("127.0.0.1") == [
        settings.required_outside_dev_mode("BOT_JWT_SECRET"),
        settings.required_outside_dev_mode("BOT_CONSOLE_SECRET"),
    ]
    assert settings.required_outside_dev_mode("BOT_JWT_SECRET") == (
        "BOT_JWT_SECRET is required outside development mode (BOT_DEV_MODE=1)"
    )


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


# The only places under bot/ and actions/ that touch os.environ: (path, the code on that line, why).
# Everything the bot reads as a setting goes through bot/settings.py's Settings.from_env(os.environ).
ENVIRON_ALLOWED = [
    ("bot/settings.py", "Settings.from_env(os.environ)", "the one read of the settings"),
    (
        "bot/rasa_server.py",
        'os.environ["BOT_ACTIONS_URL"] =',
        "written for Rasa: endpoints.yml reads ${BOT_ACTIONS_URL} (the value comes from the settings)",
    ),
    (
        "bot/rasa_server.py",
        'os.environ["BOT_ACTIONS_SECRET"] =',
        "written for Rasa: endpoints.yml reads ${BOT_ACTIONS_SECRET} (the value comes from local_secrets)",
    ),
    (
        "bot/trainer/commands.py",
        'os.environ.setdefault("PYTHONWARNINGS"',
        "quiet_environment: the warning filters of the Python processes it starts",
    ),
    (
        "bot/trainer/commands.py",
        'os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL"',
        "quiet_environment: TensorFlow's log level, read by TensorFlow",
    ),
    (
        "bot/trainer/commands.py",
        'os.environ.setdefault("RASA_TELEMETRY_ENABLED"',
        "quiet_environment: Rasa's telemetry switch, read by Rasa (also in the processes it starts)",
    ),
    (
        "bot/trainer/commands.py",
        'os.environ.get("PYTHONPATH")',
        "_rasa_env: the environment of a Rasa subprocess (the import path, ours first)",
    ),
    ("bot/trainer/commands.py", "**os.environ,", "_rasa_env: a Rasa subprocess inherits the environment"),
    (
        "bot/trainer/commands.py",
        'os.environ.get("PYTHONWARNINGS")',
        "_rasa_env: the caller's warning filters passed on to a Rasa subprocess",
    ),
    (
        "bot/trainer/commands.py",
        'os.environ.get("TF_CPP_MIN_LOG_LEVEL")',
        "_rasa_env: the caller's TensorFlow log level passed on to a Rasa subprocess",
    ),
    (
        "bot/trainer/evaluate.py",
        'os.environ.setdefault("LOG_LEVEL"',
        "Rasa's log level (Rasa reads LOG_LEVEL) for the evaluation it runs in-process",
    ),
    (
        "bot/privacy/rasa_telemetry.py",
        "os.environ.setdefault(TELEMETRY_VARIABLE",
        "Rasa's telemetry switch, read by Rasa",
    ),
    # the test and bench harness (not the bot): where its servers are, and the environment of what it starts
    ("bot/testing/servers.py", "**os.environ,", "bolt_env: the servers a test starts inherit the environment"),
    (
        "bot/testing/databases.py",
        'os.environ.get("BOT_TEST_POSTGRES_URL"',
        "the PostgreSQL server of the tests and bench (a test setting, not the bot's)",
    ),
    (
        "bot/testing/databases.py",
        'os.environ.get("BOT_TEST_REDIS_URL"',
        "the Redis server of the tests and bench (a test setting, not the bot's)",
    ),
    ("bot/testing/topology.py", "{**os.environ,", "the package installer it starts inherits the environment"),
]


def environment_reads(path):
    """(line number, stripped line) where a module uses os.environ or os.getenv (also `from os import environ`)."""
    import ast

    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb", "putenv"):
            found.append(node.lineno)
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module == "os"
            and {a.name for a in node.names} & {"environ", "getenv", "environb"}
        ):
            found.append(node.lineno)
    return [(line, lines[line - 1].strip()) for line in sorted(found)]


def test_no_module_reads_the_environment_but_the_settings():
    from pathlib import Path

    root = Path(settings.ROOT)
    offenders, used = [], set()
    for package in ("bot", "actions"):
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            for line, code in environment_reads(path):
                allowed = [
                    i for i, (where, call, _) in enumerate(ENVIRON_ALLOWED) if where == relative and call in code
                ]
                used.update(allowed)
                if not allowed:
                    offenders.append(f"{relative}:{line}: {code}")
    assert not offenders, f"read the environment in bot/settings.py (settings.current()), not in: {offenders}"
    unused = [ENVIRON_ALLOWED[i][:2] for i in range(len(ENVIRON_ALLOWED)) if i not in used]
    assert not unused, f"allowed environment uses that no longer exist (remove them from ENVIRON_ALLOWED): {unused}"


def test_the_scan_sees_an_environment_read(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import os\nfrom os import getenv\nX = os.environ.get('BOT_X')\n", encoding="utf-8")
    assert environment_reads(module) == [(2, "from os import getenv"), (3, "X = os.environ.get('BOT_X')")]

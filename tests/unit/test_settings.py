"""Settings (issue 17.5): read once into a frozen object, every malformed value named at start."""
import dataclasses

import pytest

from bot import settings
from bot.settings import Settings, SettingsError


def test_defaults_are_the_embedded_sqlite_set_up():
    s = Settings.from_env({})
    assert s.tracker_db_url == settings.DEFAULT_TRACKER_DB_URL and s.tickets_db_url == settings.DEFAULT_TICKETS_DB_URL
    assert (s.actions_port, s.port, s.max_message_chars, s.dev_mode) == (5055, 5005, 1000, False)
    assert s.actions_url == "http://127.0.0.1:5055/webhook"


def test_the_environment_names_are_the_documented_ones():
    s = Settings.from_env({"BOT_ACTIONS_PORT": "6123", "BOT_MAX_MESSAGE_CHARS": "10", "BOT_DEV_MODE": "1",
                           "BOT_PORT": "5999", "BOT_INTERFACE": "0.0.0.0", "BOT_MAX_OPEN_TICKETS_PER_USER": "2",
                           "BOT_DB_URL": "postgresql://u@db/bolt", "BOT_TRACKER_DB_URL": "sqlite:////tmp/t.db"})
    assert (s.actions_port, s.actions_url, s.max_message_chars, s.dev_mode, s.port, s.interface) == (
        6123, "http://127.0.0.1:6123/webhook", 10, True, 5999, "0.0.0.0")
    assert (s.max_open_tickets_per_user, s.tickets_db_url, s.tracker_db_url) == (2, "postgresql://u@db/bolt",
                                                                                  "sqlite:////tmp/t.db")


def test_every_malformed_value_is_named_at_once():
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"BOT_ACTIONS_PORT": "vijf", "BOT_MAX_MESSAGE_CHARS": "0", "BOT_DEV_MODE": "ja",
                           "BOT_DB_URL": "bolt.db", "BOT_ACTIONS_URL": "actions:5055", "BOT_PORT": "70000"})
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

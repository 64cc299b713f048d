"""bot/local_secrets.py takes every secret from the settings (issue 17.5): generated into var/ only when unset,
and outside development mode the identity and console secrets are required."""

import pytest

from bot import local_secrets, settings


@pytest.fixture
def var_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    for name in ("BOT_API_TOKEN", "BOT_ACTIONS_SECRET", "BOT_DEV_JWT_SECRET", "BOT_JWT_SECRET", "BOT_CONSOLE_SECRET"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.mark.parametrize(
    "name,secret,filename",
    [
        ("BOT_API_TOKEN", local_secrets.api_token, "api_token"),
        ("BOT_ACTIONS_SECRET", local_secrets.actions_secret, "actions_secret"),
    ],
)
def test_a_set_secret_is_the_settings_value_and_writes_no_file(var_dir, monkeypatch, name, secret, filename):
    monkeypatch.setenv(name, "uit-de-omgeving")
    assert settings.current() is settings.current()
    assert secret() == "uit-de-omgeving"
    assert not (var_dir / filename).exists()


@pytest.mark.parametrize(
    "name,secret,filename",
    [
        ("BOT_API_TOKEN", local_secrets.api_token, "api_token"),
        ("BOT_ACTIONS_SECRET", local_secrets.actions_secret, "actions_secret"),
    ],
)
def test_an_unset_secret_is_generated_once(var_dir, name, secret, filename):
    generated = secret()
    assert len(generated) >= 32 and secret() == generated
    assert (var_dir / filename).read_text().strip() == generated


def test_development_mode_uses_the_development_secrets(var_dir, monkeypatch):
    monkeypatch.setenv("BOT_DEV_MODE", "1")
    monkeypatch.setenv("BOT_DEV_JWT_SECRET", "dev-jwt")
    assert local_secrets.identity_secret() == "dev-jwt"
    generated = local_secrets.console_secret()  # unset in development mode: generated into var/
    assert generated == (var_dir / "console_secret").read_text().strip()
    assert not (var_dir / "dev_jwt_secret").exists()
    monkeypatch.setenv("BOT_CONSOLE_SECRET", "console-uit-de-omgeving")
    assert local_secrets.console_secret() == "console-uit-de-omgeving"


@pytest.mark.parametrize(
    "name,secret",
    [("BOT_JWT_SECRET", local_secrets.identity_secret), ("BOT_CONSOLE_SECRET", local_secrets.console_secret)],
)
def test_outside_development_mode_a_secret_is_required_never_generated(var_dir, monkeypatch, name, secret):
    monkeypatch.setenv("BOT_DEV_MODE", "0")
    monkeypatch.setenv("BOT_DEV_JWT_SECRET", "dev-jwt")  # never used outside development mode
    with pytest.raises(local_secrets.MissingSecret) as caught:
        secret()
    assert str(caught.value) == settings.required_outside_dev_mode(name)
    assert list(var_dir.iterdir()) == []
    monkeypatch.setenv(name, "productie-geheim")
    assert secret() == "productie-geheim"

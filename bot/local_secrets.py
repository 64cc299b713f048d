"""Secrets from the settings (bot/settings.py), or generated once into var/ for local development (never
committed).

Files under var/ that hold secrets are created 0600 (owner only), atomically: never readable by others,
not even for a moment.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from bot import settings

logger = logging.getLogger(__name__)


class MissingSecret(RuntimeError):
    """A secret that production must be given (it is never generated outside development mode)."""


def write_private(path: Path, text: str) -> None:
    """Create a file readable and writable by its owner only (0600), whatever the umask."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(path, 0o600)


def local_secret(value: str | None, filename: str, env_var: str) -> str:
    """`value` (the setting of `env_var`) when given, else the secret in var/<filename>, generated once."""
    if value:
        return value
    path = settings.VAR_DIR / filename
    if not path.exists():
        try:
            write_private(path, secrets.token_urlsafe(48))
            logger.warning("%s is not set: generated a development secret in %s", env_var, path)
        except FileExistsError:  # another process generated it at the same moment
            pass
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    return path.read_text().strip()


def api_token() -> str:
    """Token of Rasa's HTTP API (BOT_API_TOKEN); used by `python -m bot reload`."""
    return local_secret(settings.current().api_token, "api_token", "BOT_API_TOKEN")


def actions_secret() -> str:
    """Shared secret between the Rasa server and the action server (BOT_ACTIONS_SECRET)."""
    return local_secret(settings.current().actions_secret, "actions_secret", "BOT_ACTIONS_SECRET")


def _required_secret(name: str, value: str | None, development: tuple[str, str | None, str]) -> str:
    """Outside development mode the setting `name` (`value`), which production must give (MissingSecret);
    in development mode `development` = (its variable, its setting, the var/ file generated when unset)."""
    if settings.current().dev_mode:
        dev_name, dev_value, filename = development
        return local_secret(dev_value, filename, dev_name)
    if not value:
        raise MissingSecret(settings.required_outside_dev_mode(name))
    return value


def identity_secret() -> str:
    """Key of the identity tokens. In development mode (BOT_DEV_MODE=1) a separate development secret
    (BOT_DEV_JWT_SECRET or var/dev_jwt_secret) that the demo-user picker signs with; outside it only
    BOT_JWT_SECRET, so production never trusts a token signed with the development secret."""
    config = settings.current()
    return _required_secret(
        "BOT_JWT_SECRET", config.jwt_secret, ("BOT_DEV_JWT_SECRET", config.dev_jwt_secret, "dev_jwt_secret")
    )


def console_secret() -> str:
    """Key that signs agent console sessions: BOT_CONSOLE_SECRET, never derived from the identity secret.
    Generated into var/console_secret in development mode only."""
    config = settings.current()
    return _required_secret(
        "BOT_CONSOLE_SECRET", config.console_secret, ("BOT_CONSOLE_SECRET", config.console_secret, "console_secret")
    )

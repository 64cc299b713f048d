"""Secrets from the environment, or generated once into var/ for local development (never committed)."""
from __future__ import annotations

import logging
import os
import secrets

from bot import settings

logger = logging.getLogger(__name__)


def local_secret(env_var: str, filename: str) -> str:
    value = os.environ.get(env_var)
    if value:
        return value
    path = settings.VAR_DIR / filename
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
        logger.warning("%s is not set: generated a development secret in %s", env_var, path)
    return path.read_text().strip()


def api_token() -> str:
    """Token of Rasa's HTTP API (BOT_API_TOKEN); used by `python -m bot reload`."""
    return local_secret("BOT_API_TOKEN", "api_token")

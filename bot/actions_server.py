"""The action server as Bolt-NL runs it: `python -m bot.actions_server [--port 5055] [--actions actions]`.

rasa_sdk's own start (`rasa run actions`) listens on every interface and answers anyone. This one:
- listens on BOT_ACTIONS_HOST, by default 127.0.0.1 only;
- answers /webhook and /actions only with the shared secret of the Rasa server (BOT_ACTIONS_SECRET,
  or var/actions_secret in development) in the X-Bolt-Actions-Secret header, which endpoints.yml
  makes the Rasa server send; anything else gets 401 before the tracker is read;
- refuses to start with an unsafe configuration (bot.settings.startup_problems), and on a tickets
  database that `python -m bot migrate` has not brought to the latest revision (as the Rasa server does);
- keeps rasa_sdk's plugins (rasa_sdk_plugins: /kb/reload, which checks the API token itself).
"""

from __future__ import annotations

import argparse
import hmac
import logging
import sys
from typing import Any

from bot import settings

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Bolt-Actions-Secret"
OPEN_PATHS = ("/health", "/kb/reload")  # /kb/reload checks the Rasa API token itself


def secret_ok(provided: str | None, secret: str) -> bool:
    return provided is not None and bool(provided) and hmac.compare_digest(provided.encode(), secret.encode())


def create_app(actions: str = "actions", secret: str | None = None) -> Any:
    from rasa_sdk.endpoint import create_app as sdk_app
    from rasa_sdk.plugin import plugin_manager
    from sanic import response

    from bot.local_secrets import actions_secret

    secret = secret or actions_secret()
    app = sdk_app(actions, cors_origins=None)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)

    @app.middleware("request")
    async def require_secret(request: Any) -> Any:
        if request.path in OPEN_PATHS:
            return None
        if not secret_ok(request.headers.get(SECRET_HEADER), secret):
            logger.warning("action server: request to %s without the shared secret refused", request.path)
            return response.json({"error": "Niet toegestaan: alleen de Rasa-server mag acties aanroepen."}, status=401)
        return None

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.actions_server", description="Bolt-NL action server")
    parser.add_argument("--port", type=int, default=settings.actions_port())
    parser.add_argument("--actions", default="actions")
    parser.add_argument("--host", default=settings.actions_host(), help="default BOT_ACTIONS_HOST or 127.0.0.1")
    args = parser.parse_args(argv)
    try:
        settings.check_startup(args.host, console=False)
    except settings.UnsafeConfiguration as error:
        print(f"FOUT: {error}", file=sys.stderr)
        return 2
    from bot.db.session import DatabaseNotMigrated, require_migrated
    from bot.stores.database import DatabaseUnavailable

    try:
        require_migrated(settings.tickets_db_url())  # refused at start, not at the first ticket action
    except (DatabaseNotMigrated, DatabaseUnavailable) as error:
        print(f"FOUT: Bolt-NL cannot start: {error}", file=sys.stderr)
        return 2
    from rasa_sdk import utils

    utils.configure_colored_logging("INFO")
    utils.update_sanic_log_level()
    app = create_app(args.actions)
    logger.info("Action server on http://%s:%s (shared secret required)", args.host, args.port)
    app.run(args.host, args.port, workers=1, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())

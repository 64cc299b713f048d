"""Server-wide protection installed by the input channels when they are registered on the Sanic app.

- A request body is capped (REQUEST_MAX_SIZE, 64 kB by default; BOT_MAX_REQUEST_BYTES): a larger
  body is refused with 413 and a Dutch JSON error before it is read, let alone parsed.
- Every response carries X-Content-Type-Options, Referrer-Policy and a Content-Security-Policy
  (pages that set their own policy keep it).
- `/` and `/version` do not reveal the Rasa version without the API token.
- Rasa's HTTP API paths that run NLU on a text (`/model/parse`, `/conversations/<id>/messages`)
  refuse a text longer than BOT_MAX_MESSAGE_CHARS like the channels do, so no path can hand NLU a
  message long enough to block the event loop for seconds (300,000 characters took 42 s).

`harden(app)` is idempotent: each channel calls it, the first one installs it.
"""

from __future__ import annotations

import hmac
import logging
import re
from typing import Any

from sanic import Sanic, response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request

from bot import settings
from bot.answers import refusals

logger = logging.getLogger(__name__)

SOCKET_FRAME_MAX_BYTES = 1_000_000
DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
VERSION_PATHS = ("/", "/version")
NLU_API_PATHS = re.compile(r"^/(model/parse|conversations/[^/]+/messages)/?$")


def max_request_bytes() -> int:
    """Largest request body accepted (BOT_MAX_REQUEST_BYTES, default 64 kB)."""
    return settings.current().max_request_bytes


def _api_token() -> str:
    from bot.local_secrets import api_token  # read lazily: the token file is created on first use

    return api_token()


def _has_api_token(request: Request) -> bool:
    provided = request.args.get("token")
    if not provided:
        return False
    try:
        return hmac.compare_digest(str(provided).encode(), _api_token().encode())
    except Exception:  # no token configured or unreadable: nobody has it
        return False


def harden(app: Sanic) -> None:
    if getattr(app.ctx, "bolt_hardened", False):
        return
    app.ctx.bolt_hardened = True
    limit = max_request_bytes()
    # Read by every new connection (HttpProtocol), so setting it before the server starts is enough.
    app.config.REQUEST_MAX_SIZE = limit
    # socket.io frames (websocket) may be larger, so that a bad one gets a clear error event from the
    # channel instead of a dropped connection; messages are still limited to BOT_MAX_MESSAGE_CHARS.
    app.config.WEBSOCKET_MAX_SIZE = SOCKET_FRAME_MAX_BYTES

    def too_large(request: Request, exception: Exception) -> Any:
        return response.json({"error": refusals.request_too_large(limit)}, status=413)

    app.error_handler.add(PayloadTooLarge, too_large)

    async def hide_version(request: Request) -> Any:
        if request.method in ("GET", "HEAD") and request.path in VERSION_PATHS and not _has_api_token(request):
            if request.path == "/":
                return response.text("Bolt-NL")
            return response.json({"error": refusals.API_TOKEN_ONLY}, status=401)
        return None

    async def security_headers(request: Request, resp: Any) -> None:
        if resp is None or not hasattr(resp, "headers"):
            return
        for name, value in SECURITY_HEADERS.items():
            if name not in resp.headers:
                resp.headers[name] = value
        if "Content-Security-Policy" not in resp.headers:
            resp.headers["Content-Security-Policy"] = DEFAULT_CSP

    async def cap_nlu_text(request: Request) -> Any:
        if request.method != "POST" or not NLU_API_PATHS.match(request.path):
            return None
        try:
            body = request.json
        except Exception:
            return None  # Rasa answers malformed JSON itself
        text = body.get("text") if isinstance(body, dict) else None
        chars = settings.max_message_chars()
        if isinstance(text, str) and len(text) > chars:
            return response.json({"error": refusals.text_too_long(len(text), chars)}, status=413)
        return None

    from bot.health import install as install_health

    install_health(app)  # GET /health: database, Redis, action server (issue 15)
    app.register_middleware(hide_version, "request")
    app.register_middleware(cap_nlu_text, "request")
    app.register_middleware(security_headers, "response")
    logger.info("request bodies limited to %s bytes; security headers on every response", limit)

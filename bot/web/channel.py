"""The help page with the Bolt chat widget, mounted at /help. In development mode (BOT_DEV_MODE=1)
it also offers a picker of demo users that mints identity tokens with the development secret.

The widget's greeting and main topics are the bot's words (bot/answers/conversation.greeting, the
same reply as "hallo" gets): the page carries them as JSON in a data block, which widget.js renders."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from bot.answers import conversation
from bot.identity import mint_token
from bot.web.blueprint import RootBlueprint
from bot.web.demo_users import DEMO_USERS, dev_mode
from bot.web.feedback_api import add_feedback_routes

STATIC = Path(__file__).parent / "static"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; frame-ancestors 'none'"
)
# where index.html carries the greeting: <script id="bolt-greeting" type="application/json">...</script>
GREETING_SLOT = "__BOLT_GREETING__"


def greeting_json() -> str:
    """The greeting and its topic buttons as JSON that is safe inside a <script> data block."""
    text = json.dumps(conversation.greeting().as_message(), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def with_greeting(page: str) -> str:
    if GREETING_SLOT not in page:
        raise ValueError(f"the help page has no {GREETING_SLOT} for the widget's greeting")
    return page.replace(GREETING_SLOT, greeting_json())


DEMO_SECTION = re.compile(r'\s*<section id="demo".*?</section>', re.DOTALL)


def fill_page(page: str) -> str:
    """The help page as served: the bot's greeting filled in; the demo login only in development mode (elsewhere
    the page would ask /help/api/demo-users, which answers 404 there, on every load)."""
    page = with_greeting(page)
    return page if dev_mode() else DEMO_SECTION.sub("", page, count=1)


class HelpPageInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "help"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = RootBlueprint("help_page", "/help")
        with_greeting((STATIC / "index.html").read_text(encoding="utf-8"))  # a page without its slot fails at start

        bp.serve_page(STATIC, {"Content-Security-Policy": CSP}, fill=fill_page)
        add_feedback_routes(bp)

        @bp.route("/api/demo-users", methods=["GET"])
        async def demo_users(_: Request) -> Any:
            if not dev_mode():
                return response.json({"error": "alleen in ontwikkelmodus"}, status=404)
            return response.json(
                [{"id": u["id"], "label": u["label"], "sub": (u["claims"] or {}).get("sub")} for u in DEMO_USERS]
            )

        @bp.route("/api/demo-token", methods=["POST"])
        async def demo_token(request: Request) -> Any:
            if not dev_mode():
                return response.json({"error": "alleen in ontwikkelmodus"}, status=404)
            wanted = (request.json or {}).get("user") if isinstance(request.json, dict) else None
            user = next((u for u in DEMO_USERS if u["id"] == wanted), None)
            if user is None:
                return response.json({"error": "onbekende demogebruiker"}, status=400)
            return response.json({"token": mint_token(user["claims"]) if user["claims"] else None})

        return bp

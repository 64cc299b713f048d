"""The action server's side of a help-content reload (route added by the rasa_sdk_plugins package).

Actions read the help content through `bot.kb.default_knowledge_base()`, loaded once per process. POST
/kb/reload?token=<Rasa API token> loads data/help/support.yml afresh; only when it loads without error
does it replace the one in use, so a broken edit never reaches users (400 with the loader's message).
"""

from __future__ import annotations

import hmac
from typing import Any


def reload_help_content() -> tuple[int, dict[str, Any]]:
    """(HTTP status, body). Validates first; the old content stays in use on any error."""
    from bot.kb import KnowledgeBaseError, load_knowledge_base, loader
    from bot.trainer.fingerprint import sha256

    try:
        load_knowledge_base(loader.DEFAULT_PATH)
    except KnowledgeBaseError as error:
        return 400, {"error": f"hulpinhoud niet geladen, de oude blijft in gebruik: {error}"}
    loader.default_knowledge_base.cache_clear()
    kb = loader.default_knowledge_base()
    return 200, {"kb_sha256": sha256(loader.DEFAULT_PATH), "countries": len(kb.countries)}


def attach(app) -> None:
    from sanic import response

    from bot.local_secrets import api_token

    @app.post("/kb/reload")
    async def kb_reload(request):
        token = request.args.get("token") or ""
        if not hmac.compare_digest(token.encode(), api_token().encode()):
            return response.json({"error": "ongeldig token"}, status=401)
        status, body = reload_help_content()
        return response.json(body, status=status)

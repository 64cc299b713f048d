"""Console API for answering webtickets by e-mail (issue 18, part 3), mounted on the console blueprint.

POST /console/api/webtickets/<id>/answer {"text"}  -> {"id", "email": "sent"|"off"|"failed"}
POST /console/api/webtickets/<id>/resolve          -> {"ok": true}
POST /console/api/webtickets/<id>/close            -> {"ok": true}
GET  /console/api/webtickets/mail                  -> {"email": "on"|"off"}
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from sanic import response
from sanic.request import Request

from bot.db.models import Agent
from bot.handoff import mail
from bot.handoff.webtickets import answer
from bot.runtime import runtime_of

logger = logging.getLogger(__name__)
MAX_ANSWER = 4000
EMAIL_NOTES = {
    mail.SENT: "Uw antwoord is per e-mail verzonden en staat ook in de chat van de gebruiker.",
    mail.OFF: "E-mail staat uit (geen SMTP ingesteld): het antwoord is bewaard en verschijnt in de chat van de "
    "gebruiker.",
    mail.FAILED: "De e-mail kon niet worden verzonden; het antwoord is bewaard en verschijnt in de chat van de "
    "gebruiker.",
}


def register(
    bp: Any,
    current_agent: Callable[[Request, bool], Awaitable[Agent | None]],
    json_body: Callable[[Request], dict[str, Any]],
) -> None:
    def error(status: int, message: str) -> Any:
        return response.json({"error": message}, status=status)

    @bp.route("/api/webtickets/mail", methods=["GET"])
    async def mail_state(request: Request) -> Any:
        if await current_agent(request, False) is None:
            return error(401, "Niet ingelogd.")
        return response.json({"email": "on" if mail.SmtpSettings.from_env() else "off"})

    @bp.route("/api/webtickets/<ticket_id:int>/answer", methods=["POST"])
    async def answer_webticket(request: Request, ticket_id: int) -> Any:
        agent = await current_agent(request, True)
        if agent is None:
            return error(403, "Niet ingelogd of ongeldig CSRF-token.")
        text = str(json_body(request).get("text", "")).strip()
        if not text or len(text) > MAX_ANSWER:
            return error(400, f"Antwoord is leeg of langer dan {MAX_ANSWER} tekens.")
        webtickets = runtime_of(request.app).relay.webtickets
        done = await answer(webtickets, ticket_id, agent, text, mail.SmtpSettings.from_env())
        if done is None:
            return error(409, "Dit webticket is niet (meer) door u te beantwoorden.")
        if done.email == mail.FAILED:
            logger.warning("webticket %s: answer stored, e-mail not sent", ticket_id)
        runtime_of(request.app).relay.publish({"type": "queue"})
        return response.json({"id": done.message_id, "email": done.email, "note": EMAIL_NOTES[done.email]})

    def transition(name: str) -> Callable:
        async def handler(request: Request, ticket_id: int) -> Any:
            agent = await current_agent(request, True)
            if agent is None:
                return error(403, "Niet ingelogd of ongeldig CSRF-token.")
            ok = await asyncio.to_thread(getattr(runtime_of(request.app).relay.webtickets, name), ticket_id, agent)
            if ok:
                runtime_of(request.app).relay.publish({"type": "queue"})
            return response.json({"ok": True}) if ok else error(409, "Dat kan niet (meer) voor dit webticket.")

        handler.__name__ = f"webticket_{name}"
        return handler

    for name in ("resolve", "close"):
        bp.add_route(transition(name), f"/api/webtickets/<ticket_id:int>/{name}", methods=["POST"])

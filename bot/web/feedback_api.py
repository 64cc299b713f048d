"""The widget's feedback endpoints on the help page's blueprint (bound to the conversation like its messages):

    POST /help/api/feedback      {conversation_id, secret, bot_text, rating: -1 | 1}
    POST /help/api/satisfaction  {conversation_id, secret, ticket: "ZN-...", score: 1..5}
    GET  /help/api/links         the article's places and their URLs (for links in answers)

The identity token (if any) comes as `Authorization: Bearer <token>`. A request counts only for a
conversation that belongs to it (bot.channels.binding: the same verified `sub`, or the secret of
an anonymous conversation); anything else is refused with 403. The answer's topic is read from the
conversation's tracker (bot.feedback.topics), never taken from the client."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sanic import Blueprint, response
from sanic.request import Request

from bot.answers import refusals
from bot.feedback import validation
from bot.feedback.topics import answer_topic
from bot.feedback.validation import FeedbackError
from bot.identity import verify_token
from bot.runtime import runtime_of
from bot.web.links import known_links

logger = logging.getLogger(__name__)


def _body(request: Request) -> dict[str, Any]:
    try:
        body = request.json
    except Exception:
        return {}
    return body if isinstance(body, dict) else {}


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization") or ""
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def _refused(error: FeedbackError) -> Any:
    return response.json({"error": error.message}, status=error.status)


async def owned_conversation(request: Request, body: dict[str, Any]) -> tuple:
    """(conversation id, verified sub) of a conversation this request may act for; FeedbackError otherwise."""
    conversation_id, secret = body.get("conversation_id"), body.get("secret")
    claims = verify_token(_bearer(request))
    sub = claims.sub if claims.verified else None
    if not isinstance(conversation_id, str) or not conversation_id or len(conversation_id) > 255:
        raise FeedbackError(400, refusals.CONVERSATION_MISSING)
    owns = runtime_of(request.app).binder.belongs
    if not await asyncio.to_thread(owns, conversation_id, secret if isinstance(secret, str) else None, sub):
        raise FeedbackError(403, refusals.NOT_YOUR_CONVERSATION)
    return conversation_id, sub


def add_feedback_routes(bp: Blueprint) -> None:
    @bp.route("/api/feedback", methods=["POST"])
    async def answer_feedback(request: Request) -> Any:
        body = _body(request)
        try:
            conversation_id, sub = await owned_conversation(request, body)
            rating, shown = body.get("rating"), body.get("bot_text")
            rating = validation.rating(rating)
            shown = validation.bot_text(shown)
            agent = getattr(request.app.ctx, "agent", None)
            tracker = await agent.tracker_store.retrieve(conversation_id) if agent and agent.tracker_store else None
            topic = answer_topic(tracker.events if tracker else [], shown)
            if topic is None:
                raise FeedbackError(404, refusals.ANSWER_NOT_IN_CONVERSATION)
            store = runtime_of(request.app).feedback
            row = await asyncio.to_thread(store.rate_answer, conversation_id, sub, topic, rating, shown)
        except FeedbackError as error:
            return _refused(error)
        return response.json({"ok": True, "id": row, "topic": topic})

    @bp.route("/api/satisfaction", methods=["POST"])
    async def satisfaction(request: Request) -> Any:
        body = _body(request)
        try:
            conversation_id, _ = await owned_conversation(request, body)
            reference = body.get("ticket")
            if not isinstance(reference, str) or not reference or len(reference) > 16:
                raise FeedbackError(400, refusals.TICKET_MISSING)
            row = await asyncio.to_thread(
                runtime_of(request.app).feedback.rate_agent,
                conversation_id,
                reference,
                validation.score(body.get("score")),
            )
        except FeedbackError as error:
            return _refused(error)
        return response.json({"ok": True, "id": row})

    @bp.route("/api/links", methods=["GET"])
    async def links(_: Request) -> Any:
        return response.json(known_links(), headers={"Cache-Control": "max-age=300"})

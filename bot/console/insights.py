"""/console/insights (HTML), /console/insights.csv and the charts: supervisors only (agents.role);
another agent gets 403, someone not logged in 401. Figures: bot/insights (computed off the event loop)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from sanic import response
from sanic.request import Request

from bot import settings
from bot.db.models import Agent, utcnow
from bot.insights import charts, page
from bot.insights.format import csv_text, parse_since
from bot.insights.queries import Insights, insights_for
from bot.vocabulary import AgentRole

HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self'",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def register(bp: Any, current_agent: Callable[[Request, bool], Awaitable[Agent | None]]) -> None:
    async def figures(request: Request) -> Any:
        """(Insights, since text) or an error response."""
        agent = await current_agent(request, False)
        if agent is None:
            return response.text("Niet ingelogd: log in op /console/.", status=401, headers=HEADERS)
        if getattr(agent, "role", AgentRole.AGENT) != AgentRole.SUPERVISOR:
            return response.text("Alleen voor supervisors.", status=403, headers=HEADERS)
        since_text = request.args.get("since", "7d")[:32]
        now = utcnow()
        try:
            since = parse_since(since_text, now)
        except ValueError:
            return response.text("Ongeldige periode: gebruik bijvoorbeeld since=7d.", status=400, headers=HEADERS)
        found = await asyncio.to_thread(insights_for, settings.tickets_db_url(), settings.tracker_db_url(), since, now)
        return found, since_text

    @bp.route("/insights", methods=["GET"])
    async def insights_page(request: Request) -> Any:
        result = await figures(request)
        if not isinstance(result, tuple):
            return result
        return response.html(page.render(*result), headers=HEADERS)

    @bp.route("/insights.csv", methods=["GET"])
    async def insights_csv(request: Request) -> Any:
        result = await figures(request)
        if not isinstance(result, tuple):
            return result
        return response.text(
            csv_text(result[0]),
            content_type="text/csv; charset=utf-8",
            headers={**HEADERS, "Content-Disposition": "attachment; filename=inzichten.csv"},
        )

    def chart(render: Callable[[Insights], bytes]) -> Callable:
        async def handler(request: Request) -> Any:
            result = await figures(request)
            if not isinstance(result, tuple):
                return result
            png = await asyncio.to_thread(render, result[0])
            return response.raw(png, content_type="image/png", headers=HEADERS)

        handler.__name__ = f"insights_{render.__name__}"
        return handler

    bp.add_route(chart(charts.conversations_png), "/insights/conversations.png", methods=["GET"])
    bp.add_route(chart(charts.reasons_png), "/insights/reasons.png", methods=["GET"])

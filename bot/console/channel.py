"""The agent console as a Rasa input channel mounted at /console (HTTP API, live events, page).

Registering it installs the server's runtime (bot/runtime.py: the tickets database, the relay, the
background jobs of bot/jobs.py), which the channel reads.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from bot import local_secrets, settings
from bot.console import insights as insights_pages
from bot.console import sessions
from bot.console import webtickets as webticket_api
from bot.console.labels import identity_rows, plan_label, rights_rows
from bot.console.throttle import LoginThrottle, wait_message
from bot.console.unread import mark_read, unread_counts
from bot.db.models import Agent, Ticket, utcnow
from bot.db.session import Database
from bot.handoff.passwords import in_hash_pool
from bot.handoff.tickets import TicketView
from bot.handoff.typing import typing_signals
from bot.handoff.webtickets import listed_for
from bot.kb import default_knowledge_base
from bot.runtime import Runtime, runtime_of
from bot.runtime import install as install_runtime
from bot.vocabulary import AgentRole, Channel, Sender, TicketEventKind, TicketStatus
from bot.web.blueprint import RootBlueprint

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
FAVICON = STATIC / "favicon.svg"
MAX_AGENT_MESSAGE = 4000
MAX_PENDING_LOGINS = 32  # logins waiting for the hashing pool; more are refused at once


def console_secret() -> str:
    """BOT_CONSOLE_SECRET (required outside development mode), never derived from the identity secret."""
    return local_secrets.console_secret()


def ticket_row(t: TicketView, now: dt.datetime) -> dict[str, Any]:
    due = int((t.first_response_due - now).total_seconds()) if t.first_response_due else None
    return {
        "id": t.id,
        "reference": t.reference,
        "user_name": t.user_name,
        "plan": t.plan,
        "plan_label": plan_label(default_knowledge_base(), t.plan),
        "level": t.level,
        "priority": t.priority,
        "status": t.status,
        "escalated": t.escalated,
        "subject": t.subject,
        "assigned_agent": t.assigned_agent,
        "waiting_seconds": int((now - t.created_at).total_seconds()),
        "due_in_seconds": due,
    }


def contact_emails(db: Database, ticket_ids: list[int]) -> dict[int, str | None]:
    """The e-mail addresses a webticket is answered at (not part of TicketView)."""
    if not ticket_ids:
        return {}
    with db.session() as s:
        return dict(s.execute(sa.select(Ticket.id, Ticket.contact_email).where(Ticket.id.in_(ticket_ids))).all())


def agent_json(agent: Agent) -> dict[str, Any]:
    """Who is logged in; a supervisor's console links to the insights."""
    return {
        "login": agent.login,
        "name": agent.name,
        "supervisor": getattr(agent, "role", AgentRole.AGENT) == AgentRole.SUPERVISOR,
    }


def may_read(agent: Agent, t: TicketView) -> bool:
    """An agent reads the queue (queued tickets) and their own chats; authorised by agent id."""
    return t.status == TicketStatus.QUEUED or t.assigned_agent_id == agent.id


def error(status: int, message: str) -> Any:
    return response.json({"error": message}, status=status)


class ConsoleBlueprint(RootBlueprint):
    """Mounted at /console; registering it installs the runtime (database, relay, jobs: bot/runtime.py)."""

    def register(self, app: Any, options: dict[str, Any]) -> None:
        install_runtime(app)
        serve_favicon(app)
        super().register(app, options)


def serve_favicon(app: Any) -> None:
    """/favicon.ico for every page of the server (help page, console): a small SVG shipped in the repo, so
    browsers log no 404."""
    if getattr(app.ctx, "bolt_favicon", False):
        return
    app.ctx.bolt_favicon = True

    async def favicon(_: Request) -> Any:
        return await response.file(FAVICON, mime_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})

    app.add_route(favicon, "/favicon.ico", methods=["GET"], name="bolt_favicon")


class ConsoleInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "console"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # Refuse an unsafe configuration (also when started with plain `rasa run`): development mode
        # with the help centre's secret, production without its own secrets.
        settings.check_startup(None, console=True)
        bp = ConsoleBlueprint("agent_console", "/console")
        secure_cookie = settings.current().cookie_secure  # BOT_COOKIE_SECURE
        throttle = LoginThrottle()
        pending_logins = [0]

        def runtime(request: Request) -> Runtime:
            return runtime_of(request.app)  # built when the server starts (bot/runtime.py)

        async def current_agent(request: Request, needs_csrf: bool) -> Agent | None:
            session = sessions.read(console_secret(), request.cookies.get(sessions.COOKIE))
            if session is None:
                return None
            if needs_csrf and not sessions.csrf_ok(session, request.headers.get("x-csrf-token")):
                return None
            agent = await asyncio.to_thread(runtime(request).agents.get, session.agent_id)
            if agent is None or agent.session_version != session.version:  # logged out since: revoked
                return None
            return agent

        def set_cookie(reply: Any, value: str, max_age: int) -> None:
            reply.cookies[sessions.COOKIE] = value
            reply.cookies[sessions.COOKIE].update(
                {"httponly": True, "samesite": "Strict", "path": sessions.COOKIE_PATH, "max-age": max_age}
            )
            if secure_cookie:  # Sanic would print "Secure=False" literally, which clients read as Secure
                reply.cookies[sessions.COOKIE]["secure"] = True

        def json_body(request: Request) -> dict[str, Any]:
            try:
                body = request.json
            except Exception:
                return {}
            return body if isinstance(body, dict) else {}

        bp.serve_page(
            STATIC,
            {
                "Content-Security-Policy": "default-src 'self'; style-src 'self'; script-src 'self'",
                "X-Frame-Options": "DENY",
            },
        )

        @bp.route("/api/login", methods=["POST"])
        async def login(request: Request) -> Any:
            body = json_body(request)
            login_name, password = str(body.get("login", ""))[:128], str(body.get("password", ""))[:1024]
            address = request.remote_addr or request.ip or "onbekend"
            wait = throttle.retry_after(login_name, address)
            if wait:  # refused without checking the password: guessing on gains nothing
                return response.json({"error": wait_message(wait)}, status=429, headers={"Retry-After": str(wait)})
            if pending_logins[0] >= MAX_PENDING_LOGINS:
                return error(503, "Het is nu erg druk met inloggen. Probeer het over een paar seconden opnieuw.")
            pending_logins[0] += 1
            try:  # hashing in its own small pool, never in the one that chat replies use
                agent = await in_hash_pool(runtime(request).agents.authenticate, login_name, password)
            finally:
                pending_logins[0] -= 1
            if agent is None:
                throttle.failed(login_name, address)
                return error(401, "Onbekende login of verkeerd wachtwoord.")
            throttle.succeeded(login_name)
            await asyncio.to_thread(runtime(request).agents.set_online, agent.id, True)
            cookie, session = sessions.issue(console_secret(), agent.id, version=agent.session_version)
            reply = response.json({"agent": agent_json(agent), "csrf": session.csrf})
            set_cookie(reply, cookie, sessions.LIFETIME)
            return reply

        @bp.route("/api/me", methods=["GET"])
        async def me(request: Request) -> Any:
            session = sessions.read(console_secret(), request.cookies.get(sessions.COOKIE))
            agent = await current_agent(request, needs_csrf=False)
            if agent is None or session is None:
                return error(401, "Niet ingelogd.")
            return response.json({"agent": agent_json(agent), "csrf": session.csrf})

        @bp.route("/api/logout", methods=["POST"])
        async def logout(request: Request) -> Any:
            agent = await current_agent(request, needs_csrf=True)
            if agent is None:
                return error(403, "Niet ingelogd of ongeldig CSRF-token.")
            # server-side: every session of this agent is revoked (also a copied cookie, on any instance)
            await asyncio.to_thread(runtime(request).agents.revoke_sessions, agent.id)
            reply = response.json({"ok": True})
            set_cookie(reply, "", 0)  # deleted on the path it was set on
            return reply

        @bp.route("/api/queue", methods=["GET"])
        async def queue(request: Request) -> Any:
            agent = await current_agent(request, needs_csrf=False)
            if agent is None:
                return error(401, "Niet ingelogd.")
            now = utcnow()
            rows = [t for t in await asyncio.to_thread(runtime(request).tickets.queue) if may_read(agent, t)]
            unread = await asyncio.to_thread(unread_counts, runtime(request).database, [t.id for t in rows])
            return response.json([{**ticket_row(t, now), "unread": unread.get(t.id, 0)} for t in rows])

        @bp.route("/api/tickets/<ticket_id:int>/read", methods=["POST"])
        async def read(request: Request, ticket_id: int) -> Any:
            """The agent has seen the ticket's messages up to {"message_id"}: they no longer count as new."""
            agent = await current_agent(request, needs_csrf=True)
            if agent is None:
                return error(403, "Niet ingelogd of ongeldig CSRF-token.")
            message_id = json_body(request).get("message_id")
            if not isinstance(message_id, int) or isinstance(message_id, bool):
                return error(400, "message_id ontbreekt.")
            t = await asyncio.to_thread(runtime(request).tickets.get, ticket_id)
            if t is None or not may_read(agent, t):
                return error(404, "Ticket bestaat niet of is niet van u.")
            await asyncio.to_thread(mark_read, runtime(request).database, ticket_id, agent.login, message_id)
            return response.json({"ok": True})

        @bp.route("/api/webtickets", methods=["GET"])
        async def webtickets(request: Request) -> Any:
            """Open webtickets, their own list: answered by e-mail, never claimed into a chat."""
            agent = await current_agent(request, needs_csrf=False)
            if agent is None:
                return error(401, "Niet ingelogd.")
            now = utcnow()
            rows = [
                t
                for t in await asyncio.to_thread(runtime(request).tickets.all)
                if t.channel == Channel.WEBTICKET and listed_for(t, agent.id)
            ]
            rows.sort(key=lambda t: (t.priority, t.created_at))
            emails = await asyncio.to_thread(contact_emails, runtime(request).database, [t.id for t in rows])
            return response.json([{**ticket_row(t, now), "contact_email": emails.get(t.id)} for t in rows])

        async def ticket_detail(rt: Runtime, t: TicketView) -> dict[str, Any]:
            detail = ticket_row(t, utcnow())
            kb = default_knowledge_base()
            detail.update(
                {
                    "description": t.description,
                    "transcript": t.transcript,
                    "channel": t.channel,
                    "contact_email": (await asyncio.to_thread(contact_emails, rt.database, [t.id])).get(t.id),
                    "entitlements": t.identity.get("entitlements", {}),
                    # the article's Dutch names for the page (issue 14.12); the raw keys stay for tools
                    "profile": [{"label": k, "value": v} for k, v in identity_rows(kb, t.identity)],
                    "rights": rights_rows(kb, t.identity.get("entitlements", {})),
                    "identity": {
                        k: t.identity.get(k)
                        for k in ("name", "email", "account", "plan", "role", "licensed", "verified")
                    },
                    "messages": await asyncio.to_thread(rt.tickets.messages, t.id),
                }
            )
            return detail

        @bp.route("/api/tickets/<ticket_id:int>", methods=["GET"])
        async def ticket(request: Request, ticket_id: int) -> Any:
            agent = await current_agent(request, needs_csrf=False)
            if agent is None:
                return error(401, "Niet ingelogd.")
            t = await asyncio.to_thread(runtime(request).tickets.get, ticket_id)
            if t is None:
                return error(404, "Ticket bestaat niet.")
            if not may_read(agent, t):
                return error(
                    403,
                    "Dit gesprek is van een andere medewerker. Meelezen kan alleen bewust, met een "
                    "reden, en wordt vastgelegd (POST /console/api/tickets/<id>/inspect).",
                )
            return response.json(await ticket_detail(runtime(request), t))

        @bp.route("/api/tickets/<ticket_id:int>/inspect", methods=["POST"])
        async def inspect(request: Request, ticket_id: int) -> Any:
            """Read another agent's (or a closed) chat: deliberate, with a reason, in the ticket's event log."""
            agent = await current_agent(request, needs_csrf=True)
            if agent is None:
                return error(403, "Niet ingelogd of ongeldig CSRF-token.")
            reason = str(json_body(request).get("reason", "")).strip()
            if not 5 <= len(reason) <= 500:
                return error(400, "Geef een reden op (5 tot 500 tekens) om dit gesprek in te zien.")
            t = await asyncio.to_thread(runtime(request).tickets.get, ticket_id)
            if t is None:
                return error(404, "Ticket bestaat niet.")
            await asyncio.to_thread(
                runtime(request).tickets.log_event,
                ticket_id,
                f"agent:{agent.login}",
                TicketEventKind.INSPECTED,
                {"reason": reason},
            )
            logger.info("agent %s inspected ticket %s: %s", agent.login, t.reference, reason)
            return response.json({**await ticket_detail(runtime(request), t), "inspected": True})

        def action(name: str) -> Callable:
            async def handler(request: Request, ticket_id: int) -> Any:
                agent = await current_agent(request, needs_csrf=True)
                if agent is None:
                    return error(403, "Niet ingelogd of ongeldig CSRF-token.")
                ok = await getattr(runtime(request).relay, name)(ticket_id, agent)
                return response.json({"ok": True}) if ok else error(409, "Dat kan niet (meer) voor dit ticket.")

            handler.__name__ = f"ticket_{name}"
            return handler

        for name in ("claim", "release", "resolve"):
            bp.add_route(action(name), f"/api/tickets/<ticket_id:int>/{name}", methods=["POST"])
        webticket_api.register(bp, current_agent, json_body)  # answer by e-mail, resolve, close (issue 18.3)
        insights_pages.register(bp, current_agent)  # /console/insights, .csv, charts: supervisors (issue 18.4)

        @bp.route("/api/tickets/<ticket_id:int>/typing", methods=["POST"])
        async def typing(request: Request, ticket_id: int) -> Any:
            """The agent types: '<agent> typt…' in the user's widget (bot/handoff/typing.py)."""
            agent = await current_agent(request, needs_csrf=True)
            if agent is None:
                return error(403, "Niet ingelogd of ongeldig CSRF-token.")
            ok = await typing_signals.agent_typing(runtime(request).relay, ticket_id, agent)
            return response.json({"ok": True}) if ok else error(409, "Dit ticket is niet van u.")

        @bp.route("/api/tickets/<ticket_id:int>/messages", methods=["POST"])
        async def send(request: Request, ticket_id: int) -> Any:
            agent = await current_agent(request, needs_csrf=True)
            if agent is None:
                return error(403, "Niet ingelogd of ongeldig CSRF-token.")
            text = str(json_body(request).get("text", "")).strip()
            if not text or len(text) > MAX_AGENT_MESSAGE:
                return error(400, f"Bericht is leeg of langer dan {MAX_AGENT_MESSAGE} tekens.")
            message_id = await runtime(request).relay.agent_says(ticket_id, agent, text)
            return response.json({"id": message_id}) if message_id else error(409, "Dit ticket is niet van u.")

        @bp.route("/api/events", methods=["GET"])
        async def events(request: Request) -> Any:
            agent = await current_agent(request, needs_csrf=False)
            if agent is None:
                return error(401, "Niet ingelogd.")

            async def shown_to_agent(event: dict[str, Any]) -> dict[str, Any] | None:
                """Queue changes (no content) go to everyone; chat messages only to the ticket's agent; a user
                message on a queued ticket reaches the others as a count change without its text."""
                if event.get("type") == "queue":
                    return event
                if event.get("type") == "message":
                    t = await asyncio.to_thread(runtime(request).tickets.get, int(event.get("ticket") or 0))
                    if t is not None and t.assigned_agent_id == agent.id:
                        return event
                    if t is not None and t.status == TicketStatus.QUEUED and event.get("sender") == Sender.USER:
                        return {"type": "unread", "ticket": t.id}
                return None

            async def stream(out: Any) -> None:
                queue = runtime(request).relay.subscribe()
                try:
                    await runtime(request).bus.ready()  # events of every instance reach this stream from here on
                    await out.write("event: hello\ndata: {}\n\n")
                    while True:
                        try:
                            event = await asyncio.wait_for(queue.get(), timeout=15)
                            shown = await shown_to_agent(event)
                            if shown is not None:
                                await out.write(f"data: {json.dumps(shown, ensure_ascii=False)}\n\n")
                        except asyncio.TimeoutError:
                            if await current_agent(request, needs_csrf=False) is None:
                                return  # logged out or expired: the stream ends with the session
                            await out.write(": keep-alive\n\n")
                finally:
                    runtime(request).relay.unsubscribe(queue)

            return response.stream(
                stream,
                content_type="text/event-stream",
                headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
            )

        return bp

"""Agent sessions as signed cookies (HMAC-SHA256), with a CSRF token bound to the session.

The cookie is HttpOnly and SameSite=Strict on Path=/console; every state-changing request must also
send the session's CSRF token in X-CSRF-Token. The server enforces the lifetime itself: a session is
valid for LIFETIME seconds from when it was issued, whatever expiry the cookie claims. It carries the
agent's session version; logging out raises that version in the database, which revokes every
session of the agent on every server instance (`bot.handoff.agents.AgentService.revoke_sessions`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import asdict, dataclass

COOKIE = "bolt_console"
COOKIE_PATH = "/console"
LIFETIME = 8 * 3600
CLOCK_SKEW = 60  # seconds a session may seem issued in the future (several servers' clocks)


@dataclass(frozen=True)
class AgentSession:
    agent_id: int
    csrf: str
    expires: int
    version: int = 0
    issued: int = 0


def _sign(secret: str, body: bytes) -> str:
    return base64.urlsafe_b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode().rstrip("=")


def issue(secret: str, agent_id: int, now: float | None = None, version: int = 0) -> tuple:
    """(cookie value, session) for a freshly logged-in agent."""
    issued = int(time.time() if now is None else now)
    session = AgentSession(agent_id, secrets.token_urlsafe(24), issued + LIFETIME, version, issued)
    body = base64.urlsafe_b64encode(json.dumps(asdict(session)).encode()).decode().rstrip("=")
    return f"{body}.{_sign(secret, body.encode())}", session


def read(secret: str, cookie: str | None, now: float | None = None) -> AgentSession | None:
    """The session of a cookie that is signed with this secret and within its lifetime, else None."""
    if not cookie or cookie.count(".") != 1 or len(cookie) > 1024:
        return None
    body, signature = cookie.split(".")
    if not hmac.compare_digest(signature, _sign(secret, body.encode())):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        session = AgentSession(
            int(data["agent_id"]), str(data["csrf"]), int(data["expires"]), int(data["version"]), int(data["issued"])
        )
    except (ValueError, KeyError, TypeError):
        return None
    now = time.time() if now is None else now
    if session.issued > now + CLOCK_SKEW or now >= session.issued + LIFETIME or now >= session.expires:
        return None
    return session


def csrf_ok(session: AgentSession, header: str | None) -> bool:
    return header is not None and bool(header) and hmac.compare_digest(session.csrf, header)

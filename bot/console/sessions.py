"""Agent sessions as signed cookies (HMAC-SHA256), with a CSRF token bound to the session.

Stateless, so it works across several server instances. The cookie is HttpOnly and SameSite=Strict;
every state-changing request must also send the session's CSRF token in X-CSRF-Token.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Optional

COOKIE = "bolt_console"
LIFETIME = 8 * 3600


@dataclass(frozen=True)
class AgentSession:
    agent_id: int
    csrf: str
    expires: int


def _sign(secret: str, body: bytes) -> str:
    return base64.urlsafe_b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode().rstrip("=")


def issue(secret: str, agent_id: int, now: Optional[float] = None) -> tuple:
    """(cookie value, session) for a freshly logged-in agent."""
    session = AgentSession(agent_id, secrets.token_urlsafe(24), int((now or time.time()) + LIFETIME))
    body = base64.urlsafe_b64encode(json.dumps(session.__dict__).encode()).decode().rstrip("=")
    return f"{body}.{_sign(secret, body.encode())}", session


def read(secret: str, cookie: Optional[str], now: Optional[float] = None) -> Optional[AgentSession]:
    if not cookie or cookie.count(".") != 1 or len(cookie) > 1024:
        return None
    body, signature = cookie.split(".")
    if not hmac.compare_digest(signature, _sign(secret, body.encode())):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        session = AgentSession(int(data["agent_id"]), str(data["csrf"]), int(data["expires"]))
    except (ValueError, KeyError, TypeError):
        return None
    return session if session.expires > (now or time.time()) else None


def csrf_ok(session: AgentSession, header: Optional[str]) -> bool:
    return bool(header) and hmac.compare_digest(session.csrf, header)

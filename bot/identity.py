"""Who the user is: a signed JWT (HS256, secret BOT_JWT_SECRET) verified into Claims.

Anything missing, malformed, expired, wrongly signed or with unknown claim values means an
anonymous free user. Unsigned metadata never grants anything: only `verify_token` makes Claims.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from typing import Any

import jwt

from bot.entitlements import ACCOUNTS, PLANS, ROLES, Entitlements, entitlements_for
from bot.local_secrets import identity_secret
from bot.vocabulary import Account, Role

logger = logging.getLogger(__name__)
ALGORITHM = "HS256"
MAX_TOKEN_CHARS = 4096


@dataclass(frozen=True)
class Claims:
    sub: str | None
    email: str | None
    name: str | None
    account: str
    plan: str | None
    role: str
    licensed: bool
    verified: bool

    @property
    def entitlements(self) -> Entitlements:
        return entitlements_for(self.account, self.plan, self.role, self.licensed)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


ANONYMOUS = Claims(
    sub=None, email=None, name=None, account=Account.BASIC, plan=None, role=Role.MEMBER, licensed=False, verified=False
)


def jwt_secret() -> str:
    """BOT_JWT_SECRET; in development mode only a separate development secret (bot.local_secrets)."""
    return identity_secret()


def _text(value: Any, limit: int = 200) -> str | None:
    return value[:limit] if isinstance(value, str) and value.strip() else None


def verify_token(token: Any, secret: str | None = None, now: float | None = None) -> Claims:
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_CHARS:
        return ANONYMOUS
    try:
        payload = jwt.decode(
            token,
            secret or jwt_secret(),
            algorithms=[ALGORITHM],
            options={"require": ["exp", "sub"], "verify_exp": now is None},
        )
    except jwt.PyJWTError as error:
        logger.info("token rejected: %s", type(error).__name__)
        return ANONYMOUS
    if now is not None and float(payload["exp"]) <= now:
        return ANONYMOUS
    account, plan, role = payload.get("account"), payload.get("plan"), payload.get("role")
    if account not in ACCOUNTS or role not in ROLES or (plan is not None and plan not in PLANS):
        logger.info("token rejected: unknown account, plan or role")
        return ANONYMOUS
    if not isinstance(payload.get("licensed"), bool) or not _text(payload.get("sub")):
        return ANONYMOUS
    return Claims(
        sub=_text(payload["sub"]),
        email=_text(payload.get("email")),
        name=_text(payload.get("name")),
        account=account,
        plan=plan,
        role=role,
        licensed=payload["licensed"],
        verified=True,
    )


def mint_token(claims: dict[str, Any], secret: str | None = None, ttl_seconds: int = 3600) -> str:
    """Signs claims (development picker and tests; production tokens come from the help centre)."""
    payload = {**claims, "exp": int(time.time()) + ttl_seconds}
    return jwt.encode(payload, secret or jwt_secret(), algorithm=ALGORITHM)

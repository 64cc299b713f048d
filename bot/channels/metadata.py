"""What a channel hands on to the conversation: only a verified identity, never the raw token.

Client metadata such as {"plan": "premier_plus"} is dropped, and so is the JWT itself: the tracker
(which stores every message's metadata) keeps no bearer token. The channel verifies the token and
hands on its claims signed by the server:

    {"identity": {"claims": {sub, email, name, account, plan, role, licensed}, "exp": <token exp>,
                  "sig": HMAC-SHA256(identity key, canonical JSON of claims and exp)}}

The action server checks the signature and the expiry (`claims_from_metadata`), so a forged tracker
cannot raise rights. The identity key is derived from the identity secret (BOT_JWT_SECRET), which
both servers hold: whoever has that secret can mint tokens anyway, so the key gives no extra power.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import jwt

from bot.entitlements import ACCOUNTS, PLANS, ROLES
from bot.identity import ANONYMOUS, Claims, jwt_secret, verify_token

IDENTITY_KEY = "identity"
CLAIM_FIELDS = ("sub", "email", "name", "account", "plan", "role", "licensed")


def _key() -> bytes:
    return hmac.new(jwt_secret().encode(), b"bolt-verified-identity-v1", hashlib.sha256).digest()


def _signature(claims: dict[str, Any], exp: int) -> str:
    canonical = json.dumps({"claims": claims, "exp": exp}, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hmac.new(_key(), canonical.encode(), hashlib.sha256).hexdigest()


def signed_identity(claims: Claims, exp: int) -> dict[str, Any]:
    fields = {name: getattr(claims, name) for name in CLAIM_FIELDS}
    return {"claims": fields, "exp": int(exp), "sig": _signature(fields, int(exp))}


def verified_identity(client_metadata: Any, connection_token: str | None = None) -> tuple[Claims, dict[str, Any]]:
    """The verified claims of the first token that verifies (message metadata, then the connection's),
    and the metadata to hand on: the signed claims, or {} for an anonymous user."""
    candidates = [connection_token]
    if isinstance(client_metadata, dict):
        candidates.insert(0, client_metadata.get("token"))
    for token in candidates:
        claims = verify_token(token)
        if claims.verified and isinstance(token, str):
            exp = int(jwt.decode(token, options={"verify_signature": False})["exp"])
            return claims, {IDENTITY_KEY: signed_identity(claims, exp)}
    return ANONYMOUS, {}


def verified_metadata(client_metadata: Any, connection_token: str | None = None) -> dict[str, Any]:
    return verified_identity(client_metadata, connection_token)[1]


def _claims_from_identity(identity: Any, now: float) -> Claims:
    if not isinstance(identity, dict) or not isinstance(identity.get("claims"), dict):
        return ANONYMOUS
    claims, exp, sig = identity["claims"], identity.get("exp"), identity.get("sig")
    if not isinstance(exp, int) or not isinstance(sig, str) or exp <= now or set(claims) != set(CLAIM_FIELDS):
        return ANONYMOUS
    if not hmac.compare_digest(sig, _signature(claims, exp)):
        return ANONYMOUS
    if (
        claims["account"] not in ACCOUNTS
        or claims["role"] not in ROLES
        or (claims["plan"] is not None and claims["plan"] not in PLANS)
        or not isinstance(claims["licensed"], bool)
        or not isinstance(claims["sub"], str)
    ):
        return ANONYMOUS
    return Claims(**claims, verified=True)


def claims_from_metadata(metadata: Any, now: float | None = None) -> Claims:
    """The user's verified claims for an action: anonymous unless the server's signature and the
    expiry check out (a raw token, from an API caller, is verified as such)."""
    if not isinstance(metadata, dict):
        return ANONYMOUS
    if IDENTITY_KEY in metadata:
        return _claims_from_identity(metadata[IDENTITY_KEY], time.time() if now is None else now)
    return verify_token(metadata.get("token"))

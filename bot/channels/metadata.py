"""What a channel hands on to the conversation: only a token that verified, nothing else.

Client metadata such as {"plan": "premier_plus"} is dropped. The token itself travels on (not the
decoded claims), so the action server re-verifies it and a forged tracker cannot raise rights.
"""
from __future__ import annotations

from typing import Any, Dict, Optional

from bot.identity import Claims, verify_token


def verified_metadata(client_metadata: Any, connection_token: Optional[str] = None) -> Dict[str, Any]:
    candidates = [connection_token]
    if isinstance(client_metadata, dict):
        candidates.insert(0, client_metadata.get("token"))
    for token in candidates:
        if verify_token(token).verified:
            return {"token": token}
    return {}


def claims_from_metadata(metadata: Any) -> Claims:
    """The user's verified claims for an action (anonymous unless the token verifies again)."""
    return verify_token(metadata.get("token") if isinstance(metadata, dict) else None)

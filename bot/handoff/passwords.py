"""Password hashing for agents: PBKDF2-SHA256 from the standard library, constant-time check."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

ITERATIONS = 240_000


def hash_password(password: str) -> str:
    if not password or len(password) < 8:
        raise ValueError("het wachtwoord moet minstens 8 tekens hebben")
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ITERATIONS)
    return f"pbkdf2_sha256${ITERATIONS}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        algorithm, iterations, salt, digest = stored.split("$")
    except ValueError:
        return False
    if algorithm != "pbkdf2_sha256":
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    return hmac.compare_digest(candidate, base64.b64decode(digest))

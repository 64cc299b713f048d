"""Tokens: only a valid HS256 signature with known claim values makes a verified user."""

import time

import jwt
import pytest

from bot.identity import ANONYMOUS, jwt_secret, mint_token, verify_token

SECRET = "test-secret-" + "x" * 32
PREMIER_ADMIN = {
    "sub": "u-1",
    "email": "a@example.nl",
    "name": "Anna",
    "account": "business",
    "plan": "premier_plus",
    "role": "admin",
    "licensed": True,
}


def token(claims=None, secret=SECRET, exp_in=3600, algorithm="HS256"):
    payload = {**(claims or PREMIER_ADMIN), "exp": int(time.time()) + exp_in}
    return jwt.encode(payload, secret, algorithm=algorithm)


def test_valid_token_gives_verified_claims_and_entitlements():
    claims = verify_token(token(), SECRET)
    assert claims.verified and claims.name == "Anna" and claims.plan == "premier_plus"
    assert claims.entitlements.direct_level2 and claims.entitlements.automatic_escalation


@pytest.mark.parametrize(
    "bad",
    [
        None,
        "",
        42,
        "not-a-jwt",
        "a.b.c",
        {"plan": "premier_plus", "licensed": True},  # plain metadata, no signature
        token(secret="wrong-secret-" + "y" * 32),  # wrongly signed
        token(exp_in=-10),  # expired
        token({**PREMIER_ADMIN, "plan": "gold"}),  # unknown plan
        token({**PREMIER_ADMIN, "account": "vip"}),  # unknown account
        token({**PREMIER_ADMIN, "licensed": "yes"}),  # not a boolean
        token({k: v for k, v in PREMIER_ADMIN.items() if k != "sub"}),
        jwt.encode({**PREMIER_ADMIN}, SECRET, algorithm="HS256"),  # no exp
        "x" * 5000,
    ],
)
def test_anything_else_is_an_anonymous_free_user(bad):
    claims = verify_token(bad, SECRET)
    assert claims == ANONYMOUS
    assert not claims.entitlements.live_chat and not claims.entitlements.phone


def test_alg_none_is_refused():
    unsigned = jwt.encode({**PREMIER_ADMIN, "exp": int(time.time()) + 60}, None, algorithm="none")
    assert verify_token(unsigned, SECRET) == ANONYMOUS


def test_mint_and_verify_with_environment_secret(monkeypatch):
    monkeypatch.setenv("BOT_JWT_SECRET", SECRET)
    assert jwt_secret() == SECRET
    assert verify_token(mint_token(PREMIER_ADMIN)).verified


def test_development_secret_is_generated_once(tmp_path, monkeypatch):
    from bot import settings

    monkeypatch.delenv("BOT_JWT_SECRET", raising=False)
    monkeypatch.delenv("BOT_DEV_JWT_SECRET", raising=False)
    monkeypatch.setenv("BOT_DEV_MODE", "1")  # generated only in development mode (issue 13.7)
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    first = jwt_secret()
    assert len(first) >= 32 and jwt_secret() == first
    assert (tmp_path / "dev_jwt_secret").stat().st_mode & 0o077 == 0

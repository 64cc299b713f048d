"""bot.channels.metadata: the tracker gets verified, server-signed claims, never the raw token (issue 13.10)."""

import json
import time

import jwt
import pytest

from bot.channels import metadata as md
from bot.identity import jwt_secret

CLAIMS = {
    "sub": "u-1",
    "email": "a@example.nl",
    "name": "Anna",
    "account": "enterprise",
    "plan": "premier_plus",
    "role": "admin",
    "licensed": True,
}


@pytest.fixture(autouse=True)
def identity_secret(monkeypatch):
    monkeypatch.delenv("BOT_DEV_MODE", raising=False)
    monkeypatch.setenv("BOT_JWT_SECRET", "unit-test-identity-secret-" + "s" * 30)


def token(**extra):
    return jwt.encode({**CLAIMS, "exp": int(time.time()) + 600, **extra}, jwt_secret(), algorithm="HS256")


def test_the_metadata_holds_signed_claims_and_no_token():
    raw = token()
    claims, meta = md.verified_identity({"token": raw, "plan": "premier_plus"})
    assert claims.verified and claims.sub == "u-1"
    stored = json.dumps(meta)
    assert raw not in stored and raw.split(".")[2] not in stored and "token" not in meta
    assert set(meta) == {"identity"}
    assert md.claims_from_metadata(meta) == claims


def test_connection_token_is_used_when_the_message_has_none():
    claims, meta = md.verified_identity({}, token())
    assert claims.verified and md.claims_from_metadata(meta).sub == "u-1"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda i: i["claims"].update(plan="premier_plus", role="owner"),
        lambda i: i["claims"].update(licensed=False) or i["claims"].update(account="api"),
        lambda i: i.update(exp=i["exp"] + 10_000),
        lambda i: i.update(sig="0" * 64),
        lambda i: i.pop("sig"),
        lambda i: i["claims"].update(extra="x"),
    ],
)
def test_a_forged_or_altered_identity_is_anonymous(tamper):
    _, meta = md.verified_identity({"token": token(plan="access", role="member", licensed=False)})
    tamper(meta["identity"])
    assert md.claims_from_metadata(meta).verified is False


def test_forged_plain_claims_grant_nothing():
    forged = {
        "identity": {"claims": CLAIMS, "exp": int(time.time()) + 600, "sig": "deadbeef" * 8},
        "plan": "premier_plus",
    }
    assert md.claims_from_metadata(forged).verified is False
    assert md.verified_identity({"plan": "premier_plus", "licensed": True}) == (md.ANONYMOUS, {})


def test_an_expired_identity_is_anonymous():
    _, meta = md.verified_identity({"token": token()})
    assert md.claims_from_metadata(meta, now=meta["identity"]["exp"] + 1).verified is False


def test_a_bad_token_gives_no_metadata():
    assert md.verified_identity({"token": token() + "x"}) == (md.ANONYMOUS, {})
    assert md.verified_metadata(None, "not-a-jwt") == {}

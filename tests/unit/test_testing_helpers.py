"""The test helpers shared by tests/ and bench/ (bot/testing): what they build is what the server accepts."""

import time

from bot.identity import ANONYMOUS, verify_token
from bot.testing.servers import TEST_JWT_SECRET, user_token
from bot.vocabulary import Account, Plan, Role


def test_a_user_token_is_a_licensed_premier_plus_admin_the_server_verifies():
    claims = verify_token(user_token(), TEST_JWT_SECRET)
    assert claims.verified and len(claims.sub) == 8
    assert (claims.name, claims.email) == ("Klaas Klant", "klant@example.nl")
    assert (claims.account, claims.plan, claims.role, claims.licensed) == (
        Account.BUSINESS,
        Plan.PREMIER_PLUS,
        Role.ADMIN,
        True,
    )


def test_the_claims_given_replace_the_defaults():
    claims = verify_token(user_token("u-7", name="Anna", plan=None, account="basic", licensed=False), TEST_JWT_SECRET)
    assert claims.verified and claims.sub == "u-7" and claims.name == "Anna"
    assert (claims.account, claims.plan, claims.licensed) == (Account.BASIC, None, False)


def test_two_tokens_are_two_users():
    assert verify_token(user_token(), TEST_JWT_SECRET).sub != verify_token(user_token(), TEST_JWT_SECRET).sub


def test_another_secret_or_an_expired_token_is_anonymous():
    assert verify_token(user_token(secret="not-the-secret-" * 3), TEST_JWT_SECRET) == ANONYMOUS
    assert verify_token(user_token(lifetime=-60), TEST_JWT_SECRET) == ANONYMOUS
    assert verify_token(user_token(lifetime=60), TEST_JWT_SECRET, now=time.time() + 120) == ANONYMOUS

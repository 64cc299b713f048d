from bot.console.sessions import csrf_ok, issue, read

SECRET = "s" * 40


def test_roundtrip_and_csrf():
    cookie, session = issue(SECRET, 7, now=1000)
    assert read(SECRET, cookie, now=1001) == session
    assert csrf_ok(session, session.csrf) and not csrf_ok(session, "x") and not csrf_ok(session, None)


def test_tampered_expired_or_foreign_cookies_are_refused():
    cookie, _ = issue(SECRET, 7, now=1000)
    body, sig = cookie.split(".")
    assert read(SECRET, body + "." + sig[:-1] + ("A" if sig[-1] != "A" else "B"), now=1001) is None
    assert read("other" * 10, cookie, now=1001) is None
    assert read(SECRET, cookie, now=1000 + 9 * 3600) is None
    assert read(SECRET, None) is None and read(SECRET, "garbage") is None


def test_the_server_enforces_the_lifetime_whatever_the_cookie_claims():
    import base64
    import json

    from bot.console.sessions import LIFETIME, _sign

    cookie, session = issue(SECRET, 7, now=1000, version=3)
    assert read(SECRET, cookie, now=1000 + LIFETIME - 1).version == 3
    assert read(SECRET, cookie, now=1000 + LIFETIME) is None
    # a cookie signed with the right key but claiming a three-year expiry still ends after LIFETIME
    body = (
        base64.urlsafe_b64encode(
            json.dumps(
                {"agent_id": 7, "csrf": "x", "version": 0, "issued": 1000, "expires": 1000 + 3 * 365 * 86400}
            ).encode()
        )
        .decode()
        .rstrip("=")
    )
    forged = f"{body}.{_sign(SECRET, body.encode())}"
    assert read(SECRET, forged, now=1001) is not None
    assert read(SECRET, forged, now=1000 + LIFETIME + 1) is None
    # an old-style cookie without issue time or version is not a session
    old = base64.urlsafe_b64encode(json.dumps({"agent_id": 7, "csrf": "x", "expires": 10**10}).encode()).decode()
    assert read(SECRET, f"{old.rstrip('=')}.{_sign(SECRET, old.rstrip('=').encode())}", now=1001) is None

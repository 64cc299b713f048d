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

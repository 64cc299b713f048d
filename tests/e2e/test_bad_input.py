"""Bad input gets a clear 4xx or reply, never a crash, and the server keeps answering."""
import time

import httpx
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def post_raw(bot, content: bytes) -> httpx.Response:
    return httpx.post(f"{bot.url}/webhooks/rest/webhook", content=content,
                      headers={"Content-Type": "application/json"}, timeout=30)


def test_malformed_json(bot):
    response = post_raw(bot, b'{"sender": "x", "message": ')
    assert response.status_code == 400
    assert "JSON" in response.json()["error"]


def test_empty_message(bot):
    response = bot.send("bad-empty", "")
    assert response.status_code == 400
    assert "leeg" in response.json()["error"]


def test_missing_sender(bot):
    response = httpx.post(f"{bot.url}/webhooks/rest/webhook", json={"message": "hoi"}, timeout=30)
    assert response.status_code == 400


def test_100kb_message_is_refused_quickly(bot):
    started = time.monotonic()
    response = bot.send("bad-long", "telefoon " * 12_000)
    assert response.status_code == 413
    assert "te lang" in response.json()["error"]
    assert time.monotonic() - started < 5  # refused before NLU, not after seconds of n-grams


def test_html_and_script_are_not_echoed(bot):
    response = bot.send("bad-html", "<script>alert('x')</script><img src=x onerror=alert(1)> telefoonnummer japan")
    assert response.status_code == 200
    text = "\n".join(m.get("text", "") for m in response.json())
    assert "<script" not in text and "onerror" not in text
    assert "+81" in text


def test_server_still_answers_after_bad_input(bot):
    post_raw(bot, b"\xff\xfe not json")
    assert "+33.800.94.64.64 toestel 2" in bot.ask("bad-after", "telefoonnummer frankrijk")


@pytest.mark.parametrize("path", ["/help/static/..%2Fchannel.py", "/help/static/%2e%2e%2fdemo_users.py",
                                  "/console/static/..%2Fsessions.py", "/help/static/missing.js"])
def test_static_files_stay_inside_their_folder(bot, path):
    assert httpx.get(f"{bot.url}{path}", timeout=10).status_code == 404


def test_pages_are_served_with_a_content_security_policy(bot):
    for path in ("/help/", "/console/"):
        response = httpx.get(f"{bot.url}{path}", timeout=10)
        assert response.status_code == 200 and "script-src 'self'" in response.headers["content-security-policy"]

"""The agent console against the real server (issue 13): logout, login throttling, session keys,
who sees which chat."""
import subprocess
import sys
import uuid

import httpx
import pytest

from bot.identity import mint_token
from tests.servers import ROOT, TEST_ACTIONS_SECRET, TEST_JWT_SECRET, ConsoleClient

pytestmark = pytest.mark.e2e

PAID_USER = {"email": "klant@example.nl", "name": "Klaas Klant", "account": "business", "plan": "premier",
             "role": "member", "licensed": True}


def add_agent(bot, name, password="een-goed-wachtwoord"):
    """A new agent (own login per test: logging out revokes all of an agent's sessions)."""
    env = {"BOT_DB_URL": f"sqlite:///{bot.log_dir / 'bolt.db'}", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "bot", "agents", "add", name], cwd=ROOT, env=env,
                            input=password + "\n", text=True, capture_output=True, check=True)
    return result.stdout.strip().split(": ")[-1], password


def logged_in(bot, name):
    console = bot.console()
    assert console.login(*add_agent(bot, name)).status_code == 200
    return console


def queued_ticket(bot, console):
    """A live-chat ticket created through the action server as the Rasa server would; its queue row."""
    conversation = f"c-{uuid.uuid4().hex[:10]}"
    token = mint_token({**PAID_USER, "sub": f"user-{conversation}"}, secret=TEST_JWT_SECRET)
    call = {"next_action": "action_create_ticket", "sender_id": conversation, "version": "3.6.21", "domain": {},
            "tracker": {"sender_id": conversation, "paused": False, "events": [], "active_loop": {},
                        "slots": {"problem_description": "Mijn webinar valt steeds weg", "problem_priority": "P3"},
                        "latest_message": {"text": "ja", "metadata": {"token": token}}}}
    response = httpx.post(f"http://127.0.0.1:{bot.actions_port}/webhook", json=call, timeout=30,
                          headers={"X-Bolt-Actions-Secret": TEST_ACTIONS_SECRET})
    assert response.status_code == 200, response.text
    return next(t for t in console.queue() if t["reference"] in response.text), conversation


def unique(name):
    return f"{name} {uuid.uuid4().hex[:6]}"


# -- 13.4 logout -----------------------------------------------------------------------------------
def test_logout_deletes_the_cookie_on_its_path_and_revokes_the_session(bot):
    console = logged_in(bot, unique("Lotte Logout"))
    ticket, _ = queued_ticket(bot, console)
    stolen_cookie, stolen_csrf = console.http.cookies.get("bolt_console"), console.csrf
    reply = console.post("/logout")
    assert reply.status_code == 200
    set_cookie = reply.headers["set-cookie"].lower()
    assert "bolt_console=" in set_cookie and "path=/console" in set_cookie and "max-age=0" in set_cookie

    replay = ConsoleClient(bot.url)  # whoever kept the old cookie and CSRF token
    replay.http.cookies.set("bolt_console", stolen_cookie)
    replay.csrf = stolen_csrf
    assert replay.post(f"/tickets/{ticket['id']}/claim").status_code == 403
    assert replay.http.get("/queue").status_code == 401
    assert replay.http.get("/me").status_code == 401
    # logging in again works, and only the new session counts
    again = bot.console()
    assert again.login(*add_agent(bot, unique("Lotte Opnieuw"))).status_code == 200
    assert again.post(f"/tickets/{ticket['id']}/claim").status_code == 200


# -- 13.5 login throttling -------------------------------------------------------------------------
def test_wrong_passwords_throttle_the_login_even_for_the_right_one(bot):
    login, password = add_agent(bot, unique("Bram Brute"))
    console = bot.console()
    for _ in range(5):
        assert console.login(login, "geraden-wachtwoord").status_code == 401
    refused = console.login(login, "nog-een-gok")
    assert refused.status_code == 429 and "Te veel mislukte inlogpogingen" in refused.json()["error"]
    assert int(refused.headers["retry-after"]) > 0
    assert console.login(login, password).status_code == 429  # the right password does not get through now
    # an unknown login behaves exactly like a known one
    ghost = f"bestaat.niet.{uuid.uuid4().hex[:6]}"
    assert [console.login(ghost, "geraden-wachtwoord").status_code for _ in range(6)] == [401] * 5 + [429]
    # other agents can still log in
    assert console.login(*add_agent(bot, unique("Ella Eerlijk"))).status_code == 200

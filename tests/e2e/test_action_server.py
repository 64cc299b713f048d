"""The action server (issue 13.3): only the Rasa server may call it, it listens on loopback only, and
one verified user cannot fill the queue."""

import json
import subprocess
import sys
import uuid

import httpx
import pytest

from bot.identity import mint_token
from bot.testing.servers import ROOT, TEST_ACTIONS_SECRET, TEST_JWT_SECRET

pytestmark = pytest.mark.e2e

PREMIER_PLUS_ADMIN = {
    "sub": "attacker-1",
    "email": "a@example.nl",
    "name": "Eve",
    "account": "business",
    "plan": "premier_plus",
    "role": "admin",
    "licensed": True,
}


def forged_call(conversation_id, metadata, action="action_create_ticket"):
    """What the attacker posted: a tracker with a P1 intake, an own e-mail and a fake transcript."""
    return {
        "next_action": action,
        "sender_id": conversation_id,
        "version": "3.6.21",
        "domain": {},
        "tracker": {
            "sender_id": conversation_id,
            "paused": False,
            "events": [{"event": "user", "text": "nep transcript", "metadata": metadata}],
            "slots": {
                "problem_description": "Alles ligt plat bij ons bedrijf",
                "problem_priority": "P1",
                "priority_confirmed": True,
                "contact_email": "aanvaller@example.com",
            },
            "latest_message": {"text": "ja", "intent": {"name": "affirm"}, "metadata": metadata},
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
    }


def tickets_in(bot):
    env = {"BOT_DB_URL": f"sqlite:///{bot.log_dir / 'bolt.db'}", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "tickets", "list", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def listening_addresses(port):
    """Local addresses with a listening TCP socket on this port (from /proc/net/tcp and tcp6)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.append(address)
    return found


def test_a_forged_tracker_without_the_shared_secret_is_refused(bot):
    before = tickets_in(bot)
    url = f"http://127.0.0.1:{bot.actions_port}"
    conversation = f"victim-{uuid.uuid4().hex[:8]}"
    for path in ("/webhook", "/webhook/", "/actions"):
        response = httpx.post(url + path, json=forged_call(conversation, {}), timeout=30)
        assert response.status_code == 401, (path, response.text)
        assert "ZN-" not in response.text
    wrong = httpx.post(
        f"{url}/webhook", json=forged_call(conversation, {}), timeout=30, headers={"X-Bolt-Actions-Secret": "geraden"}
    )
    assert wrong.status_code == 401
    assert tickets_in(bot) == before
    assert httpx.get(f"{url}/health", timeout=10).status_code == 200
    # the Rasa server itself still reaches its action server: a custom action answers
    assert "+81" in bot.ask(f"secret-ok-{uuid.uuid4().hex[:6]}", "Wat is het telefoonnummer van Zoom in Japan?")


def test_the_action_server_listens_on_loopback_only(bot):
    addresses = listening_addresses(bot.actions_port)
    assert addresses, "no listening socket found for the action server"
    assert set(addresses) <= {"0100007F", "00000000000000000000000001000000"}, addresses


def test_one_verified_user_cannot_flood_the_queue_from_many_conversations(bot):
    """Forged calls straight to the action server, four conversations of one verified user: one live chat
    per person (issue 14 QA), so the first opens a ticket and the others are told about it and open none.
    (The cap of BOT_MAX_OPEN_TICKETS_PER_USER over all channels: tests/unit/test_ticket_limit.py.)"""
    token = mint_token(PREMIER_PLUS_ADMIN, secret=TEST_JWT_SECRET)
    url = f"http://127.0.0.1:{bot.actions_port}/webhook"
    headers = {"X-Bolt-Actions-Secret": TEST_ACTIONS_SECRET}
    replies = []
    for i in range(4):
        response = httpx.post(
            url, json=forged_call(f"many-{uuid.uuid4().hex[:8]}-{i}", {"token": token}), headers=headers, timeout=30
        )
        assert response.status_code == 200, response.text
        replies.append(" ".join(r.get("text") or "" for r in response.json()["responses"]))
    first = "ZN-" + replies[0].split("ZN-")[1][:6]
    assert all(first in reply and "geen tweede ticket" in reply for reply in replies[1:]), replies
    mine = [t for t in tickets_in(bot) if t["conversation_id"].startswith("many-") and t["status"] == "queued"]
    assert len(mine) == 1

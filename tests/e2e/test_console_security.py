"""The agent console against the real server (issue 13): logout, login throttling, session keys,
who sees which chat."""

import json
import threading
import time
import uuid

import httpx
import pytest

from bot.identity import mint_token
from bot.testing.servers import TEST_ACTIONS_SECRET, TEST_JWT_SECRET, ConsoleClient, add_agent

pytestmark = pytest.mark.e2e

PAID_USER = {
    "email": "klant@example.nl",
    "name": "Klaas Klant",
    "account": "business",
    "plan": "premier",
    "role": "member",
    "licensed": True,
}


def new_agent(bot, name):
    """A new agent (own login per test: logging out revokes all of an agent's sessions)."""
    return add_agent(bot, name, "een-goed-wachtwoord")


def logged_in(bot, name):
    console = bot.console()
    assert console.login(*new_agent(bot, name)).status_code == 200
    return console


def queued_ticket(bot, console):
    """A live-chat ticket created through the action server as the Rasa server would; its queue row."""
    conversation = f"c-{uuid.uuid4().hex[:10]}"
    token = mint_token({**PAID_USER, "sub": f"user-{conversation}"}, secret=TEST_JWT_SECRET)
    call = {
        "next_action": "action_create_ticket",
        "sender_id": conversation,
        "version": "3.6.21",
        "domain": {},
        "tracker": {
            "sender_id": conversation,
            "paused": False,
            "events": [],
            "active_loop": {},
            "slots": {"problem_description": "Mijn webinar valt steeds weg", "problem_priority": "P3"},
            "latest_message": {"text": "ja", "metadata": {"token": token}},
        },
    }
    response = httpx.post(
        f"http://127.0.0.1:{bot.actions_port}/webhook",
        json=call,
        timeout=30,
        headers={"X-Bolt-Actions-Secret": TEST_ACTIONS_SECRET},
    )
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
    assert again.login(*new_agent(bot, unique("Lotte Opnieuw"))).status_code == 200
    assert again.post(f"/tickets/{ticket['id']}/claim").status_code == 200


# -- 13.5 login throttling -------------------------------------------------------------------------
def test_wrong_passwords_throttle_the_login_even_for_the_right_one(bot):
    login, password = new_agent(bot, unique("Bram Brute"))
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
    assert console.login(*new_agent(bot, unique("Ella Eerlijk"))).status_code == 200


# -- 13.11 who reads which chat --------------------------------------------------------------------
class EventReader:
    """Reads an agent's event stream in a thread; events with the time they arrived."""

    def __init__(self, console):
        self.events, self.hello = [], threading.Event()

        def run():
            with console.http.stream("GET", "/events", timeout=httpx.Timeout(30, read=40)) as stream:
                for line in stream.iter_lines():
                    if line.startswith("event: hello"):
                        self.hello.set()
                    elif line.startswith("data: "):
                        self.events.append((time.monotonic(), json.loads(line[6:])))

        threading.Thread(target=run, daemon=True).start()
        assert self.hello.wait(30), "no hello on the event stream"

    def wait_for(self, condition, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [e for t, e in self.events if condition(t, e)]
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError(f"not seen within {timeout}s: {self.events}")


def test_an_agent_sees_the_queue_and_own_chats_and_reading_another_is_logged(bot):
    from bot.db.session import Database
    from bot.handoff.tickets import TicketService
    from bot.kb import default_knowledge_base

    anna, bert = logged_in(bot, unique("Anna Agent")), logged_in(bot, unique("Bert Agent"))
    ticket, _ = queued_ticket(bot, anna)
    assert any(t["id"] == ticket["id"] for t in bert.queue())  # queued: everyone sees it
    assert anna.post(f"/tickets/{ticket['id']}/claim").status_code == 200
    assert any(t["id"] == ticket["id"] for t in anna.queue())
    assert not any(t["id"] == ticket["id"] for t in bert.queue())  # someone else's chat
    refused = bert.http.get(f"/tickets/{ticket['id']}")
    assert refused.status_code == 403 and "andere medewerker" in refused.json()["error"]
    assert anna.http.get(f"/tickets/{ticket['id']}").json()["description"] == "Mijn webinar valt steeds weg"
    assert bert.post(f"/tickets/{ticket['id']}/messages", text="ik kaap dit gesprek").status_code == 409

    # only Anna's stream carries her chat's messages
    anna_events, bert_events = EventReader(anna), EventReader(bert)
    secret_text = f"vertrouwelijk-{uuid.uuid4().hex[:6]}"
    assert anna.post(f"/tickets/{ticket['id']}/messages", text=secret_text).status_code == 200
    anna_events.wait_for(lambda t, e: e.get("text") == secret_text)
    after = time.monotonic()
    queued_ticket(bot, anna)  # a queue change after the message: Bert's stream must show it, and no message
    bert_events.wait_for(lambda t, e: e.get("type") == "queue" and t > after)
    assert not [e for _, e in bert_events.events if e.get("type") == "message"], bert_events.events

    # reading another agent's chat: deliberate (a reason, CSRF) and in the ticket's event log
    assert bert.post(f"/tickets/{ticket['id']}/inspect").status_code == 400
    inspected = bert.post(f"/tickets/{ticket['id']}/inspect", reason="Klacht van de klant nakijken")
    assert inspected.status_code == 200 and inspected.json()["inspected"] is True
    assert any(m["text"] == secret_text for m in inspected.json()["messages"])
    db = Database(f"sqlite:///{bot.log_dir / 'bolt.db'}")
    try:
        events = TicketService(db, default_knowledge_base()).events(ticket["id"])
    finally:
        db.dispose()
    bert_login = bert.http.get("/me").json()["agent"]["login"]
    assert {
        "actor": f"agent:{bert_login}",
        "kind": "inspected",
        "detail": {"reason": "Klacht van de klant nakijken"},
    } in events

"""Issue 15.3: an answer typed into a form while the action server is down is kept and used when it is
back (real servers; the action server is killed mid-intake and started again on the same port)."""

import sqlite3
import sys
import time
import uuid

import httpx
import pytest

from bot.dialogue.action_outage import APOLOGY
from bot.dialogue.form_outage import SAVED_ANSWER
from bot.testing.servers import TEST_API_TOKEN, bolt_env, running_bot, start

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ENV = {"BOT_DEV_MODE": "1", "BOT_ACTION_TIMEOUT": "3"}
EMAIL_QUESTION = "Op welk e-mailadres"
DESCRIPTION_QUESTION = "Wat is er aan de hand?"


def texts(response):
    assert response.status_code == 200, response.text
    return [m.get("text", "") for m in response.json()]


def actions_process(bot):
    return next(p for p in bot.processes if "actions" in " ".join(map(str, p.args)))


def restart_actions(bot, work_dir, deadline=120.0):
    process = start(
        "actions-again",
        [sys.executable, "-m", "bot.actions_server", "--port", str(bot.actions_port), "--actions", "actions"],
        work_dir,
        bolt_env(work_dir, ENV),
    )
    bot.processes.append(process)
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        assert process.poll() is None, bot.logs()
        try:
            if httpx.get(f"http://127.0.0.1:{bot.actions_port}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("the action server did not come back")


def test_a_form_answer_typed_during_an_outage_is_used_when_the_action_server_is_back(tmp_path):
    user = f"intake-{uuid.uuid4().hex[:6]}"
    with running_bot(tmp_path, env=ENV) as bot:
        assert any(EMAIL_QUESTION in t for t in texts(bot.send(user, "ik wil een medewerker spreken")))
        actions = actions_process(bot)
        actions.kill()
        actions.wait(timeout=10)

        assert texts(bot.send(user, "klant@example.nl")) == [SAVED_ANSWER]  # one apology, the answer kept
        assert texts(bot.send(user, "verder")) == [SAVED_ANSWER]  # still down: still kept

        restart_actions(bot, tmp_path)
        after = texts(bot.send(user, "verder"))
        assert any(DESCRIPTION_QUESTION in t for t in after), after  # the e-mail address was accepted
        assert not any(EMAIL_QUESTION in t or APOLOGY in t for t in after), after

        done = " ".join(texts(bot.send(user, "Mijn Zoom-vergadering start niet meer sinds vanochtend")))
        assert "webticket" in done.lower(), done
        with sqlite3.connect(tmp_path / "bolt.db") as db:
            tickets = db.execute(
                "SELECT contact_email, description FROM tickets WHERE conversation_id = ?", (user,)
            ).fetchall()
        assert tickets == [("klant@example.nl", "Mijn Zoom-vergadering start niet meer sinds vanochtend")]

        tracker = httpx.get(f"{bot.url}/conversations/{user}/tracker", params={"token": TEST_API_TOKEN}).json()
        said = [e["text"] for e in tracker["events"] if e["event"] == "user"]
        assert said.count("klant@example.nl") == 1  # kept, not typed or stored again

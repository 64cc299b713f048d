"""End-to-end hand-off over the REST webhook with real servers and the console API."""

import json
import re
import subprocess
import sys
import uuid

import pytest

from bot.testing.servers import ROOT, user_token

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def say(bot, sender, text, tok=None):
    return bot.ask(sender, text, metadata={"token": tok} if tok else {})


def test_paid_user_handed_to_agent_and_back(bot, agent_login):
    user, tok = f"paid-{uuid.uuid4().hex[:6]}", user_token()
    console = bot.console()
    assert console.login(*agent_login).status_code == 200
    assert "Telefonisch" not in say(bot, user, "hallo", tok)
    first = say(bot, user, "ik wil een medewerker spreken", tok)
    assert "Wat is er aan de hand" in first and "paar woorden" not in first
    assert "Hoe ernstig" in say(bot, user, "Onze webinars vallen steeds weg bij alle deelnemers", tok)
    assert "Klopt dat?" in say(bot, user, '/inform{"priority":"p2"}', tok)
    created = say(bot, user, "ja", tok)
    # the position depends on tickets other tests in this session left queued before this one
    assert "ZN-" in created and re.search(r"nummer \d+ in de wachtrij", created) and "direct niveau 2" in created
    reference = created.split("ZN-")[1][:6]
    # asking again gives the same ticket
    assert f"ZN-{reference}" in say(bot, user, "mens aub", tok)

    (ticket,) = [t for t in console.queue() if t["reference"] == f"ZN-{reference}"]
    assert (ticket["level"], ticket["priority"], ticket["user_name"]) == (2, "P2", "Klaas Klant")
    detail = console.ticket(ticket["id"])
    assert any("webinars" in m["text"] for m in detail["transcript"])
    assert detail["entitlements"]["direct_level2"] is True
    assert console.post(f"/tickets/{ticket['id']}/claim").status_code == 200

    # the user now talks to the agent, not to the bot
    joined = say(bot, user, "hallo?", tok)
    assert "U chat nu met Sanne Support, medewerker van Zoom-ondersteuning" in joined and "van Support" not in joined
    assert say(bot, user, "telefoonnummer japan", tok) == ""  # relayed, not answered by the bot
    assert console.post(f"/tickets/{ticket['id']}/messages", text="Ik kijk mee, één moment.").status_code == 200
    assert "Ik kijk mee" in say(bot, user, "dank u", tok)  # REST: delivered with the next reply
    texts = [m["text"] for m in console.ticket(ticket["id"])["messages"]]
    assert "telefoonnummer japan" in texts and "dank u" in texts

    assert console.post(f"/tickets/{ticket['id']}/resolve").status_code == 200
    back = say(bot, user, "wat is het telefoonnummer in frankrijk", tok)
    assert "U praat weer met Bolt" in back and "+33.800.94.64.64 toestel 2" in back
    assert "telefoonnummer japan" not in back and "+81" not in back  # no backlog answered


def test_free_user_gets_a_webticket_not_the_queue(bot):
    user = f"free-{uuid.uuid4().hex[:6]}"
    first = say(bot, user, "ik wil een medewerker spreken")
    assert "betaald account met licentie" in first and "e-mailadres" in first
    assert "geldig" not in first and "paar woorden" not in first  # no complaints about unasked questions
    assert "geldig e-mailadres" in say(bot, user, "geen idee")  # not a refusal: an answer
    assert "geldig e-mailadres" in say(bot, user, "klant at example punt nl")
    assert "Wat is er aan de hand" in say(bot, user, "klant@example.nl")
    done = say(bot, user, "Ik kan mijn opnames niet terugvinden")
    assert "Uw webticket is aangemaakt: ZN-" in done
    listed = subprocess.run(
        [sys.executable, "-m", "bot", "tickets", "list", "--json"],
        cwd=ROOT,
        text=True,
        capture_output=True,
        env={"BOT_DB_URL": f"sqlite:///{bot.log_dir / 'bolt.db'}", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    mine = [t for t in json.loads(listed.stdout) if t["conversation_id"] == user]
    assert [(t["channel"], t["level"]) for t in mine] == [("webticket", None)]


def test_a_no_during_the_intake(bot):
    """A real refusal cancels; "nee" to the P1 check re-asks the priority; nothing is thrown away."""
    tok = user_token(plan="premier", role="member")
    quitter = f"quit-{uuid.uuid4().hex[:6]}"
    assert "Wat is er aan de hand" in say(bot, quitter, "ik wil een medewerker spreken", tok)
    assert "niets aangemaakt" in say(bot, quitter, "nee, laat maar", tok)
    assert "ZN-" not in say(bot, quitter, "wat kost bellen naar zoom", tok)

    user = f"no-{uuid.uuid4().hex[:6]}"
    say(bot, user, "ik wil een medewerker spreken", tok)
    assert "Hoe ernstig" in say(bot, user, "Nee, helemaal niets werkt meer, niemand kan vergaderen", tok)
    assert "Klopt dat?" in say(bot, user, '/inform{"priority":"p1"}', tok)
    again = say(bot, user, "nee", tok)
    assert "kies dan de prioriteit" in again and "Hoe ernstig" in again
    created = say(bot, user, '/inform{"priority":"p3"}', tok)
    assert "ZN-" in created
    listed = subprocess.run(
        [sys.executable, "-m", "bot", "tickets", "list", "--json"],
        cwd=ROOT,
        text=True,
        capture_output=True,
        env={"BOT_DB_URL": f"sqlite:///{bot.log_dir / 'bolt.db'}", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    mine = [t for t in json.loads(listed.stdout) if t["conversation_id"] == user]
    assert [(t["channel"], t["priority"]) for t in mine] == [("live_chat", "P3")]


def test_forged_metadata_never_reaches_the_live_queue(bot):
    user = f"forged-{uuid.uuid4().hex[:6]}"
    forged = {
        "plan": "premier_plus",
        "licensed": True,
        "account": "enterprise",
        "role": "admin",
        "token": user_token(plan="premier_plus") + "x",
    }
    reply = bot.ask(user, "ik wil een medewerker spreken", metadata=forged)
    assert "betaald account met licentie" in reply
    wrong_key = user_token("x", secret="not-the-secret-" * 3, lifetime=60, account="enterprise")
    assert "betaald account met licentie" in bot.ask(
        f"{user}-2", "verbind me met een mens", metadata={"token": wrong_key}
    )


def test_personal_answers_follow_the_token(bot):
    member = user_token(plan="access", role="member", account="pro")
    assert "Nee" in say(bot, f"p-{uuid.uuid4().hex[:6]}", "Mag ik Zoom bellen?", member)
    premier_member = user_token(plan="premier", role="member")
    reply = say(bot, f"p-{uuid.uuid4().hex[:6]}", "Mag ik Zoom bellen?", premier_member)
    assert "Ja, u mag" in reply and "Vanuit welk land" in reply
    assert "Log in op het helpcentrum" in say(bot, f"p-{uuid.uuid4().hex[:6]}", "Welke ondersteuning heb ik?")


def test_console_requires_login_and_csrf(bot, agent_login):
    anonymous = bot.console()
    assert anonymous.http.get("/queue").status_code == 401
    assert anonymous.login("sanne.support", "fout").status_code == 401
    agent = bot.console()
    agent.login(*agent_login)
    agent.csrf = "forged"
    assert agent.post("/tickets/1/claim").status_code == 403

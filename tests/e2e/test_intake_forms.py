"""Issue 14.5/14.6: the intake forms never trap the user and never invent a priority (real servers)."""

import asyncio
import contextlib
import json
import re
import sqlite3
import uuid

import httpx
import pytest

from bot.testing.servers import bot_command, user_token

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

EMAIL_QUESTION = "Op welk e-mailadres"
NOT_AN_EMAIL = "geen geldig e-mailadres"


def token(**claims):
    return user_token(**{"plan": "premier", "role": "member", **claims})


def messages(bot, sender, text, tok=None):
    response = bot.send(sender, text, metadata={"token": tok} if tok else {})
    response.raise_for_status()
    return response.json()


def joined(msgs):
    return "\n".join(m.get("text", "") for m in msgs)


def tickets_of(bot, user):
    listed = bot_command(bot, "tickets", "list", "--json")
    mine = [t for t in json.loads(listed.stdout) if t["conversation_id"] == user]
    with sqlite3.connect(bot.log_dir / "bolt.db") as db:
        descriptions = dict(
            db.execute("SELECT conversation_id, description FROM tickets WHERE conversation_id = ?", (user,)).fetchall()
        )
    return [{**t, "description": descriptions.get(user)} for t in mine]


def test_webticket_form_answers_questions_and_resumes_once(bot):
    user = f"trap-{uuid.uuid4().hex[:6]}"
    first = messages(bot, user, "Mijn Zoom werkt niet, ik kan niet inloggen")
    assert EMAIL_QUESTION in joined(first)
    asked = [m for m in first if EMAIL_QUESTION in m.get("text", "")][-1]
    assert {"title": "Annuleren", "payload": "Annuleren"} in asked.get("buttons", [])

    for text in ("dat helpt niet", "Hoe bereik ik de community?", "/ask_webticket"):
        reply = messages(bot, user, text)
        said = joined(reply)
        assert NOT_AN_EMAIL not in said, (text, said)
        assert said.count(EMAIL_QUESTION) == 1, (text, said)  # the form resumes, once
        assert len(said) > len(EMAIL_QUESTION) + 40, (text, said)  # and the message got an answer
    assert "ommunity" in joined(messages(bot, user, "Hoe bereik ik de community?"))

    # a bad address still gets the clear error; a good one goes on and the ticket is made
    assert NOT_AN_EMAIL in joined(messages(bot, user, "klant at example punt nl"))
    done = joined(messages(bot, user, "klant@example.nl"))
    assert "Uw webticket is aangemaakt: ZN-" in done
    (ticket,) = tickets_of(bot, user)
    assert "inloggen" in ticket["description"]


def test_goodbye_and_annuleren_end_the_form(bot):
    user = f"bye-{uuid.uuid4().hex[:6]}"
    assert EMAIL_QUESTION in joined(messages(bot, user, "ik wil een medewerker spreken"))
    bye = joined(messages(bot, user, "doei"))
    assert "Tot ziens" in bye and EMAIL_QUESTION not in bye and "niets aangemaakt" in bye
    after = joined(messages(bot, user, "wat kost bellen naar zoom"))
    assert NOT_AN_EMAIL not in after and EMAIL_QUESTION not in after

    other = f"cancel-{uuid.uuid4().hex[:6]}"
    assert EMAIL_QUESTION in joined(messages(bot, other, "ik wil een medewerker spreken"))
    cancelled = joined(messages(bot, other, "Annuleren"))
    assert "niets aangemaakt" in cancelled and EMAIL_QUESTION not in cancelled
    assert tickets_of(bot, user) == [] and tickets_of(bot, other) == []


def test_live_chat_intake_asks_the_priority_instead_of_inventing_one(bot):
    tok, user = token(), f"prio-{uuid.uuid4().hex[:6]}"
    first = joined(messages(bot, user, "Het delen van mijn scherm werkt niet meer sinds de laatste update", tok))
    assert "Hoe ernstig" in first and "Klopt dat?" not in first
    detail = joined(messages(bot, user, "Het gebeurt bij iedereen in ons team sinds dinsdag", tok))
    assert "Sorry" not in detail and "Hoe ernstig" in detail
    human = joined(messages(bot, user, "ik wil een mens spreken", tok))
    assert "Hoe ernstig" in human
    question = messages(bot, user, "wat betekent P1?", tok)
    assert "Hoe ernstig" in joined(question) and "plat" in joined(question)
    assert any(b["title"] == "Annuleren" for m in question for b in m.get("buttons", []))
    cancelled = joined(messages(bot, user, "laat maar, annuleer mijn ticket", tok))
    assert "niets aangemaakt" in cancelled
    assert tickets_of(bot, user) == []

    again = f"prio2-{uuid.uuid4().hex[:6]}"
    messages(bot, again, "Het delen van mijn scherm werkt niet meer sinds de laatste update", tok)
    messages(bot, again, "Het gebeurt bij iedereen in ons team sinds dinsdag", tok)
    messages(bot, again, "ik wil een mens spreken", tok)
    created = joined(messages(bot, again, '/inform{"priority":"p3"}', tok))
    assert "ZN-" in created
    (ticket,) = tickets_of(bot, again)
    assert ticket["priority"] == "P3"
    assert "scherm" in ticket["description"] and "dinsdag" in ticket["description"]
    assert "mens spreken" not in ticket["description"]


def test_webticket_priority_from_the_description(bot):
    user = f"wprio-{uuid.uuid4().hex[:6]}"
    messages(bot, user, "ik wil een medewerker spreken")
    messages(bot, user, "klant@example.nl")
    assert "aangemaakt" in joined(messages(bot, user, "Mijn opnames zijn verdwenen uit de cloud"))
    (ticket,) = tickets_of(bot, user)
    assert (ticket["channel"], ticket["priority"]) == ("webticket", "P3")


def test_while_waiting_the_position_and_leaving_the_queue(bot):
    """Issue 14.7: "Hoe lang duurt het nog?" gives the position and due time; "annuleer mijn ticket" leaves."""
    tok, user = token(plan="premier", role="admin"), f"wait-{uuid.uuid4().hex[:6]}"
    messages(bot, user, "ik wil een medewerker spreken", tok)
    messages(bot, user, "Onze opnames worden niet meer opgeslagen in de cloud", tok)
    created = messages(bot, user, '/inform{"priority":"p3"}', tok)
    assert "ZN-" in joined(created)
    assert any(b["title"] == "Chat beëindigen" for m in created for b in m.get("buttons", []))
    (ticket,) = tickets_of(bot, user)
    assert ticket["status"] == "queued"

    wait = joined(messages(bot, user, "Hoe lang duurt het nog?", tok))
    assert ticket["reference"] in wait and "u bent nummer " in wait and "Nederlandse tijd" in wait, wait
    left = joined(messages(bot, user, "annuleer mijn ticket", tok))
    assert "gesloten" in left and "niet meer in de wachtrij" in left
    (ticket,) = tickets_of(bot, user)
    assert ticket["status"] == "closed"
    with sqlite3.connect(bot.log_dir / "bolt.db") as db:
        (detail,) = db.execute(
            "SELECT e.detail FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id "
            "WHERE t.conversation_id = ? AND e.kind = 'closed'",
            (user,),
        ).fetchone()
    assert "annuleer mijn ticket" in detail
    # afterwards the bot answers as usual and a new request starts a new intake
    assert "Wat is er aan de hand" in joined(messages(bot, user, "ik wil een medewerker spreken", tok))


def test_live_chat_intake_answers_a_question_and_says_goodbye(bot):
    tok, user = token(), f"lq-{uuid.uuid4().hex[:6]}"
    assert "Wat is er aan de hand" in joined(messages(bot, user, "ik wil een medewerker spreken", tok))
    question = joined(messages(bot, user, "Wat is het telefoonnummer in Japan?", tok))
    assert "+81" in question and question.count("Wat is er aan de hand") == 1
    bye = joined(messages(bot, user, "doei", tok))
    assert "Tot ziens" in bye and "Wat is er aan de hand" not in bye
    assert tickets_of(bot, user) == []


def test_logged_in_free_user_is_not_asked_to_log_in(bot):
    tok = token(account="basic", plan=None, role="owner", licensed=False)
    reply = joined(messages(bot, f"free-{uuid.uuid4().hex[:6]}", "ik wil een medewerker spreken", tok))
    assert "log dan in" not in reply.lower() and "met uw account" in reply
    assert EMAIL_QUESTION not in reply  # the e-mail of a logged-in user is reused


@contextlib.asynccontextmanager
async def console_events(console):
    """The agent console's live events (/console/api/events) as an asyncio.Queue, from the server's "hello"
    on: every event published after that is put in the queue."""
    events: asyncio.Queue = asyncio.Queue()
    hello = asyncio.Event()

    async def read(http: httpx.AsyncClient) -> None:
        async with http.stream("GET", "/events") as stream:
            async for line in stream.aiter_lines():
                if line.startswith("event: hello"):
                    hello.set()
                elif line.startswith("data: "):
                    events.put_nowait(json.loads(line[6:]))

    async with httpx.AsyncClient(base_url=console.http.base_url, cookies=console.http.cookies, timeout=None) as http:
        reader = asyncio.create_task(read(http))
        try:
            await asyncio.wait_for(hello.wait(), 15)
            yield events
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader


async def next_queue_event(events: asyncio.Queue) -> dict:
    while (event := await events.get()).get("type") != "queue":
        pass
    return event


def open_chat(bot, user, tok, description, priority):
    for text in ("ik wil een medewerker spreken", description, f'/inform{{"priority":"{priority}"}}'):
        reply = joined(messages(bot, user, text, tok))
    return "ZN-" + reply.split("ZN-")[1][:6], int(re.search(r"U bent nummer (\d+) in de wachtrij", reply).group(1))


async def test_a_waiting_widget_user_is_told_when_the_position_changes(bot, agent_login):
    from tests.e2e.sio_client import Widget

    reference, _ = open_chat(
        bot,
        f"ahead-{uuid.uuid4().hex[:6]}",
        token(plan="premier_plus", role="admin"),
        "Onze opnames worden niet opgeslagen",
        "p3",
    )

    widget = Widget(bot.url, token(plan="premier_plus", role="admin"))
    await widget.connect()
    await widget.say("ik wil een medewerker spreken")
    await widget.say("Het delen van het scherm werkt niet goed")
    created = await widget.say('/inform{"priority":"p3"}')
    before = int(re.search(r"U bent nummer (\d+) in de wachtrij", created).group(1))
    assert before >= 2

    console = bot.console()
    assert console.login(*agent_login).status_code == 200
    # The queue watch (bot/jobs.py, every second) tells a waiting user of a new place only once it has seen
    # the ticket at its old one: the claim below must wait until it has. For each change of the open tickets
    # the watch publishes a "queue" event to the consoles, then reads the queue and records every place (it
    # asks for that read before the event can reach any console). So: listen from now on (the widget's ticket
    # is stored), make one change that leaves the widget's place as it is (a P4 chat, queued behind it), and
    # wait for the next "queue" event: the watch has then read a queue with the widget's ticket at `before`.
    async with console_events(console) as events:
        behind, behind_position = open_chat(
            bot, f"behind-{uuid.uuid4().hex[:6]}", token(plan="premier_plus", role="admin"), "Ons logo ontbreekt", "p4"
        )
        assert behind_position > before
        await asyncio.wait_for(next_queue_event(events), 15)

    (ticket,) = [t for t in console.queue() if t["reference"] == reference]
    assert console.post(f"/tickets/{ticket['id']}/claim").status_code == 200
    deadline = asyncio.get_running_loop().time() + 15
    told = ""
    while f"U bent nu nummer {before - 1} in de wachtrij" not in told:
        remaining = deadline - asyncio.get_running_loop().time()
        try:
            told += (await asyncio.wait_for(widget.replies.get(), max(0.0, remaining))).get("text", "") + "\n"
        except asyncio.TimeoutError:
            raise AssertionError(f"not told 'U bent nu nummer {before - 1}' within 15 s; told: {told!r}") from None
    await widget.close()
    assert console.post(f"/tickets/{ticket['id']}/resolve").status_code == 200
    (behind_ticket,) = [t for t in console.queue() if t["reference"] == behind]
    assert console.post(f"/tickets/{behind_ticket['id']}/claim").status_code == 200
    assert console.post(f"/tickets/{behind_ticket['id']}/resolve").status_code == 200

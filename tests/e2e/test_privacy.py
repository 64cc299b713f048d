"""Privacy end to end on the real servers: a card number typed in the chat never reaches the tracker store,
the ticket or the logs; the user is told once per conversation, on REST and on socket.io."""

import json
import re
import sqlite3
import uuid

import pytest

from bot.privacy.notice import NOTICE
from tests.e2e.sio_client import Widget

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
CARD = "4111 1111 1111 1111"
IBAN = "NL91 ABNA 0417 1643 00"


def stored_events(bot, sender):
    with sqlite3.connect(bot.log_dir / "tracker.db") as db:
        return [row[0] for row in db.execute("select data from events where sender_id = ? order by id", (sender,))]


def ticket_of(bot, sender):
    with sqlite3.connect(bot.log_dir / "bolt.db") as db:
        db.row_factory = sqlite3.Row
        ticket = db.execute("select * from tickets where conversation_id = ?", (sender,)).fetchone()
        messages = [
            r["text"] for r in db.execute("select text from ticket_messages where ticket_id = ?", (ticket["id"],))
        ]
    return dict(ticket), messages


def test_a_card_number_never_reaches_the_tracker_or_the_ticket_and_the_user_is_told_once(bot):
    sender = f"privacy-{uuid.uuid4().hex[:6]}"
    assert "e-mailadres" in bot.ask(sender, "ik wil een medewerker spreken")
    assert "Wat is er aan de hand" in bot.ask(sender, "klant@example.nl")
    reply = bot.send(sender, f"Er is twee keer afgeschreven van mijn creditcard {CARD}, graag terugboeken").json()
    texts = [m.get("text", "") for m in reply]
    assert texts[0] == NOTICE  # told first, then answered
    assert any("Uw webticket is aangemaakt: ZN-" in t for t in texts[1:])
    again = bot.ask(sender, f"En mijn IBAN is {IBAN}, mag daarop terugbetaald worden?")
    assert again and NOTICE not in again  # once per conversation, still answered

    events = "\n".join(stored_events(bot, sender))
    assert "[kaartnummer verwijderd]" in events and "[IBAN verwijderd]" in events
    # a fragment of the IBAN may occur in a float timestamp by chance ("1796623651.4041715"): not those
    without_times = re.sub(r'"timestamp": [0-9.e+-]+', '"timestamp": 0', events)
    for secret in (CARD, CARD.replace(" ", ""), IBAN, IBAN.replace(" ", ""), "0417"):
        assert secret not in without_times
    ticket, _ = ticket_of(bot, sender)
    assert "[kaartnummer verwijderd]" in ticket["description"] and "4111" not in json.dumps(ticket)
    assert "4111" not in bot.logs() and "ABNA" not in bot.logs()


async def test_socketio_user_is_told_once_and_nothing_is_stored(bot):
    widget = Widget(bot.url)
    session_id = await widget.connect()
    first = await widget.say("Mijn BSN is 111222333, wat is het telefoonnummer in Japan?")
    assert first.startswith(NOTICE) and "+81 120427732" in first  # the article's number passes unchanged
    second = await widget.say(f"kaart {CARD}")
    assert NOTICE not in second and second.strip()
    await widget.close()
    events = "\n".join(stored_events(bot, session_id))
    assert "[BSN verwijderd]" in events and "111222333" not in events and "4111" not in events

"""`python -m bot privacy forget <user>`: only that user's conversations go, their tickets are anonymised
and still counted; a second run changes nothing."""

import json
import os
import subprocess
import sys

import pytest
import sqlalchemy as sa

from bot.db.models import Ticket, TicketEvent, TicketMessage
from bot.privacy.forget import forget
from bot.privacy.ticket_anonymiser import REMOVED
from tests.privacy_fixtures import NOW, ROOT_DIR, seeded  # noqa: F401


def seed_two_users(data):
    data.conversation("anna-1", "hallo", NOW, sub="anna")
    data.conversation("anna-2", "mijn opnames zijn weg", NOW, sub="anna")
    data.conversation("bob-1", "hallo", NOW, sub="bob")
    data.conversation("anon-1", "ik ben carla@example.nl", NOW)  # anonymous, typed her e-mail
    data.conversation("anon-2", "hallo", NOW)
    return {
        "anna": data.ticket("anna-2", sub="anna"),
        "anna_open": data.ticket("anna-1", sub="anna", close=False),
        "bob": data.ticket("bob-1", sub="bob"),
        "carla": data.ticket("anon-1", email="carla@example.nl"),
    }


def ticket_row(data, ticket_id):
    with data.db.session() as s:
        t = s.get(Ticket, ticket_id)
        messages = [
            m.text for m in s.execute(sa.select(TicketMessage).where(TicketMessage.ticket_id == ticket_id)).scalars()
        ]
        events = [
            (e.kind, e.detail)
            for e in s.execute(
                sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)
            ).scalars()
        ]
        return t, messages, events


def test_forget_by_sub_removes_only_that_users_conversations_and_anonymises_their_tickets(seeded):
    ids = seed_two_users(seeded)
    report = forget(seeded.engine, seeded.db, "anna", now=NOW)

    assert (report.conversations, report.tickets) == (2, 2)
    assert report.events == 6 and report.messages == 2
    for conversation in ("anna-1", "anna-2"):
        assert seeded.event_count(conversation) == 0
        assert seeded.count("bolt_conversation_owners", "conversation_id", conversation) == 0
    for conversation in ("bob-1", "anon-1", "anon-2"):
        assert seeded.event_count(conversation) == 3
        assert seeded.count("bolt_conversation_owners", "conversation_id", conversation) == 1

    for key in ("anna", "anna_open"):
        ticket, messages, events = ticket_row(seeded, ids[key])
        assert ticket.user_sub is None and ticket.contact_email is None
        assert ticket.description == REMOVED and ticket.subject == REMOVED and ticket.transcript == []
        assert "anna" not in json.dumps(ticket.identity) and ticket.identity["plan"] == "premier"
        assert messages == [REMOVED]
        assert events[-1] == ("anonymised", {"reason": "forget"})
        assert ticket.status == "closed"  # the open one was closed; the row stays for the figures
        assert ticket.priority == "P3" and ticket.reference.startswith("ZN-")
    bob, bob_messages, _ = ticket_row(seeded, ids["bob"])
    assert bob.user_sub == "bob" and "bob" in bob.description and bob_messages == ["nog een vraag van bob"]


def test_forget_by_email_finds_an_anonymous_webticket_and_the_conversation_it_came_from(seeded):
    ids = seed_two_users(seeded)
    report = forget(seeded.engine, seeded.db, "Carla@Example.nl", now=NOW)

    assert (report.conversations, report.tickets) == (1, 1)
    assert seeded.event_count("anon-1") == 0 and seeded.event_count("anon-2") == 3
    ticket, messages, _ = ticket_row(seeded, ids["carla"])
    assert ticket.contact_email is None and "carla" not in ticket.description and messages == [REMOVED]


def test_forget_is_idempotent(seeded):
    seed_two_users(seeded)
    forget(seeded.engine, seeded.db, "anna", now=NOW)
    again = forget(seeded.engine, seeded.db, "anna", now=NOW)
    assert again.as_dict() == {"conversations": 0, "events": 0, "tickets": 0, "messages": 0}
    with seeded.db.session() as s:
        assert (
            s.execute(
                sa.select(sa.func.count()).select_from(TicketEvent).where(TicketEvent.kind == "anonymised")
            ).scalar()
            == 2
        )


@pytest.mark.slow  # two fresh `python -m bot` processes: `make test` runs it, `make test-fast` does not
def test_the_command_prints_what_it_did(tmp_path):
    from tests.privacy_fixtures import Seeded

    data = Seeded(f"sqlite:///{tmp_path / 'tracker.db'}", f"sqlite:///{tmp_path / 'bolt.db'}")
    seed_two_users(data)
    data.close()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT_DIR),
        "BOT_TRACKER_DB_URL": data.tracker_url,
        "BOT_DB_URL": f"sqlite:///{tmp_path / 'bolt.db'}",
    }
    run = [sys.executable, "-m", "bot", "privacy", "forget"]
    first = subprocess.run(run + ["bob"], cwd=ROOT_DIR, env=env, capture_output=True, text=True, check=True)
    assert first.stdout.strip() == "verwijderd: 1 gesprek (3 gebeurtenissen); geanonimiseerd: 1 ticket (1 bericht)"
    second = subprocess.run(run + ["bob", "--json"], cwd=ROOT_DIR, env=env, capture_output=True, text=True, check=True)
    assert json.loads(second.stdout) == {"conversations": 0, "events": 0, "tickets": 0, "messages": 0}


def test_forget_also_removes_kept_replies_and_the_sub_from_answer_feedback(seeded):
    seed_two_users(seeded)
    with seeded.db.session() as s:
        for conversation, sub in (("anna-1", "anna"), ("bob-1", "bob")):
            s.execute(
                sa.text(
                    "INSERT INTO message_replies (conversation_id, message_id, status, owner, reply, "
                    "created_at, claimed_at) VALUES (:c, 'm1', 'done', 'x', :r, :t, :t)"
                ),
                {"c": conversation, "r": json.dumps([{"text": "Hallo"}]), "t": NOW},
            )
            s.execute(
                sa.text(
                    "INSERT INTO answer_feedback (conversation_id, user_sub, answer_topic, rating, bot_text, "
                    "created_at) VALUES (:c, :u, 'phone', 1, 'Bel +81 120427732', :t)"
                ),
                {"c": conversation, "u": sub, "t": NOW},
            )
    forget(seeded.engine, seeded.db, "anna", now=NOW)
    with seeded.db.session() as s:
        assert s.execute(sa.text("SELECT conversation_id FROM message_replies")).scalars().all() == ["bob-1"]
        assert sorted(s.execute(sa.text("SELECT conversation_id, user_sub FROM answer_feedback")).all()) == [
            ("anna-1", None),
            ("bob-1", "bob"),
        ]  # the rating still counts

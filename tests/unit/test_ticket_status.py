"""Ticket status in the chat (issue 18.1): who sees which ticket, what the answer says, the action."""

import asyncio
import datetime as dt

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.ticket_status as action_module
from bot.answers import ticket_status as texts
from bot.handoff.agents import AgentService
from bot.handoff.ticket_status import TicketStatusLookup, find_reference
from bot.handoff.tickets import TicketService
from bot.identity import ANONYMOUS, mint_token
from tests.handoff_fixtures import FakeClock, db, open_chat, user  # noqa: F401  (fixture)


@pytest.fixture
def clock():
    return FakeClock(dt.datetime(2026, 11, 25, 9, 0, 0))  # 10:00 in Amsterdam (CET, UTC+1)


@pytest.fixture
def service(db, kb, clock):  # noqa: F811
    return TicketService(db, kb, clock)


@pytest.mark.parametrize(
    "text, reference",
    [
        ("Wat is de status van mijn ticket ZN-000123?", "ZN-000123"),
        ("hoe staat zn 123 ervoor", "ZN-000123"),
        ("ticket ZN000042", "ZN-000042"),
        ("mijn tickets", None),
        ("zn-1234567", None),
    ],
)
def test_reference_found_in_the_ways_users_type_it(text, reference):
    assert find_reference(text) == reference


def test_own_ticket_with_status_priority_level_due_time_and_last_agent_message(db, service, clock):  # noqa: F811
    anna = user(sub="anna")
    ticket = open_chat(service, "c-anna", anna, priority="P1").ticket
    agents = AgentService(db)
    piet = agents.add("Piet Jansen", "geheim-wachtwoord-1")
    assert service.claim(ticket.id, piet)
    service.add_message(ticket.id, "agent", "Ik kijk er nu naar.", agent=piet)
    found = TicketStatusLookup(db).by_reference(ticket.reference, anna, "another-conversation")
    text = texts.ticket_status(ticket.reference, found).text
    assert ticket.reference in text and "P1" in text and "direct niveau 2" in text
    assert "in behandeling bij een medewerker" in text
    # first response happened: the restore time (4 h after 09:00 UTC) is the running deadline, in Amsterdam time
    assert "25-11-2026 14:00" in text and "hersteltijd" in text
    assert "Piet Jansen" in text and "Ik kijk er nu naar." in text


def test_first_response_due_shown_in_amsterdam_time_before_any_answer(db, service):  # noqa: F811
    ticket = open_chat(service, "c-anna", user(sub="anna"), priority="P2").ticket
    text = texts.ticket_status(
        ticket.reference, TicketStatusLookup(db).by_reference(ticket.reference, user(sub="anna"), "c-anna")
    ).text
    assert "in de wachtrij" in text and "25-11-2026 14:00" in text and "eerste responstijd" in text
    assert "nog geen bericht van een medewerker" in text


def test_someone_elses_reference_gets_the_same_answer_as_an_unknown_one(db, service):  # noqa: F811
    theirs = open_chat(service, "c-bob", user(sub="bob"), priority="P1").ticket
    lookup = TicketStatusLookup(db)
    unknown = "ZN-999999"
    assert lookup.by_reference(theirs.reference, user(sub="anna"), "c-anna") is None
    assert lookup.by_reference(theirs.reference, ANONYMOUS, "c-anna") is None
    other = texts.ticket_status(theirs.reference, None).text
    missing = texts.ticket_status(unknown, None).text
    assert other.replace(theirs.reference, "<ref>") == missing.replace(unknown, "<ref>")


def test_anonymous_user_sees_only_a_ticket_of_this_same_conversation(db, service):  # noqa: F811
    webticket = service.open_ticket(
        conversation_id="c-anon",
        claims=ANONYMOUS,
        channel="webticket",
        priority="P3",
        subject="Vraag",
        description="Ik kan niet inloggen",
        contact_email="a@example.nl",
    ).ticket
    lookup = TicketStatusLookup(db)
    assert lookup.by_reference(webticket.reference, ANONYMOUS, "c-anon").status == "queued"
    assert lookup.by_reference(webticket.reference, ANONYMOUS, "c-elsewhere") is None
    assert "webticket, antwoord per e-mail" in texts.describe(lookup.of_user(ANONYMOUS, "c-anon")[0])


def test_a_users_ticket_is_not_shown_in_the_same_conversation_to_someone_else(db, service):  # noqa: F811
    ticket = open_chat(service, "c-shared", user(sub="anna"), priority="P1").ticket
    assert TicketStatusLookup(db).by_reference(ticket.reference, ANONYMOUS, "c-shared") is None
    assert TicketStatusLookup(db).by_reference(ticket.reference, user(sub="bob"), "c-shared") is None


def test_my_tickets_lists_only_the_users_own_open_first(db, service, clock):  # noqa: F811
    anna = user(sub="anna")
    first = open_chat(service, "c-1", anna, priority="P1").ticket
    piet = AgentService(db).add("Piet", "geheim-wachtwoord-1")
    service.claim(first.id, piet)
    service.resolve(first.id, piet)
    second = open_chat(service, "c-2", anna, priority="P3").ticket
    open_chat(service, "c-3", user(sub="bob"), priority="P1")
    listed = TicketStatusLookup(db).of_user(anna, "c-9")
    assert [t.reference for t in listed] == [second.reference, first.reference]
    text = texts.my_tickets(listed, logged_in=True).text
    assert "opgelost" in text and "in de wachtrij" in text and "ZN-000003" not in text


def test_my_tickets_without_any(db):  # noqa: F811
    assert texts.my_tickets(TicketStatusLookup(db).of_user(user(sub="x"), "c"), True).text == texts.NO_TICKETS_LOGGED_IN
    assert texts.my_tickets([], False).text == texts.NO_TICKETS_ANONYMOUS


def run_action(text, metadata, conversation="c-action"):
    message = {
        "text": text,
        "intent": {"name": "ask_ticket_status", "confidence": 0.9},
        "entities": [],
        "metadata": metadata,
    }
    tracker = Tracker(
        conversation,
        {},
        message,
        [{"event": "user", "text": text, "parse_data": message}],
        False,
        None,
        {},
        "action_listen",
    )
    dispatcher = CollectingDispatcher()
    asyncio.run(action_module.AnswerTicketStatus().run(dispatcher, tracker, {}))
    return [m["text"] for m in dispatcher.messages]


def test_action_answers_with_the_verified_users_tickets_only(db, service, monkeypatch):  # noqa: F811
    monkeypatch.setenv("BOT_JWT_SECRET", "test-secret-for-ticket-status-0123456789")
    monkeypatch.delenv("BOT_DEV_MODE", raising=False)
    monkeypatch.setattr(action_module, "database", lambda: db)
    anna_ticket = open_chat(service, "c-anna", user(sub="anna"), priority="P1").ticket
    bob_ticket = open_chat(service, "c-bob", user(sub="bob"), priority="P1").ticket
    token = mint_token(
        {
            "sub": "anna",
            "name": "Anna",
            "email": "anna@example.nl",
            "account": "business",
            "plan": "premier_plus",
            "role": "admin",
            "licensed": True,
        }
    )
    [mine] = run_action("mijn tickets", {"token": token})
    assert anna_ticket.reference in mine and bob_ticket.reference not in mine
    [theirs] = run_action(f"wat is de status van {bob_ticket.reference}", {"token": token})
    [unknown] = run_action("wat is de status van ZN-999999", {"token": token})
    assert theirs.replace(bob_ticket.reference, "?") == unknown.replace("ZN-999999", "?")
    [anonymous] = run_action(f"status {anna_ticket.reference}", {})
    assert anonymous == texts.NOT_FOUND.format(reference=anna_ticket.reference)

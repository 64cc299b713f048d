"""Webtickets worked to the end (issue 18.3): statuses and events, the e-mail over a local SMTP
server (aiosmtpd), e-mail off or failing, and the answer shown once in a later chat of the user."""

import asyncio

import pytest

from bot.answers.ticket_status import webticket_answer
from bot.channels.metadata import signed_identity
from bot.handoff import mail
from bot.handoff.agents import AgentService
from bot.handoff.tickets import TicketService
from bot.handoff.webtickets import WebticketService, answer, answers_for_chat, listed_for
from bot.identity import ANONYMOUS
from bot.testing.servers import free_port
from bot.vocabulary import TicketStatus
from tests.handoff_fixtures import FakeClock, db, user  # noqa: F401  (fixture)
from tests.mail_server import local_smtp_server


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def tickets(db, kb, clock):  # noqa: F811
    return TicketService(db, kb, clock)


@pytest.fixture
def service(tickets):
    return WebticketService(tickets)


@pytest.fixture
def agents(db):  # noqa: F811
    return AgentService(db)


def webticket(tickets, claims=None, conversation="c-web"):
    return tickets.open_ticket(
        conversation_id=conversation,
        claims=claims or user(sub="anna", plan=None, account="basic", licensed=False),
        channel="webticket",
        priority="P3",
        subject="Opnames kwijt",
        description="Ik kan mijn cloudopnames niet vinden",
        contact_email="anna@example.nl",
    ).ticket


def smtp(port):
    return mail.SmtpSettings(host="127.0.0.1", port=port, sender="support@bolt.example", timeout=5)


def test_answer_is_mailed_with_the_reference_and_the_statuses_follow(tickets, service, agents):
    t = webticket(tickets)
    piet = agents.add("Piet Jansen", "geheim-wachtwoord-1")
    with local_smtp_server() as (port, inbox):
        done = asyncio.run(answer(service, t.id, piet, "Uw opnames staan onder Opnames > Cloud.", smtp(port)))
    assert done.email == mail.SENT
    [received] = inbox.messages
    assert inbox.recipients == [["anna@example.nl"]] and received["To"] == "anna@example.nl"
    assert t.reference in received["Subject"] and "Opnames kwijt" in received["Subject"]
    body = received.get_content()
    assert "Uw opnames staan onder Opnames > Cloud." in body and "Piet Jansen" in body
    assert tickets.get(t.id).status == TicketStatus.WAITING_ON_USER
    assert service.resolve(t.id, piet) and tickets.get(t.id).status == TicketStatus.RESOLVED
    assert service.close(t.id, piet) and tickets.get(t.id).status == TicketStatus.CLOSED
    events = tickets.events(t.id)
    assert [e["kind"] for e in events] == ["created", "claimed", "answered", "resolved", "closed"]
    assert events[2]["detail"]["email"] == "sent"


def test_only_the_agent_who_has_it_answers_resolves_and_closes(tickets, service, agents):
    t = webticket(tickets)
    piet, mira = agents.add("Piet", "geheim-wachtwoord-1"), agents.add("Mira", "geheim-wachtwoord-2")
    assert asyncio.run(answer(service, t.id, piet, "Eerste antwoord", None)).email == mail.OFF
    assert asyncio.run(answer(service, t.id, mira, "Ik ook", None)) is None
    assert not service.resolve(t.id, mira) and not service.close(t.id, piet)  # close only after resolve
    assert listed_for(tickets.get(t.id), piet.id) and not listed_for(tickets.get(t.id), mira.id)
    assert service.resolve(t.id, piet) and not service.resolve(t.id, piet)


def test_smtp_unreachable_keeps_the_answer(tickets, service, agents):
    t = webticket(tickets)
    piet = agents.add("Piet", "geheim-wachtwoord-1")
    done = asyncio.run(answer(service, t.id, piet, "Antwoord", smtp(free_port())))
    assert done.email == mail.FAILED and tickets.messages(t.id)[-1]["text"] == "Antwoord"
    assert tickets.events(t.id)[-1]["detail"]["email"] == "failed"


def test_smtp_settings_from_the_environment(monkeypatch):
    for name in ("BOT_SMTP_HOST", "BOT_SMTP_PORT", "BOT_SMTP_FROM", "BOT_SMTP_USER", "BOT_SMTP_STARTTLS"):
        monkeypatch.delenv(name, raising=False)
    assert mail.SmtpSettings.from_env() is None
    monkeypatch.setenv("BOT_SMTP_HOST", "smtp.example.nl")
    monkeypatch.setenv("BOT_SMTP_FROM", "support@example.nl")
    assert mail.SmtpSettings.from_env() == mail.SmtpSettings("smtp.example.nl", 25, "support@example.nl")
    monkeypatch.setenv("BOT_SMTP_STARTTLS", "1")
    monkeypatch.setenv("BOT_SMTP_USER", "bolt")
    settings = mail.SmtpSettings.from_env()
    assert (settings.port, settings.starttls, settings.user) == (587, True, "bolt")


def test_the_answer_is_shown_once_in_a_later_chat_of_the_logged_in_user(tickets, service, agents, monkeypatch):
    monkeypatch.setenv("BOT_JWT_SECRET", "test-secret-for-webtickets-0123456789")
    monkeypatch.delenv("BOT_DEV_MODE", raising=False)
    anna = user(sub="anna", plan=None, account="basic", licensed=False)
    t = webticket(tickets, claims=anna)
    piet = agents.add("Piet Jansen", "geheim-wachtwoord-1")
    asyncio.run(answer(service, t.id, piet, "Uw opnames staan in de cloud.", None))
    metadata = {"identity": signed_identity(anna, 4102444800)}
    assert asyncio.run(answers_for_chat(service, {})) == []  # anonymous: nothing
    assert asyncio.run(answers_for_chat(service, {"identity": signed_identity(user(sub="bob"), 4102444800)})) == []
    assert asyncio.run(answers_for_chat(service, metadata)) == [
        webticket_answer(t.reference, "Piet Jansen", "Uw opnames staan in de cloud.")
    ]
    assert asyncio.run(answers_for_chat(service, metadata)) == []  # shown once


def test_an_anonymous_webticket_is_answered_by_e_mail_only(tickets, service, agents):
    t = webticket(tickets, claims=ANONYMOUS)
    piet = agents.add("Piet", "geheim-wachtwoord-1")
    with local_smtp_server() as (port, inbox):
        assert asyncio.run(answer(service, t.id, piet, "Antwoord", smtp(port))).email == mail.SENT
    assert len(inbox.messages) == 1

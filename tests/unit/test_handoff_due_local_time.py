"""Issue 14.9: the due time the user is told when a live-chat ticket is made is in Europe/Amsterdam, not UTC."""

import dataclasses
import datetime as dt

from bot.answers.handoff import live_chat_ticket
from bot.handoff.tickets import TicketView


def ticket(due):
    return TicketView(
        id=1,
        reference="ZN-000001",
        conversation_id="c1",
        channel="live_chat",
        level=2,
        priority="P1",
        status="queued",
        subject="Alles plat",
        description="Alles ligt plat",
        user_name="Anna",
        plan="premier_plus",
        identity={},
        transcript=[],
        created_at=due - dt.timedelta(hours=1),
        first_response_due=due,
        resolution_due=None,
        escalated=False,
        assigned_agent=None,
    )


def test_the_first_response_due_time_is_told_in_dutch_time_winter_and_summer(kb):
    winter = live_chat_ticket(kb, ticket(dt.datetime(2026, 11, 27, 13, 30)), 1, True, 1).text
    summer = live_chat_ticket(kb, ticket(dt.datetime(2026, 7, 1, 12, 30)), 1, True, 1).text
    assert "uiterlijk 27-11-2026 14:30 (Nederlandse tijd)" in winter
    assert "uiterlijk 01-07-2026 14:30 (Nederlandse tijd)" in summer
    assert "UTC" not in winter + summer


def test_no_due_time_without_priority_response(kb):
    text = live_chat_ticket(
        kb, dataclasses.replace(ticket(dt.datetime(2026, 11, 27, 13, 30)), first_response_due=None), 1, True, 1
    ).text
    assert "uiterlijk" not in text

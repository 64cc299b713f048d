"""Issue 14.7: questions about the wait and leaving the queue."""

import datetime as dt

import pytest

from bot.handoff.waiting import asks_about_the_wait, local_time, wants_to_leave
from tests.handoff_fixtures import FakeQueue, queued


@pytest.mark.parametrize(
    "text",
    [
        "Hoe lang duurt het nog?",
        "hoelang moet ik nog wachten",
        "Wanneer ben ik aan de beurt?",
        "ben ik al aan de beurt",
        "wat is mijn plek in de wachtrij",
        "duurt het nog lang?",
    ],
)
def test_wait_questions(text):
    assert asks_about_the_wait(text)


@pytest.mark.parametrize("text", ["Hoe lang duurt de eerste respons bij P1?", "telefoonnummer japan", "hallo?"])
def test_not_wait_questions(text):
    assert not asks_about_the_wait(text)


@pytest.mark.parametrize(
    "text",
    [
        "annuleer mijn ticket",
        "Chat beëindigen",
        "laat maar, annuleer mijn ticket",
        "ik wil de chat beëindigen",
        "Annuleren",
    ],
)
def test_leaving(text):
    assert wants_to_leave(text)


@pytest.mark.parametrize(
    "text", ["nee", "laat maar", "stop met vastlopen", "hoe annuleer ik een vergadering in zoom", "dank u"]
)
def test_not_leaving(text):
    assert not wants_to_leave(text)


def test_due_time_in_amsterdam():
    assert local_time(dt.datetime(2026, 11, 27, 9, 0)) == "27-11-2026 10:00 (Nederlandse tijd)"


def test_position_changes_are_pushed_to_the_waiting_user():
    from types import SimpleNamespace as T

    from bot.handoff.waiting import PositionWatch

    a, b, other_level = queued(1, "a"), queued(2, "b"), queued(3, "c", level=2)
    tickets, watch = FakeQueue(other_level, a, b), PositionWatch()
    assert tickets.watched_by(watch) == 0  # first sight: the ticket message said it
    tickets.views = [other_level, T(**{**vars(a), "status": "assigned"}), b]  # a is claimed
    assert tickets.watched_by(watch) == 1
    assert [(conversation, payload["text"]) for conversation, payload in tickets.pushed] == [
        ("b", "U bent nu nummer 1 in de wachtrij.")
    ]
    assert tickets.watched_by(watch) == 0  # nothing changed: nothing said

"""Ticket databases on both backends, a controllable clock, a verified user, a live chat opened for them,
and a queue the position watch can read."""

import asyncio
import datetime as dt
from types import SimpleNamespace

import pytest

from bot.identity import Claims
from tests.databases import temporary_postgres_database
from tests.migrated import migrated_database


class FakeClock:
    def __init__(self, start=dt.datetime(2026, 11, 25, 9, 0, 0)):
        self.now = start

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += dt.timedelta(**delta)


def user(account="business", plan="premier_plus", role="admin", licensed=True, sub="u1", name="Anna"):
    return Claims(
        sub=sub,
        email=f"{sub}@example.nl",
        name=name,
        account=account,
        plan=plan,
        role=role,
        licensed=licensed,
        verified=True,
    )


def open_chat(service, conversation="c1", claims=None, priority="P3", channel="live_chat", **fields):
    """The service's OpenResult for a ticket opened as the hand-off opens one: a live chat (or `channel`) of
    `claims` (user() unless given) about a webinar; `fields` (subject, description, transcript, ...) over that."""
    return service.open_ticket(
        conversation_id=conversation,
        claims=user() if claims is None else claims,
        channel=channel,
        priority=priority,
        **{"subject": "Probleem", "description": "Mijn webinar valt weg", **fields},
    )


def queued(ticket_id, conversation, level=1):
    """A ticket view as the queue lists it, waiting for an agent."""
    return SimpleNamespace(
        id=ticket_id, status="queued", level=level, conversation_id=conversation, channel="live_chat"
    )


class FakeQueue:
    """What the position watch reads of the ticket service (`queue()`, the views the test sets) and the push
    to the waiting users, which records what each was told."""

    def __init__(self, *views):
        self.views = list(views)
        self.pushed = []  # (conversation id, payload)

    def queue(self):
        return list(self.views)

    async def push(self, conversation_id, payload):
        self.pushed.append((conversation_id, payload))
        return True

    def watched_by(self, watch):
        """One round of `watch` (a PositionWatch) over this queue: how many users it told something."""
        return asyncio.run(watch.check(self, self.push))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, tmp_path):
    if request.param == "sqlite":
        database = migrated_database(f"sqlite:///{tmp_path / 'tickets.db'}")
        yield database
        database.dispose()
    else:
        with temporary_postgres_database() as url:
            database = migrated_database(url)
            yield database
            database.dispose()

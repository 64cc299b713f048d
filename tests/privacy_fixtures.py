"""Seeded tracker and ticket databases for the privacy tests, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.binding import ConversationBinder
from bot.handoff.tickets import TicketService
from bot.identity import ANONYMOUS
from bot.kb import default_knowledge_base
from bot.privacy.engines import make_engine
from bot.stores.tracker_store import EnvSQLTrackerStore
from tests.databases import temporary_postgres_database
from tests.handoff_fixtures import user
from tests.migrated import migrated_database

ROOT_DIR = __import__("pathlib").Path(__file__).resolve().parents[1]
NOW = dt.datetime(2026, 11, 27, 12, 0, 0)
DOMAIN = Domain.from_dict({"version": "3.1", "intents": ["greet"]})


class Seeded:
    """A tracker store and a ticket service on the same kind of database, with helpers to fill them."""

    def __init__(self, tracker_url: str, tickets_url: str) -> None:
        self.tracker_url = tracker_url
        self.store = EnvSQLTrackerStore(domain=DOMAIN, host=tracker_url)
        self.binder = ConversationBinder(tracker_url)
        self.engine = make_engine(tracker_url)
        self.db = migrated_database(tickets_url)
        self.tickets = TicketService(self.db, default_knowledge_base(), clock=lambda: NOW)

    def conversation(self, conversation_id: str, text: str, at: dt.datetime, sub: str | None = None) -> None:
        """A conversation of one exchange at `at`, bound to `sub` (or anonymous), the user's claims in the
        message metadata as the channels store them."""
        self.binder.admit(conversation_id, None, sub)
        stamp = at.replace(tzinfo=dt.timezone.utc).timestamp()
        metadata = {"identity": {"claims": {"sub": sub, "email": f"{sub}@example.nl", "name": "Anna"}}} if sub else {}
        events = [
            ActionExecuted("action_listen", timestamp=stamp),
            UserUttered(text, {"name": "greet", "confidence": 1.0}, timestamp=stamp, metadata=metadata),
            BotUttered("Hallo! Waarmee kan ik u helpen?", timestamp=stamp + 1),
        ]
        tracker = DialogueStateTracker.from_events(conversation_id, events, DOMAIN.slots)
        asyncio.run(self.store.save(tracker))

    def ticket(
        self,
        conversation_id: str,
        sub: str | None = None,
        channel: str = "webticket",
        email: str | None = None,
        at: dt.datetime = NOW,
        close: bool = True,
    ) -> int:
        claims = user(sub=sub, account="business", plan="premier", role="admin") if sub else ANONYMOUS
        self.tickets.clock = lambda: at
        result = self.tickets.open_ticket(
            conversation_id=conversation_id,
            claims=claims,
            channel=channel,
            priority="P3",
            subject="Opnames verdwenen",
            description=f"Mijn opnames zijn weg, mail {email or sub}",
            transcript=[{"sender": "user", "text": "mijn opnames zijn weg", "at": None}],
            contact_email=email or (f"{sub}@example.nl" if sub else None),
        )
        ticket_id = result.ticket.id
        self.tickets.add_message(ticket_id, "user", f"nog een vraag van {sub or email}")
        with self.db.session() as s:  # the last change at `at` (the service stamps the reference with the real time)
            s.execute(
                sa.text("UPDATE tickets SET status = :status, updated_at = :at WHERE id = :i"),
                {"i": ticket_id, "at": at, "status": "closed" if close else result.ticket.status},
            )
        self.tickets.clock = lambda: NOW
        return ticket_id

    def event_count(self, conversation_id: str) -> int:
        with self.engine.connect() as connection:
            return connection.execute(
                sa.text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": conversation_id}
            ).scalar()

    def count(self, table: str, column: str, value: str) -> int:
        with self.engine.connect() as connection:
            return connection.execute(
                sa.text(f"SELECT count(*) FROM {table} WHERE {column} = :v"), {"v": value}
            ).scalar()

    def close(self) -> None:
        self.engine.dispose()
        self.store.engine.dispose()
        self.binder.engine.dispose()
        self.db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def seeded(request, tmp_path):
    if request.param == "sqlite":
        data = Seeded(f"sqlite:///{tmp_path / 'tracker.db'}", f"sqlite:///{tmp_path / 'bolt.db'}")
        yield data
        data.close()
    else:
        with temporary_postgres_database() as url:  # one database for both, as in production
            data = Seeded(url, url)
            yield data
            data.close()

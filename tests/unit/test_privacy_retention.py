"""Retention with an injected clock: conversations whose last event is older than BOT_RETENTION_DAYS go,
closed tickets without activity since then are anonymised (and still counted); newer ones and those
with an open ticket stay; --dry-run only counts."""

import datetime as dt

import pytest
import sqlalchemy as sa

from bot.db.models import Ticket, TicketMessage
from bot.privacy.retention import apply_retention, retention_days, run_scheduled
from bot.privacy.ticket_anonymiser import REMOVED
from tests.privacy_fixtures import NOW, seeded  # noqa: F401

OLD = NOW - dt.timedelta(days=400)
RECENT = NOW - dt.timedelta(days=10)


def seed(data):
    data.conversation("old", "hallo", OLD, sub="anna")
    data.conversation("old-open", "hallo", OLD)  # its ticket is still open: kept
    data.conversation("recent", "hallo", RECENT, sub="bob")
    data.conversation("edge", "hallo", NOW - dt.timedelta(days=364))
    return {
        "old": data.ticket("old", sub="anna", at=OLD),
        "open": data.ticket("old-open", email="c@example.nl", at=OLD, close=False),
        "recent": data.ticket("recent", sub="bob", at=RECENT),
    }


def test_old_conversations_and_transcripts_go_recent_ones_stay(seeded):
    ids = seed(seeded)
    report = apply_retention(seeded.engine, seeded.db, 365, NOW)

    assert (report.conversations, report.events, report.tickets, report.messages) == (1, 3, 1, 1)
    assert seeded.event_count("old") == 0 and seeded.count("bolt_conversation_owners", "conversation_id", "old") == 0
    for kept in ("old-open", "recent", "edge"):
        assert seeded.event_count(kept) == 3
    with seeded.db.session() as s:
        old = s.get(Ticket, ids["old"])
        assert (old.description, old.transcript, old.user_sub, old.contact_email) == (REMOVED, [], None, None)
        assert s.execute(
            sa.select(TicketMessage.text).where(TicketMessage.ticket_id == ids["old"])
        ).scalars().all() == [REMOVED]
        assert s.get(Ticket, ids["recent"]).user_sub == "bob"
        assert s.get(Ticket, ids["open"]).contact_email == "c@example.nl"
        assert s.execute(sa.select(sa.func.count(Ticket.id))).scalar() == 3  # every ticket still counts


def test_dry_run_counts_without_removing(seeded):
    seed(seeded)
    report = apply_retention(seeded.engine, seeded.db, 365, NOW, dry_run=True)
    assert (report.conversations, report.events, report.tickets, report.messages, report.dry_run) == (1, 3, 1, 1, True)
    assert seeded.event_count("old") == 3


def test_a_second_run_finds_nothing_and_a_later_clock_finds_more(seeded):
    seed(seeded)
    apply_retention(seeded.engine, seeded.db, 365, NOW)
    assert apply_retention(seeded.engine, seeded.db, 365, NOW).conversations == 0
    later = apply_retention(seeded.engine, seeded.db, 365, NOW + dt.timedelta(days=2))
    assert later.conversations == 1 and seeded.event_count("edge") == 0


def test_zero_days_keeps_everything(seeded):
    seed(seeded)
    assert apply_retention(seeded.engine, seeded.db, 0, NOW + dt.timedelta(days=5000)).conversations == 0
    assert run_scheduled(seeded.engine, seeded.db, NOW, days=0) is None
    assert seeded.event_count("old") == 3


def test_the_scheduled_run_is_daily_across_instances(seeded):
    seed(seeded)
    assert run_scheduled(seeded.engine, seeded.db, NOW, days=365).conversations == 1
    assert run_scheduled(seeded.engine, seeded.db, NOW + dt.timedelta(hours=23), days=365) is None  # ran today
    assert run_scheduled(seeded.engine, seeded.db, NOW + dt.timedelta(days=1, hours=1), days=365) is not None


def test_the_setting(monkeypatch):
    monkeypatch.delenv("BOT_RETENTION_DAYS", raising=False)
    assert retention_days() == 365
    monkeypatch.setenv("BOT_RETENTION_DAYS", "30")
    assert retention_days() == 30
    monkeypatch.setenv("BOT_RETENTION_DAYS", "0")
    assert retention_days() == 0
    for bad in ("-1", "een jaar"):
        monkeypatch.setenv("BOT_RETENTION_DAYS", bad)
        with pytest.raises(ValueError, match="BOT_RETENTION_DAYS"):
            retention_days()


async def test_the_servers_job_keeps_checking_after_a_failure(monkeypatch):
    import asyncio

    from bot.privacy.retention import retention_job

    monkeypatch.delenv("BOT_REDIS_URL", raising=False)
    calls, second_check = [], asyncio.Event()
    loop = asyncio.get_running_loop()

    def run():
        calls.append(len(calls))
        if len(calls) == 1:
            raise RuntimeError("database away")
        loop.call_soon_threadsafe(second_check.set)
        return None

    job = asyncio.create_task(retention_job(run, interval=0.01))
    try:
        await asyncio.wait_for(second_check.wait(), 30)
    finally:
        job.cancel()
    assert calls[:2] == [0, 1]


@pytest.mark.slow  # fresh `python -m bot` processes: `make test` runs it, `make test-fast` does not
def test_the_command_with_dry_run_then_for_real(tmp_path):
    import json
    import os
    import subprocess
    import sys

    from bot.db.models import utcnow
    from tests.privacy_fixtures import ROOT_DIR, Seeded

    data = Seeded(f"sqlite:///{tmp_path / 'tracker.db'}", f"sqlite:///{tmp_path / 'bolt.db'}")
    now = utcnow()  # the command reads the real clock
    data.conversation("old", "hallo", now - dt.timedelta(days=400), sub="anna")
    data.conversation("recent", "hallo", now - dt.timedelta(days=10), sub="bob")
    data.ticket("old", sub="anna", at=now - dt.timedelta(days=400))
    data.close()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT_DIR),
        "BOT_TRACKER_DB_URL": data.tracker_url,
        "BOT_DB_URL": f"sqlite:///{tmp_path / 'bolt.db'}",
        "BOT_RETENTION_DAYS": "365",
    }

    def run(*args):
        done = subprocess.run(
            [sys.executable, "-m", "bot", "privacy", "retention", *args],
            cwd=ROOT_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    dry = json.loads(run("--dry-run", "--json"))
    assert (dry["conversations"], dry["tickets"], dry["dry_run"]) == (1, 1, True)
    assert "verwijderd: 1 gesprek (3 gebeurtenissen); geanonimiseerd: 1 ticket (1 bericht)" in run()
    assert json.loads(run("--json"))["conversations"] == 0
    env["BOT_RETENTION_DAYS"] = "0"
    assert "BOT_RETENTION_DAYS=0" in run()

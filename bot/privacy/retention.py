"""Retention (BOT_RETENTION_DAYS, default 365; 0 keeps everything): conversations whose last event is
older are deleted from the tracker database, and closed or resolved tickets without activity since
then are anonymised (bot.privacy.ticket_anonymiser: kept for the figures, nothing personal left).

A conversation with an open ticket is kept, whatever its age (the agent still needs it). Kept message
replies older than the cutoff are deleted, older answer feedback loses the user's sub (bot.privacy.related).

The Rasa server runs the job (`retention_check_job`, with its other jobs in bot/jobs.py): it checks a
minute after start, then every
BOT_RETENTION_CHECK_INTERVAL seconds (default 3600), and runs when the last run, by any instance, is
a day ago. With BOT_REDIS_URL only the instance that leads the job checks (bot.cluster.leadership);
the guarantee itself is the database's: a lock only one process holds and the time of the last run
(bot.privacy.job_lock), so it holds without Redis too.
`python -m bot privacy retention [--dry-run]` runs it at once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from bot import settings
from bot.db.models import utcnow
from bot.db.session import Database
from bot.privacy import conversations, related, ticket_anonymiser

if TYPE_CHECKING:
    from bot.jobs import Job
from bot.privacy.job_lock import run_if_due

logger = logging.getLogger(__name__)
JOB_NAME = "privacy-retention"
JOB_INTERVAL = dt.timedelta(days=1)
FIRST_CHECK_SECONDS = 60.0


def retention_days() -> int:
    """BOT_RETENTION_DAYS: days conversations and transcripts are kept; 0 = keep forever."""
    return settings.current().retention_days


def check_seconds() -> float:
    """BOT_RETENTION_CHECK_INTERVAL: seconds between checks whether the daily run is due (at least 1)."""
    return settings.current().retention_check_interval


@dataclass(frozen=True)
class RetentionReport:
    days: int
    cutoff: dt.datetime | None
    conversations: int = 0
    events: int = 0
    tickets: int = 0
    messages: int = 0
    dry_run: bool = False

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["cutoff"] = self.cutoff.isoformat() + "Z" if self.cutoff else None
        return data


def apply_retention(
    tracker: sa.engine.Engine, db: Database, days: int, now: dt.datetime, dry_run: bool = False
) -> RetentionReport:
    """Deletes conversations and anonymises tickets older than `days` before `now` (naive UTC)."""
    if days <= 0:
        return RetentionReport(days, None, dry_run=dry_run)
    cutoff = now - dt.timedelta(days=days)
    cutoff_timestamp = cutoff.replace(tzinfo=dt.timezone.utc).timestamp()
    stale = conversations.stale_conversations(tracker, cutoff_timestamp) - ticket_anonymiser.open_conversations(db)
    expired = ticket_anonymiser.expired_tickets(db, cutoff)
    if dry_run:
        return RetentionReport(
            days,
            cutoff,
            len(stale),
            conversations.count_events(tracker, stale),
            len(expired),
            ticket_anonymiser.count_messages(db, expired),
            dry_run=True,
        )
    deleted = conversations.delete_conversations(tracker, stale)
    anonymised = ticket_anonymiser.anonymise(db, expired, "retention", now)
    related.expire(db, cutoff)
    return RetentionReport(
        days, cutoff, deleted["conversations"], deleted["events"], anonymised["tickets"], anonymised["messages"]
    )


def run_scheduled(
    tracker: sa.engine.Engine, db: Database, now: dt.datetime | None = None, days: int | None = None
) -> RetentionReport | None:
    """The daily run: once across instances (lock + last run); None when not due or run elsewhere."""
    days = retention_days() if days is None else days
    if days <= 0:
        return None
    now = now or utcnow()
    return run_if_due(tracker, JOB_NAME, JOB_INTERVAL, now, lambda: apply_retention(tracker, db, days, now))


def _scheduled_run() -> RetentionReport | None:
    from bot.db.session import database
    from bot.privacy.engines import engine_for

    return run_scheduled(engine_for(settings.tracker_db_url()), database())


def retention_check_job(
    run: Callable[[], RetentionReport | None] = _scheduled_run, interval: float | None = None
) -> Job:
    """The Rasa server's retention check (bot/jobs.py): every `interval` seconds
    (BOT_RETENTION_CHECK_INTERVAL), the first soon after start, `run` in a worker thread; a failure is
    logged by the job's loop and the next check retries."""
    from bot.jobs import Job

    interval = check_seconds() if interval is None else interval

    async def check() -> None:
        report = await asyncio.to_thread(run)
        if report is not None:
            logger.info("retention: %s", report.as_dict())

    # first check soon after start: a server restarted often still checks
    return Job(JOB_NAME, interval, check, lead_ttl=3 * interval, first_delay=min(interval, FIRST_CHECK_SECONDS))


async def retention_job(
    run: Callable[[], RetentionReport | None] = _scheduled_run, interval: float | None = None
) -> None:
    """The retention check's loop on its own (the server runs it with its other jobs, bot/jobs.py)."""
    from bot.jobs import run_job

    await run_job(retention_check_job(run, interval))

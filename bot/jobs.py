"""The Rasa server's background jobs, registered in one place (`server_jobs`) and run by `Jobs`.

Each job is a loop: wait `interval` seconds (`first_delay` the first time), ask whether this instance
leads the job (bot.cluster.leadership: one instance at a time with BOT_REDIS_URL, always without),
then do one run. A run that raises is logged and the loop goes on: the next round retries. A job that
keeps state while it leads (the queue watch's last positions) is told when it does not lead, so it
starts afresh when it takes over.

Which instance runs a round is decided by one mechanism, bot.cluster.leadership. A job that must run
at most once per period whatever the instances and restarts (the daily retention) also records its
runs in the database (bot.privacy.job_lock.run_if_due: a lock and the time of the last run); that
answers another question, whether the run is due, and holds without Redis.

`Jobs.start()` starts every loop on the running event loop (the runtime's `before_server_start`
listener, bot.runtime); `await Jobs.stop()` cancels them and waits until each has ended (its
`before_server_stop` listener), so nothing is left pending when the server stops.

| job | interval | what one run does |
|---|---|---|
| queue-watch | 1 s | tell consoles when the open tickets change, and waiting users their new place |
| escalation | BOT_ESCALATION_INTERVAL (30 s) | escalate Premier+ tickets past their first-response time |
| inactive-chats | BOT_INACTIVITY_INTERVAL (15 s) | 'Bent u er nog?' in silent live chats, later close them |
| retention | BOT_RETENTION_CHECK_INTERVAL (3600 s, first after a minute) | the daily retention run when due |
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot import settings
from bot.cluster.leadership import leads

if TYPE_CHECKING:
    from bot.handoff.relay import HandoffRelay

logger = logging.getLogger(__name__)
Leads = Callable[[str, float], Awaitable[bool]]


@dataclass(frozen=True)
class Job:
    name: str  # also the job's leadership key
    interval: float  # seconds between runs
    run: Callable[[], Awaitable[Any]]  # one run
    lead_ttl: float  # how long a lead lasts without renewal (an instance that died hands over after it)
    first_delay: float | None = None  # before the first run (default: interval)
    not_leading: Callable[[], None] | None = None  # called each round another instance leads


async def run_job(job: Job, lead: Leads = leads) -> None:
    """The job's loop, until cancelled: one failing run is logged, the next round retries."""
    delay = job.interval if job.first_delay is None else job.first_delay
    while True:
        await asyncio.sleep(delay)
        delay = job.interval
        try:
            leading = await lead(job.name, job.lead_ttl)
        except Exception:
            logger.exception("job %s: leadership not known, not run this round", job.name)
            continue
        if not leading:
            if job.not_leading is not None:
                job.not_leading()
            continue
        try:
            await job.run()
        except Exception:  # keep the job alive; the next round retries
            logger.exception("job %s failed", job.name)


class Jobs:
    """The loops of a set of jobs: started together, stopped together (cancelled and awaited)."""

    def __init__(self, jobs: Sequence[Job], lead: Leads = leads) -> None:
        self.jobs = list(jobs)
        self._lead = lead
        self._tasks: list[asyncio.Task] = []

    @property
    def names(self) -> list[str]:
        return [job.name for job in self.jobs]

    @property
    def running(self) -> bool:
        return any(not task.done() for task in self._tasks)

    def start(self) -> None:
        if self._tasks:
            raise RuntimeError("jobs already started")
        loop = asyncio.get_running_loop()
        self._tasks = [loop.create_task(run_job(job, self._lead), name=f"job:{job.name}") for job in self.jobs]

    async def stop(self) -> None:
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task, result in zip(tasks, await asyncio.gather(*tasks, return_exceptions=True), strict=True):
            if isinstance(result, Exception):
                logger.error("job %s ended with %r", task.get_name(), result)


# ---------------------------------------------------------------------------- the server's jobs


def escalation_interval() -> float:
    return settings.current().escalation_interval


def inactivity_interval() -> float:
    return settings.current().inactivity_interval


class QueueWatch:
    """Tickets are created by the action server: tell consoles when the open set changes, and waiting
    users when their place in the queue changes (bot/handoff/waiting.py). Only the leading instance
    watches, so nobody is told twice; it starts afresh when it takes over."""

    interval = 1.0

    def __init__(self, relay: HandoffRelay) -> None:
        self.relay = relay
        self.reset()

    def reset(self) -> None:
        from bot.handoff.waiting import PositionWatch

        self.last: Any = None
        self.positions = PositionWatch()

    async def run(self) -> None:
        version = await asyncio.to_thread(self.relay.tickets.queue_version)
        if version == self.last:
            return
        self.last = version
        self.relay.publish({"type": "queue"})
        try:
            await self.positions.check(self.relay.tickets, self.relay.push_to_user)
        except Exception:
            logger.exception("queue positions not told")


def escalation(relay: HandoffRelay) -> Job:
    async def run() -> None:
        if await asyncio.to_thread(relay.tickets.escalate_overdue):
            relay.publish({"type": "queue"})

    interval = escalation_interval()
    return Job("escalation", interval, run, lead_ttl=3 * interval)


def queue_watch(relay: HandoffRelay) -> Job:
    watch = QueueWatch(relay)
    return Job("queue-watch", QueueWatch.interval, watch.run, lead_ttl=3, not_leading=watch.reset)


def inactive_chats(relay: HandoffRelay) -> Job:
    """Silent live chats: 'Bent u er nog?', later closed (bot/handoff/inactive_chats.py)."""
    from bot.handoff import inactive_chats as chats

    async def run() -> None:
        await chats.run_once(relay)

    interval = inactivity_interval()
    return Job("inactive-chats", interval, run, lead_ttl=3 * interval)


def retention() -> Job:
    """Daily, once across instances (bot/privacy/retention.py)."""
    from bot.privacy import retention as privacy_retention

    return privacy_retention.retention_check_job()


def server_jobs(relay: HandoffRelay) -> list[Job]:
    """Every background job of the Rasa server."""
    return [escalation(relay), retention(), queue_watch(relay), inactive_chats(relay)]

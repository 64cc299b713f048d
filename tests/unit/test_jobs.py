"""The server's background jobs (bot/jobs.py): each loop survives a failing run, runs only while this
instance leads the job, and stops cleanly (cancelled and awaited, nothing left pending)."""

import asyncio
import logging

import pytest

from bot.jobs import Job, Jobs, QueueWatch, run_job, server_jobs


async def always(_name, _ttl):
    return True


async def within(seconds, event):
    await asyncio.wait_for(event.wait(), seconds)


async def test_a_failing_run_is_logged_and_the_loop_goes_on(caplog):
    runs, third = [], asyncio.Event()

    async def run():
        runs.append(len(runs))
        if len(runs) == 1:
            raise RuntimeError("database away")
        if len(runs) == 3:
            third.set()

    task = asyncio.create_task(run_job(Job("flaky", 0.001, run, lead_ttl=1), always))
    try:
        with caplog.at_level(logging.ERROR, logger="bot.jobs"):
            await within(30, third)
    finally:
        task.cancel()
    assert runs[:3] == [0, 1, 2]
    assert any("job flaky failed" in r.getMessage() and r.exc_info for r in caplog.records)


async def test_a_job_runs_only_while_this_instance_leads_it():
    asked, runs, afresh, ran = [], [], [], asyncio.Event()

    async def lead(name, ttl):
        asked.append((name, ttl))
        return len(asked) > 2  # another instance leads the first two rounds

    async def run():
        runs.append(len(asked))
        ran.set()

    job = Job("watch", 0.001, run, lead_ttl=7, not_leading=lambda: afresh.append(len(asked)))
    task = asyncio.create_task(run_job(job, lead))
    try:
        await within(30, ran)
    finally:
        task.cancel()
    assert afresh == [1, 2] and runs[0] == 3
    assert asked[0] == ("watch", 7)


async def test_a_failing_leadership_check_skips_the_round_only():
    calls, ran = [], asyncio.Event()

    async def lead(name, ttl):
        calls.append(name)
        if len(calls) == 1:
            raise ConnectionError("redis away")
        return True

    async def run():
        ran.set()

    task = asyncio.create_task(run_job(Job("j", 0.001, run, lead_ttl=1), lead))
    try:
        await within(30, ran)
    finally:
        task.cancel()
    assert len(calls) >= 2


async def test_stop_cancels_and_awaits_every_loop():
    started = asyncio.Event()

    async def run():
        started.set()

    jobs = Jobs([Job("a", 0.001, run, lead_ttl=1), Job("b", 3600, run, lead_ttl=1)], always)
    jobs.start()
    tasks = list(jobs._tasks)
    await within(30, started)
    assert jobs.running
    await jobs.stop()
    assert all(t.done() for t in tasks) and not jobs.running
    assert asyncio.all_tasks() == {asyncio.current_task()}  # nothing of the jobs left pending


async def test_jobs_cannot_be_started_twice():
    jobs = Jobs([Job("a", 3600, lambda: None, lead_ttl=1)], always)
    jobs.start()
    try:
        with pytest.raises(RuntimeError):
            jobs.start()
    finally:
        await jobs.stop()


class FakeTickets:
    def __init__(self):
        self.version = 1

    def queue_version(self):
        return self.version


class FakeRelay:
    def __init__(self):
        self.tickets, self.published, self.push_to_user = FakeTickets(), [], None

    def publish(self, event):
        self.published.append(event)


async def test_the_queue_watch_tells_consoles_once_per_change_and_afresh_after_another_led(monkeypatch):
    told = []

    async def check(self, tickets, push):
        told.append(tickets.version)

    monkeypatch.setattr("bot.handoff.waiting.PositionWatch.check", check)
    relay = FakeRelay()
    watch = QueueWatch(relay)
    await watch.run()
    await watch.run()
    relay.tickets.version = 2
    await watch.run()
    assert relay.published == [{"type": "queue"}] * 2 and told == [1, 2]
    watch.reset()  # another instance led meanwhile: it tells again on taking over
    await watch.run()
    assert len(relay.published) == 3


def test_every_server_job_is_registered_in_one_place(monkeypatch):
    monkeypatch.setenv("BOT_ESCALATION_INTERVAL", "5")
    monkeypatch.setenv("BOT_INACTIVITY_INTERVAL", "4")
    jobs = {job.name: job for job in server_jobs(FakeRelay())}
    assert set(jobs) == {"escalation", "queue-watch", "inactive-chats", "privacy-retention"}
    assert (jobs["escalation"].interval, jobs["escalation"].lead_ttl) == (5, 15)
    assert (jobs["inactive-chats"].interval, jobs["inactive-chats"].lead_ttl) == (4, 12)
    assert (jobs["queue-watch"].interval, jobs["queue-watch"].lead_ttl) == (1, 3)
    assert jobs["privacy-retention"].first_delay <= jobs["privacy-retention"].interval

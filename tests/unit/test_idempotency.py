"""Issue 15.4: a message id is processed once; retries get the stored reply, wait for a pending first
attempt, take over a claim whose instance died; apologies are not kept; old rows expire. On SQLite and
on PostgreSQL (two stores on one database stand for two instances)."""

import asyncio
import dataclasses
import datetime as dt

import pytest

from bot.channels import message_guard, overload
from bot.channels.idempotency import MessageReplies, Reply, StillProcessing
from bot.channels.validation import InputError, validate_message_id, validate_payload
from bot.db.models import MessageReply
from bot.dialogue.action_outage import APOLOGY
from tests.handoff_fixtures import FakeClock, db  # noqa: F401  (fixture: a migrated database on both backends)

START = dt.datetime(2026, 11, 27, 10, 0, 0)


def Clock():  # noqa: N802  (reads as the clock it makes)
    return FakeClock(START)


def rows(db):
    with db.session() as s:
        return s.query(MessageReply).count()


def test_the_first_attempt_owns_the_message_and_a_retry_gets_its_reply(db):
    first, second = MessageReplies(db), MessageReplies(db)  # two instances
    claim = first.try_claim("conv", "m-1")
    assert claim.owner
    assert second.try_claim("conv", "m-1").pending  # being processed elsewhere
    assert first.complete("conv", "m-1", claim.owner, Reply([{"text": "Het nummer is +81 120427732."}], "bot"))
    again = second.try_claim("conv", "m-1")
    assert again.reply == Reply([{"text": "Het nummer is +81 120427732."}], "bot") and again.owner is None
    assert second.try_claim("other-conv", "m-1").owner  # ids are per conversation
    assert rows(db) == 2


def test_a_released_claim_is_processed_again(db):
    store = MessageReplies(db)
    claim = store.try_claim("conv", "m-2")
    store.release("conv", "m-2", claim.owner)
    assert store.try_claim("conv", "m-2").owner


def test_a_claim_older_than_the_lease_is_taken_over_and_the_old_owner_cannot_complete(db):
    clock = Clock()
    store = MessageReplies(db, lease=dt.timedelta(seconds=30), clock=clock)
    dead = store.try_claim("conv", "m-3")
    clock.now += dt.timedelta(seconds=10)
    assert store.try_claim("conv", "m-3").pending
    clock.now += dt.timedelta(seconds=25)
    taken = store.try_claim("conv", "m-3")
    assert taken.owner and taken.owner != dead.owner
    assert not store.complete("conv", "m-3", dead.owner, Reply([{"text": "laat"}]))
    assert store.complete("conv", "m-3", taken.owner, Reply([{"text": "op tijd"}]))
    assert store.try_claim("conv", "m-3").reply.messages == [{"text": "op tijd"}]


def test_rows_older_than_the_retention_are_deleted_when_new_ones_are_written(db):
    clock = Clock()
    store = MessageReplies(db, retention=dt.timedelta(days=7), clock=clock)
    old = store.try_claim("conv", "old")
    store.complete("conv", "old", old.owner, Reply([{"text": "oud"}]))
    clock.now += dt.timedelta(days=6)
    store.try_claim("conv", "recent")
    assert rows(db) == 2
    clock.now += dt.timedelta(days=1, minutes=1)
    store.try_claim("conv", "new")
    assert rows(db) == 2
    assert store.try_claim("conv", "old").owner  # gone: a very late retry is a new message


async def test_a_retry_waits_for_the_pending_first_attempt(db):
    first, second = MessageReplies(db), MessageReplies(db)
    claim = first.try_claim("conv", "m-4")
    waiting = asyncio.create_task(second.claim("conv", "m-4", wait_seconds=30))
    await asyncio.sleep(0)
    assert not waiting.done()
    await asyncio.to_thread(first.complete, "conv", "m-4", claim.owner, Reply([{"text": "klaar"}]))
    got = await asyncio.wait_for(waiting, 30)
    assert got.reply.messages == [{"text": "klaar"}]


async def test_a_retry_gives_up_waiting_after_the_wait(db):
    store = MessageReplies(db)
    store.try_claim("conv", "m-5")
    with pytest.raises(StillProcessing):
        await store.claim("conv", "m-5", wait_seconds=0)


# -- the message path (rate limit, gate, message id) ---------------------------------------------
@pytest.fixture
def path(db):
    """The message ids' store; `path.guard` is the runtime's guard around it (no rate limit, 4 slots)."""
    store, gate = MessageReplies(db), overload.FairGate(4, 30)
    store.guard = message_guard.MessageGuard(overload.RateLimiter(0, 10), gate, store)
    store.gate = gate
    return store


def answer(guard, message_id, process, sender="conv"):
    async def admit():
        return sender

    async def process_in(conversation_id):
        return await process()

    return message_guard.answer_once(sender, message_id, admit, process_in, guard)


async def until(condition, seconds=30):
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.01)


def counting_claims(store, monkeypatch):
    attempts, try_claim = [], store.try_claim

    def counted(*args):
        claim = try_claim(*args)
        attempts.append(claim)
        return claim

    monkeypatch.setattr(store, "try_claim", counted)
    return attempts


async def test_concurrent_identical_messages_are_processed_once(path):
    calls, finish = [], asyncio.Event()

    async def process():
        calls.append(1)
        await finish.wait()  # still processing while the retries arrive
        return [{"recipient_id": "conv", "text": "Het antwoord."}], "bot"

    tasks = [asyncio.create_task(answer(path.guard, "same-id", process)) for _ in range(5)]
    await until(lambda: path.gate.waiting == 4)  # the retries wait for the conversation's turn
    finish.set()
    outcomes = await asyncio.gather(*tasks)
    assert len(calls) == 1
    assert [o.messages for o in outcomes] == [[{"recipient_id": "conv", "text": "Het antwoord."}]] * 5
    assert sum(o.processed for o in outcomes) == 1 and sum(o.replayed for o in outcomes) == 4


async def test_a_retry_waits_without_a_slot_for_the_attempt_on_another_instance(path, db, monkeypatch):
    other = MessageReplies(db)  # the instance that got the message first
    first = other.try_claim("conv", "m-9")
    attempts = counting_claims(path, monkeypatch)

    async def process():
        raise AssertionError("processed twice")

    retry = asyncio.create_task(answer(path.guard, "m-9", process))
    await until(lambda: len(attempts) >= 2)
    assert path.gate.active == 0 and not retry.done()  # waiting, but holding no slot
    await asyncio.to_thread(other.complete, "conv", "m-9", first.owner, Reply([{"text": "Van de ander."}]))
    outcome = await asyncio.wait_for(retry, 30)
    assert outcome.replayed and outcome.messages == [{"text": "Van de ander."}]


async def test_when_the_other_attempt_gives_up_the_waiting_retry_processes_it(path, db, monkeypatch):
    other = MessageReplies(db)
    first = other.try_claim("conv", "m-10")
    attempts = counting_claims(path, monkeypatch)

    async def process():
        return [{"text": "Nu wel."}], "bot"

    retry = asyncio.create_task(answer(path.guard, "m-10", process))
    await until(lambda: len(attempts) >= 2)
    await asyncio.to_thread(other.release, "conv", "m-10", first.owner)
    outcome = await asyncio.wait_for(retry, 30)
    assert outcome.processed and outcome.messages == [{"text": "Nu wel."}]
    assert path.try_claim("conv", "m-10").reply.messages == [{"text": "Nu wel."}]
    assert path.gate.active == 0


async def test_an_apology_is_not_kept_so_the_retry_is_processed(path):
    replies = [[{"text": APOLOGY}], [{"text": "Het echte antwoord."}]]

    async def process():
        return replies.pop(0), "bot"

    assert (await answer(path.guard, "m-6", process)).messages == [{"text": APOLOGY}]
    assert (await answer(path.guard, "m-6", process)).messages == [{"text": "Het echte antwoord."}]
    assert (await answer(path.guard, "m-6", process)).replayed


async def test_a_failed_attempt_releases_the_id_and_the_slot(path):
    async def fails():
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        await answer(path.guard, "m-7", fails)
    assert path.try_claim("conv", "m-7").owner and path.gate.active == 0


async def test_busy_and_rate_limited_replies_are_dutch_with_retry_after(path, monkeypatch):
    gate = overload.FairGate(1, 0)
    path.guard = dataclasses.replace(path.guard, gate=gate)
    await gate.acquire("other")

    async def process():
        raise AssertionError("not processed")

    busy = await answer(path.guard, "m-8", process)
    assert busy.messages[0]["text"] == overload.BUSY and busy.retry_after == 60 and not busy.processed
    assert path.try_claim("conv", "m-8").owner  # a busy refusal keeps nothing for the id
    limiter = overload.RateLimiter(1, 10, lambda: 0.0)
    path.guard = dataclasses.replace(path.guard, rate_limiter=limiter)
    limiter.wait_seconds("conv")
    limited = await answer(path.guard, None, process)
    assert limited.messages[0]["text"] == overload.RATE_LIMITED and limited.retry_after == 10


def test_message_id_validation():
    assert validate_message_id(None) is None
    assert validate_message_id("0b5f6a2e-8c1d-4f57-9a53-3a8f1f0e7c11") == "0b5f6a2e-8c1d-4f57-9a53-3a8f1f0e7c11"
    for bad in ("", "x" * 129, "met spatie", 12, {"id": 1}, "a\nb", "ü"):
        with pytest.raises(InputError):
            validate_message_id(bad)
    assert validate_payload({"sender": "s", "message": "hoi", "message_id": "abc"}).message_id == "abc"
    with pytest.raises(InputError):
        validate_payload({"sender": "s", "message": "hoi", "message_id": "x" * 200})

"""Issue 15.5: the fair queue, the gate's bounded concurrency and wait, the per-sender token bucket.
Deterministic: an injected clock and an injected timer, no sleeps."""

import asyncio

import pytest

from bot.channels.overload import Busy, FairGate, FairQueue, RateLimiter


# -- FairQueue -----------------------------------------------------------------------------------
def test_round_robin_over_keys_so_a_chatty_key_cannot_starve_the_others():
    queue = FairQueue()
    for i in range(5):
        queue.push("chatty", f"c{i}")
    queue.push("a", "a0")
    queue.push("b", "b0")
    order = [queue.pop()[1] for _ in range(7)]
    assert order == ["c0", "a0", "b0", "c1", "c2", "c3", "c4"]
    assert queue.pop() is None and len(queue) == 0


def test_a_key_served_goes_to_the_back_behind_keys_that_arrived_meanwhile():
    queue = FairQueue()
    queue.push("x", 1)
    queue.push("x", 2)
    assert queue.pop() == ("x", 1)
    queue.push("y", 1)
    assert [queue.pop(), queue.pop()] == [("x", 2), ("y", 1)]


def test_pop_skips_keys_that_are_not_eligible_and_remove_takes_one_item():
    queue = FairQueue()
    queue.push("busy", 1)
    queue.push("free", 2)
    assert queue.pop(lambda key: key != "busy") == ("free", 2)
    assert queue.remove("busy", 1) and not queue.remove("busy", 1)
    assert len(queue) == 0


# -- FairGate ------------------------------------------------------------------------------------
class Timers:
    """An injected call_later: the test decides when a wait expires."""

    def __init__(self):
        self.pending = []

    def __call__(self, delay, callback):
        self.pending.append(callback)
        return self

    def cancel(self):
        pass

    def fire_all(self):
        for callback in self.pending:
            callback()
        self.pending = []


async def settle():
    for _ in range(5):
        await asyncio.sleep(0)  # let woken tasks run (no time passes)


async def test_at_most_limit_at_once_and_waiters_served_round_robin_per_conversation():
    gate = FairGate(limit=2, timeout=5, call_later=Timers())
    await gate.acquire("a")
    await gate.acquire("b")
    served = []

    async def message(conversation, label):
        await gate.acquire(conversation)
        served.append(label)

    tasks = [
        asyncio.create_task(message(c, label))
        for c, label in [("chatty", "c1"), ("chatty", "c2"), ("chatty", "c3"), ("d", "d1"), ("e", "e1")]
    ]
    await settle()
    assert served == [] and gate.active == 2 and gate.waiting == 5
    gate.release("a")
    gate.release("b")
    await settle()
    assert served == ["c1", "d1"]  # one message per conversation at a time
    gate.release("chatty")
    await settle()
    assert served == ["c1", "d1", "e1"]  # e before chatty's second message: chatty was just served
    gate.release("d")
    gate.release("e")
    await settle()
    assert served == ["c1", "d1", "e1", "c2"]
    gate.release("chatty")
    await settle()
    assert served[-1] == "c3"
    gate.release("chatty")
    await asyncio.gather(*tasks)
    assert gate.active == 0 and gate.waiting == 0


async def test_a_second_message_of_a_conversation_waits_even_with_free_slots():
    gate = FairGate(limit=4, timeout=0)
    await gate.acquire("same")
    with pytest.raises(Busy):
        await gate.acquire("same")
    await gate.acquire("other")
    assert gate.active == 2


async def test_a_wait_past_the_timeout_is_busy_and_leaves_the_queue():
    timers = Timers()
    gate = FairGate(limit=1, timeout=3, call_later=timers)
    await gate.acquire("a")
    waiter = asyncio.create_task(gate.acquire("b"))
    await settle()
    assert gate.waiting == 1
    timers.fire_all()
    with pytest.raises(Busy):
        await waiter
    assert gate.waiting == 0
    gate.release("a")
    assert gate.active == 0  # the expired waiter got no slot


async def test_a_waiter_that_goes_away_gives_its_place_or_slot_back():
    gate = FairGate(limit=1, timeout=3, call_later=Timers())
    await gate.acquire("a")
    waiter = asyncio.create_task(gate.acquire("b"))
    await settle()
    waiter.cancel()
    await settle()
    assert gate.waiting == 0
    gate.release("a")
    assert gate.active == 0


async def test_the_slot_context_releases_on_error():
    gate = FairGate(limit=1, timeout=0)
    with pytest.raises(RuntimeError):
        async with gate.slot("a"):
            raise RuntimeError("boom")
    async with gate.slot("b"):
        assert gate.active == 1
    assert gate.active == 0


# -- RateLimiter ---------------------------------------------------------------------------------
class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_token_bucket_allows_the_burst_then_refuses_until_a_token_is_back():
    clock = Clock()
    limiter = RateLimiter(10, 10.0, clock)
    assert [limiter.wait_seconds("s") for _ in range(10)] == [0.0] * 10
    assert limiter.wait_seconds("s") == pytest.approx(1.0)
    clock.now += 0.5
    assert limiter.wait_seconds("s") == pytest.approx(0.5)
    clock.now += 0.5
    assert limiter.wait_seconds("s") == 0.0
    assert limiter.wait_seconds("s") > 0


def test_senders_have_their_own_buckets():
    limiter = RateLimiter(2, 10.0, Clock())
    assert limiter.wait_seconds("a") == 0 and limiter.wait_seconds("a") == 0
    assert limiter.wait_seconds("a") > 0
    assert limiter.wait_seconds("b") == 0


def test_refill_never_exceeds_the_capacity():
    clock = Clock()
    limiter = RateLimiter(3, 3.0, clock)
    limiter.wait_seconds("s")
    clock.now += 3600
    assert [limiter.wait_seconds("s") for _ in range(4)][:3] == [0.0, 0.0, 0.0]
    assert limiter.wait_seconds("s") > 0


def test_zero_messages_switches_the_limit_off_and_full_buckets_are_forgotten():
    off = RateLimiter(0, 10.0, Clock())
    assert all(off.wait_seconds("s") == 0 for _ in range(100))
    clock = Clock()
    limiter = RateLimiter(5, 1.0, clock)
    limiter.PRUNE_EVERY = 3
    limiter.wait_seconds("gone")
    clock.now += 10
    limiter.wait_seconds("x")
    limiter.wait_seconds("y")  # third call prunes: "gone" is full again
    assert len(limiter) == 2

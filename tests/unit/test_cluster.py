"""Several instances as one (bot/cluster): conversation locks, console events, presence and job
leadership, each tested with two 'instances' (two objects with their own state, or two instance ids)
on the real Redis server, under a key prefix of their own."""

import asyncio
import threading
import time
import uuid

import pytest

from bot import settings
from bot.cluster import config, leadership
from bot.cluster.events_bus import LocalBus, RedisBus, events_bus
from bot.cluster.lock_store import ClusterLockStore
from bot.cluster.presence import LocalPresence, RedisPresence
from tests.databases import REDIS_URL, require_redis


def setenv(monkeypatch, name, value):
    """Sets (None: removes) a BOT_* variable for this test; settings read the environment again after it."""
    if value is None:
        monkeypatch.delenv(name, raising=False)
    else:
        monkeypatch.setenv(name, value)
    if hasattr(settings, "reset"):  # settings kept once per process (issue 17.5)
        settings.reset()


@pytest.fixture
def redis_env(monkeypatch):
    """Two 'instances' on the real Redis (the tests that use it are marked redis; the others need none)."""
    require_redis()
    prefix = f"t{uuid.uuid4().hex[:10]}"
    setenv(monkeypatch, "BOT_REDIS_URL", REDIS_URL)
    setenv(monkeypatch, "BOT_REDIS_PREFIX", prefix)
    yield prefix
    import redis

    red = redis.Redis.from_url(REDIS_URL)
    for key in red.scan_iter(f"{prefix}:*"):
        red.delete(key)


async def wait_for(condition, timeout, step=0.05):
    """Polls an async or plain condition until it holds; False at the deadline."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return True
        await asyncio.sleep(step)
    return False


# -- conversation locks ---------------------------------------------------------------------------
def test_without_redis_the_locks_stay_in_the_process(monkeypatch):
    setenv(monkeypatch, "BOT_REDIS_URL", None)
    assert not ClusterLockStore().shared


@pytest.mark.redis
async def test_a_lock_held_on_one_instance_makes_the_other_wait_past_the_lifetime(redis_env):
    first, second = ClusterLockStore(lifetime=0.6, wait=0.05), ClusterLockStore(lifetime=0.6, wait=0.05)
    order = []
    release = asyncio.Event()

    async def slow_holder():
        async with first.lock("c1"):
            order.append("first in")
            await release.wait()  # a slow message: longer than the lifetime, the ticket is renewed
            order.append("first out")

    async def next_message():
        async with second.lock("c1"):
            order.append("second in")

    looks = []  # when the second instance looked at the lock
    get_lock = second.get_lock

    def looking(conversation_id):
        lock = get_lock(conversation_id)
        looks.append(time.time())
        return lock

    second.get_lock = looking
    holder = asyncio.create_task(slow_holder())
    assert await wait_for(lambda: order == ["first in"], 5)
    expired = time.time() + 3 * 0.6  # a fixed 0.6 s ticket (taken before now) would have expired by then
    waiter = asyncio.create_task(next_message())
    # the barrier: the waiter got in, or it looked at the lock after that. A look that finds its turn lets
    # it in at once (no await between the look and "second in"): still out means the ticket was renewed
    assert await wait_for(lambda: "second in" in order or (looks and looks[-1] > expired), 10)
    assert "second in" not in order
    release.set()
    await asyncio.wait_for(asyncio.gather(holder, waiter), 5)
    assert order == ["first in", "first out", "second in"]
    first.close(), second.close()


@pytest.mark.redis
async def test_a_killed_instances_lock_expires_and_the_conversation_goes_on(redis_env):
    killed, survivor = ClusterLockStore(lifetime=0.6, wait=0.05), ClusterLockStore(lifetime=0.6, wait=0.05)
    killed.issue_ticket("c2")  # took the lock ...
    assert [t.number for t in killed.get_lock("c2").tickets] == [0]
    killed.close()  # ... and died: nobody renews or releases it

    async def after_the_crash():
        async with survivor.lock("c2") as lock:
            return lock.now_serving

    assert await asyncio.wait_for(after_the_crash(), 10) == 1
    assert survivor.get_lock("c2") is None  # released: nothing left behind
    survivor.close()


@pytest.mark.redis
def test_tickets_taken_at_once_on_two_instances_are_never_the_same(redis_env):
    stores = [ClusterLockStore(lifetime=30), ClusterLockStore(lifetime=30)]
    numbers, barrier = [], threading.Barrier(8)

    def take(store):
        barrier.wait()
        for _ in range(10):
            numbers.append(store.issue_ticket("c3"))

    threads = [threading.Thread(target=take, args=(stores[i % 2],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(numbers) == list(range(80))
    assert len(stores[0].get_lock("c3").tickets) == 80
    for s in stores:
        s.close()


# -- console events ---------------------------------------------------------------------------------
def test_without_redis_events_stay_in_the_process(monkeypatch):
    setenv(monkeypatch, "BOT_REDIS_URL", None)
    assert type(events_bus()) is LocalBus


@pytest.mark.redis
async def test_an_event_published_on_one_instance_reaches_the_consoles_of_the_other(redis_env):
    publisher, listener = RedisBus(), RedisBus()  # two processes' buses
    queue = listener.subscribe()
    await listener.ready()
    for n in range(3):
        publisher.publish({"type": "message", "ticket": 7, "id": n, "text": f"bericht {n}"})
    got = [await asyncio.wait_for(queue.get(), 5) for _ in range(3)]
    assert [e["id"] for e in got] == [0, 1, 2] and got[0]["text"] == "bericht 0"


@pytest.mark.redis
async def test_another_deployments_events_are_not_seen(redis_env, monkeypatch):
    listener = RedisBus()
    queue = listener.subscribe()
    await listener.ready()
    setenv(monkeypatch, "BOT_REDIS_PREFIX", redis_env + "x")
    other = RedisBus()
    other.publish({"type": "queue"})
    setenv(monkeypatch, "BOT_REDIS_PREFIX", redis_env)
    RedisBus().publish({"type": "message", "id": 1})
    assert (await asyncio.wait_for(queue.get(), 5))["type"] == "message"


@pytest.mark.redis
async def test_a_closed_bus_ends_its_loops_and_then_delivers_here_only(redis_env):
    bus, other = RedisBus(), RedisBus()
    here, there = bus.subscribe(), other.subscribe()
    await bus.ready()
    await other.ready()
    bus.publish({"type": "queue", "n": 1})
    assert (await asyncio.wait_for(there.get(), 5))["n"] == 1
    assert (await asyncio.wait_for(here.get(), 5))["n"] == 1
    loops = bus._tasks
    assert bus.running and len(loops) == 2
    await bus.close()
    assert not bus.running and all(task.done() for task in loops)  # cancelled and awaited
    bus.publish({"type": "queue", "n": 2})  # a request finishing while the server stops: this process only
    assert here.get_nowait()["n"] == 2  # delivered at once, not through Redis
    assert not bus.running  # and no loop started again that could send it
    await other.close()


# -- presence -----------------------------------------------------------------------------------------
@pytest.mark.redis
async def test_a_user_connected_on_one_instance_is_seen_from_the_other(redis_env):
    instance_a, instance_b = RedisPresence(lambda c: False), RedisPresence(lambda c: False)
    assert not await instance_b.connected("conv-1")
    await instance_a.enter("conv-1", "sid-1")
    assert await instance_b.connected("conv-1")
    await instance_a.leave("conv-1", "sid-1")
    assert not await instance_b.connected("conv-1")


@pytest.mark.redis
async def test_closing_the_presence_ends_its_renewer(redis_env):
    presence = RedisPresence(lambda c: False)
    await presence.enter("conv-4", "sid-4")
    renewer = presence._renewer
    assert renewer is not None and not renewer.done()
    await presence.close()
    assert renewer.done() and presence._renewer is None
    await presence.enter("conv-4", "sid-5")  # a join while the server stops: recorded, no new renewer
    assert presence._renewer is None
    assert await RedisPresence(lambda c: False).connected("conv-4")


async def test_without_redis_presence_is_the_local_room():
    rooms = {"conv-2"}
    local = LocalPresence(lambda c: c in rooms)
    assert await local.connected("conv-2") and not await local.connected("conv-3")


# -- jobs once ------------------------------------------------------------------------------------------
@pytest.mark.redis
async def test_one_instance_leads_a_job_until_it_stops_asking(redis_env, monkeypatch):
    monkeypatch.setattr(config, "_INSTANCE", "instance-a")
    assert await leadership.leads("escalation", 0.5)
    monkeypatch.setattr(config, "_INSTANCE", "instance-b")
    assert not await leadership.leads("escalation", 0.5)
    monkeypatch.setattr(config, "_INSTANCE", "instance-a")
    assert await leadership.leads("escalation", 0.5)  # the leader asks again: still leads
    monkeypatch.setattr(config, "_INSTANCE", "instance-b")
    assert await wait_for(lambda: leadership.leads("escalation", 0.5), 5)  # a dead leader's key expires
    monkeypatch.setattr(config, "_INSTANCE", "instance-a")
    assert not await leadership.leads("escalation", 0.5)


async def test_without_redis_every_job_runs_here(monkeypatch):
    setenv(monkeypatch, "BOT_REDIS_URL", None)
    assert await leadership.leads("escalation", 1)

"""Issue 15.4: a message id's claim is renewed while its message is processed, so a short lease
(BOT_MESSAGE_ID_LEASE_SECONDS, default 6) lets a killed instance's messages be retried within
seconds without ever taking a live slow one over (it would be processed twice)."""

import asyncio
import datetime as dt
import time

from bot.channels import message_guard, overload
from bot.channels.idempotency import MessageReplies
from bot.settings import Settings
from tests.handoff_fixtures import FakeClock, db  # noqa: F401  (fixture: a migrated database on both backends)

START = dt.datetime(2026, 11, 27, 10, 0, 0)


def Clock():  # noqa: N802  (reads as the clock it makes)
    return FakeClock(START)


def test_the_default_lease_is_the_settings_few_seconds(db):
    store, defaults = MessageReplies(db), Settings()
    assert store.lease == dt.timedelta(seconds=defaults.message_id_lease_seconds)
    assert store.lease <= dt.timedelta(seconds=10)
    assert store.retention == dt.timedelta(days=defaults.message_id_retention_days)


def test_a_renewed_claim_is_not_taken_over_and_a_lapsed_one_is(db):
    clock = Clock()
    live, retry = (MessageReplies(db, lease=dt.timedelta(seconds=6), clock=clock) for _ in range(2))
    claim = live.try_claim("conv", "m-1")
    clock.now += dt.timedelta(seconds=5)
    assert live.renew("conv", "m-1", claim.owner)
    clock.now += dt.timedelta(seconds=5)  # 10 s after the claim, 5 after the renewal
    assert retry.try_claim("conv", "m-1").pending
    clock.now += dt.timedelta(seconds=2)  # the owner stopped renewing (killed)
    taken = retry.try_claim("conv", "m-1")
    assert taken.owner and taken.owner != claim.owner
    assert not live.renew("conv", "m-1", claim.owner)  # the old owner has lost it


async def test_a_slow_message_keeps_its_claim_for_many_leases(db, monkeypatch):
    store, other_instance = (MessageReplies(db, lease=dt.timedelta(seconds=0.3)) for _ in range(2))
    guard = message_guard.MessageGuard(overload.RateLimiter(0, 10), overload.FairGate(4, 0), store)
    finish = asyncio.Event()

    async def admit():
        return "conv"

    async def slow(conversation_id):
        await finish.wait()
        return [{"text": "Het nummer is +81 120427732."}], "bot"

    first = asyncio.create_task(message_guard.answer_once("conv", "m-2", admit, slow, guard))
    started = time.monotonic()
    while time.monotonic() - started < 1.5:  # five leases
        await asyncio.sleep(0.05)
        assert (await asyncio.to_thread(other_instance.try_claim, "conv", "m-2")).pending
    finish.set()
    assert (await first).processed
    assert (
        (await asyncio.to_thread(other_instance.try_claim, "conv", "m-2"))
        .reply.messages[0]["text"]
        .startswith("Het nummer")
    )


# -- a taken-over message whose turn the dead instance had stored ---------------------------------
def test_the_reply_after_a_message_id_is_read_from_the_tracker_events():
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

    from bot.cluster.answered import reply_after

    events = [
        UserUttered("hallo", message_id="m-0"),
        BotUttered("Hallo! Waarmee kan ik helpen?"),
        UserUttered("telefoonnummer japan", message_id="m-1"),
        ActionExecuted("action_answer"),
        BotUttered("Het nummer is +81 120427732.", {"buttons": [{"title": "Meer", "payload": "/meer"}]}),
        ActionExecuted("action_listen"),
        UserUttered("dank u", message_id="m-2"),
    ]
    assert reply_after(events, "conv", "m-1") == [
        {
            "recipient_id": "conv",
            "text": "Het nummer is +81 120427732.",
            "buttons": [{"title": "Meer", "payload": "/meer"}],
        }
    ]
    assert reply_after(events, "conv", "m-2") == []
    assert reply_after(events, "conv", "m-9") is None


async def test_a_taken_over_message_already_in_the_tracker_is_not_processed_again(db, monkeypatch):
    from bot.cluster import answered

    clock = Clock()
    store = MessageReplies(db, lease=dt.timedelta(seconds=6), clock=clock)
    guard = message_guard.MessageGuard(overload.RateLimiter(0, 10), overload.FairGate(4, 0), store)
    in_tracker = {"m-3": [{"recipient_id": "conv", "text": "Het nummer is +81 120427732."}]}

    async def answered_before(conversation_id, message_id):
        return in_tracker.get(message_id)

    monkeypatch.setattr(answered, "answered_before", answered_before)
    processed = []

    async def admit():
        return "conv"

    async def process(conversation_id):
        processed.append(1)
        return [{"text": "opnieuw verwerkt"}], "bot"

    for message_id in ("m-3", "m-4"):  # both claimed by an instance that died
        assert store.try_claim("conv", message_id).owner
    clock.now += dt.timedelta(seconds=7)  # nobody renewed them: lapsed

    outcome = await message_guard.answer_once("conv", "m-3", admit, process, guard)  # its turn is in the tracker
    assert outcome.replayed and outcome.messages[0]["text"].startswith("Het nummer") and processed == []
    assert (await message_guard.answer_once("conv", "m-3", admit, process, guard)).replayed and processed == []
    outcome = await message_guard.answer_once(
        "conv", "m-4", admit, process, guard
    )  # died before storing: processed now
    assert outcome.processed and processed == [1]

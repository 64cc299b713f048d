"""The way every user message of the REST and socket.io channels takes to the bot (issue 15.4, 15.5):

1. the sender's rate limit (bot.channels.overload): past it, RATE_LIMITED at once;
2. a slot of the instance's fair gate, keyed by the sender: no slot within the queue timeout gives BUSY.
   Everything that costs is inside it (the conversation's admission, the message id, the bot), so the
   gate is the only queue: waiting requests do not crowd the database threads;
3. the message id, when the client sent one (bot.channels.idempotency): a retry gets the stored reply
   again and is not processed a second time. When another instance is processing the same message,
   the slot is given back while waiting for that reply;
4. the bot (or the agent); the reply is kept for the message id, unless it is an apology.

A refusal is a reply too (HTTP 200 with the Dutch text, `retry_after` for the Retry-After header):
never silence.

The rate limiter, the gate and the message ids' store are the runtime's (`MessageGuard`, built when the
server starts, bot/runtime.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.answers import apologies
from bot.channels import idempotency, overload
from bot.db.session import Database

logger = logging.getLogger(__name__)
APOLOGY_START = apologies.SOMETHING_WENT_WRONG.split(";")[
    0
]  # also the longer apologies that begin with it (form_outage)
STILL_PROCESSING = apologies.STILL_PROCESSING


@dataclass(frozen=True)
class MessageGuard:
    """What a user message passes on its way to the bot: one per runtime (bot/runtime.py)."""

    rate_limiter: overload.RateLimiter
    gate: overload.FairGate
    replies: idempotency.MessageReplies

    @classmethod
    def configured(cls, db: Database) -> MessageGuard:
        """As the settings say, the message ids kept in `db` (the tickets database)."""
        return cls(overload.configured_rate_limiter(), overload.configured_gate(), idempotency.configured_replies(db))


@dataclass(frozen=True)
class Outcome:
    messages: list[dict[str, Any]]  # what the user gets (already sent, for a processed socket.io message)
    routed_to: str | None = None  # "bot" | "agent" when processed or replayed
    processed: bool = False  # the message went to the bot or agent just now
    replayed: bool = False  # a retry: the stored reply of the first attempt
    retry_after: int | None = None  # seconds, for refusals


def is_apology(messages: list[dict[str, Any]]) -> bool:
    return any(str(m.get("text") or "").startswith(APOLOGY_START) for m in messages)


def _refusal(conversation_id: str, text: str, seconds: float) -> Outcome:
    return Outcome(
        [{"recipient_id": conversation_id, "text": text}], retry_after=int(overload.retry_after_header(seconds))
    )


Admit = Callable[[], Awaitable[str]]
ProcessIn = Callable[[str], Awaitable[tuple[list[dict[str, Any]], str]]]


@dataclass(frozen=True)
class _Owned:
    """A message id's claim this attempt owns: it completes it with the reply or releases it."""

    store: idempotency.MessageReplies
    conversation_id: str
    message_id: str
    owner: str


async def answer_once(
    sender: str, message_id: str | None, admit: Admit, process: ProcessIn, guard: MessageGuard
) -> Outcome:
    """`admit()` gives the conversation id (it may create the conversation); `process(conversation_id)`
    sends the message to the bot or agent and gives back (messages sent, where it went). `guard`: the
    runtime's rate limiter, gate and message ids."""
    wait = guard.rate_limiter.wait_seconds(sender)
    if wait > 0:
        return _refusal(sender, overload.RATE_LIMITED, wait)
    gate = guard.gate
    try:
        await gate.acquire(sender)
    except overload.Busy:
        return _refusal(sender, overload.BUSY, overload.BUSY_RETRY_AFTER_SECONDS)
    held = True
    owned: _Owned | None = None  # set when this attempt claimed the message id
    keeping: asyncio.Task | None = None  # renews the claim while the message is processed
    try:
        conversation_id = await admit()
        if message_id:
            store = guard.replies
            claim = await _claim(store, conversation_id, message_id, 0)
            if claim is not None and claim.pending:  # processed elsewhere: wait for it without a slot
                gate.release(sender)
                held = False
                claim = await _claim(store, conversation_id, message_id, None)
            if claim is not None and claim.reply is not None:
                return Outcome(claim.reply.messages, claim.reply.routed_to, replayed=True)
            if claim is not None and claim.owner:
                owned = _Owned(store, conversation_id, message_id, claim.owner)
                if claim.taken_over:  # its instance died: maybe after storing the turn
                    replayed = await _answered_before(owned)
                    if replayed is not None:
                        return replayed
            if not held:  # the other attempt gave up: this one processes the message
                await gate.acquire(sender)
                held = True
        if owned is not None:
            keeping = asyncio.create_task(_keep_claim(owned))
        messages, routed_to = await process(conversation_id)
    except idempotency.StillProcessing:
        return _refusal(sender, STILL_PROCESSING, 5)
    except overload.Busy:
        await _give_up(owned)
        return _refusal(sender, overload.BUSY, overload.BUSY_RETRY_AFTER_SECONDS)
    except BaseException:
        await _give_up(owned)
        raise
    finally:
        if keeping is not None:
            keeping.cancel()
        if held:
            gate.release(sender)
    if owned is not None:
        if is_apology(messages):
            await _give_up(owned)
        else:
            await _complete(owned, idempotency.Reply(messages, routed_to))
    return Outcome(messages, routed_to, processed=True)


async def _claim(
    store: idempotency.MessageReplies, conversation_id: str, message_id: str, wait: float | None
) -> idempotency.Claim | None:
    """The claim (a wait of 0: one attempt, PENDING when taken); None when the database fails (the message
    is then answered without the guarantee rather than not at all)."""
    try:
        if wait == 0:
            return await asyncio.to_thread(store.try_claim, conversation_id, message_id)
        return await store.claim(conversation_id, message_id, wait)
    except SQLAlchemyError:
        logger.warning("message ids unavailable (database error): processing without them", exc_info=True)
        return None


async def _complete(owned: _Owned, reply: idempotency.Reply) -> None:
    """Keeps the reply for the message id (a retry gets it again)."""
    try:
        await asyncio.to_thread(owned.store.complete, owned.conversation_id, owned.message_id, owned.owner, reply)
    except SQLAlchemyError:
        logger.warning("could not keep the reply of a message id", exc_info=True)


async def _answered_before(owned: _Owned) -> Outcome | None:
    """The reply of a taken-over message whose turn the dead instance had stored (bot/cluster/answered.py)."""
    from bot.cluster.answered import answered_before

    try:
        messages = await answered_before(owned.conversation_id, owned.message_id)
    except Exception:  # the tracker cannot be read: the turn is processed (and fails) as usual
        logger.warning("could not look for a taken-over message in the tracker", exc_info=True)
        return None
    if messages is None:
        return None
    await _complete(owned, idempotency.Reply(messages, "bot"))
    return Outcome(messages, "bot", replayed=True)


async def _keep_claim(owned: _Owned) -> None:
    """Renews the claim while the message is processed (a killed instance's lapses after the lease)."""
    while True:
        await asyncio.sleep(owned.store.lease.total_seconds() / 3)
        try:
            await asyncio.to_thread(owned.store.renew, owned.conversation_id, owned.message_id, owned.owner)
        except SQLAlchemyError:
            logger.warning("could not renew a message claim", exc_info=True)


async def _give_up(owned: _Owned | None) -> None:
    """Releases a claim this attempt owns (none: nothing to do), so the next attempt processes the message."""
    if owned is None:
        return
    try:
        await asyncio.shield(
            asyncio.to_thread(owned.store.release, owned.conversation_id, owned.message_id, owned.owner)
        )
    except (SQLAlchemyError, asyncio.CancelledError):
        logger.warning("could not release a message claim (it expires after the lease)", exc_info=True)

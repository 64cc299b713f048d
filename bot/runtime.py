"""What the Rasa server runs besides Rasa, built in one place: the tickets database, the ticket and
agent services, the hand-off relay, the console events bus, the background jobs, and what the channels
keep between requests: the conversation binder (bot/channels/binding.py), the message guard (rate limiter,
fair gate and message ids: bot/channels/message_guard.py), the feedback store and the privacy notice
ledger. They are built when the server starts, so a database that cannot be reached (or a tracker
database where the binder cannot create its table) stops the start, not the first user request.

`install(app)` (called by each Bolt-NL channel when Rasa registers it; idempotent) adds two listeners:
- `before_server_start`: refuses a tickets database that `python -m bot migrate` has not brought to
  head, builds the `Runtime`, keeps it on `app.ctx.bolt_runtime`, links the relay to the app (the
  tracker of a conversation: pause, resume, history) and starts the jobs (bot/jobs.py);
- `before_server_stop`: `Runtime.close()`: stops the jobs (cancelled and awaited), ends the console
  events bus's Redis loops, runs what the channels handed the app to close (`add_closer`: the socket.io
  channel's presence renewer and its Redis manager, the /health checks' engines), closes this loop's
  Redis client and disposes the runtime's database engines (tickets, binder, notice ledger). Nothing of
  Bolt-NL is left pending when the loop closes (python-engineio's own service and ping tasks are, with
  a user connected: it has no call to stop them).

Two threads are not the runtime's and stay daemon threads: the conversation lock store's renewer
(bot/cluster/lock_store.py) belongs to Rasa's lock store, which Rasa builds from endpoints.yml; it must
keep renewing the tickets of requests that finish while the server drains after this listener, and a
process that ends takes its tickets with it (they expire within the lock lifetime). The database
watchdog (bot/stores/watchdog.py) serves every engine of the process, Rasa's tracker store's too, and
only sleeps while no call is running.

Channels read the runtime from the app (`runtime_of(request.app)`); the socket.io channel hands its
push to a user's room to the app (`add_push_to_user`), which the listener gives the relay. The relay
is the process-wide one (`bot.handoff.relay.relay()`, the thin accessor the action server process and
the command line use).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot import settings
from bot.channels.binding import ConversationBinder
from bot.channels.message_guard import MessageGuard
from bot.cluster import aio_redis
from bot.cluster import config as cluster_config
from bot.cluster.events_bus import LocalBus
from bot.db.session import Database, require_migrated
from bot.feedback.store import FeedbackStore
from bot.handoff.agents import AgentService
from bot.handoff.relay import HandoffRelay, PushToUser, relay
from bot.handoff.tickets import TicketService
from bot.jobs import Job, Jobs, server_jobs
from bot.privacy.notice import NoticeLedger, ledger

logger = logging.getLogger(__name__)
CONTEXT_KEY = "bolt_runtime"
Close = Callable[[], Awaitable[None]]


@dataclass
class Runtime:
    database: Database
    tickets: TicketService
    agents: AgentService
    relay: HandoffRelay
    bus: LocalBus
    jobs: Jobs
    binder: ConversationBinder  # who a conversation belongs to (tracker database)
    guard: MessageGuard  # rate limiter, fair gate, message ids (tickets database)
    feedback: FeedbackStore  # thumbs and satisfaction scores (tickets database)
    notices: NoticeLedger  # conversations told about a redacted message (tracker database)
    closers: list[Close] = field(default_factory=list)  # what the channels built and handed the app to close

    async def close(self) -> None:
        """Stops everything the runtime started, on the running loop; one part failing does not keep
        the others open."""
        steps: list[tuple[str, Close]] = [("jobs", self.jobs.stop), ("console events", self.bus.close)]
        steps += [(getattr(close, "__qualname__", repr(close)), close) for close in self.closers]
        for name, step in steps:
            try:
                await step()
            except Exception:
                logger.exception("stopping %s failed", name)
        if cluster_config.redis_url():
            try:
                await aio_redis.close()
            except Exception:
                logger.exception("closing the Redis client failed")
        for engine in (self.database.engine, self.binder.engine, self.notices.engine):
            engine.dispose()  # a request still finishing opens a new connection; none is kept


def build_runtime(
    handoff: HandoffRelay | None = None, jobs: Callable[[HandoffRelay], list[Job]] | None = None
) -> Runtime:
    """The runtime on the configured tickets database (BOT_DB_URL), which must be migrated, and the
    tracker database (BOT_TRACKER_DB_URL)."""
    handoff = handoff or relay()
    db = handoff.tickets.db
    require_migrated(db.url, db.engine)
    return Runtime(
        database=db,
        tickets=handoff.tickets,
        agents=handoff.agents,
        relay=handoff,
        bus=handoff.bus,
        jobs=Jobs((jobs or server_jobs)(handoff)),
        binder=ConversationBinder(settings.tracker_db_url()),
        guard=MessageGuard.configured(db),
        feedback=FeedbackStore(db),
        notices=ledger(),  # the relay tells users through the same ledger (bot.privacy.notice.tell_once_if_redacted)
    )


def runtime_of(app: Any) -> Runtime:
    """The runtime the start-up listener built for this app."""
    runtime = getattr(app.ctx, CONTEXT_KEY, None)
    if runtime is None:
        raise RuntimeError("the Bolt-NL runtime is built when the server starts (bot.runtime.install)")
    return runtime


def add_push_to_user(app: Any, push: PushToUser) -> None:
    """The socket.io channel's push to a user's room, given to the relay when the server starts."""
    app.ctx.bolt_push_to_user = push


def add_closer(app: Any, close: Close) -> None:
    """Something a channel built that must end when the server stops (`Runtime.close()` awaits it)."""
    closers = getattr(app.ctx, "bolt_closers", None)
    if closers is None:
        closers = app.ctx.bolt_closers = []
    if close not in closers:
        closers.append(close)


def install(app: Any, jobs: Callable[[HandoffRelay], list[Job]] | None = None) -> None:
    """Registers the runtime's start and stop listeners on the Sanic app, once."""
    if getattr(app.ctx, "bolt_runtime_installed", False):
        return
    app.ctx.bolt_runtime_installed = True

    async def start(app: Any, _loop: Any) -> None:
        # an unsafe configuration is refused before anything else, also under plain `rasa run` (the launcher
        # checks before Rasa loads): now the address the server listens on is known
        console = any(str(name).startswith("agent_console") for name in getattr(app, "blueprints", {}))
        settings.check_startup(getattr(app.state, "host", None) or None, console=console)
        try:
            runtime = await asyncio.to_thread(build_runtime, None, jobs)
        except Exception as error:
            logger.error("Bolt-NL cannot start: %s", error)
            raise
        runtime.relay.app = app  # the relay reads and updates the conversation's tracker
        push = getattr(app.ctx, "bolt_push_to_user", None)
        if push is not None:  # with the socket.io channel: agent messages reach the user's room at once
            runtime.relay.push_to_user = push
        runtime.closers.extend(getattr(app.ctx, "bolt_closers", []))
        setattr(app.ctx, CONTEXT_KEY, runtime)
        runtime.jobs.start()
        logger.info("jobs started: %s", ", ".join(runtime.jobs.names))

    async def stop(app: Any, _loop: Any) -> None:
        runtime = getattr(app.ctx, CONTEXT_KEY, None)
        if runtime is not None:
            await runtime.close()

    app.register_listener(start, "before_server_start")
    app.register_listener(stop, "before_server_stop")

"""The figures, as SQL (SQLAlchemy Core) over the ticket tables and the tracker store's events.

Periods are [since, until) in UTC. Per day (and so per ISO week: DayRow.add sums the days) and over the period:
conversations (a conversation counts on the day of its first user message in the period), answered by
the bot without hand-off (deflection), hand-offs by reason, tickets, SLA met per priority (first
response and restore, on the ticket's day; a ticket counts once its due time has passed or it was met),
the median wait in the queue (created -> first claim, live chat, on the ticket's day), thumbs per
answer topic and satisfaction per agent (on the day they were given). Over the period only: tickets
per channel, level and priority, and the most frequent questions the bot could not answer (the trainer
inbox's own reading of the tracker, bot/trainer/inbox.py).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from bot.db.models import Agent, AnswerFeedback, SatisfactionScore, Ticket, TicketEvent
from bot.insights.labels import agent_label
from bot.vocabulary import Channel, HandoffReason, TicketEventKind

TOP_UNANSWERED = 20
# Rasa's SQL tracker store table (bot/stores/tracker_store.py keeps its layout)
TRACKER_EVENTS = sa.table("events", sa.column("sender_id"), sa.column("type_name"), sa.column("timestamp"))
IGNORED_SENDERS = ("__readiness__",)


@dataclass(frozen=True)
class SlaRow:
    priority: str
    first_met: int
    first_total: int
    restore_met: int
    restore_total: int

    def __add__(self, other: SlaRow) -> SlaRow:
        return SlaRow(
            self.priority,
            self.first_met + other.first_met,
            self.first_total + other.first_total,
            self.restore_met + other.restore_met,
            self.restore_total + other.restore_total,
        )


def _add_counts(into: dict, key, values: tuple[int, ...]) -> None:
    old = into.get(key)
    into[key] = values if old is None else tuple(a + b for a, b in zip(old, values, strict=True))


@dataclass
class DayRow:
    """The figures of one day (or, merged, of one ISO week: `day` is then its Monday)."""

    day: dt.date
    conversations: int = 0
    handed_off: int = 0  # conversations of that day with a ticket
    tickets: int = 0
    handoffs_by_reason: dict[str, int] = field(default_factory=dict)
    sla_by_priority: dict[str, SlaRow] = field(default_factory=dict)
    queue_waits: list[float] = field(default_factory=list)  # seconds, live-chat tickets created that day
    thumbs_by_topic: dict[str, tuple[int, int]] = field(default_factory=dict)  # topic -> (up, down)
    # agent_label(name, login) -> (sum of scores, scores); grouped by agent id, so two agents of one name stay two
    scores_by_agent: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def deflected(self) -> int:
        return self.conversations - self.handed_off

    @property
    def sla(self) -> list[SlaRow]:
        return [self.sla_by_priority[p] for p in sorted(self.sla_by_priority)]

    @property
    def median_queue_wait_seconds(self) -> float | None:
        return statistics.median(self.queue_waits) if self.queue_waits else None

    @property
    def thumbs(self) -> list[tuple[str, int, int]]:
        return [(topic, *self.thumbs_by_topic[topic]) for topic in sorted(self.thumbs_by_topic)]

    @property
    def satisfaction(self) -> list[tuple[str, float, int]]:
        return [(name, round(total / n, 2), n) for name, (total, n) in sorted(self.scores_by_agent.items()) if n]

    def add(self, other: DayRow) -> None:
        """Adds another day's figures to these (a week is the sum of its days; its median from all waits)."""
        self.conversations += other.conversations
        self.handed_off += other.handed_off
        self.tickets += other.tickets
        for reason, n in other.handoffs_by_reason.items():
            self.handoffs_by_reason[reason] = self.handoffs_by_reason.get(reason, 0) + n
        for priority, sla in other.sla_by_priority.items():
            old = self.sla_by_priority.get(priority)
            self.sla_by_priority[priority] = sla if old is None else old + sla
        self.queue_waits += other.queue_waits
        for topic, counts in other.thumbs_by_topic.items():
            _add_counts(self.thumbs_by_topic, topic, counts)
        for name, counts in other.scores_by_agent.items():
            _add_counts(self.scores_by_agent, name, counts)


@dataclass
class Insights:
    since: dt.datetime
    until: dt.datetime
    days: list[DayRow]
    tickets_by_channel: dict[str, int]
    tickets_by_level: dict[str, int]
    tickets_by_priority: dict[str, int]
    sla: list[SlaRow]
    median_queue_wait_seconds: float | None
    thumbs: list[tuple[str, int, int]]  # (answer topic, up, down)
    satisfaction: list[tuple[str, float, int]]  # (agent_label: "name (login)", average 1-5, scores)
    unanswered: list[tuple[str, int, str]]  # (question, times asked, inbox key)

    def weeks(self) -> list[DayRow]:
        """The day rows summed per ISO week (the row's day is the week's Monday)."""
        weeks: dict[dt.date, DayRow] = {}
        for d in self.days:
            monday = d.day - dt.timedelta(days=d.day.weekday())
            weeks.setdefault(monday, DayRow(monday)).add(d)
        return [weeks[k] for k in sorted(weeks)]

    @property
    def conversations(self) -> int:
        return sum(d.conversations for d in self.days)

    @property
    def deflected(self) -> int:
        return sum(d.deflected for d in self.days)

    @property
    def handoffs_by_reason(self) -> dict[str, int]:
        total: Counter = Counter()
        for d in self.days:
            total.update(d.handoffs_by_reason)
        return dict(sorted(total.items()))


def _as_date(value) -> dt.date:
    return (
        value
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        else (value.date() if isinstance(value, dt.datetime) else dt.date.fromisoformat(str(value)[:10]))
    )


def _epoch(moment: dt.datetime) -> float:
    return moment.replace(tzinfo=dt.timezone.utc).timestamp()


def first_messages(tracker: sa.engine.Engine, since: dt.datetime, until: dt.datetime) -> dict[str, dt.date]:
    """conversation id -> day of its first user message in the period (tracker store)."""
    e = TRACKER_EVENTS
    query = (
        sa.select(e.c.sender_id, sa.func.min(e.c.timestamp))
        .where(
            e.c.type_name == "user",
            e.c.timestamp >= _epoch(since),
            e.c.timestamp < _epoch(until),
            e.c.sender_id.notin_(IGNORED_SENDERS),
        )
        .group_by(e.c.sender_id)
    )
    with tracker.connect() as c:
        return {sender: dt.datetime.fromtimestamp(first, dt.timezone.utc).date() for sender, first in c.execute(query)}


def _period(column, since: dt.datetime, until: dt.datetime):
    return sa.and_(column >= since, column < until)


def compute(
    tickets: sa.engine.Engine,
    tracker: sa.engine.Engine | None,
    since: dt.datetime,
    until: dt.datetime,
    tracker_url: str | None = None,
    now: dt.datetime | None = None,
) -> Insights:
    now = now or until
    days = {since.date() + dt.timedelta(days=i): None for i in range((until.date() - since.date()).days + 1)}
    rows = {day: DayRow(day) for day in days if dt.datetime.combine(day, dt.time()) < until}
    conversations = first_messages(tracker, since, until) if tracker is not None else {}
    with tickets.connect() as c:
        in_period = _period(Ticket.created_at, since, until)
        with_ticket = set()
        if conversations:
            ids = list(conversations)
            for chunk in range(0, len(ids), 500):
                with_ticket |= set(
                    c.execute(
                        sa.select(Ticket.conversation_id)
                        .distinct()
                        .where(Ticket.conversation_id.in_(ids[chunk : chunk + 500]))
                    ).scalars()
                )
        for conversation, day in conversations.items():
            row = rows.setdefault(day, DayRow(day))
            row.conversations += 1
            row.handed_off += conversation in with_ticket
        day_column = sa.func.date(Ticket.created_at)
        for day, reason, n in c.execute(
            sa.select(day_column, Ticket.handoff_reason, sa.func.count())
            .where(in_period)
            .group_by(day_column, Ticket.handoff_reason)
        ):
            row = rows.setdefault(_as_date(day), DayRow(_as_date(day)))
            row.tickets += n
            key = reason or HandoffReason.OTHER.value
            row.handoffs_by_reason[key] = row.handoffs_by_reason.get(key, 0) + n

        def counts(column) -> dict[str, int]:
            return {
                ("-" if k is None else str(k)): n
                for k, n in c.execute(
                    sa.select(column, sa.func.count()).where(in_period).group_by(column).order_by(column)
                )
            }

        by_channel, by_level, by_priority = counts(Ticket.channel), counts(Ticket.level), counts(Ticket.priority)

        first_due_passed = sa.or_(Ticket.first_response_at.isnot(None), Ticket.first_response_due < now)
        restore_due_passed = sa.or_(Ticket.resolved_at.isnot(None), Ticket.resolution_due < now)
        met_first = sa.and_(Ticket.first_response_at.isnot(None), Ticket.first_response_at <= Ticket.first_response_due)
        met_restore = sa.and_(Ticket.resolved_at.isnot(None), Ticket.resolved_at <= Ticket.resolution_due)

        def day_row(day) -> DayRow:
            return rows.setdefault(_as_date(day), DayRow(_as_date(day)))

        def sla_counts(due, passed, met) -> dict[tuple[dt.date, str], tuple[int, int]]:
            query = (
                sa.select(day_column, Ticket.priority, sa.func.count(), sa.func.sum(sa.case((met, 1), else_=0)))
                .where(in_period, due.isnot(None), passed)
                .group_by(day_column, Ticket.priority)
            )
            return {(_as_date(day), p): (int(m or 0), n) for day, p, n, m in c.execute(query)}

        first = sla_counts(Ticket.first_response_due, first_due_passed, met_first)
        restore = sla_counts(Ticket.resolution_due, restore_due_passed, met_restore)
        for day, priority in sorted(set(first) | set(restore)):
            day_row(day).sla_by_priority[priority] = SlaRow(
                priority, *first.get((day, priority), (0, 0)), *restore.get((day, priority), (0, 0))
            )

        first_claim = (
            sa.select(TicketEvent.ticket_id, sa.func.min(TicketEvent.created_at).label("claimed_at"))
            .where(TicketEvent.kind == TicketEventKind.CLAIMED)
            .group_by(TicketEvent.ticket_id)
            .subquery()
        )
        for day, created, claimed in c.execute(
            sa.select(day_column, Ticket.created_at, first_claim.c.claimed_at)
            .join(first_claim, first_claim.c.ticket_id == Ticket.id)
            .where(in_period, Ticket.channel == Channel.LIVE_CHAT)
        ):
            day_row(day).queue_waits.append((claimed - created).total_seconds())

        feedback_day = sa.func.date(AnswerFeedback.created_at)
        up = sa.func.sum(sa.case((AnswerFeedback.rating == 1, 1), else_=0))
        down = sa.func.sum(sa.case((AnswerFeedback.rating == -1, 1), else_=0))
        for day, topic, u, d in c.execute(
            sa.select(feedback_day, AnswerFeedback.answer_topic, up, down)
            .where(_period(AnswerFeedback.created_at, since, until))
            .group_by(feedback_day, AnswerFeedback.answer_topic)
        ):
            day_row(day).thumbs_by_topic[topic] = (int(u or 0), int(d or 0))

        score_day = sa.func.date(SatisfactionScore.created_at)
        for day, name, login, total, n in c.execute(
            sa.select(score_day, Agent.name, Agent.login, sa.func.sum(SatisfactionScore.score), sa.func.count())
            .join(Agent, Agent.id == SatisfactionScore.agent_id)
            .where(_period(SatisfactionScore.created_at, since, until))
            .group_by(score_day, Agent.id, Agent.name, Agent.login)
        ):
            day_row(day).scores_by_agent[agent_label(name, login)] = (int(total or 0), n)
    whole = DayRow(since.date())
    for row in rows.values():
        whole.add(row)
    return Insights(
        since,
        until,
        [rows[k] for k in sorted(rows)],
        by_channel,
        by_level,
        by_priority,
        whole.sla,
        whole.median_queue_wait_seconds,
        whole.thumbs,
        whole.satisfaction,
        unanswered(tracker_url, since, until) if tracker_url else [],
    )


def unanswered(
    tracker_url: str, since: dt.datetime, until: dt.datetime, limit: int = TOP_UNANSWERED
) -> list[tuple[str, int, str]]:
    """The questions the bot did not understand, most frequent first: the trainer inbox's own list."""
    from bot.trainer.inbox import InboxError, review

    try:
        items = review(tracker_url, since=since, limit=100000).items
    except InboxError:
        return []
    missed = [i for i in items if "fallback" in i.reasons and i.last_seen < until]
    missed.sort(key=lambda i: (-i.count, i.text))
    return [(i.text, i.count, i.key) for i in missed[:limit]]


def engines(tickets_url: str, tracker_url: str | None) -> tuple[sa.engine.Engine, sa.engine.Engine | None]:
    from bot.db.session import make_engine

    tracker = None
    if tracker_url:
        parsed = sa.engine.make_url(tracker_url)
        exists = parsed.get_backend_name() != "sqlite" or not parsed.database or Path(parsed.database).exists()
        tracker = make_engine(tracker_url) if exists else None
    return make_engine(tickets_url), tracker


def insights_for(
    tickets_url: str, tracker_url: str | None, since: dt.datetime, until: dt.datetime, now: dt.datetime | None = None
) -> Insights:
    """Everything for one period, on the configured databases (blocking: call off the event loop)."""
    tickets, tracker = engines(tickets_url, tracker_url)
    try:
        return compute(tickets, tracker, since, until, tracker_url if tracker is not None else None, now)
    finally:
        tickets.dispose()
        if tracker is not None:
            tracker.dispose()

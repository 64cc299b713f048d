"""Conversations under a database fault, as a REST client that retries: what each reply was, and what
the tracker holds afterwards. Used by the fault tests (tests/faults) and `bench/faults.py`.

A reply is
- `answered`: HTTP 200 with messages (the turn is stored);
- `apology`: HTTP 503 whose messages are the Dutch apology (nothing stored: the client retries the
  same message);
- `silent`: HTTP 200 with no message at all (`[]`) — never allowed;
- `error`: anything else (another status, no reply, a timeout) — never allowed.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import httpx
import sqlalchemy as sa

from bot.dialogue.store_outage import APOLOGY

ANSWERED, APOLOGY_REPLY, SILENT, ERROR = "answered", "apology", "silent", "error"
MESSAGES = (
    "hallo",
    "wat is het telefoonnummer van Zoom in Japan?",
    "welke ondersteuningsplannen zijn er?",
    "hoe snel reageren jullie bij een P1?",
    "en in Duitsland?",
    "wat is Premier?",
    "hoe bereik ik Zoom-ondersteuning?",
    "bedankt",
)
RETRY_PAUSE_SECONDS = 0.2  # the client's pause before it retries a refused message


def classify(response: httpx.Response | None) -> str:
    if response is None:
        return ERROR
    try:
        messages = response.json()
    except ValueError:
        return ERROR
    if response.status_code == 200 and isinstance(messages, list):
        return ANSWERED if messages else SILENT
    if response.status_code == 503 and isinstance(messages, list) and [m.get("text") for m in messages] == [APOLOGY]:
        return APOLOGY_REPLY
    return ERROR


@dataclass
class Reply:
    sender: str
    text: str
    kind: str
    at: float
    seconds: float
    body: str = ""


@dataclass
class Tally:
    replies: list[Reply] = field(default_factory=list)
    stored: dict[str, list[str]] = field(default_factory=dict)  # sender -> messages the client saw answered
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, reply: Reply) -> None:
        with self.lock:
            self.replies.append(reply)
            if reply.kind == ANSWERED:
                self.stored.setdefault(reply.sender, []).append(reply.text)

    def count(self, kind: str, since: float = 0.0) -> int:
        with self.lock:
            return sum(1 for r in self.replies if r.kind == kind and r.at >= since)

    def senders_with(self, kind: str, since: float) -> int:
        with self.lock:
            return len({r.sender for r in self.replies if r.kind == kind and r.at >= since})

    def first(self, kind: str, since: float) -> Reply | None:
        with self.lock:
            return next((r for r in sorted(self.replies, key=lambda r: r.at) if r.kind == kind and r.at >= since), None)

    def unexpected(self) -> list[Reply]:
        with self.lock:
            return [r for r in self.replies if r.kind in (SILENT, ERROR)]


class Client:
    """A REST client of one conversation that keeps its conversation secret."""

    def __init__(self, base_url: str, sender: str, timeout: float = 60.0) -> None:
        self.url, self.sender, self.timeout = f"{base_url}/webhooks/rest/webhook", sender, timeout
        self.secret: str | None = None

    def send(self, text: str) -> tuple[httpx.Response | None, float]:
        body = {"sender": self.sender, "message": text, **({"conversation_secret": self.secret} if self.secret else {})}
        started = time.monotonic()
        try:
            response = httpx.post(self.url, json=body, timeout=self.timeout)
        except httpx.HTTPError:
            return None, time.monotonic() - started
        if response.headers.get("x-conversation-secret") and response.headers.get("x-conversation-id") == self.sender:
            self.secret = response.headers["x-conversation-secret"]
        return response, time.monotonic() - started

    def say(self, text: str, tally: Tally, deadline: float) -> str:
        """Sends until answered (retrying after an apology) or the deadline; the last reply's kind."""
        while True:
            response, seconds = self.send(text)
            kind = classify(response)
            tally.add(
                Reply(
                    self.sender,
                    text,
                    kind,
                    time.monotonic(),
                    seconds,
                    response.text[:2000] if response is not None else "",
                )
            )
            if kind != APOLOGY_REPLY or time.monotonic() > deadline:
                return kind
            time.sleep(RETRY_PAUSE_SECONDS)


def converse(
    base_url: str, sender: str, tally: Tally, deadline: float, messages: Sequence[str] = MESSAGES, rounds: int = 1
) -> None:
    client = Client(base_url, sender)
    for _ in range(rounds):
        for text in messages:
            if client.say(text, tally, deadline) != ANSWERED or time.monotonic() > deadline:
                return


@contextlib.contextmanager
def conversations(
    base_url: str, senders: Sequence[str], tally: Tally, deadline: float, rounds: int = 1
) -> Iterator[list[threading.Thread]]:
    threads = [
        threading.Thread(target=converse, args=(base_url, s, tally, deadline), kwargs={"rounds": rounds}, daemon=True)
        for s in senders
    ]
    for thread in threads:
        thread.start()
    try:
        yield threads
    finally:
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()) + 70)


def wait_until(condition: Callable[[], bool], deadline: float, what: str) -> None:
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        time.sleep(0.05)


# ---------------------------------------------------------------------- what the tracker holds


def stored_turns(db_url: str, sender: str) -> list[tuple[str, bool]]:
    """(user message, followed by a bot message before the next user message) in stored order."""
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
            ).fetchall()
    finally:
        engine.dispose()
    import json

    turns: list[tuple[str, bool]] = []
    for type_name, data in rows:
        if type_name == "user":
            turns.append((json.loads(data).get("text"), False))
        elif type_name == "bot" and turns:
            turns[-1] = (turns[-1][0], True)
    return turns


@dataclass
class TrackerCheck:
    lost: int = 0  # answered, but not in the tracker
    duplicated: int = 0  # in the tracker more often than answered
    unanswered: int = 0  # stored without a bot reply after it
    problems: list[str] = field(default_factory=list)


def check_trackers(db_url: str, tally: Tally) -> TrackerCheck:
    result = TrackerCheck()
    for sender, answered in tally.stored.items():
        turns = stored_turns(db_url, sender)
        stored = [text for text, _ in turns]
        for text in set(answered) | set(stored):
            difference = stored.count(text) - answered.count(text)
            result.lost += max(0, -difference)
            result.duplicated += max(0, difference)
        result.unanswered += sum(1 for _, replied in turns if not replied)
        if stored != answered:
            result.problems.append(f"{sender}: answered {answered}, stored {stored}")
    return result

"""Load generation over the REST webhook with httpx: sequential latency and concurrent throughput.
Only 127.0.0.1, fixed request counts, and a time limit on every run."""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

QUESTIONS = [
    "hallo",
    "Wat is het telefoonnummer van Zoom in Japan?",
    "welke ondersteuningsplannen zijn er",
    "hoe snel reageren jullie bij P1",
    "nummer vk",
    "wat betekent prio 2",
    "kan ik met een medewerker chatten",
    "hoe maak ik een webticket",
    "is er een forum",
    "bedankt",
    "telefoonnummer duitsland",
    "wat krijg ik bij premier+",
    "mag ik zoom bellen",
    "wat moet ik bij de hand hebben als ik bel",
    "kost bellen geld",
    "ben jij een robot",
    "telefoonnummer nederland",
    "hoe neem ik contact op",
    "responstijd p3",
    "doei",
]


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class LatencyResult:
    p50_ms: float
    p95_ms: float
    p99_ms: float
    count: int
    errors: int

    def as_dict(self) -> dict[str, float]:
        return self.__dict__.copy()


@dataclass
class ThroughputResult:
    concurrency: int
    messages: int
    seconds: float
    messages_per_second: float
    errors: int
    p50_ms: float
    p99_ms: float = float("nan")
    refused: int = 0  # "erg druk" or rate-limited replies (issue 15.5): HTTP 200, not answered
    fewest_answers: int = 0  # answers of the conversation that got the fewest (fairness)
    median_answers: float = 0
    # cores busy with other work just before the run, while the bots idled (a shared machine: see busy_cores)
    busy_cores_before: float = float("nan")

    def as_dict(self) -> dict[str, float]:
        return self.__dict__.copy()


# (webhook, sender) -> the conversation secret Bolt-NL issued (README, REST contract): a client that
# keeps its conversation sends it back; without it each message would start a new conversation
_SECRETS: dict[tuple[str, str], str] = {}


def _refused(response: httpx.Response) -> bool:
    """A busy or rate-limited reply of the overload protection (it sends Retry-After with HTTP 200)."""
    return response.status_code == 200 and "retry-after" in response.headers


async def _post(client: httpx.AsyncClient, url: str, sender: str, text: str, refused: list[str] | None = None) -> float:
    body = {"sender": sender, "message": text}
    if (url, sender) in _SECRETS:
        body["conversation_secret"] = _SECRETS[(url, sender)]
    started = time.perf_counter()
    response = await client.post(url, json=body)
    response.raise_for_status()
    elapsed = (time.perf_counter() - started) * 1000
    if refused is not None and _refused(response):
        refused.append(sender)
    if response.headers.get("x-conversation-secret") and response.headers.get("x-conversation-id") == sender:
        _SECRETS[(url, sender)] = response.headers["x-conversation-secret"]
    return elapsed


async def paired_latency(
    base_urls: dict[str, str], conversations: int = 20, per_conversation: int = 20, time_limit: float = 600
) -> dict[str, LatencyResult]:
    """Sequential reply latency of several bots, interleaved conversation by conversation (the
    order alternates), so that a noisy neighbour on the machine slows all of them alike."""
    names = list(base_urls)
    times: dict[str, list[float]] = {name: [] for name in names}
    errors = {name: 0 for name in names}
    deadline = time.monotonic() + time_limit
    async with httpx.AsyncClient(timeout=30) as client:
        for c in range(conversations):
            for name in names if c % 2 == 0 else names[::-1]:
                url = f"{base_urls[name]}/webhooks/rest/webhook"
                for i in range(per_conversation):
                    if time.monotonic() > deadline:
                        break
                    try:
                        times[name].append(await _post(client, url, f"lat-{name}-{c}", QUESTIONS[i % len(QUESTIONS)]))
                    except httpx.HTTPError:
                        errors[name] += 1
    return {
        name: LatencyResult(
            percentile(times[name], 50),
            percentile(times[name], 95),
            percentile(times[name], 99),
            len(times[name]),
            errors[name],
        )
        for name in names
    }


def _cpu_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of all cores since boot, from /proc/stat (Linux)."""
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def busy_cores(seconds: float = 3.0) -> float:
    """How many cores the machine keeps busy over `seconds` (0 .. cpu count). Measured while the bots
    under test idle, it is the load of other work: two instances can only scale on free cores."""
    busy_before, total_before = _cpu_jiffies()
    time.sleep(seconds)
    busy_after, total_after = _cpu_jiffies()
    share = (busy_after - busy_before) / max(1, total_after - total_before)
    return round(share * (os.cpu_count() or 1), 2)


async def throughput(
    base_urls: Sequence[str], concurrency: int, per_conversation: int = 10, prefix: str = "tp", time_limit: float = 180
) -> ThroughputResult:
    """`concurrency` conversations at once, each on one instance (sticky, like a load balancer)."""
    times: list[float] = []
    refused: list[str] = []
    answers: dict[int, int] = {i: 0 for i in range(concurrency)}
    errors = 0
    limits = httpx.Limits(max_connections=concurrency * 2, max_keepalive_connections=concurrency * 2)
    busy_before = busy_cores()

    async def conversation(client: httpx.AsyncClient, index: int) -> None:
        nonlocal errors
        url = f"{base_urls[index % len(base_urls)]}/webhooks/rest/webhook"
        for i in range(per_conversation):
            mine: list[str] = []
            try:
                times.append(
                    await _post(
                        client, url, f"{prefix}-{concurrency}-{index}", QUESTIONS[(i + index) % len(QUESTIONS)], mine
                    )
                )
                answers[index] += not mine
                refused.extend(mine)
            except httpx.HTTPError:
                errors += 1

    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(conversation(client, i) for i in range(concurrency))), time_limit)
        seconds = time.perf_counter() - started
    return ThroughputResult(
        concurrency,
        len(times),
        round(seconds, 2),
        round(len(times) / seconds, 1),
        errors,
        round(statistics.median(times), 1) if times else float("nan"),
        round(percentile(times, 99), 1),
        len(refused),
        min(answers.values()),
        statistics.median(answers.values()),
        busy_before,
    )


def rss_mb(pid: int) -> float:
    """Resident memory of a process from /proc (Linux)."""
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")

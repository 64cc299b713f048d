"""Bench: a database cut under running conversations (issue 15). `python -m bench.faults` runs this
section alone and merges it into bench/results.json and bench/REPORT.md; `make bench` runs it beside
the throughput figures.

Bolt-NL (Rasa + action server) on a throw-away PostgreSQL database reached through the test proxy
(bot/testing/fault_proxy.py, loopback); CONVERSATIONS REST conversations, each a client that retries a
refused message, send ROUNDS x 8 messages; after a warm-up the proxy cuts every connection and refuses
new ones for CUT_SECONDS, then restores. Figures: replies answered / apologised (503, the apology) /
silent (`[]`) / failed, answered messages lost or duplicated in the tracker, messages stored without a
reply, the longest reply during the cut, and the recovery time (restore -> first answer).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

CONVERSATIONS = 8
ROUNDS = 3
CUT_SECONDS = 10.0
KILL_TEST_KEY = "instance_kill"  # the kill test's figures (another section of results.json)


def database_cut(
    work: Path, conversations: int = CONVERSATIONS, rounds: int = ROUNDS, cut_seconds: float = CUT_SECONDS
) -> dict[str, Any]:
    import sqlalchemy as sa

    from bot.stores.database import db_timeout
    from bot.testing.databases import temporary_postgres_database
    from bot.testing.fault_harness import ANSWERED, APOLOGY_REPLY, ERROR, SILENT, Tally, check_trackers, wait_until
    from bot.testing.fault_harness import conversations as talking
    from bot.testing.fault_proxy import fault_proxy
    from bot.testing.servers import running_bot

    with temporary_postgres_database() as direct_url:
        target = sa.engine.make_url(direct_url)
        with fault_proxy(target.host, target.port or 5432) as proxy:
            proxied = target.set(port=proxy.port).render_as_string(hide_password=False)
            env = {"BOT_TRACKER_DB_URL": proxied, "BOT_DB_URL": proxied}
            with running_bot(work, env=env) as bot:
                tally = Tally()
                deadline = time.monotonic() + 300
                senders = [f"bench-cut-{uuid.uuid4().hex[:6]}-{i}" for i in range(conversations)]
                with talking(bot.url, senders, tally, deadline, rounds=rounds):
                    wait_until(lambda: tally.count(ANSWERED) >= conversations * 2, deadline, "warm-up")
                    cut_at = time.monotonic()
                    proxy.cut()
                    while time.monotonic() - cut_at < cut_seconds:  # the cut lasts CUT_SECONDS
                        time.sleep(0.1)
                    restored_at = time.monotonic()
                    proxy.restore()
                    wait_until(lambda: tally.first(ANSWERED, restored_at) is not None, deadline, "recovery")
                first = tally.first(ANSWERED, restored_at)
                check = check_trackers(direct_url, tally)
                during = [r for r in tally.replies if cut_at <= r.at <= restored_at + 0.001]
                return {
                    "conversations": conversations,
                    "messages_each": rounds * 8,
                    "cut_seconds": cut_seconds,
                    "db_timeout_seconds": db_timeout(),
                    "replies": len(tally.replies),
                    "answered": tally.count(ANSWERED),
                    "apologised": tally.count(APOLOGY_REPLY),
                    "silent": tally.count(SILENT),
                    "failed": tally.count(ERROR),
                    "answered_messages": sum(len(v) for v in tally.stored.values()),
                    "lost": check.lost,
                    "duplicated": check.duplicated,
                    "stored_without_reply": check.unanswered,
                    "slowest_reply_during_cut_ms": round(max((r.seconds for r in during), default=0) * 1000),
                    "recovery_seconds": round(first.at - restored_at, 2),
                    "restarted": not all(p.poll() is None for p in bot.processes),
                }


def report_lines(results: dict[str, Any]) -> list[str]:
    """The fault figures for bench/REPORT.md, beside the throughput table."""
    faults = results.get("faults") or {}
    cut = faults.get("database_cut")
    lines = ["", "## Faults (issue 15; loopback, PostgreSQL behind the test proxy)", ""]
    if cut:
        lines += [
            f"Database cut: {cut['conversations']} REST conversations of {cut['messages_each']} messages, "
            f"every database connection cut and refused for {cut['cut_seconds']:g} s; a refused message is "
            "retried by the client.",
            "",
            "| replies | answered | apologised (503) | silent `[]` | failed | lost | duplicated | "
            "stored without reply | slowest reply during the cut | recovery after restore |",
            "|---|---|---|---|---|---|---|---|---|---|",
            f"| {cut['replies']} | {cut['answered']} | {cut['apologised']} | {cut['silent']} | {cut['failed']} | "
            f"{cut['lost']} | {cut['duplicated']} | {cut['stored_without_reply']} | "
            f"{cut['slowest_reply_during_cut_ms']} ms | {cut['recovery_seconds']} s |",
        ]
        if cut.get("by"):
            lines += ["", cut["by"]]
    else:
        lines += ["Database cut: not measured in this run (`python -m bench.faults`)."]
    kill = results.get(KILL_TEST_KEY)
    if kill and kill.get("report_lines"):
        lines += [""] + list(kill["report_lines"])
    else:
        lines += ["", "Instance killed under load: see the kill test's section (not measured in this run)."]
    return lines


def main() -> int:
    from bench.__main__ import OUT, log
    from bench.report import write_report

    work = Path(tempfile.mkdtemp(prefix="bolt-faults-"))
    try:
        log(f"database cut: {CONVERSATIONS} conversations, {CUT_SECONDS:g} s cut")
        cut = database_cut(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(cut, indent=2))
    results_path = OUT / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    cut["by"] = (
        f"`python -m bench.faults`, this section alone ({time.strftime('%Y-%m-%d %H:%M')}): "
        "the other sections are of their own runs."
    )
    results.setdefault("faults", {})["database_cut"] = cut
    results_path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    if "latency" in results:
        write_report(results, OUT / "REPORT.md")
    log("merged the section into bench/results.json and bench/REPORT.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

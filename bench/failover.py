"""Kill test (issue 15.4): two instances behind nginx under a small load, one killed with -9.

`python -m bench.failover` runs it alone and puts its section in bench/REPORT.md; `make bench` runs it
beside the throughput table (results.json key `instance_kill`, shown by bench/faults.report_lines).
The topology is the production one (docs/deploy.md; bot/testing/topology.py): Debian's nginx with
deploy/nginx/bolt.conf, two Rasa instances, one action server, PostgreSQL and Redis.

Measured: the time from the kill until each conversation the kill interrupted is answered again on
the survivor (a REST client that retries with the same message id after 0.2 s), the requests that
failed and were retried, and — from the tracker store — messages lost or stored twice, and silent replies.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.cluster.lock_store import lock_lifetime
from bot.testing.topology import kill_under_load, running_topology

PINNED, THROUGH_NGINX, PER_CONVERSATION = 6, 6, 8


def measure(work: Path) -> dict[str, Any]:
    with running_topology(work) as topology:
        result = asyncio.run(
            kill_under_load(
                topology, victim="a", pinned=PINNED, through_nginx=THROUGH_NGINX, per_conversation=PER_CONVERSATION
            )
        )
        lost = duplicated = 0
        for sender, answered in result.sent.items():
            stored = topology.user_texts(sender)
            lost += sum(1 for text in set(answered) if stored.count(text) < answered.count(text))
            duplicated += sum(max(0, stored.count(text) - answered.count(text)) for text in set(stored))
    figures = {
        **result.as_dict(),
        "lost": lost,
        "duplicated": duplicated,
        "lock_lifetime_seconds": lock_lifetime(),
        "recovery_seconds": [round(s, 2) for s in sorted(result.recovery_seconds)],
    }
    figures["report_lines"] = report_lines(figures)
    return figures


def report_lines(k: dict[str, Any]) -> list[str]:
    median = statistics.median(k["recovery_seconds"]) if k["recovery_seconds"] else 0
    return [
        f"Instance killed under load (`kill -9`, two instances behind nginx, PostgreSQL + Redis; "
        f"{k['conversations']} REST conversations of {k['messages'] // max(1, k['conversations'])} messages, "
        f"half of them on the killed instance; TICKET_LOCK_LIFETIME {k['lock_lifetime_seconds']:g} s):",
        "",
        "| messages answered | interrupted conversations | requests retried | killed instance's conversations "
        "answer again after (median / max) | lost | duplicated | silent | unanswered |",
        "|---|---|---|---|---|---|---|---|",
        f"| {k['messages']} | {k['interrupted_conversations']} | {k['failed_attempts_retried']} | "
        f"{median:.1f} s / {k['recovery_seconds_max']:.1f} s | {k['lost']} | {k['duplicated']} | "
        f"{k['silent_replies']} | {k['unanswered']} |",
    ]


def main() -> int:
    from bench.__main__ import OUT, log
    from bench.report import write_report

    work = Path(tempfile.mkdtemp(prefix="bolt-failover-"))
    try:
        log("kill test: two instances behind nginx, one killed under load")
        figures = measure(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({k: v for k, v in figures.items() if k != "report_lines"}, indent=2))
    results_path = OUT / "results.json"
    if results_path.exists():  # this section alone; the others stay those of the last full run
        results = json.loads(results_path.read_text())
        figures["report_lines"] = figures["report_lines"] + [
            "",
            f"`python -m bench.failover`, this section alone ({time.strftime('%Y-%m-%d %H:%M')}).",
        ]
        results["instance_kill"] = figures
        results_path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
        write_report(results, OUT / "REPORT.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

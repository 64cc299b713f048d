"""Runs every benchmark in one go and writes bench/REPORT.md and bench/results.json.

Everything is measured side by side in this run on this machine: ratios against the stock bot
(`rasa init`, same Rasa version) matter more than absolute times on a shared, noisy machine.
"""

from __future__ import annotations

import asyncio
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench import failover, faults, load, long_conversation, nlu_compare, qa
from bench.report import write_report
from bot.evaluation import answers
from bot.kb import default_knowledge_base
from bot.testing.databases import REDIS_URL, temporary_postgres_database
from bot.testing.servers import (
    BIN,
    MODEL,
    ROOT,
    TEST_JWT_SECRET,
    RunningBot,
    bolt_env,
    free_port,
    rasa_command,
    start,
    stop,
    wait_until_answering,
    write_endpoints,
)

OUT = ROOT / "bench"
# A DIET training differs from the next by about 1% held-out accuracy (Rasa's default pipeline uses DIET):
# NLU figures are the mean over this many trainings (seed 42 is the one config.yml ships). Bolt-NL's intent
# classifier is deterministic; its seeds move only the small-talk response selector.
NLU_SEEDS = (42, 1, 2)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def timed(command, cwd: Path) -> float:
    started = time.monotonic()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return round(time.monotonic() - started, 1)


def start_bolt(
    work: Path, env_extra: dict[str, str], lock_store: str = "", with_actions_port: int = 0, store_class: str = ""
):
    """Bolt-NL (Rasa + actions unless an action server port is given); returns (bot, cold start s).
    `store_class`: another tracker store class than endpoints.yml's (bench.long_conversation --store)."""
    work.mkdir(parents=True, exist_ok=True)
    env = bolt_env(work, env_extra)
    subprocess.run([sys.executable, "-m", "bot", "migrate"], cwd=ROOT, env=env, check=True)
    actions_port = with_actions_port or free_port()
    processes = []
    if not with_actions_port:
        processes.append(
            start(
                "actions",
                [str(BIN / "rasa"), "run", "actions", "--port", str(actions_port), "--actions", "actions"],
                work,
                env,
            )
        )
    port = free_port()
    endpoints = write_endpoints(work, actions_port, lock_store)
    if store_class:
        endpoints.write_text(endpoints.read_text().replace(long_conversation.STORE_CLASS, store_class))
    processes.append(start("rasa", rasa_command(port, MODEL, endpoints, ROOT / "credentials.yml"), work, env))
    bot = RunningBot(port, work, processes)
    return bot, actions_port, wait_until_answering(bot, 300)


def start_stock(stock_dir: Path):
    port = free_port()
    proc = start(
        "rasa",
        [str(BIN / "rasa"), "run", "--port", str(port), "--model", str(stock_dir / "models")],
        stock_dir,
        {**__import__("os").environ, "TF_CPP_MIN_LOG_LEVEL": "2"},
        cwd=stock_dir,
    )
    bot = RunningBot(port, stock_dir, [proc])
    return bot, wait_until_answering(bot, 300, "hello")


def correctness(bot: RunningBot) -> dict[str, Any]:
    pairs = qa.qa_pairs(default_knowledge_base())
    failures = []
    for i, (question, fact) in enumerate(pairs):
        reply = bot.ask(f"qa-{i}-{uuid.uuid4().hex[:4]}", question)
        if fact not in reply:
            failures.append({"question": question, "expected": fact, "reply": reply[:300]})
    return {
        "pairs": len(pairs),
        "correct": len(pairs) - len(failures),
        "share": round((len(pairs) - len(failures)) / len(pairs), 3),
        "failures": failures,
    }


def article_answers(bot: RunningBot) -> dict[str, Any]:
    ask = answers.asker(bot.ask, TEST_JWT_SECRET)
    kb = default_knowledge_base()
    return {
        "article_sets": answers.evaluate_answers(ask, kb).as_dict(),
        "holdout": answers.evaluate_answers(ask, kb, answers.load_holdout_cases()).as_dict(),
        "holdout2": answers.evaluate_answers(ask, kb, answers.load_second_holdout_cases()).as_dict(),
        "holdout3": answers.evaluate_answers(ask, kb, answers.load_third_holdout_cases()).as_dict(),
    }


def main() -> int:
    results: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "cpus": __import__("os").cpu_count(),
            "date": time.strftime("%Y-%m-%d %H:%M"),
        }
    }
    work = Path(tempfile.mkdtemp(prefix="bolt-bench-"))
    try:
        log("training Bolt-NL from scratch (timed)")
        results["training"] = {
            "bolt_seconds": timed([str(BIN / "rasa"), "train", "--force", "--out", str(work / "bolt-model")], ROOT)
        }
        log("creating and training the stock bot (rasa init)")
        stock = work / "stock"
        stock.mkdir()
        # `rasa init --no-prompt` writes the stock project and trains it: nearly all of its time is training
        results["training"]["stock_seconds"] = timed(
            [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(stock)], work
        )

        log("cold start, memory and sequential latency: Bolt-NL vs stock")
        bolt, _, bolt_cold = start_bolt(work / "bolt", {})
        stock_bot, stock_cold = start_stock(stock)
        try:
            paired = asyncio.run(load.paired_latency({"bolt": bolt.url, "stock": stock_bot.url}))
            lat_bolt, lat_stock = paired["bolt"], paired["stock"]
            results["latency"] = {
                "bolt": lat_bolt.as_dict(),
                "stock": lat_stock.as_dict(),
                "p50_ratio": round(lat_bolt.p50_ms / lat_stock.p50_ms, 2),
                "p95_ratio": round(lat_bolt.p95_ms / lat_stock.p95_ms, 2),
            }
            results["cold_start_seconds"] = {"bolt": round(bolt_cold, 1), "stock": round(stock_cold, 1)}
            results["memory_mb"] = {
                "bolt_rasa": load.rss_mb(bolt.processes[-1].pid),
                "bolt_actions": load.rss_mb(bolt.processes[0].pid),
                "stock_rasa": load.rss_mb(stock_bot.processes[0].pid),
            }
            log("one long conversation per bot (300 messages side by side, then Bolt-NL alone for 1,000)")
            results["long_conversation"] = long_conversation.measure(bolt.url, stock_bot.url)
            log("throughput, one instance (SQLite, embedded default)")
            results["throughput_sqlite"] = {
                c: asyncio.run(load.throughput([bolt.url], c, prefix="sq")).as_dict() for c in (8, 32)
            }
            log("answer correctness over the webhook")
            results["correctness"] = correctness(bolt)
            log("answers on the article sets (tests/answers) and the hold-out set (tests/answers_holdout)")
            results["answers"] = article_answers(bolt)
        finally:
            stop(bolt.processes + stock_bot.processes)

        log("throughput: one vs two instances (PostgreSQL tracker + tickets, Redis lock store)")
        with temporary_postgres_database() as pg:
            # the instances share locks, socket.io and console events through Redis (bot/cluster)
            env = {
                "BOT_TRACKER_DB_URL": pg,
                "BOT_DB_URL": pg,
                "BOT_REDIS_URL": REDIS_URL,
                "BOT_REDIS_PREFIX": f"bench{uuid.uuid4().hex[:6]}",
            }
            first, actions_port, _ = start_bolt(work / "pg1", env)
            try:
                one = {c: asyncio.run(load.throughput([first.url], c, prefix="one")).as_dict() for c in (8, 32)}
                second, _, _ = start_bolt(work / "pg2", env, with_actions_port=actions_port)
                try:
                    two = {
                        c: asyncio.run(load.throughput([first.url, second.url], c, prefix="two")).as_dict()
                        for c in (8, 32)
                    }
                finally:
                    stop(second.processes)
            finally:
                stop(first.processes)
        results["throughput_scaling"] = {
            "one_instance": one,
            "two_instances": two,
            "ratio_at_32": round(two[32]["messages_per_second"] / one[32]["messages_per_second"], 2),
        }

        log("faults: a database cut under running conversations (bench/faults.py)")
        results["faults"] = {"database_cut": faults.database_cut(work / "faults")}

        log("kill test: two instances behind nginx, one killed under load (bench/failover.py)")
        results["instance_kill"] = failover.measure(work / "failover")

        log(f"NLU quality over {len(NLU_SEEDS)} trainings each: Bolt-NL vs Rasa default pipeline vs TF-IDF + LR")
        bolt_runs, default_runs, default_seconds = [], [], []
        for seed in NLU_SEEDS:
            bolt_model = nlu_compare.train_nlu(nlu_compare.bolt_config(seed), work / "nlu", f"bolt-{seed}")
            bolt_runs.append(asyncio.run(nlu_compare.model_scores(Path(bolt_model["model"]))))
            # the stock config sets no seed: each training is another draw, as for any user of it
            default = nlu_compare.train_nlu(nlu_compare.DEFAULT_CONFIG, work / "nlu", f"default-{seed}")
            default_runs.append(asyncio.run(nlu_compare.model_scores(Path(default["model"]))))
            default_seconds.append(default["seconds"])
        results["nlu"] = {
            "seeds": list(NLU_SEEDS),
            "bolt": nlu_compare.summary(bolt_runs),
            "rasa_default": nlu_compare.summary(default_runs),
            "tfidf_logreg": nlu_compare.summary([nlu_compare.tfidf_scores()]),
        }
        results["training"]["default_pipeline_nlu_seconds"] = statistics.median(default_seconds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    write_report(results, OUT / "REPORT.md")
    log("wrote bench/REPORT.md and bench/results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())

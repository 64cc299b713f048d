"""Cost of a message late in one long conversation (issue 16), Bolt-NL beside the stock bot.

One conversation of 300 sequential messages over the REST webhook per bot (six everyday Dutch
questions in turn), the two bots alternating message by message so that a noisy neighbour slows
both alike; the median reply time at messages 1-20, 101-120 and 281-300 and the late/early ratio.
Then Bolt-NL alone for 1,000 messages (the stock bot would take most of an hour).

`python -m bench` runs it as one section of the report. `python -m bench.long_conversation` runs
only this section on fresh servers (a stock `rasa init` bot is trained for it) and merges it into
bench/results.json and bench/REPORT.md; `--profile` also records py-spy flame graphs of the Rasa
server and the action server at early and at late messages into bench/profiles/.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import httpx

QUESTIONS = (
    "Wat is het telefoonnummer van Zoom in Japan?",
    "welke ondersteuningsplannen zijn er",
    "hoe snel reageren jullie bij P1",
    "hoe maak ik een webticket",
    "telefoonnummer duitsland",
    "bedankt",
)
# 1-based, inclusive: the windows the report compares
WINDOWS = ((1, 20), (101, 120), (281, 300))
LONG_WINDOWS = ((1, 20), (481, 500), (981, 1000))
RATIO_TARGET = 1.3
STORE_CLASS = "bot.stores.tracker_store.EnvSQLTrackerStore"
PROFILES = Path(__file__).resolve().parent / "profiles"


def window_p50(times: Sequence[float], first: int, last: int) -> Optional[float]:
    """Median of messages first..last (1-based, inclusive); None if the run stopped before."""
    chosen = times[first - 1:last]
    return round(statistics.median(chosen), 1) if len(chosen) == last - first + 1 else None


def summarise(times: Sequence[float], errors: int, windows=WINDOWS) -> Dict[str, Any]:
    p50 = {f"{a}-{b}": window_p50(times, a, b) for a, b in windows}
    early, late = p50[f"{windows[0][0]}-{windows[0][1]}"], p50[f"{windows[-1][0]}-{windows[-1][1]}"]
    return {"messages": len(times), "errors": errors, "p50_ms": p50,
            "late_early_ratio": round(late / early, 2) if early and late else None,
            "total_seconds": round(sum(times) / 1000, 1)}


async def conversation(base_urls: Dict[str, str], messages: int, time_limit: float = 1800,
                       on_message: Optional[Callable[[int], None]] = None) -> Dict[str, Dict[str, Any]]:
    """One conversation per bot, `messages` long, the bots alternating message by message.
    An HTTP error or an empty reply counts as an error (every message must get a reply)."""
    run = uuid.uuid4().hex[:6]
    times: Dict[str, List[float]] = {name: [] for name in base_urls}
    errors = {name: 0 for name in base_urls}
    last_replies: Dict[str, List[Tuple[str, str]]] = {name: [] for name in base_urls}
    deadline = time.monotonic() + time_limit
    async with httpx.AsyncClient(timeout=60) as client:
        for i in range(messages):
            if time.monotonic() > deadline:
                break
            if on_message:
                on_message(i + 1)
            question = QUESTIONS[i % len(QUESTIONS)]
            for name in (list(base_urls) if i % 2 == 0 else list(base_urls)[::-1]):
                started = time.perf_counter()
                try:
                    response = await client.post(f"{base_urls[name]}/webhooks/rest/webhook",
                                                 json={"sender": f"long-{name}-{run}", "message": question})
                    response.raise_for_status()
                    reply = "\n".join(m.get("text") or "" for m in response.json())
                except (httpx.HTTPError, ValueError):
                    reply = ""
                times[name].append((time.perf_counter() - started) * 1000)
                if not reply.strip():
                    errors[name] += 1
                if i >= messages - len(QUESTIONS):
                    last_replies[name].append((question, reply[:200]))
    windows = WINDOWS if messages <= 300 else LONG_WINDOWS
    return {name: {**summarise(times[name], errors[name], windows), "last_replies": last_replies[name]}
            for name in base_urls}


def measure(bolt_url: str, stock_url: str, long_messages: int = 1000) -> Dict[str, Any]:
    """The report's section: 300 messages side by side, then Bolt-NL alone for `long_messages`."""
    side_by_side = asyncio.run(conversation({"bolt": bolt_url, "stock": stock_url}, 300))
    bolt, stock = side_by_side["bolt"], side_by_side["stock"]
    result: Dict[str, Any] = {"questions": list(QUESTIONS), "bolt": bolt, "stock": stock,
                              "date": time.strftime("%Y-%m-%d %H:%M")}
    if long_messages:
        result["bolt_long"] = asyncio.run(conversation({"bolt": bolt_url}, long_messages))["bolt"]
    late, stock_early = bolt["p50_ms"]["281-300"], stock["p50_ms"]["1-20"]
    result["targets"] = {
        "ratio_met": bolt["late_early_ratio"] is not None and bolt["late_early_ratio"] <= RATIO_TARGET,
        "below_stock_early_met": late is not None and stock_early is not None and late < stock_early,
    }
    return result


# ---------------------------------------------------------------- report section

# What py-spy showed on the running server (bench/profiles/, README.md there); kept with the code
# that measures it and written into the report with every run.
FINDINGS: List[str] = []


def target_rows(section: Dict[str, Any]) -> List[str]:
    bolt, stock = section["bolt"], section["stock"]
    late = bolt["p50_ms"]["281-300"]
    rows = [f"| long conversation: Bolt-NL p50 at messages 281–300 / 1–20 ≤ {RATIO_TARGET} | "
            f"{bolt['late_early_ratio']} × | {'met' if section['targets']['ratio_met'] else 'NOT met'} |",
            f"| long conversation: Bolt-NL p50 at messages 281–300 below the stock bot's at 1–20 | {late} ms vs "
            f"{stock['p50_ms']['1-20']} ms | {'met' if section['targets']['below_stock_early_met'] else 'NOT met'} |"]
    long = section.get("bolt_long")
    if long:
        ok = long["messages"] == 1000 and long["errors"] == 0 and (long["late_early_ratio"] or 99) <= RATIO_TARGET
        rows.append(f"| a conversation of 1,000 messages completes with the same flat cost (p50 at 981–1000 / 1–20) | "
                    f"{long['messages']} messages, {long['errors']} errors, {long['late_early_ratio']} × | "
                    f"{'met' if ok else 'NOT met'} |")
    return rows


def report_lines(section: Dict[str, Any]) -> List[str]:
    bolt, stock = section["bolt"], section["stock"]
    lines = ["", "## One long conversation (issue 16)", "",
             f"Measured {section['date']}. One conversation of 300 sequential messages per bot over the REST "
             "webhook, the two bots alternating message by message; the questions in turn: "
             + "; ".join(f"`{q}`" for q in section["questions"]) + ". Median reply time (ms) per window of "
             "messages; the ratio is the last window's median over the first's. An error is an HTTP error or an "
             "empty reply.", "",
             "| Bot | messages 1–20 | 101–120 | 281–300 | 281–300 / 1–20 | whole conversation (s) | errors |",
             "|---|---|---|---|---|---|---|"]
    for name, v in (("Bolt-NL", bolt), ("stock `rasa init` bot", stock)):
        p = v["p50_ms"]
        lines.append(f"| {name} | {p['1-20']} | {p['101-120']} | {p['281-300']} | {v['late_early_ratio']} × | "
                     f"{v['total_seconds']} | {v['errors']} |")
    long = section.get("bolt_long")
    if long:
        p = long["p50_ms"]
        lines += ["", f"Bolt-NL alone, one conversation of {long['messages']} messages: p50 {p['1-20']} ms at "
                  f"messages 1–20, {p['481-500']} ms at 481–500, {p['981-1000']} ms at 981–1000 "
                  f"({long['late_early_ratio']} ×), {long['total_seconds']} s in all, {long['errors']} errors."]
        replies = long.get("last_replies") or []
        if replies:
            question, reply = replies[0]
            lines.append(f"Its message {long['messages'] - len(replies) + 1} (`{question}`) was answered: "
                         f"“{reply.splitlines()[0][:160]}”.")
    saved = PROFILES / "profiles.json"
    if FINDINGS or saved.exists():
        lines += ["", "### Where the time went (py-spy on the running server, bench/profiles/)", ""] + FINDINGS
    if saved.exists():
        profiles = json.loads(saved.read_text())
        lines += ["", "CPU time per message by what it was spent on ("
                  + "; ".join(f"{label}: {p['store']}, profiled {p['date']}" for label, p in profiles.items())
                  + "):", ""] + profile_lines(profiles)
    return lines


# ---------------------------------------------------------------- profiling (py-spy, --profile)

PROFILE_RATE = 100  # samples per second
# Where a sample of the Rasa server goes: the first category (in this order) with a frame in its stack.
RASA_CATEGORIES = (
    ("loading the tracker (SQL, json, replaying the events)", ("retrieve (rasa/core/tracker_store.py",
                                                               "retrieve (bot/stores/tracker_store.py")),
    ("saving the tracker", ("save (rasa/core/tracker_store.py", "save (bot/stores/tracker_store.py")),
    ("NLU (parsing the message)", ("parse_message (rasa/core/processor.py",)),
    ("policies: states of the whole history (past_states, applied_events)", ("past_states (rasa/shared/core",)),
    ("copying the tracker before each action (replays every event)", ("copy (rasa/shared/core/trackers.py",)),
    ("action server call (tracker payload, response)", ("run (rasa/core/actions/action.py",)),
    ("policies: the rest (rule look-ups, ensemble)", ("_predict_next_with_tracker (rasa/core/processor.py",)),
    ("the rest of handling the message", ("handle_message (rasa/core/processor.py",)),
)
ACTIONS_CATEGORIES = (
    ("reading the request (json of the whole tracker)", ("loads (json/", "json (sanic/request.py")),
    ("running the action", ("run (rasa_sdk/executor.py",)),
    ("the rest of the action server (Sanic, response)", ("handle_request", "webhook (rasa_sdk/endpoint.py")),
)


def py_spy(pid: int, out: Path, seconds: float, fmt: str = "flamegraph") -> subprocess.Popen:
    """py-spy sampling a running process for `seconds`, writing a flame graph (SVG) or raw stacks."""
    return subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(pid),
                             "--duration", str(int(seconds)), "--rate", str(PROFILE_RATE), "--format", fmt,
                             "--output", str(out), "--nonblocking"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def categorise(raw: Path, categories, messages: int) -> Dict[str, float]:
    """ms of sampled CPU per message in each category, from py-spy's raw (collapsed) stacks."""
    totals: Dict[str, float] = {name: 0.0 for name, _ in categories}
    totals["all sampled"] = 0.0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit() or "(idle)" in stack:
            continue
        samples = int(count)
        totals["all sampled"] += samples
        for name, frames in categories:
            if any(frame in stack for frame in frames):
                totals[name] += samples
                break
    return {name: round(samples * 1000 / PROFILE_RATE / max(messages, 1), 2) for name, samples in totals.items()}


async def _send_for(client: httpx.AsyncClient, url: str, sender: str, start: int, seconds: float) -> int:
    """Messages of one conversation, from message number `start` on, for `seconds`; returns the next number."""
    deadline = time.monotonic() + seconds
    i = start
    while time.monotonic() < deadline:
        response = await client.post(f"{url}/webhooks/rest/webhook",
                                     json={"sender": sender, "message": QUESTIONS[(i - 1) % len(QUESTIONS)]})
        response.raise_for_status()
        i += 1
    return i


def profile(bot, out_dir: Path, seconds: float = 14, late_from: int = 300) -> Dict[str, Any]:
    """Flame graphs of the Rasa server and the action server while one conversation sends its
    first messages (early) and while another sends messages `late_from` onwards (late), and the
    CPU time per message in each category (RASA_CATEGORIES) from the same samples."""
    out_dir.mkdir(parents=True, exist_ok=True)
    raw_dir = Path(tempfile.mkdtemp(prefix="bolt-profile-"))
    processes = {"rasa": bot.processes[-1].pid, "actions": bot.processes[0].pid}
    run = uuid.uuid4().hex[:6]

    async def run_all() -> Dict[str, Any]:
        result: Dict[str, Any] = {}
        async with httpx.AsyncClient(timeout=60) as client:
            # warm-up, then the late conversation is brought to `late_from` without profiling
            await _send_for(client, bot.url, f"warm-{run}", 1, 3)
            late_sender = f"late-{run}"
            for i in range(1, late_from):
                await client.post(f"{bot.url}/webhooks/rest/webhook",
                                  json={"sender": late_sender, "message": QUESTIONS[(i - 1) % len(QUESTIONS)]})
            for phase, sender, start in (("early", f"early-{run}", 1), ("late", late_sender, late_from)):
                spies = []
                for name, pid in processes.items():
                    spies.append(py_spy(pid, out_dir / f"{name}-{phase}.svg", seconds))
                    spies.append(py_spy(pid, raw_dir / f"{name}-{phase}.txt", seconds, "raw"))
                await asyncio.sleep(1.5)  # py-spy attached
                end = await _send_for(client, bot.url, sender, start, seconds - 3)
                for spy in spies:
                    _, err = spy.communicate(timeout=120)
                    if spy.returncode:
                        raise RuntimeError(f"py-spy failed: {err.decode(errors='replace')[-500:]}")
                count = end - start
                result[phase] = {"messages": f"{start}-{end - 1}", "count": count,
                                 "rasa_ms_per_message": categorise(raw_dir / f"rasa-{phase}.txt", RASA_CATEGORIES, count),
                                 "actions_ms_per_message": categorise(raw_dir / f"actions-{phase}.txt",
                                                                      ACTIONS_CATEGORIES, count)}
        return result

    try:
        return asyncio.run(run_all())
    finally:
        shutil.rmtree(raw_dir, ignore_errors=True)


def profile_lines(profiles: Dict[str, Any]) -> List[str]:
    """The CPU-per-message table of one or more profiled set-ups ({label: profile()})."""
    labels = list(profiles)
    head = " | ".join(f"{label}: early / late" for label in labels)
    lines = [f"| ms of CPU per message (py-spy samples) | {head} |", "|---" * (len(labels) + 1) + "|"]
    first = profiles[labels[0]]
    for server, key in (("Rasa server", "rasa_ms_per_message"), ("action server", "actions_ms_per_message")):
        for category in first["early"][key]:
            cells = " | ".join(f"{profiles[label]['early'][key][category]} / {profiles[label]['late'][key][category]}"
                               for label in labels)
            lines.append(f"| {server}: {category} | {cells} |")
    counts = "; ".join(f"{label}: messages {profiles[label]['early']['messages']} (early) and "
                       f"{profiles[label]['late']['messages']} (late)" for label in labels)
    return lines + ["", f"Sampled at {PROFILE_RATE} Hz while one conversation sent its messages: {counts}."]


# ---------------------------------------------------------------- standalone run of this section

def main(argv: Optional[Sequence[str]] = None) -> int:
    from bench.__main__ import OUT, log, start_bolt, start_stock
    from bench.report import write_report
    from tests.servers import BIN, ROOT, stop

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--long", type=int, default=1000, help="messages of Bolt-NL's long conversation (0: none)")
    parser.add_argument("--profile", metavar="LABEL", help="py-spy flame graphs into bench/profiles/LABEL/")
    parser.add_argument("--profile-only", action="store_true", help="only the flame graphs, no stock bot")
    parser.add_argument("--store", metavar="MODULE.CLASS", help="another tracker store class for Bolt-NL (e.g. "
                        "the previous version's, copied to a folder given with --path)")
    parser.add_argument("--path", default="", help="a folder added to PYTHONPATH of Bolt-NL's servers")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bolt-long-"))
    env = {"PYTHONPATH": f"{ROOT}:{args.path}"} if args.path else {}
    section: Dict[str, Any] = {}
    try:
        bolt, _, _ = start_bolt(work / "bolt", env, store_class=args.store or "")
        try:
            if args.profile:
                log(f"py-spy flame graphs: early vs late messages ({args.profile})")
                result = profile(bolt, PROFILES / args.profile)
                saved = json.loads((PROFILES / "profiles.json").read_text()) if (PROFILES / "profiles.json").exists() \
                    else {}
                saved[args.profile] = {**result, "date": time.strftime("%Y-%m-%d %H:%M"),
                                       "store": args.store or STORE_CLASS}
                (PROFILES / "profiles.json").write_text(json.dumps(saved, indent=2, ensure_ascii=False))
                log(f"profiles written: {json.dumps(result, indent=1)}")
            if args.profile_only:
                return 0
            log("creating and training the stock bot (rasa init)")
            stock_dir = work / "stock"
            stock_dir.mkdir()
            subprocess.run([str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(stock_dir)], cwd=work,
                           check=True, capture_output=True)
            stock, _ = start_stock(stock_dir)
            try:
                log(f"one conversation of 300 messages per bot, then Bolt-NL alone for {args.long}")
                section = measure(bolt.url, stock.url, args.long)
            finally:
                stop(stock.processes)
        finally:
            stop(bolt.processes)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({k: v for k, v in section.items() if k != "questions"}, indent=2, ensure_ascii=False))
    if args.store:
        (OUT / f"long_conversation_{args.store.split('.')[0]}.json").write_text(json.dumps(section, indent=2))
        log("another store: results written beside results.json, not merged")
        return 0
    results_path = OUT / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    results["long_conversation"] = section
    results_path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    if "latency" in results:
        write_report(results, OUT / "REPORT.md")
    log("merged the section into bench/results.json and bench/REPORT.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

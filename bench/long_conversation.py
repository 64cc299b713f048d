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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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


class Webhook:
    """Posts to a bot's REST webhook like a client that keeps its conversation: if the server issues
    a conversation secret (header x-conversation-secret), it is sent back with the next messages."""

    def __init__(self, client: httpx.AsyncClient, base_url: str) -> None:
        self.client, self.url = client, f"{base_url}/webhooks/rest/webhook"
        self.secrets: dict[str, str] = {}

    async def post(self, sender: str, text: str) -> httpx.Response:
        body = {"sender": sender, "message": text}
        if sender in self.secrets:
            body["conversation_secret"] = self.secrets[sender]
        response = await self.client.post(self.url, json=body)
        issued = response.headers.get("x-conversation-secret")
        if issued and response.headers.get("x-conversation-id", sender) == sender:
            self.secrets[sender] = issued
        return response


def window_p50(times: Sequence[float], first: int, last: int) -> float | None:
    """Median of messages first..last (1-based, inclusive); None if the run stopped before."""
    chosen = times[first - 1 : last]
    return round(statistics.median(chosen), 1) if len(chosen) == last - first + 1 else None


def summarise(times: Sequence[float], errors: int, windows=WINDOWS) -> dict[str, Any]:
    p50 = {f"{a}-{b}": window_p50(times, a, b) for a, b in windows}
    early, late = p50[f"{windows[0][0]}-{windows[0][1]}"], p50[f"{windows[-1][0]}-{windows[-1][1]}"]
    return {
        "messages": len(times),
        "errors": errors,
        "p50_ms": p50,
        "late_early_ratio": round(late / early, 2) if early and late else None,
        "total_seconds": round(sum(times) / 1000, 1),
    }


async def conversation(
    base_urls: dict[str, str], messages: int, time_limit: float = 1800, rotate: dict[str, int] | None = None
) -> dict[str, dict[str, Any]]:
    """One conversation per bot, `messages` long, the bots alternating message by message.
    `rotate`: names whose sender starts a new conversation every so many messages (a control: what a
    message early in a conversation costs at the same moment, on a machine whose load changes).
    An HTTP error or an empty reply counts as an error (every message must get a reply)."""
    rotate = rotate or {}
    run = uuid.uuid4().hex[:6]
    times: dict[str, list[float]] = {name: [] for name in base_urls}
    errors = {name: 0 for name in base_urls}
    last_replies: dict[str, list[tuple[str, str]]] = {name: [] for name in base_urls}
    deadline = time.monotonic() + time_limit
    async with httpx.AsyncClient(timeout=60) as client:
        hooks = {name: Webhook(client, url) for name, url in base_urls.items()}
        for i in range(messages):
            if time.monotonic() > deadline:
                break
            question = QUESTIONS[i % len(QUESTIONS)]
            for name in list(base_urls) if i % 2 == 0 else list(base_urls)[::-1]:
                started = time.perf_counter()
                try:
                    sender = f"long-{name}-{run}" + (f"-{i // rotate[name]}" if name in rotate else "")
                    response = await hooks[name].post(sender, question)
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
    return {
        name: {
            **summarise(times[name], errors[name], windows),
            "last_replies": last_replies[name],
            "times_ms": [round(t, 1) for t in times[name]],
        }
        for name in base_urls
    }


def control_adjusted(run: dict[str, Any], control: dict[str, Any], windows) -> float | None:
    """The late/early ratio against the control: each message's time divided by the control message
    sent right after or before it (same moment, same load), the median of that per window, late over
    early. The machine's load changes during a run; the raw ratio of medians takes it for cost."""
    times, reference = run.get("times_ms") or [], control.get("times_ms") or []

    def median_ratio(first: int, last: int) -> float | None:
        # the two runs may differ in length (an error ends one early): zip stops at the shorter, the check below sees it
        pairs = [t / c for t, c in zip(times[first - 1 : last], reference[first - 1 : last]) if c]  # noqa: B905
        return statistics.median(pairs) if len(pairs) == last - first + 1 else None

    early, late = median_ratio(*windows[0]), median_ratio(*windows[-1])
    return round(late / early, 2) if early and late else None


def measure(bolt_url: str, stock_url: str, long_messages: int = 1000) -> dict[str, Any]:
    """The report's section: 300 messages side by side, then Bolt-NL alone for `long_messages`."""
    side_by_side = asyncio.run(
        conversation({"bolt": bolt_url, "stock": stock_url, "bolt_fresh": bolt_url}, 300, rotate={"bolt_fresh": 20})
    )
    bolt, stock = side_by_side["bolt"], side_by_side["stock"]
    result: dict[str, Any] = {
        "questions": list(QUESTIONS),
        "bolt": bolt,
        "stock": stock,
        "bolt_fresh": side_by_side["bolt_fresh"],
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }
    if long_messages:
        run = asyncio.run(
            conversation({"bolt": bolt_url, "bolt_fresh": bolt_url}, long_messages, rotate={"bolt_fresh": 20})
        )
        result["bolt_long"], result["bolt_long_fresh"] = run["bolt"], run["bolt_fresh"]
    bolt["control_adjusted_ratio"] = control_adjusted(bolt, result["bolt_fresh"], WINDOWS)
    if long_messages:
        result["bolt_long"]["control_adjusted_ratio"] = control_adjusted(
            result["bolt_long"], result["bolt_long_fresh"], LONG_WINDOWS
        )
    late, stock_early = bolt["p50_ms"]["281-300"], stock["p50_ms"]["1-20"]
    result["targets"] = {
        "ratio_met": bolt["late_early_ratio"] is not None and bolt["late_early_ratio"] <= RATIO_TARGET,
        "below_stock_early_met": late is not None and stock_early is not None and late < stock_early,
    }
    return result


# ---------------------------------------------------------------- report section

# What py-spy showed on the running server (bench/profiles/, README.md there); kept with the code
# that measures it and written into the report with every run.
FINDINGS: list[str] = [
    "Before (the stock SQL store's loading: every event of the session for every message), the table below shows "
    "where the cost grew between messages 1–20 and message 300:",
    "- **Loading and deserialising the tracker** grew most: SQL rows, `json.loads`, `Event` objects and "
    "`DialogueStateTracker.from_dict` replaying every event (`rasa/core/tracker_store.py` `_retrieve`).",
    "- **`tracker.past_states()`** for every policy prediction (two or more per message, RulePolicy and "
    "MemoizationPolicy each): `applied_events()` and `generate_all_prior_trackers()` walk the whole history and "
    "`MaxHistoryTrackerFeaturizer` slices to `max_history` only afterwards, so `max_history: 3` does not bound it; "
    "the rule look-ups (`_find_action_from_rules`) grow with it.",
    "- **The action server receiving the whole tracker**: `RemoteAction._action_call_format` sends "
    "`current_state(EventVerbosity.ALL)`, every event serialised and `json.dumps`ed for each custom action, and "
    "parsed again by the action server. Rasa 3.6 has no setting for it (only `send_domain`, which is constant).",
    "- **`tracker.copy()` before every action** (`MessageProcessor._run_action`) replays every event.",
    "- **Writing events**: the stock `save` counts the session's stored rows (`_additional_events`) before "
    "appending the new ones; it grew least.",
    "Rasa's own means do not bound these: `max_history` slices after the whole history is featurised, sessions "
    "(60 minutes, `domain.yml`) already limit what is loaded but a conversation that goes on is one session, and the "
    "action endpoint has no payload setting. So the tracker store (`bot/stores/tracker_store.py`) loads a tail of at "
    "least `MIN_TURNS` user messages after a snapshot of the state before it (slots, paused; never inside a form), "
    "and the actions that build the agent's transcript are sent the whole session. After it, every category is flat "
    "(right-hand columns).",
]


def target_rows(section: dict[str, Any]) -> list[str]:
    bolt, stock = section["bolt"], section["stock"]
    late = bolt["p50_ms"]["281-300"]
    rows = [
        f"| long conversation: Bolt-NL p50 at messages 281–300 / 1–20 ≤ {RATIO_TARGET} | "
        f"{bolt['late_early_ratio']} × | {'met' if section['targets']['ratio_met'] else 'NOT met'} |",
        f"| long conversation: Bolt-NL p50 at messages 281–300 below the stock bot's at 1–20 | {late} ms vs "
        f"{stock['p50_ms']['1-20']} ms | {'met' if section['targets']['below_stock_early_met'] else 'NOT met'} |",
    ]
    if bolt.get("control_adjusted_ratio") is not None:
        adjusted = bolt["control_adjusted_ratio"]
        rows.append(
            f"| long conversation: the same ratio, each window divided by the control's (new conversations "
            f"sent in turn with it: the machine's load changes) ≤ {RATIO_TARGET} | {adjusted} × | "
            f"{'met' if adjusted <= RATIO_TARGET else 'NOT met'} |"
        )
    long = section.get("bolt_long")
    if long and long.get("control_adjusted_ratio") is not None:
        adjusted = long["control_adjusted_ratio"]
        rows.append(
            f"| 1,000 messages: p50 at 981–1000 / 1–20, each divided by the control's ≤ {RATIO_TARGET} | "
            f"{adjusted} × | {'met' if adjusted <= RATIO_TARGET else 'NOT met'} |"
        )
    if long:
        ok = long["messages"] == 1000 and long["errors"] == 0 and (long["late_early_ratio"] or 99) <= RATIO_TARGET
        rows.append(
            f"| a conversation of 1,000 messages completes with the same flat cost (p50 at 981–1000 / 1–20) | "
            f"{long['messages']} messages, {long['errors']} errors, {long['late_early_ratio']} × | "
            f"{'met' if ok else 'NOT met'} |"
        )
    return rows


def report_lines(section: dict[str, Any], saved: Path = PROFILES / "profiles.json") -> list[str]:
    bolt, stock = section["bolt"], section["stock"]
    lines = [
        "",
        "## One long conversation (issue 16)",
        "",
        f"Measured {section['date']}"
        + (f" by {section['by']}" if section.get("by") else "")
        + ". One conversation of 300 sequential messages per bot over the REST "
        "webhook, the two bots alternating message by message; the questions in turn: "
        + "; ".join(f"`{q}`" for q in section["questions"])
        + ". Median reply time (ms) per window of "
        "messages; the ratio is the last window's median over the first's. The control: a third stream of "
        "Bolt-NL messages in the same rotation whose conversation starts anew every 20 messages, i.e. what an "
        "early message costs at the same moment (the machine's load changes during a run). Empty: an HTTP "
        "error or a reply without text (the stock bot does not know Dutch and often says nothing).",
        "",
        "| Bot | messages 1–20 | 101–120 | 281–300 | 281–300 / 1–20 | whole conversation (s) | empty |",
        "|---|---|---|---|---|---|---|",
    ]
    rows = [("Bolt-NL", bolt), ("stock `rasa init` bot", stock)]
    if section.get("bolt_fresh"):
        rows.append(("control: Bolt-NL, a new conversation every 20 messages", section["bolt_fresh"]))
    for name, v in rows:
        p = v["p50_ms"]
        lines.append(
            f"| {name} | {p['1-20']} | {p['101-120']} | {p['281-300']} | {v['late_early_ratio']} × | "
            f"{v['total_seconds']} | {v['errors']} |"
        )
    long = section.get("bolt_long")
    if long:
        p = long["p50_ms"]
        lines += [
            "",
            f"Bolt-NL alone, one conversation of {long['messages']} messages: p50 {p['1-20']} ms at "
            f"messages 1–20, {p['481-500']} ms at 481–500, {p['981-1000']} ms at 981–1000 "
            f"({long['late_early_ratio']} ×), {long['total_seconds']} s in all, {long['errors']} empty replies.",
        ]
        control = section.get("bolt_long_fresh")
        if control:
            c = control["p50_ms"]
            lines[-1] += (
                f" The control (new conversations every 20 messages, in turn with it): {c['1-20']}, "
                f"{c['481-500']} and {c['981-1000']} ms in the same windows; message 981–1000 / control "
                f"{round(p['981-1000'] / c['981-1000'], 2) if p['981-1000'] and c['981-1000'] else '–'} ×."
            )
        replies = long.get("last_replies") or []
        if replies:
            question, reply = replies[0]
            lines.append(
                f"Its message {long['messages'] - len(replies) + 1} (`{question}`) was answered: "
                f"“{reply.splitlines()[0][:160]}”."
            )
    if FINDINGS or saved.exists():
        lines += ["", "### Where the time went (py-spy on the running server, bench/profiles/)", ""] + FINDINGS
    if saved.exists():
        profiles = json.loads(saved.read_text())
        runs = [(label, p["conversation"]) for label, p in profiles.items() if "conversation" in p]
        if runs:
            lines += [
                "",
                "The profiled set-ups, each measured as above (300 messages, beside the stock bot):",
                "",
                "| Set-up | Bolt-NL 1–20 | 101–120 | 281–300 | ratio | stock bot 1–20 | 281–300 | ratio |",
                "|---|---|---|---|---|---|---|---|",
            ]
            for label, c in runs:
                b, st = c["bolt"], c["stock"]
                lines.append(
                    f"| {label} ({profiles[label]['store']}, {c['date']}) | {b['p50_ms']['1-20']} | "
                    f"{b['p50_ms']['101-120']} | {b['p50_ms']['281-300']} | {b['late_early_ratio']} × | "
                    f"{st['p50_ms']['1-20']} | {st['p50_ms']['281-300']} | {st['late_early_ratio']} × |"
                )
        lines += [
            "",
            "CPU time per message by what it was spent on ("
            + "; ".join(f"{label}: {p['store']}, profiled {p['date']}" for label, p in profiles.items())
            + "):",
            "",
        ] + profile_lines(profiles)
    return lines


# ---------------------------------------------------------------- profiling (py-spy, --profile)

PROFILE_RATE = 100  # samples per second
# Where a sample of the Rasa server goes: the first category (in this order) with a frame in its stack.
RASA_CATEGORIES = (
    (
        "loading the tracker (SQL, json, replaying the events)",
        ("retrieve (rasa/core/tracker_store.py", "retrieve (bot/stores/tracker_store.py"),
    ),
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
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "py-spy"),
            "record",
            "--pid",
            str(pid),
            "--duration",
            str(int(seconds)),
            "--rate",
            str(PROFILE_RATE),
            "--format",
            fmt,
            "--output",
            str(out),
            "--nonblocking",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def categorise(raw: Path, categories, messages: int) -> dict[str, float]:
    """ms of sampled CPU per message in each category, from py-spy's raw (collapsed) stacks."""
    totals: dict[str, float] = {name: 0.0 for name, _ in categories}
    totals["all of the above"] = 0.0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        for name, frames in categories:
            if any(frame in stack for frame in frames):
                totals[name] += int(count)
                totals["all of the above"] += int(count)
                break
    return {name: round(samples * 1000 / PROFILE_RATE / max(messages, 1), 2) for name, samples in totals.items()}


async def _send_for(hook: Webhook, sender: str, start: int, seconds: float, per_conversation: int = 0) -> int:
    """Messages of one conversation, from message number `start` on, for `seconds`; returns the next
    number. With `per_conversation`, a new conversation after every so many messages."""
    deadline = time.monotonic() + seconds
    i = start
    while time.monotonic() < deadline:
        name = f"{sender}-{(i - start) // per_conversation}" if per_conversation else sender
        response = await hook.post(name, QUESTIONS[(i - 1) % len(QUESTIONS)])
        response.raise_for_status()
        i += 1
    return i


def profile(bot, out_dir: Path, seconds: float = 14, late_from: int = 300) -> dict[str, Any]:
    """Flame graphs of the Rasa server and the action server while new conversations send their
    first 20 messages (early) and while one sends messages `late_from` onwards (late), and the
    CPU time per message in each category (RASA_CATEGORIES) from the same samples."""
    out_dir.mkdir(parents=True, exist_ok=True)
    raw_dir = Path(tempfile.mkdtemp(prefix="bolt-profile-"))
    processes = {"rasa": bot.processes[-1].pid, "actions": bot.processes[0].pid}
    run = uuid.uuid4().hex[:6]

    async def run_all() -> dict[str, Any]:
        result: dict[str, Any] = {}
        async with httpx.AsyncClient(timeout=60) as client:
            hook = Webhook(client, bot.url)
            # warm-up, then the late conversation is brought to `late_from` without profiling
            await _send_for(hook, f"warm-{run}", 1, 3)
            late_sender = f"late-{run}"
            for i in range(1, late_from):
                (await hook.post(late_sender, QUESTIONS[(i - 1) % len(QUESTIONS)])).raise_for_status()
            for phase, sender, start in (("early", f"early-{run}", 1), ("late", late_sender, late_from)):
                spies = []
                for name, pid in processes.items():
                    spies.append(py_spy(pid, out_dir / f"{name}-{phase}.svg", seconds))
                    spies.append(py_spy(pid, raw_dir / f"{name}-{phase}.txt", seconds, "raw"))
                await asyncio.sleep(1.5)  # py-spy attached
                # early: messages 1-20 of new conversations, one after the other
                end = await _send_for(hook, sender, start, seconds - 3, 20 if phase == "early" else 0)
                for spy in spies:
                    _, err = spy.communicate(timeout=120)
                    if spy.returncode:
                        raise RuntimeError(f"py-spy failed: {err.decode(errors='replace')[-500:]}")
                count = end - start
                result[phase] = {
                    "messages": f"{start}-{end - 1}" if phase == "late" else f"1-20 of {-(-count // 20)} conversations",
                    "count": count,
                    "rasa_ms_per_message": categorise(raw_dir / f"rasa-{phase}.txt", RASA_CATEGORIES, count),
                    "actions_ms_per_message": categorise(raw_dir / f"actions-{phase}.txt", ACTIONS_CATEGORIES, count),
                }
        return result

    try:
        return asyncio.run(run_all())
    finally:
        shutil.rmtree(raw_dir, ignore_errors=True)


def profile_lines(profiles: dict[str, Any]) -> list[str]:
    """The CPU-per-message table of one or more profiled set-ups ({label: profile()})."""
    labels = list(profiles)
    head = " | ".join(f"{label}: early / late" for label in labels)
    lines = [f"| ms of CPU per message (py-spy samples) | {head} |", "|---" * (len(labels) + 1) + "|"]
    first = profiles[labels[-1]]
    for server, key in (("Rasa server", "rasa_ms_per_message"), ("action server", "actions_ms_per_message")):
        for category in first["early"][key]:
            cells = " | ".join(
                f"{profiles[label]['early'][key].get(category, '–')} / "
                f"{profiles[label]['late'][key].get(category, '–')}"
                for label in labels
            )
            lines.append(f"| {server}: {category} | {cells} |")
    counts = "; ".join(
        f"{label}: messages {profiles[label]['early']['messages']} (early) and "
        f"{profiles[label]['late']['messages']} of one conversation (late)"
        for label in labels
    )
    return lines + [
        "",
        f"Sampled at {PROFILE_RATE} Hz by py-spy (which slows the server: compare the columns, not "
        f"the figures with the latencies above); a sample counts in the first category its stack "
        f"reaches, in the order of the table; {counts}.",
    ]


# ---------------------------------------------------------------- standalone run of this section


def main(argv: Sequence[str] | None = None) -> int:
    from bench.__main__ import OUT, log, start_bolt, start_stock
    from bench.report import write_report
    from bot.testing.servers import BIN, ROOT, stop

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--long", type=int, default=1000, help="messages of Bolt-NL's long conversation (0: none)")
    parser.add_argument("--profile", metavar="LABEL", help="py-spy flame graphs into bench/profiles/LABEL/")
    parser.add_argument("--profile-only", action="store_true", help="only the flame graphs, no stock bot")
    parser.add_argument(
        "--store",
        metavar="MODULE.CLASS",
        help="another tracker store class for Bolt-NL (e.g. "
        "the previous version's, copied to a folder given with --path)",
    )
    parser.add_argument("--path", default="", help="a folder added to PYTHONPATH of Bolt-NL's servers")
    parser.add_argument("--stock-dir", help="a stock `rasa init` project trained before (trained here if missing)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bolt-long-"))
    env = {"PYTHONPATH": f"{ROOT}:{args.path}"} if args.path else {}
    section: dict[str, Any] = {}
    try:
        bolt, _, _ = start_bolt(work / "bolt", env, store_class=args.store or "")
        try:
            if args.profile:
                log(f"py-spy flame graphs: early vs late messages ({args.profile})")
                result = profile(bolt, PROFILES / args.profile)
                saved = (
                    json.loads((PROFILES / "profiles.json").read_text())
                    if (PROFILES / "profiles.json").exists()
                    else {}
                )
                saved[args.profile] = {
                    **saved.get(args.profile, {}),
                    **result,
                    "date": time.strftime("%Y-%m-%d %H:%M"),
                    "store": args.store or STORE_CLASS,
                }
                (PROFILES / "profiles.json").write_text(json.dumps(saved, indent=2, ensure_ascii=False))
                log(f"profiles written: {json.dumps(result, indent=1)}")
            if args.profile_only:
                return 0
            stock_dir = Path(args.stock_dir) if args.stock_dir else work / "stock"
            if not list(stock_dir.glob("models/*.tar.gz")):
                log("creating and training the stock bot (rasa init)")
                stock_dir.mkdir(parents=True, exist_ok=True)
                subprocess.run(
                    [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(stock_dir)],
                    cwd=work,
                    check=True,
                    capture_output=True,
                )
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
    if args.profile:  # the conversation's figures beside the profile of the same set-up
        saved = json.loads((PROFILES / "profiles.json").read_text())
        saved[args.profile]["conversation"] = {k: section[k] for k in ("date", "bolt", "stock")}
        (PROFILES / "profiles.json").write_text(json.dumps(saved, indent=2, ensure_ascii=False))
    if args.store:
        log("another tracker store: its figures are kept in bench/profiles/profiles.json only")
        return 0
    results_path = OUT / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    section["by"] = "`python -m bench.long_conversation`, this section alone: the other sections are of the run above"
    results["long_conversation"] = section
    results_path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    if "latency" in results:
        write_report(results, OUT / "REPORT.md")
    log("merged the section into bench/results.json and bench/REPORT.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

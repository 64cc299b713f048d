"""bench/results.json -> bench/REPORT.md, with each target and whether this run met it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench import faults, long_conversation


def overload_lines(r: dict) -> list:
    """Fairness and refusals of the same throughput runs (issue 15.5); runs of older results lack them."""
    runs = [
        ("one instance, SQLite", r["throughput_sqlite"]),
        ("one instance, PostgreSQL + Redis lock", r["throughput_scaling"]["one_instance"]),
        ("two instances, PostgreSQL + Redis lock", r["throughput_scaling"]["two_instances"]),
    ]
    if not any("refused" in run.get("8", {}) for _, run in runs):
        return []
    lines = [
        "",
        "Overload protection (issue 15.5) in the same runs: p99 reply time, replies refused as "
        "'erg druk' or rate-limited, and the answers of the conversation that got the fewest (of 10).",
        "",
        "| Set-up | p99 ms (8 / 32) | refused (8 / 32) | fewest answers (8 / 32) |",
        "|---|---|---|---|",
    ]
    for name, run in runs:
        a, b = run["8"], run["32"]
        lines.append(
            f"| {name} | {a.get('p99_ms', '–')} / {b.get('p99_ms', '–')} | {a.get('refused', '–')} / "
            f"{b.get('refused', '–')} | {a.get('fewest_answers', '–')} / {b.get('fewest_answers', '–')} |"
        )
    return lines


def mark(ok: bool) -> str:
    return "met" if ok else "NOT met"


def ahead(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Better at telling the intents apart: the classifier's first choice, fallbacks aside."""
    return all(first[k] > second[k] for k in ("top_intent_accuracy", "top_intent_macro_f1"))


def spread(scores: dict[str, Any], key: str, form: str = ".3f") -> str:
    """'0.957 (0.950–0.964)': the mean over the trainings and its range; one training: the figure alone."""
    low, high = scores[f"{key}_range"]
    return f"{scores[key]:{form}}" + (f" ({low:{form}}–{high:{form}})" if scores["runs"] > 1 else "")


def parts(scores: dict[str, Any]) -> str:
    """'0.936 / 0.873': mean top-intent accuracy on the held-out set's part one and part two."""
    by_part = scores["by_part"]
    return f"{by_part['part_one']:.3f} / {by_part['part_two']:.3f}"


OUTSIDER_SETS = (  # (results key, description): hold-out sets written by outsiders, reported without a target
    (
        "holdout2",
        "second hold-out set (tests/answers_holdout2, written 2026-11-27 by an outsider; reported, no target)",
    ),
    ("holdout3", "third hold-out set (tests/answers_holdout3, written 2026-12-07 by an outsider; reported, no target)"),
)


def answer_target_rows(r: dict[str, Any]) -> list[str]:
    """Answer accuracy on the article sets (issue 12), and the hold-out sets beside it."""
    if "answers" not in r:
        return []
    a, h = r["answers"]["article_sets"], r["answers"]["holdout"]
    outsiders = [
        f"| {label} | {s['accuracy']:.3f} ({s['right']}/{s['total']}), {s['invented_facts']} invented | |"
        for key, label in OUTSIDER_SETS
        if (s := r["answers"].get(key)) is not None
    ]
    invented = [a["invented_facts"], h["invented_facts"]]
    invented += [r["answers"][key]["invented_facts"] for key, _ in OUTSIDER_SETS if key in r["answers"]]
    return [
        f"| answers right ≥ 0.97 on the article sets (tests/answers, {a['total']} cases) | {a['accuracy']:.3f} "
        f"({a['right']}/{a['total']}) | {mark(a['accuracy'] >= 0.97)} |",
        f"| 0 invented facts (article sets and every hold-out set) | {' and '.join(map(str, invented))} | "
        f"{mark(not any(invented))} |",
        f"| first hold-out set (tests/answers_holdout; development data since 2026-12-07; reported, no target) | "
        f"{h['accuracy']:.3f} ({h['right']}/{h['total']}) | |",
    ] + outsiders


def answer_class_lines(r: dict[str, Any]) -> list[str]:
    if "answers" not in r:
        return []
    lines = [
        "",
        "## Answers per class (tests/answers: article sets; tests/answers_holdout*: hold-out sets)",
        "",
        "| Set | Class | right / total | share |",
        "|---|---|---|---|",
    ]
    sets = (
        ("article sets", "article_sets"),
        ("first hold-out", "holdout"),
        ("second hold-out", "holdout2"),
        ("third hold-out", "holdout3"),
    )
    for name, key in sets:
        for cls, v in r["answers"].get(key, {}).get("by_class", {}).items():
            lines.append(f"| {name} | {cls} | {v['right']}/{v['total']} | {v['accuracy']:.3f} |")
    return lines


def busy(run: dict[str, Any]) -> str:
    """Cores other work kept busy in the 3 s before a throughput run (the bots idle); "–" in older results."""
    value = run.get("busy_cores_before")
    return "–" if value is None or value != value else f"{value:.2f}"


def busy_note(tp: dict[str, Any]) -> str:
    """The scaling target needs free cores: say when other work held them during the two-instance run."""
    value = tp["two_instances"]["32"].get("busy_cores_before")
    if value is None or value != value or value < 0.5:
        return ""
    return f" (other work kept {value:.1f} cores busy)"


def write_report(r: dict[str, Any], path: Path) -> None:
    """From a run's results or from results.json alike: a JSON round trip makes the keys strings."""
    r = json.loads(json.dumps(r, default=str))
    lat, nlu, tp = r["latency"], r["nlu"], r["throughput_scaling"]
    b, d, t = nlu["bolt"], nlu["rasa_default"], nlu["tfidf_logreg"]
    lines = (
        [
            "# Bolt-NL benchmark report",
            "",
            f"Written by `make bench` on {r['machine']['date']} ({r['machine']['cpus']} cores, Python "
            f"{r['machine']['python']}). Every figure below was measured in the same run; the machine is shared and "
            "noisy, so compare ratios rather than absolute times.",
            "",
            "## Targets",
            "",
            "| Target | This run | |",
            "|---|---|---|",
            f"| p50 latency ≤ 1.5 × stock bot | {lat['p50_ratio']} × | {mark(lat['p50_ratio'] <= 1.5)} |",
            f"| p95 latency ≤ 2 × stock bot | {lat['p95_ratio']} × | {mark(lat['p95_ratio'] <= 2)} |",
            f"| two instances ≥ 1.5 × one at 32 conversations, 0 errors | {tp['ratio_at_32']} ×, "
            f"{tp['two_instances']['32']['errors']} errors{busy_note(tp)} | "
            f"{mark(tp['ratio_at_32'] >= 1.5 and tp['two_instances']['32']['errors'] == 0)} |",
            f"| full training < 3 minutes | {r['training']['bolt_seconds']} s | "
            f"{mark(r['training']['bolt_seconds'] < 180)} |",
            f"| intent accuracy ≥ 0.95 on the held-out set (top intent, mean of {b['runs']} trainings) | "
            f"{b['top_intent_accuracy']:.3f} | {mark(b['top_intent_accuracy'] >= 0.95)} |",
            f"| Bolt-NL ahead of Rasa default and TF-IDF (top-intent accuracy and macro F1) | "
            f"{b['top_intent_accuracy']:.3f} / {b['top_intent_macro_f1']:.3f} vs {d['top_intent_accuracy']:.3f} / "
            f"{d['top_intent_macro_f1']:.3f} and {t['top_intent_accuracy']:.3f} / {t['top_intent_macro_f1']:.3f} | "
            f"{mark(ahead(b, d) and ahead(b, t))} |",
            f"| answer correctness ≥ 0.95 | {r['correctness']['share']} ({r['correctness']['correct']}/"
            f"{r['correctness']['pairs']}) | {mark(r['correctness']['share'] >= 0.95)} |",
        ]
        + answer_target_rows(r)
        + (long_conversation.target_rows(r["long_conversation"]) if "long_conversation" in r else [])
        + [
            "",
            "## Reply latency over the REST webhook (sequential, 20 conversations × 20 messages per bot, "
            "the two bots interleaved conversation by conversation)",
            "",
            "| Bot | p50 ms | p95 ms | p99 ms | errors |",
            "|---|---|---|---|---|",
        ]
    )
    for name, key in (("Bolt-NL (SQLite tracker, action server)", "bolt"), ("stock `rasa init` bot", "stock")):
        v = lat[key]
        lines.append(f"| {name} | {v['p50_ms']:.1f} | {v['p95_ms']:.1f} | {v['p99_ms']:.1f} | {v['errors']} |")
    lines += answer_class_lines(r)
    lines += [
        "",
        "## Throughput (messages per second; each conversation 10 messages)",
        "",
        "| Set-up | 8 conversations | 32 conversations | errors (8 / 32) "
        "| cores busy with other work before (8 / 32) |",
        "|---|---|---|---|---|",
    ]
    for name, runs in (
        ("one instance, SQLite", r["throughput_sqlite"]),
        ("one instance, PostgreSQL + Redis lock", tp["one_instance"]),
        ("two instances, PostgreSQL + Redis lock", tp["two_instances"]),
    ):
        lines.append(
            f"| {name} | {runs['8']['messages_per_second']} | {runs['32']['messages_per_second']} | "
            f"{runs['8']['errors']} / {runs['32']['errors']} | {busy(runs['8'])} / {busy(runs['32'])} |"
        )
    lines += overload_lines(r)
    lines += faults.report_lines(r)  # database cut (and the kill test) beside the throughput
    cs, mem, tr = r["cold_start_seconds"], r["memory_mb"], r["training"]
    lines += [
        "",
        "## Start-up, memory, training",
        "",
        "| | Bolt-NL | stock bot |",
        "|---|---|---|",
        f"| time to first answer after start (s) | {cs['bolt']} | {cs['stock']} |",
        f"| resident memory, Rasa server (MB) | {mem['bolt_rasa']} | {mem['stock_rasa']} |",
        f"| resident memory, action server (MB) | {mem['bolt_actions']} | – |",
        f"| full training (s) | {tr['bolt_seconds']} | {tr['stock_seconds']} |",
        "",
        "## NLU quality on the held-out set (tests/nlu/heldout.yml)",
        "",
        f"Mean (lowest–highest) over {b['runs']} trainings each: Bolt-NL with seeds "
        f"{', '.join(str(s) for s in nlu['seeds'])}; Rasa's stock config sets no seed, so each of its trainings "
        "is another draw. TF-IDF + logistic regression is deterministic.",
        "",
        "*Top intent*: the classifier's first choice, before a fallback replaces it; it measures how well a "
        "pipeline tells the intents apart, and is what the targets compare (the TF-IDF baseline has no "
        "fallback). *Answered right*: the intent the bot acts on, where a fallback (`nlu_fallback`: the bot "
        "asks back) counts as an error. *Wrong intent*: another real intent, i.e. the bot would answer "
        "something else. Each pipeline's fallback thresholds are its own: Bolt-NL 0.5, Rasa's stock 0.3.",
        "",
        "The test file has two parts: part one was written with the training data, part two later and "
        "independently (without seeing part one or any model's errors), with more variety.",
        "",
        f"| Pipeline | top-intent accuracy | top-intent macro F1 | answered right | entity F1 | "
        f"wrong intent (of {b['examples']}) | top-intent accuracy part one / part two |",
        "|---|---|---|---|---|---|---|",
        f"| Bolt-NL (config.yml) | {spread(b, 'top_intent_accuracy')} | {spread(b, 'top_intent_macro_f1')} | "
        f"{spread(b, 'intent_accuracy')} | {spread(b, 'entity_f1')} | {spread(b, 'wrong_intents', '.1f')} | "
        f"{parts(b)} |",
        f"| Rasa default pipeline (same data) | {spread(d, 'top_intent_accuracy')} | "
        f"{spread(d, 'top_intent_macro_f1')} | {spread(d, 'intent_accuracy')} | {spread(d, 'entity_f1')} | "
        f"{spread(d, 'wrong_intents', '.1f')} | {parts(d)} |",
        f"| TF-IDF + logistic regression (no fallback) | {t['top_intent_accuracy']:.3f} | "
        f"{t['top_intent_macro_f1']:.3f} | {t['intent_accuracy']:.3f} | – | {t['wrong_intents']} | {parts(t)} |",
        "",
        "## Answer correctness",
        "",
        f"{r['correctness']['correct']} of {r['correctness']['pairs']} questions got a reply containing the "
        "expected fact (phone numbers, response times, plan rules), asked over the webhook.",
    ]
    for failure in r["correctness"]["failures"][:15]:
        lines.append(f"- `{failure['question']}`: expected `{failure['expected']}`")
    if "long_conversation" in r:
        lines += long_conversation.report_lines(r["long_conversation"])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

"""bench/results.json -> bench/REPORT.md, with each target and whether this run met it."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict


def mark(ok: bool) -> str:
    return "met" if ok else "NOT met"


def write_report(r: Dict[str, Any], path: Path) -> None:
    lat, nlu, tp = r["latency"], r["nlu"], r["throughput_scaling"]
    b, d, t = nlu["bolt"], nlu["rasa_default"], nlu["tfidf_logreg"]
    lines = [
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
        f"{tp['two_instances'][32]['errors']} errors | "
        f"{mark(tp['ratio_at_32'] >= 1.5 and tp['two_instances'][32]['errors'] == 0)} |",
        f"| full training < 3 minutes | {r['training']['bolt_seconds']} s | {mark(r['training']['bolt_seconds'] < 180)} |",
        f"| intent accuracy ≥ 0.95 on the held-out set | {b['intent_accuracy']:.3f} | {mark(b['intent_accuracy'] >= 0.95)} |",
        f"| Bolt-NL ahead of Rasa default and TF-IDF (macro F1) | {b['intent_macro_f1']:.3f} vs {d['intent_macro_f1']:.3f} / "
        f"{t['intent_macro_f1']:.3f} | {mark(b['intent_macro_f1'] > max(d['intent_macro_f1'], t['intent_macro_f1']))} |",
        f"| answer correctness ≥ 0.95 | {r['correctness']['share']} ({r['correctness']['correct']}/"
        f"{r['correctness']['pairs']}) | {mark(r['correctness']['share'] >= 0.95)} |",
        "",
        "## Reply latency over the REST webhook (sequential, 20 conversations × 20 messages per bot, the two bots interleaved conversation by conversation)",
        "",
        "| Bot | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---|---|---|",
    ]
    for name, key in (("Bolt-NL (SQLite tracker, action server)", "bolt"), ("stock `rasa init` bot", "stock")):
        v = lat[key]
        lines.append(f"| {name} | {v['p50_ms']:.1f} | {v['p95_ms']:.1f} | {v['p99_ms']:.1f} | {v['errors']} |")
    lines += ["", "## Throughput (messages per second; each conversation 10 messages)", "",
              "| Set-up | 8 conversations | 32 conversations | errors (8 / 32) |", "|---|---|---|---|"]
    for name, runs in (("one instance, SQLite", r["throughput_sqlite"]), ("one instance, PostgreSQL + Redis lock",
                                                                          tp["one_instance"]),
                       ("two instances, PostgreSQL + Redis lock", tp["two_instances"])):
        lines.append(f"| {name} | {runs[8]['messages_per_second']} | {runs[32]['messages_per_second']} | "
                     f"{runs[8]['errors']} / {runs[32]['errors']} |")
    cs, mem, tr = r["cold_start_seconds"], r["memory_mb"], r["training"]
    lines += ["", "## Start-up, memory, training", "",
              "| | Bolt-NL | stock bot |", "|---|---|---|",
              f"| time to first answer after start (s) | {cs['bolt']} | {cs['stock']} |",
              f"| resident memory, Rasa server (MB) | {mem['bolt_rasa']} | {mem['stock_rasa']} |",
              f"| resident memory, action server (MB) | {mem['bolt_actions']} | – |",
              f"| full training (s) | {tr['bolt_seconds']} | {tr['stock_seconds']} |",
              "", "## NLU quality on the held-out set (tests/nlu/heldout.yml)", "",
              "| Pipeline | intent accuracy | macro F1 | entity F1 |", "|---|---|---|---|",
              f"| Bolt-NL (spaCy nl lemmas + char n-grams + DIET + KB extractor) | {b['intent_accuracy']:.3f} | "
              f"{b['intent_macro_f1']:.3f} | {b['entity_f1']:.3f} |",
              f"| Rasa default pipeline (same data) | {d['intent_accuracy']:.3f} | {d['intent_macro_f1']:.3f} | "
              f"{d['entity_f1']:.3f} |",
              f"| TF-IDF + logistic regression | {t['intent_accuracy']:.3f} | {t['intent_macro_f1']:.3f} | – |",
              "", "## Answer correctness", "",
              f"{r['correctness']['correct']} of {r['correctness']['pairs']} questions got a reply containing the "
              "expected fact (phone numbers, response times, plan rules), asked over the webhook."]
    for failure in r["correctness"]["failures"][:15]:
        lines.append(f"- `{failure['question']}`: expected `{failure['expected']}`")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

"""`python -m bot evaluate`: cross-validation on the training data and the held-out test set.

Writes reports/evaluation-<time>.md (per-intent precision/recall/F1, entity F1, the most confused
intent pairs with examples, and the change against the previous run), reports/confusion.png and
reports/latest.json (what the next run compares with).
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from bot.evaluation.nlu_metrics import Example, Prediction, load_examples, prediction_from_parse, score


def per_intent(examples: List[Example], predictions: List[Prediction]) -> Dict[str, Dict[str, float]]:
    labels = sorted({e.intent for e in examples})
    table = {}
    for label in labels:
        tp = sum(1 for e, p in zip(examples, predictions) if e.intent == label and p.intent == label)
        fp = sum(1 for e, p in zip(examples, predictions) if e.intent != label and p.intent == label)
        fn = sum(1 for e, p in zip(examples, predictions) if e.intent == label and p.intent != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[label] = {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
                        "support": tp + fn}
    return table


def confused_pairs(examples: List[Example], predictions: List[Prediction], top: int = 8) -> List[Dict[str, Any]]:
    pairs: Counter = Counter()
    samples: Dict[Tuple[str, str], List[str]] = {}
    for e, p in zip(examples, predictions):
        if p.intent != e.intent:
            key = (e.intent, p.intent or "none")
            pairs[key] += 1
            samples.setdefault(key, []).append(e.text)
    return [{"expected": k[0], "predicted": k[1], "count": n, "examples": samples[k][:3]}
            for k, n in pairs.most_common(top)]


def confusion_png(examples: List[Example], predictions: List[Prediction], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import confusion_matrix

    labels = sorted({e.intent for e in examples} | {p.intent or "none" for p in predictions})
    matrix = confusion_matrix([e.intent for e in examples], [p.intent or "none" for p in predictions], labels=labels)
    fig, ax = plt.subplots(figsize=(12, 10))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.set_xlabel("voorspeld")
    ax.set_ylabel("verwacht")
    for i in range(len(labels)):
        for j in range(len(labels)):
            if matrix[i, j]:
                ax.text(j, i, matrix[i, j], ha="center", va="center", fontsize=6,
                        color="white" if matrix[i, j] > matrix.max() / 2 else "black")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


async def heldout(model: Path, test_file: Path) -> Tuple[List[Example], List[Prediction]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    examples = load_examples(test_file)
    types = {e[0] for ex in examples for e in ex.entities} or None
    return examples, [prediction_from_parse(await agent.parse_message(ex.text), types) for ex in examples]


def cross_validation(root: Path, config: Path, nlu: Path, domain: Path, folds: int, out: Path) -> Dict[str, Any]:
    """Rasa's own k-fold cross-validation; returns its intent report (macro/weighted averages)."""
    rasa = Path(sys.executable).parent / "rasa"
    subprocess.run([str(rasa), "test", "nlu", "--cross-validation", "--folds", str(folds), "--config", str(config),
                    "--nlu", str(nlu), "--domain", str(domain), "--out", str(out)], cwd=root, check=True,
                   capture_output=True)
    report = json.loads((out / "intent_report.json").read_text())
    return {"accuracy": round(report.get("accuracy", 0.0), 4),
            "macro_f1": round(report.get("macro avg", {}).get("f1-score", 0.0), 4),
            "weighted_f1": round(report.get("weighted avg", {}).get("f1-score", 0.0), 4), "folds": folds}


def compare(current: Dict[str, Any], previous: Optional[Dict[str, Any]]) -> List[str]:
    if not previous:
        return ["Eerste evaluatie: niets om mee te vergelijken."]
    lines = []
    for key in ("top_intent_accuracy", "intent_accuracy", "intent_macro_f1", "entity_f1"):
        if key not in previous["heldout"]:  # a report from before this figure existed
            continue
        delta = current["heldout"][key] - previous["heldout"][key]
        lines.append(f"- {key}: {previous['heldout'][key]:.3f} → {current['heldout'][key]:.3f} ({delta:+.3f})")
    better = [i for i, v in current["per_intent"].items()
              if i in previous["per_intent"] and v["f1"] > previous["per_intent"][i]["f1"] + 1e-9]
    worse = [i for i, v in current["per_intent"].items()
             if i in previous["per_intent"] and v["f1"] < previous["per_intent"][i]["f1"] - 1e-9]
    lines.append(f"- beter: {', '.join(better) or 'geen'}")
    lines.append(f"- slechter: {', '.join(worse) or 'geen'}")
    return lines


def run(root: Path, model: Path, test_file: Path, reports: Path, folds: int = 0, config: Optional[Path] = None,
        now: Optional[dt.datetime] = None) -> Path:
    reports.mkdir(parents=True, exist_ok=True)
    examples, predictions = asyncio.run(heldout(model, test_file))
    scores = score(examples, predictions)
    result: Dict[str, Any] = {
        "heldout": {k: v for k, v in scores.as_dict().items() if k != "errors"},
        "per_intent": per_intent(examples, predictions),
        "confused": confused_pairs(examples, predictions),
    }
    if folds:
        result["cross_validation"] = cross_validation(root, config or root / "config.yml", root / "data" / "nlu",
                                                      root / "domain.yml", folds, reports / "crossval")
    latest = reports / "latest.json"
    previous = json.loads(latest.read_text()) if latest.exists() else None
    confusion_png(examples, predictions, reports / "confusion.png")
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    lines = [f"# NLU-evaluatie {stamp}", "", f"Model: `{model}`; testset: `{test_file}` ({scores.examples} voorbeelden).",
             "", "## Held-out", "", "Top intent: de eerste keuze van de classifier, vóór de fallback; "
             "intent accuracy: waar de bot op handelt (terugvragen telt als fout).", "",
             "| top intent accuracy | intent accuracy | macro F1 | entity F1 |", "|---|---|---|---|",
             f"| {scores.top_intent_accuracy:.3f} | {scores.intent_accuracy:.3f} | {scores.intent_macro_f1:.3f} | "
             f"{scores.entity_f1:.3f} |"]
    if "cross_validation" in result:
        cv = result["cross_validation"]
        lines += ["", f"## Cross-validatie ({cv['folds']} folds, trainingsdata)", "",
                  f"accuracy {cv['accuracy']:.3f}, macro F1 {cv['macro_f1']:.3f}, gewogen F1 {cv['weighted_f1']:.3f}"]
    lines += ["", "## Per intent", "", "| intent | precision | recall | F1 | n |", "|---|---|---|---|---|"]
    lines += [f"| {i} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |"
              for i, v in result["per_intent"].items()]
    lines += ["", "## Meest verwarde intents", ""]
    lines += [f"- {c['expected']} → {c['predicted']} ({c['count']}×): " + "; ".join(f"'{t}'" for t in c["examples"])
              for c in result["confused"]] or ["- geen"]
    lines += ["", "![confusion matrix](confusion.png)", "", "## Vergeleken met de vorige evaluatie", ""]
    lines += compare(result, previous)
    report = reports / f"evaluation-{stamp}.md"
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    latest.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return report

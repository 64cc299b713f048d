"""`python -m bot evaluate`: the held-out test set, compared with the deployed model (or a named baseline).

Each run writes, side by side in reports/:
- evaluation-<time>.md: figures, per-intent precision/recall/F1, the most confused intent pairs with
  examples, and the comparison: figures before/after, intents that got better or worse, and the
  examples that became right or wrong;
- evaluation-<time>.json: the same plus every example's prediction and the model's SHA-256 (what a
  later run compares with);
- confusion-<time>.png: the confusion matrix, titled with the model.

The baseline is the deployed model (models/deployed.json, written by `reload` and `deploy`): the
latest run of that model on the same test set, or, if it was never evaluated, the kept copy
models/deployed.tar.gz evaluated now. `--baseline` names another: a run's .json or .md, or a model
archive. Cross-validation (Rasa's `rasa test nlu --cross-validation`, one training per fold) is
opt-in with `--folds N`, with a progress bar.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import os
import re
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.evaluation.nlu_metrics import Example, Prediction, label_table, load_examples, prediction_from_parse, score
from bot.trainer.fingerprint import sha256

METRICS = ("top_intent_accuracy", "intent_accuracy", "intent_macro_f1", "entity_f1")
METRIC_LABELS = {
    "top_intent_accuracy": "top intent",
    "intent_accuracy": "intent accuracy",
    "intent_macro_f1": "macro F1",
    "entity_f1": "entity F1",
}


def per_intent(examples: list[Example], predictions: list[Prediction]) -> dict[str, dict[str, float]]:
    """The report's per-intent table: nlu_metrics' figures (one rule for every F1), rounded to 3 places."""
    return {
        label: {
            "precision": round(s.precision, 3),
            "recall": round(s.recall, 3),
            "f1": round(s.f1, 3),
            "support": s.support,
        }
        for label, s in label_table(examples, [p.intent for p in predictions]).items()
    }


def confused_pairs(examples: list[Example], predictions: list[Prediction], top: int = 8) -> list[dict[str, Any]]:
    pairs: Counter = Counter()
    samples: dict[tuple[str, str], list[str]] = {}
    for e, p in zip(examples, predictions, strict=True):
        if p.intent != e.intent:
            key = (e.intent, p.intent or "none")
            pairs[key] += 1
            samples.setdefault(key, []).append(e.text)
    return [
        {"expected": k[0], "predicted": k[1], "count": n, "examples": samples[k][:3]} for k, n in pairs.most_common(top)
    ]


def example_results(examples: list[Example], predictions: list[Prediction]) -> list[dict[str, Any]]:
    """Per example: what was expected, what the bot acts on, and whether both intent and entities are right."""
    rows = []
    for e, p in zip(examples, predictions, strict=True):
        expected_entities = sorted({(t, v) for t, v, _, _ in e.entities})
        found_entities = sorted({(t, v) for t, v, _, _ in p.entities})
        rows.append(
            {
                "text": e.text,
                "expected": e.intent,
                "predicted": p.intent,
                "top_intent": p.first_choice(),
                "confidence": round(p.confidence, 3),
                "expected_entities": [f"{t}={v}" for t, v in expected_entities],
                "entities": [f"{t}={v}" for t, v in found_entities],
                "right": p.intent == e.intent and expected_entities == found_entities,
            }
        )
    return rows


def confusion_png(examples: list[Example], predictions: list[Prediction], path: Path, title: str = "") -> None:
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
    if title:
        ax.set_title(title, fontsize=9)
    for i in range(len(labels)):
        for j in range(len(labels)):
            if matrix[i, j]:
                ax.text(
                    j,
                    i,
                    matrix[i, j],
                    ha="center",
                    va="center",
                    fontsize=6,
                    color="white" if matrix[i, j] > matrix.max() / 2 else "black",
                )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def quiet_rasa() -> None:
    """Rasa's structlog prints a debug line per parsed message unless configured; keep warnings only."""
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    for name in ("rasa", "tensorflow", "absl", "h5py"):
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.getLogger("matplotlib").setLevel(logging.ERROR)  # its style files trip pyparsing's deprecations


async def heldout(model: Path, test_file: Path) -> tuple[list[Example], list[Prediction]]:
    quiet_rasa()
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    examples = load_examples(test_file)
    types = {e[0] for ex in examples for e in ex.entities} or None
    return examples, [prediction_from_parse(await agent.parse_message(ex.text), types) for ex in examples]


def progress_bar(done: int, total: int, started: float, label: str, width: int = 24) -> str:
    filled = int(width * done / total) if total else width
    elapsed = int(time.monotonic() - started)
    return f"\r{label} [{'#' * filled}{'-' * (width - filled)}] {done}/{total}  {elapsed // 60}:{elapsed % 60:02d}"


def cross_validation(
    root: Path,
    config: Path,
    nlu: Path,
    domain: Path,
    folds: int,
    out: Path,
    show: Callable[[str], None] = lambda s: None,
) -> dict[str, Any]:
    """Rasa's own k-fold cross-validation with a progress bar; returns its intent report's averages."""
    from bot.trainer.commands import _rasa_env, rasa_command

    command = rasa_command(
        "test",
        "nlu",
        "--cross-validation",
        "--folds",
        str(folds),
        "--config",
        str(config),
        "--nlu",
        str(nlu),
        "--domain",
        str(domain),
        "--out",
        str(out),
        "--debug",
    )
    env = {**_rasa_env(), "TF_CPP_MIN_LOG_LEVEL": "3"}
    started, done = time.monotonic(), 0
    show(progress_bar(0, folds, started, "Cross-validatie"))
    tail: list[str] = []
    with subprocess.Popen(
        command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, errors="replace"
    ) as process:
        assert process.stdout is not None  # stdout=PIPE
        for line in process.stdout:
            tail = (tail + [line.rstrip()])[-20:]
            match = re.search(r"Fold: (\d+)", line)
            if match:  # Rasa logs "Fold: i" when it starts fold i (0-based): folds before it are done
                done = int(match.group(1))
                show(progress_bar(done, folds, started, "Cross-validatie"))
    if process.returncode != 0:
        show("\n")
        raise RuntimeError("rasa test nlu --cross-validation mislukt:\n" + "\n".join(tail))
    show(progress_bar(folds, folds, started, "Cross-validatie") + "\n")
    report = json.loads((out / "intent_report.json").read_text())
    return {
        "accuracy": round(report.get("accuracy", 0.0), 4),
        "macro_f1": round(report.get("macro avg", {}).get("f1-score", 0.0), 4),
        "weighted_f1": round(report.get("weighted avg", {}).get("f1-score", 0.0), 4),
        "folds": folds,
    }


# --- the baseline -------------------------------------------------------------------------------------


@dataclass
class Baseline:
    description: str
    run: dict[str, Any] | None = None  # a run's result (None: nothing to compare with)


def _runs(reports: Path) -> list[Path]:
    return sorted(reports.glob("evaluation-*.json")) + sorted(reports.glob("baseline-*.json"))


def _load_run(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def evaluate_model(model: Path, test_file: Path) -> dict[str, Any]:
    """Everything a run records about one model on one test file (no files written)."""
    examples, predictions = asyncio.run(heldout(model, test_file))
    scores = score(examples, predictions)
    return {
        "model": str(model),
        "model_sha256": sha256(model),
        "test_file": str(test_file),
        "test_sha256": sha256(test_file),
        "heldout": {k: v for k, v in scores.as_dict().items() if k != "errors"},
        "per_intent": per_intent(examples, predictions),
        "confused": confused_pairs(examples, predictions),
        "examples": example_results(examples, predictions),
        "_examples": examples,
        "_predictions": predictions,
    }


def _public(result: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in result.items() if not k.startswith("_")}


def resolve_baseline(baseline: Path | None, test_file: Path, reports: Path, models: Path, model_sha: str) -> Baseline:
    from bot.trainer.servers import deployed

    if baseline is not None:
        if baseline.name.endswith(".tar.gz"):
            return Baseline(
                f"model {baseline.name} ({sha256(baseline)[:12]})", _public(evaluate_model(baseline, test_file))
            )
        path = baseline.with_suffix(".json") if baseline.suffix == ".md" else baseline
        if not path.exists():
            raise FileNotFoundError(f"baseline {baseline} bestaat niet")
        run = _load_run(path)
        return Baseline(f"{path.name} (model {str(run.get('model_sha256', ''))[:12]})", run)
    record = deployed(models)
    if not record:
        return Baseline(
            "geen uitgerold model bekend (nog niet via `python -m bot reload` of `deploy` geladen); "
            "kies er een met --baseline"
        )
    digest = record["model_sha256"]
    label = f"het uitgerolde model ({digest[:12]}, {record.get('deployed_at', '?')})"
    if digest == model_sha:
        return Baseline(f"{label}: dat is dit model zelf, er is niets veranderd")
    test_sha = sha256(test_file)
    for path in reversed(_runs(reports)):
        try:
            run = _load_run(path)
        except ValueError:
            continue
        if run.get("model_sha256") == digest and run.get("test_sha256") == test_sha:
            return Baseline(f"{label}, evaluatie {path.name}", run)
    copy = Path(record.get("copy") or "")
    if copy.is_file() and sha256(copy) == digest:
        run = _public(evaluate_model(copy, test_file))
        reports.mkdir(parents=True, exist_ok=True)
        (reports / f"baseline-{digest[:12]}.json").write_text(json.dumps(run, indent=2, ensure_ascii=False))
        return Baseline(f"{label}, nu geëvalueerd", run)
    return Baseline(f"{label}: geen evaluatie en geen kopie ervan gevonden; kies een baseline met --baseline")


def compare(current: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """Figures before/after, intents better/worse, examples that became right or wrong."""
    if not previous:
        return {}
    metrics = {
        k: (previous["heldout"][k], current["heldout"][k])
        for k in METRICS
        if k in previous.get("heldout", {}) and k in current["heldout"]
    }
    better = [
        i
        for i, v in current["per_intent"].items()
        if i in previous.get("per_intent", {}) and v["f1"] > previous["per_intent"][i]["f1"] + 1e-9
    ]
    worse = [
        i
        for i, v in current["per_intent"].items()
        if i in previous.get("per_intent", {}) and v["f1"] < previous["per_intent"][i]["f1"] - 1e-9
    ]
    before = {e["text"]: e for e in previous.get("examples") or []}
    now_right: list[dict[str, Any]] = []
    now_wrong: list[dict[str, Any]] = []
    for e in current.get("examples") or []:
        old = before.get(e["text"])
        if old is None or old["right"] == e["right"]:
            continue
        (now_right if e["right"] else now_wrong).append(
            {
                "text": e["text"],
                "expected": e["expected"],
                "before": old["predicted"],
                "after": e["predicted"],
                "entities_before": old["entities"],
                "entities_after": e["entities"],
            }
        )
    return {
        "metrics": metrics,
        "better": better,
        "worse": worse,
        "now_right": now_right,
        "now_wrong": now_wrong,
        "compared_examples": sum(1 for e in current.get("examples") or [] if e["text"] in before),
    }


def _example_line(change: dict[str, Any]) -> str:
    line = f"- '{change['text']}' (verwacht {change['expected']}): {change['before']} → {change['after']}"
    if change["entities_before"] != change["entities_after"]:
        before = ", ".join(change["entities_before"]) or "geen"
        line += f"; entiteiten {before} → {', '.join(change['entities_after']) or 'geen'}"
    return line


def comparison_lines(diff: dict[str, Any], description: str, limit: int = 25) -> list[str]:
    lines = [f"Vergeleken met {description}.", ""]
    if not diff:
        return lines[:1]
    lines += [f"- {METRIC_LABELS[k]}: {a:.3f} → {b:.3f} ({b - a:+.3f})" for k, (a, b) in diff["metrics"].items()]
    lines += [f"- beter: {', '.join(diff['better']) or 'geen'}", f"- slechter: {', '.join(diff['worse']) or 'geen'}"]
    for key, title in (("now_right", "Nu goed"), ("now_wrong", "Nu fout")):
        items = diff[key]
        lines += ["", f"### {title} ({len(items)})", ""]
        lines += [_example_line(c) for c in items[:limit]] or ["- geen"]
        if len(items) > limit:
            lines.append(f"- ... en nog {len(items) - limit} (zie de .json)")
    return lines


# --- the quality gate ---------------------------------------------------------------------------------


def _gate(gate_file: Path) -> dict[str, Any]:
    import yaml

    return yaml.safe_load(gate_file.read_text(encoding="utf-8")) or {}


def _parts(test_file: Path) -> dict[str, slice]:
    """The test file's parts (its '# Part ...' marker lines; a file without them is one part)."""
    from bot.evaluation.nlu_metrics import test_set_parts

    return test_set_parts(test_file)


def gate_scores(
    examples: list[Example], predictions: list[Prediction], test_file: Path, gate_file: Path | None
) -> dict[str, dict[str, object]]:
    """The figures each part of the quality gate is checked on: a section of the gate file named after
    a part of the test set (part_three) on that part; the top-level figures on the rest, as
    tests/nlu/test_heldout.py does."""
    sections = [
        k for k, v in (_gate(gate_file) if gate_file and gate_file.exists() else {}).items() if isinstance(v, dict)
    ]
    parts = _parts(test_file)
    gated = {name: parts[name] for name in sections if name in parts}
    excluded = {i for part in gated.values() for i in range(len(examples))[part]}
    rest = [i for i in range(len(examples)) if i not in excluded]

    def figures(indices: list[int]) -> dict[str, object]:
        if not indices:
            return {}
        scores = score([examples[i] for i in indices], [predictions[i] for i in indices]).as_dict()
        return {k: scores[k] for k in METRICS if k in scores} | {"examples": len(indices)}

    out = {"": figures(rest)}
    for name, part in gated.items():
        out[name] = figures(list(range(len(examples)))[part])
    return out


def gate_failures(scores: dict[str, dict[str, float]], gate_file: Path) -> list[str]:
    """What is below tests/nlu/quality_gate.yml (empty: the model passes). scores: gate_scores()."""
    failures = []
    for key, value in _gate(gate_file).items():
        section, thresholds = (key, value) if isinstance(value, dict) else ("", {key: value})
        figures = scores.get(section)
        if not figures:
            continue  # this test set has no such part
        for metric, minimum in thresholds.items():
            got = float(figures.get(metric, 0.0))
            if got < float(minimum) - 1e-9:
                where = f"{section}: " if section else ""
                failures.append(f"{where}{METRIC_LABELS.get(metric, metric)} {got:.3f} < {float(minimum):.3f}")
    return failures


# --- one run ------------------------------------------------------------------------------------------


@dataclass
class Evaluation:
    report: Path
    data: Path
    image: Path
    result: dict[str, Any]
    baseline: Baseline
    diff: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> list[str]:
        h = self.result["heldout"]
        lines = [
            f"{self.result['model_name']} ({self.result['model_sha256'][:12]}) op {h['examples']} voorbeelden: "
            f"top intent {h['top_intent_accuracy']:.3f}, intent accuracy {h['intent_accuracy']:.3f}, "
            f"macro F1 {h['intent_macro_f1']:.3f}, entity F1 {h['entity_f1']:.3f}"
        ]
        if self.diff:
            deltas = ", ".join(f"{METRIC_LABELS[k]} {b - a:+.3f}" for k, (a, b) in self.diff["metrics"].items())
            lines.append(
                f"t.o.v. {self.baseline.description}: {deltas}; {len(self.diff['now_right'])} voorbeelden "
                f"nu goed, {len(self.diff['now_wrong'])} nu fout"
            )
            lines += ["  nu fout: " + _example_line(c)[2:] for c in self.diff["now_wrong"][:5]]
        else:
            lines.append(f"Vergelijking: {self.baseline.description}")
        failures = self.result.get("gate_failures")
        if failures is not None:
            lines.append(
                "kwaliteitsdrempel (tests/nlu/quality_gate.yml): "
                + (f"NIET gehaald: {'; '.join(failures)}" if failures else "gehaald")
            )
        if "cross_validation" in self.result:
            cv = self.result["cross_validation"]
            lines.append(
                f"cross-validatie ({cv['folds']} folds): accuracy {cv['accuracy']:.3f}, macro F1 {cv['macro_f1']:.3f}"
            )
        return lines


def run(
    root: Path,
    model: Path,
    test_file: Path,
    reports: Path,
    folds: int = 0,
    config: Path | None = None,
    now: dt.datetime | None = None,
    baseline: Path | None = None,
    models: Path | None = None,
    show: Callable[[str], None] = lambda s: None,
    gate_file: Path | None = None,
) -> Evaluation:
    reports.mkdir(parents=True, exist_ok=True)
    result = evaluate_model(model, test_file)
    examples, predictions = result.pop("_examples"), result.pop("_predictions")
    result["model_name"] = model.name
    gate_file = gate_file or root / "tests" / "nlu" / "quality_gate.yml"
    result["gate_scores"] = gate_scores(examples, predictions, test_file, gate_file)
    result["gate_failures"] = gate_failures(result["gate_scores"], gate_file) if gate_file.exists() else None
    kb = root / "data" / "help" / "support.yml"
    if kb.exists():
        result["kb_sha256"] = sha256(kb)
    if folds:
        result["cross_validation"] = cross_validation(
            root,
            config or root / "config.yml",
            root / "data" / "nlu",
            root / "domain.yml",
            folds,
            reports / "crossval",
            show,
        )
    found = resolve_baseline(baseline, test_file, reports, models or model.parent, result["model_sha256"])
    diff = compare(result, found.run)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    title = f"{model.name} · sha256 {result['model_sha256'][:12]} · {test_file.name} · {stamp}"
    image = reports / f"confusion-{stamp}.png"
    confusion_png(examples, predictions, image, title)
    h = result["heldout"]
    lines = [
        f"# NLU-evaluatie {stamp}",
        "",
        f"Model: `{model}` (sha256 `{result['model_sha256'][:12]}`); "
        f"testset: `{test_file}` ({h['examples']} voorbeelden).",
        "",
        "## Held-out",
        "",
        "Top intent: de eerste keuze van de classifier, vóór de fallback; "
        "intent accuracy: waar de bot op handelt (terugvragen telt als fout).",
        "",
        "| top intent accuracy | intent accuracy | macro F1 | entity F1 |",
        "|---|---|---|---|",
        f"| {h['top_intent_accuracy']:.3f} | {h['intent_accuracy']:.3f} | {h['intent_macro_f1']:.3f} | "
        f"{h['entity_f1']:.3f} |",
    ]
    if "cross_validation" in result:
        cv = result["cross_validation"]
        lines += [
            "",
            f"## Cross-validatie ({cv['folds']} folds, trainingsdata)",
            "",
            f"accuracy {cv['accuracy']:.3f}, macro F1 {cv['macro_f1']:.3f}, gewogen F1 {cv['weighted_f1']:.3f}",
        ]
    lines += ["", "## Vergelijking", ""] + comparison_lines(diff, found.description)
    lines += ["", "## Per intent", "", "| intent | precision | recall | F1 | n |", "|---|---|---|---|---|"]
    lines += [
        f"| {i} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |"
        for i, v in result["per_intent"].items()
    ]
    lines += ["", "## Meest verwarde intents", ""]
    lines += [
        f"- {c['expected']} → {c['predicted']} ({c['count']}×): " + "; ".join(f"'{t}'" for t in c["examples"])
        for c in result["confused"]
    ] or ["- geen"]
    lines += ["", f"![confusion matrix]({image.name})"]
    report = reports / f"evaluation-{stamp}.md"
    data = report.with_suffix(".json")
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result["baseline"] = found.description
    data.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    (reports / "latest.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return Evaluation(report, data, image, result, found, diff)

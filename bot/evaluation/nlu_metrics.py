"""Intent accuracy, macro F1 and entity F1 of a parser on a Rasa-format NLU test file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.vocabulary import Intent

Entity = tuple[str, str, int, int]  # (type, canonical value, start, end)


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    entities: tuple[Entity, ...]


@dataclass(frozen=True)
class Prediction:
    intent: str | None
    confidence: float
    entities: tuple[Entity, ...]
    # the classifier's first choice when a fallback replaced it (None: same as intent)
    top_intent: str | None = None

    def first_choice(self) -> str | None:
        return self.top_intent or self.intent


@dataclass
class NluScores:
    intent_accuracy: float
    intent_macro_f1: float
    entity_precision: float
    entity_recall: float
    entity_f1: float
    examples: int
    # a real intent, but the wrong one: the bot answers something else (a fallback asks back instead)
    wrong_intents: int = 0
    errors: list[dict[str, object]] = field(default_factory=list)
    # top-intent accuracy on named parts of the test set (see score_parts)
    by_part: dict[str, float] = field(default_factory=dict)
    # the same figures for the classifier's first choice, before a fallback replaced it: how well
    # each pipeline tells the intents apart, whatever confidence it asks back below
    top_intent_accuracy: float = 0.0
    top_intent_macro_f1: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def load_examples(path: str | Path) -> list[Example]:
    """Examples with their full intent names (retrieval intents like chitchat/joke count as 'chitchat')."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples = []
    for message in load_data(str(path)).intent_examples:
        entities = tuple(
            (e["entity"], str(e.get("value", "")).lower(), e["start"], e["end"]) for e in message.get("entities") or []
        )
        examples.append(Example(message.get("text"), message.get("intent").split("/")[0], entities))
    return examples


@dataclass(frozen=True)
class LabelScores:
    precision: float
    recall: float
    f1: float
    support: int


def precision_recall_f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts: the one rule for every figure this project reports.

    A ratio whose denominator is zero: nothing to find and nothing found (tp = fp = fn = 0) is perfect,
    1.0 each; otherwise 0.0 (an intent never predicted has precision 0.0, a set of entities where
    some were expected and none found has precision 0.0 too). F1 is 0.0 when precision and recall are.
    """
    if tp == fp == fn == 0:
        return 1.0, 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def label_table(examples: list[Example], intents: list[str | None]) -> dict[str, LabelScores]:
    """Per gold intent (sorted): precision, recall, F1 and support of the predicted intent names."""
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for example, intent in zip(examples, intents, strict=True):
        if intent == example.intent:
            tp[example.intent] += 1
        else:
            fn[example.intent] += 1
            fp[intent] += 1
    table = {}
    for label in sorted({e.intent for e in examples}):
        precision, recall, f1 = precision_recall_f1(tp[label], fp[label], fn[label])
        table[label] = LabelScores(precision, recall, f1, tp[label] + fn[label])
    return table


def _intent_figures(examples: list[Example], intents: list[str | None]) -> tuple[float, float]:
    """Accuracy and macro F1 (over the gold labels) of predicted intent names."""
    table = label_table(examples, intents)
    correct = sum(1 for example, intent in zip(examples, intents, strict=True) if intent == example.intent)
    accuracy = correct / len(examples) if examples else 0.0
    return accuracy, sum(s.f1 for s in table.values()) / len(table) if table else 0.0


def score(examples: list[Example], predictions: list[Prediction]) -> NluScores:
    """Entities count as right when type, value and span all match."""
    ent_tp = ent_fp = ent_fn = wrong_intents = 0
    errors: list[dict[str, object]] = []
    for example, prediction in zip(examples, predictions, strict=True):
        if prediction.intent != example.intent:
            wrong_intents += prediction.intent != Intent.NLU_FALLBACK
        gold, predicted = set(example.entities), set(prediction.entities)
        ent_tp += len(gold & predicted)
        ent_fp += len(predicted - gold)
        ent_fn += len(gold - predicted)
        if prediction.intent != example.intent or gold != predicted:
            errors.append(
                {
                    "text": example.text,
                    "expected": example.intent,
                    "predicted": prediction.intent,
                    "top_intent": prediction.top_intent,
                    "confidence": round(prediction.confidence, 3),
                    "missing_entities": sorted(gold - predicted),
                    "extra_entities": sorted(predicted - gold),
                }
            )
    accuracy, macro_f1 = _intent_figures(examples, [p.intent for p in predictions])
    top_accuracy, top_macro_f1 = _intent_figures(examples, [p.first_choice() for p in predictions])
    precision, recall, f1 = precision_recall_f1(ent_tp, ent_fp, ent_fn)
    return NluScores(
        intent_accuracy=accuracy,
        intent_macro_f1=macro_f1,
        entity_precision=precision,
        entity_recall=recall,
        entity_f1=f1,
        examples=len(examples),
        wrong_intents=wrong_intents,
        errors=errors,
        top_intent_accuracy=top_accuracy,
        top_intent_macro_f1=top_macro_f1,
    )


def prediction_from_parse(parse: dict[str, Any], entity_types: set[str] | None = None) -> Prediction:
    """A Rasa parse result as a Prediction. retrieval intents keep their base name ('chitchat')."""
    intent = parse.get("intent") or {}
    entities = tuple(
        (e["entity"], str(e.get("value", "")).lower(), e["start"], e["end"])
        for e in parse.get("entities") or []
        if entity_types is None or e["entity"] in entity_types
    )
    top = next((r.get("name") for r in parse.get("intent_ranking") or [] if r.get("name") != Intent.NLU_FALLBACK), None)
    return Prediction(
        intent.get("name"),
        float(intent.get("confidence") or 0.0),
        tuple(dict.fromkeys(entities)),
        top_intent=top.split("/")[0] if top else None,
    )


def score_parts(examples: list[Example], predictions: list[Prediction], parts: dict[str, slice]) -> NluScores:
    """score() of the whole set, with each named part's top-intent accuracy in by_part."""
    scores = score(examples, predictions)
    scores.by_part = {
        name: round(_intent_figures(examples[part], [p.first_choice() for p in predictions[part]])[0], 4)
        for name, part in parts.items()
    }
    return scores


async def evaluate_parser(
    examples: list[Example],
    parse: Callable[[str], Awaitable[dict[str, Any]]],
    parts: dict[str, slice] | None = None,
) -> NluScores:
    types = {e[0] for ex in examples for e in ex.entities} or None
    predictions = [prediction_from_parse(await parse(ex.text), types) for ex in examples]
    return score_parts(examples, predictions, parts or {})


PART_TWO_MARKER = "# Part two"  # the held-out line before the examples written later, independently
PART_THREE_MARKER = "# Part three"  # before the new question types and follow-ups (issue 12), written independently


def test_set_parts(path: Path) -> dict[str, slice]:
    """A test file's parts, each starting after its marker line: part one (from the start), part two
    (PART_TWO_MARKER) and part three (PART_THREE_MARKER, if present). A file without markers is part one."""
    lines = path.read_text(encoding="utf-8").splitlines()

    def examples_before(marker: str) -> int:
        at = next((i for i, line in enumerate(lines) if line.strip().startswith(marker)), len(lines))
        return sum(1 for line in lines[:at] if line.startswith("      - "))

    two, three = examples_before(PART_TWO_MARKER), examples_before(PART_THREE_MARKER)
    parts = {"part_one": slice(0, two), "part_two": slice(two, three)}
    if three < sum(1 for line in lines if line.startswith("      - ")):  # a part three exists
        parts["part_three"] = slice(three, None)
    return parts

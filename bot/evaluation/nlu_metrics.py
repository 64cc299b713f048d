"""Intent accuracy, macro F1 and entity F1 of a parser on a Rasa-format NLU test file."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Awaitable, Callable, Dict, List, Optional, Set, Tuple, Union

from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME

Entity = Tuple[str, str, int, int]  # (type, canonical value, start, end)


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    entities: Tuple[Entity, ...]


@dataclass(frozen=True)
class Prediction:
    intent: Optional[str]
    confidence: float
    entities: Tuple[Entity, ...]


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
    errors: List[Dict[str, object]] = field(default_factory=list)

    def as_dict(self) -> Dict[str, object]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def load_examples(path: Union[str, Path]) -> List[Example]:
    """Examples with their full intent names (retrieval intents like chitchat/joke count as 'chitchat')."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples = []
    for message in load_data(str(path)).intent_examples:
        entities = tuple(
            (e["entity"], str(e.get("value", "")).lower(), e["start"], e["end"])
            for e in message.get("entities") or []
        )
        examples.append(Example(message.get("text"), message.get("intent").split("/")[0], entities))
    return examples


def _f1(tp: int, fp: int, fn: int) -> Tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(examples: List[Example], predictions: List[Prediction]) -> NluScores:
    """Entities count as right when type, value and span all match."""
    labels: Set[str] = {e.intent for e in examples}
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    ent_tp = ent_fp = ent_fn = wrong_intents = 0
    errors = []
    for example, prediction in zip(examples, predictions):
        if prediction.intent == example.intent:
            tp[example.intent] += 1
        else:
            fn[example.intent] += 1
            fp[prediction.intent] += 1
            wrong_intents += prediction.intent != DEFAULT_NLU_FALLBACK_INTENT_NAME
        gold, predicted = set(example.entities), set(prediction.entities)
        ent_tp += len(gold & predicted)
        ent_fp += len(predicted - gold)
        ent_fn += len(gold - predicted)
        if prediction.intent != example.intent or gold != predicted:
            errors.append({"text": example.text, "expected": example.intent, "predicted": prediction.intent,
                           "confidence": round(prediction.confidence, 3),
                           "missing_entities": sorted(gold - predicted), "extra_entities": sorted(predicted - gold)})
    per_intent = [_f1(tp[label], fp[label], fn[label])[2] for label in labels]
    precision, recall, f1 = _f1(ent_tp, ent_fp, ent_fn)
    return NluScores(
        intent_accuracy=sum(tp.values()) / len(examples) if examples else 0.0,
        intent_macro_f1=sum(per_intent) / len(per_intent) if per_intent else 0.0,
        entity_precision=precision, entity_recall=recall, entity_f1=f1,
        examples=len(examples), wrong_intents=wrong_intents, errors=errors,
    )


def prediction_from_parse(parse: Dict[str, object], entity_types: Optional[Set[str]] = None) -> Prediction:
    """A Rasa parse result as a Prediction. retrieval intents keep their base name ('chitchat')."""
    intent = parse.get("intent") or {}
    entities = tuple(
        (e["entity"], str(e.get("value", "")).lower(), e["start"], e["end"])
        for e in parse.get("entities") or []
        if entity_types is None or e["entity"] in entity_types
    )
    return Prediction(intent.get("name"), float(intent.get("confidence") or 0.0), tuple(dict.fromkeys(entities)))


async def evaluate_parser(
    examples: List[Example], parse: Callable[[str], Awaitable[Dict[str, object]]]
) -> NluScores:
    types = {e[0] for ex in examples for e in ex.entities} or None
    predictions = [prediction_from_parse(await parse(ex.text), types) for ex in examples]
    return score(examples, predictions)

"""The NLU data itself: enough varied examples per intent, no test leakage, valid entities."""
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.evaluation.nlu_metrics import load_examples

ROOT = Path(__file__).resolve().parents[2]
TRAINING = [ex for f in sorted((ROOT / "data" / "nlu").glob("*.yml")) for ex in load_examples(f)]
HELDOUT = load_examples(ROOT / "tests" / "nlu" / "heldout.yml")
DOMAIN_INTENTS = yaml.safe_load((ROOT / "domain.yml").read_text())["intents"]
MIN_EXAMPLES = 25


def test_every_domain_intent_has_enough_examples():
    counts = Counter(ex.intent for ex in TRAINING)
    too_few = {i: counts[i] for i in DOMAIN_INTENTS if counts[i] < MIN_EXAMPLES}
    assert not too_few


def test_no_intent_without_domain_entry():
    assert {ex.intent for ex in TRAINING} <= set(DOMAIN_INTENTS)


def test_heldout_examples_are_not_in_training_data():
    training = {ex.text.strip().lower() for ex in TRAINING}
    leaked = [ex.text for ex in HELDOUT if ex.text.strip().lower() in training]
    assert not leaked


def test_no_example_under_two_intents():
    seen = {}
    clashes = []
    for ex in TRAINING:
        key = ex.text.strip().lower()
        if seen.setdefault(key, ex.intent) != ex.intent:
            clashes.append((ex.text, seen[key], ex.intent))
    assert not clashes


@pytest.mark.parametrize("examples", [TRAINING, HELDOUT], ids=["training", "heldout"])
def test_entity_values_are_known_to_the_knowledge_base(kb, examples):
    known = {entity: set(values) for entity, values in kb.aliases().items()}
    unknown = [(ex.text, e) for ex in examples for e in ex.entities if e[1] not in known.get(e[0], ())]
    assert not unknown

"""The NLU data itself: enough varied examples per intent, no test leakage, valid entities."""

import re
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


def same_words(text):
    """Lower case, punctuation (except '+', as in Premier+) and extra spaces dropped: 'Ja, graag!' = 'ja graag'."""
    return " ".join(re.sub(r"[^\w\s+]", " ", text.lower()).split())


def test_heldout_examples_are_not_in_training_data():
    training = {same_words(ex.text) for ex in TRAINING}
    leaked = [ex.text for ex in HELDOUT if same_words(ex.text) in training]
    assert not leaked


def test_same_words_ignores_case_punctuation_and_spacing_only():
    assert same_words("Ja,  graag!") == same_words("ja graag") == "ja graag"
    assert same_words("Premier+") != same_words("premier")


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

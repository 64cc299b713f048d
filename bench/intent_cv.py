"""Choose the intent classifier's C by 5-fold cross-validation on data/nlu (the test set is never used).

`python -m bench.intent_cv` prints, per setting, the share of training examples answered with the
right intent when held out, the number answered with a wrong one, and the utility
right - 2 x wrong (a wrong answer costs twice an ask-back), and then the best C at the shipped
fallback threshold. The threshold is not chosen here: the best settings lie on a ridge (a larger C
makes the model surer, so a higher threshold fits it) within about 0.5% of each other, so Bolt-NL
keeps 0.5, "the top intent more likely than all others together", and picks C for it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from bot.kb import load_knowledge_base
from bot.kb.matching import EntityMatcher
from bot.nlu.linear_intent_classifier import LinearIntentClassifier, build_pipeline, replace_mentions

C_VALUES = (10, 30, 100, 300)
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6)
AMBIGUITY = (0.0, 0.05)
WRONG_COST = 2
SHIPPED_THRESHOLD, SHIPPED_AMBIGUITY = 0.5, 0.05  # config.yml, FallbackClassifier


def answered(probabilities: np.ndarray, threshold: float, ambiguity: float) -> np.ndarray:
    """Which rows the FallbackClassifier lets through: top confidence and margin over the second."""
    top = np.sort(probabilities, axis=1)
    return (top[:, -1] >= threshold) & (top[:, -1] - top[:, -2] >= ambiguity)


def cross_validate(texts: Sequence[str], intents: Sequence[str], folds: int = 5) -> list[dict[str, float]]:
    from sklearn.model_selection import StratifiedKFold

    labels = np.array(intents)
    rows = []
    for c in C_VALUES:
        config = {**LinearIntentClassifier.get_default_config(), "C": c}
        probabilities, truth, classes = [], [], None
        for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(texts, labels):
            model = build_pipeline(config).fit([texts[i] for i in train], labels[train])
            probabilities.append(model.predict_proba([texts[i] for i in test]))
            truth.append(labels[test])
            classes = model.classes_
        p, y = np.vstack(probabilities), np.concatenate(truth)
        right_intent = classes[p.argmax(axis=1)] == y
        for threshold, ambiguity in itertools.product(THRESHOLDS, AMBIGUITY):
            through = answered(p, threshold, ambiguity)
            right, wrong = int((right_intent & through).sum()), int((~right_intent & through).sum())
            rows.append(
                {
                    "C": c,
                    "threshold": threshold,
                    "ambiguity": ambiguity,
                    "accuracy": right / len(y),
                    "wrong": wrong,
                    "utility": right - WRONG_COST * wrong,
                }
            )
    return rows


def main() -> None:
    from bench.nlu_compare import training_examples

    matcher = EntityMatcher.for_knowledge_base(load_knowledge_base(None))
    examples = training_examples()
    rows = cross_validate([replace_mentions(e.text, matcher) for e in examples], [e.intent for e in examples])
    print(f"{len(examples)} training examples, 5-fold cross-validation")
    print("C      threshold  ambiguity  accuracy  wrong  utility")
    for row in sorted(rows, key=lambda r: -r["utility"]):
        print(
            f"{row['C']:<6} {row['threshold']:<10} {row['ambiguity']:<10} {row['accuracy']:.3f}     "
            f"{row['wrong']:<6} {row['utility']}"
        )
    shipped = [r for r in rows if (r["threshold"], r["ambiguity"]) == (SHIPPED_THRESHOLD, SHIPPED_AMBIGUITY)]
    best = max(shipped, key=lambda r: r["utility"])
    print(f"best C at threshold {SHIPPED_THRESHOLD}, ambiguity {SHIPPED_AMBIGUITY}: {best['C']}")


if __name__ == "__main__":
    main()

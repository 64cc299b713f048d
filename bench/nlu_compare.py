"""NLU quality on the held-out set: Bolt-NL's pipeline, Rasa's default pipeline, TF-IDF + logistic
regression. Same training data (data/nlu) and the same test file for all three."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from pathlib import Path

import yaml

from bot.evaluation.nlu_metrics import (
    Example,
    NluScores,
    Prediction,
    evaluate_parser,
    load_examples,
    score_parts,
    test_set_parts,
)
from bot.testing.servers import BIN, ROOT

HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
DEFAULT_CONFIG = "recipe: default.v1\nlanguage: nl\npipeline:\npolicies:\n"  # empty: Rasa's own defaults


def training_examples():
    return [ex for f in sorted((ROOT / "data" / "nlu").glob("*.yml")) for ex in load_examples(f)]


def heldout_parts(path: Path = HELDOUT) -> dict[str, slice]:
    """The held-out set's parts (bot.evaluation.nlu_metrics.test_set_parts), by default of tests/nlu/heldout.yml."""
    return test_set_parts(path)


async def model_scores(model: Path) -> NluScores:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return await evaluate_parser(load_examples(HELDOUT), agent.parse_message, heldout_parts())


def train_nlu(config_text: str, work: Path, name: str) -> dict[str, object]:
    """`rasa train nlu` with this config on data/nlu; returns the model path and the seconds it took.

    Each training gets an empty Rasa cache: with the shared one, a config without a seed would get
    the cached model back instead of a new training (and the time would not be a training's).
    """
    work.mkdir(parents=True, exist_ok=True)
    config = work / f"{name}.yml"
    config.write_text(config_text)
    started = time.monotonic()
    subprocess.run(
        [
            str(BIN / "rasa"),
            "train",
            "nlu",
            "--config",
            str(config),
            "--nlu",
            str(ROOT / "data" / "nlu"),
            "--domain",
            str(ROOT / "domain.yml"),
            "--out",
            str(work),
            "--fixed-model-name",
            name,
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env={**os.environ, "RASA_CACHE_DIRECTORY": str(work / f"cache-{name}")},
    )
    return {"model": str(work / f"{name}.tar.gz"), "seconds": round(time.monotonic() - started, 1)}


def bolt_config(seed: int) -> str:
    """config.yml with every random_seed set to `seed` (the NLU part only: `rasa train nlu` reads no policies)."""
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    for component in config["pipeline"]:
        if "random_seed" in component:
            component["random_seed"] = seed
    return yaml.safe_dump(config, sort_keys=False)


def summary(runs: list[NluScores]) -> dict[str, object]:
    """Mean, lowest and highest of each figure over runs with different seeds; errors of the first run."""
    out: dict[str, object] = {"runs": len(runs), "examples": runs[0].examples, "errors": runs[0].errors}
    for key in (
        "intent_accuracy",
        "intent_macro_f1",
        "top_intent_accuracy",
        "top_intent_macro_f1",
        "entity_f1",
        "wrong_intents",
    ):
        values = [getattr(r, key) for r in runs]
        out[key] = round(statistics.mean(values), 4)
        out[f"{key}_range"] = [round(min(values), 4), round(max(values), 4)]
    out["by_part"] = {part: round(statistics.mean(r.by_part[part] for r in runs), 4) for part in runs[0].by_part}
    return out


def tfidf_scores() -> NluScores:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    train = training_examples()
    model = make_pipeline(
        make_union(
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        ),
        LogisticRegression(max_iter=3000, C=10),
    )
    model.fit([ex.text for ex in train], [ex.intent for ex in train])
    test = load_examples(HELDOUT)
    probabilities = model.predict_proba([ex.text for ex in test])
    predictions = [Prediction(model.classes_[row.argmax()], float(row.max()), ()) for row in probabilities]
    # entities: this baseline has no extractor, so it is scored on intents only
    intent_only = [Example(ex.text, ex.intent, ()) for ex in test]
    return score_parts(intent_only, predictions, heldout_parts())

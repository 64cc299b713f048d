"""NLU quality on the held-out set: Bolt-NL's pipeline, Rasa's default pipeline, TF-IDF + logistic
regression. Same training data (data/nlu) and the same test file for all three."""
from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Dict

from bot.evaluation.nlu_metrics import Example, NluScores, Prediction, evaluate_parser, load_examples, score
from tests.servers import BIN, ROOT

HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
DEFAULT_CONFIG = "recipe: default.v1\nlanguage: nl\npipeline:\npolicies:\n"  # empty: Rasa's own defaults


def training_examples():
    return [ex for f in sorted((ROOT / "data" / "nlu").glob("*.yml")) for ex in load_examples(f)]


async def model_scores(model: Path) -> NluScores:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return await evaluate_parser(load_examples(HELDOUT), agent.parse_message)


def train_default_pipeline(work: Path) -> Dict[str, float]:
    work.mkdir(parents=True, exist_ok=True)
    (work / "config.yml").write_text(DEFAULT_CONFIG)
    started = time.monotonic()
    subprocess.run([str(BIN / "rasa"), "train", "nlu", "--config", str(work / "config.yml"), "--nlu",
                    str(ROOT / "data" / "nlu"), "--domain", str(ROOT / "domain.yml"), "--out", str(work),
                    "--fixed-model-name", "default-pipeline"], cwd=ROOT, check=True, capture_output=True)
    return {"model": str(work / "default-pipeline.tar.gz"), "seconds": round(time.monotonic() - started, 1)}


def tfidf_scores() -> NluScores:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    train = training_examples()
    model = make_pipeline(
        make_union(TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
                   TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        LogisticRegression(max_iter=3000, C=10),
    )
    model.fit([ex.text for ex in train], [ex.intent for ex in train])
    test = load_examples(HELDOUT)
    probabilities = model.predict_proba([ex.text for ex in test])
    predictions = [Prediction(model.classes_[row.argmax()], float(row.max()), ()) for row in probabilities]
    # entities: this baseline has no extractor, so it is scored on intents only
    intent_only = [Example(ex.text, ex.intent, ()) for ex in test]
    return score(intent_only, predictions)

"""Chooses the article search's answer threshold by 5-fold cross-validation on data/nlu.

Every training example is searched; answering with a passage of the example's own question type is
right (+1), answering a different question type or a message that is no question about the article
(greetings, small talk, out of scope) is wrong (-2, as in bench.intent_cv: a wrong answer is worse
than asking back), not answering is 0. Per fold the threshold with the best score on the other four
folds is tried on the fold left out. Run: python -m bench.search_threshold
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence
from pathlib import Path

from bot.evaluation.nlu_metrics import load_examples
from bot.search.article_search import article_search

ROOT = Path(__file__).resolve().parents[1]
NOT_ABOUT_THE_ARTICLE = {
    "greet",
    "goodbye",
    "thanks",
    "affirm",
    "deny",
    "chitchat",
    "out_of_scope",
    "bot_challenge",
    "request_human",
    "report_problem",
    "not_helpful",
    "inform",
    "ask_not_in_article",
}
SAME_TOPIC = {
    "ask_phone_support": "ask_phone_number",
    "ask_call_preparation": "ask_phone_number",
    "ask_call_costs": "ask_phone_number",
    "ask_my_support": "ask_support_plans",
    "ask_live_chat": "ask_chatbot",
    "ask_contact_options": "ask_community",
    "ask_priority_definition": "ask_priority_response",
    "ask_help_centre": "ask_support_plans",
}
WRONG_COST = 2.0


def _topic(intent: str) -> str:
    return SAME_TOPIC.get(intent, intent)


def scored_examples() -> list[tuple[float, int]]:
    """(best score, +1 right / -1 wrong) per training example."""
    search = article_search()
    out = []
    for f in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for ex in load_examples(f):
            hits = search.search(ex.text, k=1)
            if not hits:
                continue
            right = ex.intent not in NOT_ABOUT_THE_ARTICLE and _topic(hits[0].passage.intent) == _topic(ex.intent)
            out.append((hits[0].score, 1 if right else -1))
    return out


def utility(scored: Sequence[tuple[float, int]], threshold: float) -> float:
    return sum(1 if label > 0 else -WRONG_COST for score, label in scored if score >= threshold)


def best_threshold(scored: Sequence[tuple[float, int]]) -> float:
    candidates = sorted({round(s, 1) for s, _ in scored})
    return max(candidates, key=lambda t: (utility(scored, t), t))


def cross_validate(folds: int = 5, seed: int = 42) -> tuple[float, list[dict]]:
    scored = scored_examples()
    random.Random(seed).shuffle(scored)
    rows = []
    for k in range(folds):
        test = scored[k::folds]
        train = [x for i, x in enumerate(scored) if i % folds != k]
        t = best_threshold(train)
        answered = [label for s, label in test if s >= t]
        rows.append(
            {
                "fold": k + 1,
                "threshold": t,
                "answered": len(answered),
                "of": len(test),
                "right": sum(1 for a in answered if a > 0),
                "utility": utility(test, t),
            }
        )
    return statistics.median(r["threshold"] for r in rows), rows


if __name__ == "__main__":
    chosen, rows = cross_validate()
    print("fold  threshold  answered/of  right  utility")
    for r in rows:
        print(
            f"{r['fold']:>4}  {r['threshold']:>9}  {r['answered']:>4}/{r['of']:<5}  {r['right']:>5}  {r['utility']:>7}"
        )
    print(f"chosen threshold (median of folds): {chosen}")

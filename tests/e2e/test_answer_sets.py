"""Answer accuracy on the article sets (written from the article alone), against the real servers."""
import json

import pytest
import yaml

from bot.evaluation.answers import ANSWER_SETS, evaluate_answers, load_cases
from bot.identity import mint_token
from bot.kb import default_knowledge_base
from tests.servers import ROOT, TEST_JWT_SECRET

pytestmark = pytest.mark.slow
GATE = yaml.safe_load((ANSWER_SETS / "quality_gate.yml").read_text())


def asker(bot):
    def ask(sender, text, user):
        extra = {}
        if user:
            claims = {"sub": f"user-{sender}", "name": "Test Gebruiker", "email": "test@example.org", **user}
            extra["metadata"] = {"token": mint_token(claims, secret=TEST_JWT_SECRET)}
        return bot.ask(sender, text, **extra)
    return ask


def test_answers_meet_the_gate_and_invent_nothing(bot):
    scores = evaluate_answers(asker(bot), default_knowledge_base())
    out = ROOT / "reports" / "answers.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(scores.as_dict(), indent=2, ensure_ascii=False))
    summary = f"answers right {scores.right}/{scores.total} = {scores.accuracy:.3f}; errors in {out}"
    assert scores.invented == 0, summary
    assert scores.accuracy >= GATE["accuracy"], summary


def test_the_sets_are_large_enough():
    cases = load_cases()
    assert sum(c.cls == "follow_up" for c in cases) >= 40
    assert sum(c.cls in ("not_in_article", "off_topic") for c in cases) >= 30

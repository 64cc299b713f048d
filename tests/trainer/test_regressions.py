"""Regression tests made from fixed inbox items (`python -m bot inbox --regress`): real user messages the
trained model must keep answering with the same intent and entities."""

from pathlib import Path

import pytest

from bot.testing.servers import MODEL, ROOT

REGRESSIONS = ROOT / "tests" / "nlu" / "regressions.yml"


def cases(path: Path = REGRESSIONS):
    from bot.evaluation.nlu_metrics import load_examples

    return load_examples(path) if path.exists() else []


@pytest.mark.slow
@pytest.mark.skipif(not REGRESSIONS.exists(), reason="no regression tests from the inbox yet")
def test_fixed_inbox_messages_stay_fixed():
    import asyncio

    from rasa.core.agent import Agent

    from bot.evaluation.nlu_metrics import prediction_from_parse

    agent = Agent.load(str(MODEL))
    wrong = []
    for example in cases():
        parse = asyncio.run(agent.parse_message(example.text))
        got = prediction_from_parse(parse, {e[0] for e in example.entities} or None)
        if got.intent != example.intent or {e[:2] for e in got.entities} != {e[:2] for e in example.entities}:
            wrong.append((example.text, example.intent, got.intent, got.entities))
    assert not wrong

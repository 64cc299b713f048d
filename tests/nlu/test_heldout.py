"""The trained model on held-out examples that are not in the training data."""

import json
from pathlib import Path

import pytest
import yaml

from bot.evaluation.nlu_metrics import evaluate_parser, load_examples
from bot.testing.servers import MODEL, ROOT

pytestmark = pytest.mark.slow
HERE = Path(__file__).parent
GATE = yaml.safe_load((HERE / "quality_gate.yml").read_text())


@pytest.fixture(scope="module")
def agent():
    from rasa.core.agent import Agent

    assert MODEL.exists(), "run `make model` first (make test does it)"
    return Agent.load(str(MODEL))


async def test_heldout_quality_meets_the_gate(agent):
    """Parts one and two (the set the gate was set on) against the gate; part three (new question
    types and follow-ups, issue 12) against its own gate."""
    from bench.nlu_compare import heldout_parts

    examples = load_examples(HERE / "heldout.yml")
    parts = heldout_parts(HERE / "heldout.yml")
    assert len(examples) >= 200
    part_three = parts.get("part_three", slice(len(examples), None))
    new = await evaluate_parser(examples[part_three], agent.parse_message)
    new_summary = f"part three: top={new.top_intent_accuracy:.3f} answered={new.intent_accuracy:.3f}"
    assert new.top_intent_accuracy >= GATE["part_three"]["top_intent_accuracy"], new_summary
    assert new.intent_accuracy >= GATE["part_three"]["intent_accuracy"], new_summary
    scores = await evaluate_parser(examples[: part_three.start], agent.parse_message)
    out = ROOT / "reports" / "heldout.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(scores.as_dict(), indent=2, ensure_ascii=False))
    summary = (
        f"top_intent_accuracy={scores.top_intent_accuracy:.3f} accuracy={scores.intent_accuracy:.3f} "
        f"entity_f1={scores.entity_f1:.3f}; errors in {out}"
    )
    assert scores.top_intent_accuracy >= GATE["top_intent_accuracy"], summary
    assert scores.intent_accuracy >= GATE["intent_accuracy"], summary
    assert scores.entity_f1 >= GATE["entity_f1"], summary


async def test_small_talk_gets_a_selected_response_and_questions_skip_the_selector(agent):
    joke = await agent.parse_message("vertel eens een mop")
    assert joke["intent"]["name"] == "chitchat"
    assert joke["intent"]["full_retrieval_intent_name"] == "chitchat/joke"
    assert joke["response_selector"]["chitchat"]["response"]["utter_action"] == "utter_chitchat/joke"
    question = await agent.parse_message("telefoonnummer japan")
    assert question["intent"]["name"] == "ask_phone_number"
    assert "chitchat" not in question.get("response_selector", {})

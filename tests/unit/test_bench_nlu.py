"""The bench's NLU comparison: seeded copies of config.yml and the summary over several trainings."""

import yaml

from bench import nlu_compare
from bot.evaluation.nlu_metrics import NluScores
from bot.testing.servers import ROOT


def test_bolt_config_changes_only_the_seeds():
    shipped = yaml.safe_load((ROOT / "config.yml").read_text())
    seeded = yaml.safe_load(nlu_compare.bolt_config(7))
    seeds = [c["random_seed"] for c in seeded["pipeline"] if "random_seed" in c]
    assert seeds and set(seeds) == {7}
    for component in seeded["pipeline"]:
        component.pop("random_seed", None)
    for component in shipped["pipeline"]:
        component.pop("random_seed", None)
    assert seeded == shipped


def scores(accuracy, wrong):
    return NluScores(
        intent_accuracy=accuracy,
        intent_macro_f1=accuracy,
        entity_precision=1.0,
        entity_recall=1.0,
        entity_f1=1.0,
        examples=280,
        wrong_intents=wrong,
        errors=[{"text": f"run {accuracy}"}],
    )


def test_summary_reports_mean_and_range_of_each_figure():
    s = nlu_compare.summary([scores(0.95, 4), scores(0.96, 2), scores(0.94, 9)])
    assert s["runs"] == 3 and s["examples"] == 280
    assert s["intent_accuracy"] == 0.95 and s["intent_accuracy_range"] == [0.94, 0.96]
    assert s["wrong_intents"] == 5.0 and s["wrong_intents_range"] == [2, 9]
    assert s["errors"] == [{"text": "run 0.95"}]  # the first training's, for reading


def test_heldout_parts_split_the_test_file_at_the_marker(tmp_path):
    from bot.evaluation.nlu_metrics import load_examples

    parts = nlu_compare.heldout_parts()
    examples = load_examples(nlu_compare.HELDOUT)
    one, two, three = (examples[parts[p]] for p in ("part_one", "part_two", "part_three"))
    assert len(one) >= 200 and len(two) >= 200 and len(three) >= 90
    assert len(one) + len(two) + len(three) == len(examples)
    test = tmp_path / "t.yml"
    test.write_text(
        'version: "3.1"\nnlu:\n  - intent: greet\n    examples: |\n      - hoi\n      - hallo\n'
        "  # Part two\n  - intent: greet\n    examples: |\n      - hey\n"
    )
    split = nlu_compare.heldout_parts(test)
    assert [e.text for e in load_examples(test)[split["part_two"]]] == ["hey"] and "part_three" not in split
    test.write_text(test.read_text() + "  # Part three: new\n  - intent: greet\n    examples: |\n      - yo\n")
    split = nlu_compare.heldout_parts(test)
    assert [e.text for e in load_examples(test)[split["part_two"]]] == ["hey"]
    assert [e.text for e in load_examples(test)[split["part_three"]]] == ["yo"]


def test_summary_averages_the_parts():
    runs = [scores(0.95, 4), scores(0.93, 2)]
    runs[0].by_part, runs[1].by_part = {"part_one": 1.0, "part_two": 0.9}, {"part_one": 0.9, "part_two": 0.8}
    assert nlu_compare.summary(runs)["by_part"] == {"part_one": 0.95, "part_two": 0.85}


def test_cross_validation_uses_the_shipped_fallback_thresholds():
    import numpy as np

    from bench import intent_cv

    fallback = next(
        c for c in yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"] if c["name"] == "FallbackClassifier"
    )
    assert (intent_cv.SHIPPED_THRESHOLD, intent_cv.SHIPPED_AMBIGUITY) == (
        fallback["threshold"],
        fallback["ambiguity_threshold"],
    )
    p = np.array([[0.6, 0.3, 0.1], [0.45, 0.44, 0.11], [0.52, 0.48, 0.0]])
    assert intent_cv.answered(p, 0.5, 0.05).tolist() == [True, False, False]
    assert intent_cv.answered(p, 0.4, 0.0).tolist() == [True, True, True]


def test_cross_validation_scores_each_setting():
    from bench import intent_cv

    texts = [f"hallo {i}" for i in range(10)] + [f"nummer entcountry {i}" for i in range(10)]
    rows = intent_cv.cross_validate(texts, ["greet"] * 10 + ["ask_phone_number"] * 10)
    assert len(rows) == len(intent_cv.C_VALUES) * len(intent_cv.THRESHOLDS) * len(intent_cv.AMBIGUITY)
    easy = [r for r in rows if r["threshold"] == 0.2 and r["ambiguity"] == 0.0]
    assert all(r["accuracy"] == 1.0 and r["wrong"] == 0 and r["utility"] == 20 for r in easy)

"""The bench's NLU comparison: seeded copies of config.yml and the summary over several trainings."""
import yaml

from bench import nlu_compare
from bot.evaluation.nlu_metrics import NluScores
from tests.servers import ROOT


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
    return NluScores(intent_accuracy=accuracy, intent_macro_f1=accuracy, entity_precision=1.0, entity_recall=1.0,
                     entity_f1=1.0, examples=280, wrong_intents=wrong, errors=[{"text": f"run {accuracy}"}])


def test_summary_reports_mean_and_range_of_each_figure():
    s = nlu_compare.summary([scores(0.95, 4), scores(0.96, 2), scores(0.94, 9)])
    assert s["runs"] == 3 and s["examples"] == 280
    assert s["intent_accuracy"] == 0.95 and s["intent_accuracy_range"] == [0.94, 0.96]
    assert s["wrong_intents"] == 5.0 and s["wrong_intents_range"] == [2, 9]
    assert s["errors"] == [{"text": "run 0.95"}]  # the first training's, for reading

"""bench/REPORT.md is rendered from bench/results.json, with each target marked met or not."""
import json

from bench import long_conversation
from bench.report import ahead, parts, write_report
from tests.servers import ROOT


def test_the_committed_results_render_every_section(tmp_path):
    results = json.loads((ROOT / "bench" / "results.json").read_text())
    out = tmp_path / "REPORT.md"
    write_report(results, out)
    text = out.read_text()
    for heading in ("## Targets", "## Reply latency", "## Throughput", "## NLU quality", "## Answer correctness"):
        assert heading in text
    long_rows = len(long_conversation.target_rows(results["long_conversation"])) if "long_conversation" in results else 0
    assert text.count("| met |") + text.count("| NOT met |") == 7 + long_rows


def test_ahead_compares_the_top_intent_and_parts_shows_both():
    bolt = {"top_intent_accuracy": 0.95, "top_intent_macro_f1": 0.94, "intent_accuracy": 0.90,
            "by_part": {"part_one": 0.97, "part_two": 0.9312}}
    other = {"top_intent_accuracy": 0.94, "top_intent_macro_f1": 0.93, "intent_accuracy": 0.93}
    assert ahead(bolt, other) and not ahead(other, bolt)
    assert not ahead(bolt, {**other, "top_intent_macro_f1": 0.95})
    assert parts(bolt) == "0.970 / 0.931"

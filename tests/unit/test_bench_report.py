"""bench/REPORT.md is rendered from bench/results.json, with each target marked met or not."""

import json

from bench import long_conversation
from bench.report import ahead, answer_target_rows, parts, write_report
from bot.testing.servers import ROOT


def test_the_committed_results_render_every_section(tmp_path):
    results = json.loads((ROOT / "bench" / "results.json").read_text())
    out = tmp_path / "REPORT.md"
    write_report(results, out)
    text = out.read_text()
    for heading in ("## Targets", "## Reply latency", "## Throughput", "## NLU quality", "## Answer correctness"):
        assert heading in text
    long_rows = (
        len(long_conversation.target_rows(results["long_conversation"])) if "long_conversation" in results else 0
    )
    answer_rows = sum(row.endswith(("| met |", "| NOT met |")) for row in answer_target_rows(results))
    assert text.count("| met |") + text.count("| NOT met |") == 7 + long_rows + answer_rows


def test_ahead_compares_the_top_intent_and_parts_shows_both():
    bolt = {
        "top_intent_accuracy": 0.95,
        "top_intent_macro_f1": 0.94,
        "intent_accuracy": 0.90,
        "by_part": {"part_one": 0.97, "part_two": 0.9312},
    }
    other = {"top_intent_accuracy": 0.94, "top_intent_macro_f1": 0.93, "intent_accuracy": 0.93}
    assert ahead(bolt, other) and not ahead(other, bolt)
    assert not ahead(bolt, {**other, "top_intent_macro_f1": 0.95})
    assert parts(bolt) == "0.970 / 0.931"


def test_answer_rows_report_both_sets_and_the_targets():
    from bench.report import answer_class_lines, answer_target_rows

    def scores(right, total, invented):
        return {
            "right": right,
            "total": total,
            "accuracy": right / total,
            "invented_facts": invented,
            "by_class": {"phone": {"right": right, "total": total, "accuracy": right / total}},
        }

    rows = answer_target_rows({"answers": {"article_sets": scores(321, 330, 0), "holdout": scores(104, 120, 0)}})
    assert "0.973 (321/330) | met" in rows[0] and "0 and 0 | met" in rows[1] and "0.867 (104/120)" in rows[2]
    missed = answer_target_rows({"answers": {"article_sets": scores(300, 330, 1), "holdout": scores(1, 2, 0)}})
    assert "NOT met" in missed[0] and "NOT met" in missed[1]
    assert answer_target_rows({}) == [] and answer_class_lines({}) == []
    assert "| first hold-out | phone | 104/120 | 0.867 |" in answer_class_lines(
        {"answers": {"article_sets": scores(321, 330, 0), "holdout": scores(104, 120, 0)}}
    )


def test_the_second_hold_out_set_is_reported_when_measured():
    from bench.report import answer_class_lines, answer_target_rows

    def scores(right, total, invented=0):
        return {
            "right": right,
            "total": total,
            "accuracy": right / total,
            "invented_facts": invented,
            "by_class": {"phone": {"right": right, "total": total, "accuracy": right / total}},
        }

    measured = {
        "answers": {"article_sets": scores(321, 330), "holdout": scores(104, 120), "holdout2": scores(120, 153, 2)}
    }
    rows = answer_target_rows(measured)
    assert len(rows) == 4 and "0.784 (120/153), 2 invented" in rows[3]
    assert "| 0 and 0 and 2 | NOT met |" in rows[1]  # the invented target counts every hold-out set
    measured["answers"]["holdout3"] = scores(140, 153)
    rows = answer_target_rows(measured)
    assert len(rows) == 5 and "third hold-out set" in rows[4] and "0.915 (140/153), 0 invented" in rows[4]
    assert "| third hold-out | phone | 140/153 | 0.915 |" in answer_class_lines(measured)
    assert "| second hold-out | phone | 120/153 | 0.784 |" in answer_class_lines(measured)
    assert len(answer_target_rows({"answers": {"article_sets": scores(1, 1), "holdout": scores(1, 1)}})) == 3


def test_busy_cores_sees_a_process_that_spins_on_one_core():
    import subprocess
    import sys

    from bench.load import busy_cores

    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        assert busy_cores(1.0) >= 0.7  # other work on the machine can only add to it
    finally:
        spinner.kill()
        spinner.wait()


def test_the_scaling_target_names_the_busy_cores_when_other_work_held_them():
    from bench.report import busy, busy_note

    def scaling(busy_cores):
        return {"two_instances": {"32": {"busy_cores_before": busy_cores}}}

    assert busy_note(scaling(1.4)) == " (other work kept 1.4 cores busy)"
    assert busy_note(scaling(0.1)) == ""
    assert busy_note({"two_instances": {"32": {}}}) == ""  # results of older runs have no figure
    assert busy({"busy_cores_before": 0.25}) == "0.25" and busy({}) == "–"

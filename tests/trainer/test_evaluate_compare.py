"""`evaluate` compares with the deployed model or a named baseline (issue 19.6) and the quality gate
refuses a weak model (19.7); the runs themselves are in test_train_evaluate.py."""

import json

from bot.trainer.evaluate import compare, comparison_lines, gate_failures, resolve_baseline
from bot.trainer.servers import record_deployed


def run_result(model_sha, right):
    examples = [
        {
            "text": t,
            "expected": "ask_phone_number",
            "predicted": "ask_phone_number" if ok else "nlu_fallback",
            "entities": [],
            "right": ok,
        }
        for t, ok in right.items()
    ]
    share = sum(right.values()) / len(right)
    return {
        "model_sha256": model_sha,
        "test_sha256": "t",
        "examples": examples,
        "heldout": {"top_intent_accuracy": share, "intent_accuracy": share, "intent_macro_f1": share, "entity_f1": 1.0},
        "per_intent": {"ask_phone_number": {"f1": share}},
    }


def test_compare_lists_the_examples_that_became_right_and_wrong():
    before = run_result("a", {"nummer japan": False, "nummer spanje": True, "bellen vk": True})
    after = run_result("b", {"nummer japan": True, "nummer spanje": False, "bellen vk": True, "nieuw": True})
    diff = compare(after, before)
    assert [c["text"] for c in diff["now_right"]] == ["nummer japan"]
    assert [(c["text"], c["before"], c["after"]) for c in diff["now_wrong"]] == [
        ("nummer spanje", "ask_phone_number", "nlu_fallback")
    ]
    text = "\n".join(comparison_lines(diff, "het uitgerolde model"))
    assert "### Nu goed (1)" in text and "### Nu fout (1)" in text
    assert "- 'nummer spanje' (verwacht ask_phone_number): ask_phone_number → nlu_fallback" in text


def test_the_baseline_is_the_deployed_models_run_not_the_last_run(tmp_path):
    reports, models = tmp_path / "reports", tmp_path / "models"
    reports.mkdir(), models.mkdir()
    deployed_model = models / "bolt-nl.tar.gz"
    deployed_model.write_bytes(b"deployed")
    record = record_deployed(deployed_model)
    test = tmp_path / "heldout.yml"
    test.write_text("x")
    from bot.trainer.fingerprint import sha256

    deployed_run = {**run_result(record["model_sha256"], {"a": True}), "test_sha256": sha256(test)}
    other_run = {**run_result("0" * 64, {"a": False}), "test_sha256": sha256(test)}
    (reports / "evaluation-20260101-000000.json").write_text(json.dumps(deployed_run))
    (reports / "evaluation-20260102-000000.json").write_text(json.dumps(other_run))  # newer, not deployed
    baseline = resolve_baseline(None, test, reports, models, model_sha="f" * 64)
    assert baseline.run["model_sha256"] == record["model_sha256"]
    assert "het uitgerolde model" in baseline.description and "evaluation-20260101-000000.json" in baseline.description
    named = resolve_baseline(reports / "evaluation-20260102-000000.md", test, reports, models, model_sha="f" * 64)
    assert named.run["model_sha256"] == "0" * 64
    # the deployed archive is kept: retraining bolt-nl.tar.gz does not lose what runs in production
    deployed_model.write_bytes(b"retrained")
    assert (models / "deployed.tar.gz").read_bytes() == b"deployed"


def test_no_deployed_model_says_so(tmp_path):
    (tmp_path / "t.yml").write_text("x")
    baseline = resolve_baseline(None, tmp_path / "t.yml", tmp_path, tmp_path, model_sha="f" * 64)
    assert baseline.run is None and "geen uitgerold model bekend" in baseline.description


def test_the_quality_gate_with_a_part_of_its_own(tmp_path):
    from bot.evaluation.nlu_metrics import Example, Prediction
    from bot.trainer.evaluate import gate_scores

    gate = tmp_path / "gate.yml"
    gate.write_text(
        "top_intent_accuracy: 0.94\nintent_accuracy: 0.90\nentity_f1: 0.95\npart_three:\n  top_intent_accuracy: 0.5\n"
    )
    assert gate_failures({"": {"top_intent_accuracy": 0.95, "intent_accuracy": 0.9, "entity_f1": 1.0}}, gate) == []
    assert gate_failures(
        {
            "": {"top_intent_accuracy": 0.93, "intent_accuracy": 0.95, "entity_f1": 0.5},
            "part_three": {"top_intent_accuracy": 0.4},
        },
        gate,
    ) == ["top intent 0.930 < 0.940", "entity F1 0.500 < 0.950", "part_three: top intent 0.400 < 0.500"]
    # the top-level figures are taken without part three, as tests/nlu/test_heldout.py does
    test = tmp_path / "heldout.yml"
    test.write_text(
        "version: '3.1'\nnlu:\n  - intent: a\n    examples: |\n      - een\n      - twee\n"
        "# Part two\n      - drie\n# Part three\n  - intent: b\n    examples: |\n      - vier\n"
    )
    examples = [Example(t, i, ()) for t, i in (("een", "a"), ("twee", "a"), ("drie", "a"), ("vier", "b"))]
    predictions = [Prediction(i, 0.9, ()) for i in ("a", "a", "a", "a")]
    scores = gate_scores(examples, predictions, test, gate)
    assert scores[""]["examples"] == 3 and scores[""]["top_intent_accuracy"] == 1.0
    assert scores["part_three"]["examples"] == 1 and scores["part_three"]["top_intent_accuracy"] == 0.0


def test_a_server_started_without_deploy_is_recognised_by_its_model_id(tmp_path, monkeypatch):
    import io
    import tarfile

    import httpx

    from bot.trainer.servers import deployed, discover_deployed, model_id

    models = tmp_path / "models"
    models.mkdir()
    archive = models / "bolt-nl.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        data = json.dumps({"model_id": "abc123"}).encode()
        info = tarfile.TarInfo("metadata.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    assert model_id(archive) == "abc123"

    class Status:
        def __init__(self, body):
            self.body = body

        def json(self):
            return self.body

    monkeypatch.setattr(httpx, "get", lambda *a, **k: Status({"model_file": "bolt-nl.tar.gz", "model_id": "other"}))
    assert discover_deployed("http://x", "t", models) is None and deployed(models) is None
    monkeypatch.setattr(httpx, "get", lambda *a, **k: Status({"model_file": "bolt-nl.tar.gz", "model_id": "abc123"}))
    record = discover_deployed("http://x", "t", models)
    assert record and deployed(models)["model"] == str(archive)


def test_evaluate_without_a_model_is_a_clear_error(tmp_path):
    import subprocess
    import sys

    from bot.testing.servers import ROOT

    result = subprocess.run(
        [sys.executable, "-m", "bot", "evaluate", "--model", str(tmp_path / "none.tar.gz"), "--reports", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 1 and "bestaat niet" in result.stderr and "Traceback" not in result.stderr

"""`train` skips unchanged data but not a changed knowledge base; `evaluate` writes a report per run
with its own confusion matrix and compares with a baseline; `deploy` refuses a model below the gate."""

import json
import shutil
import subprocess
import sys

import httpx
import pytest

from bot.kb.loader import DEFAULT_PATH
from bot.testing.servers import ROOT, TEST_API_TOKEN, free_port, running_bot
from tests.trainer.fixtures import nlu_yaml, write_project

pytestmark = pytest.mark.slow


def bot_cli(*args, cwd=ROOT, env=None):
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **(env or {})},
    )


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    project = write_project(tmp_path_factory.mktemp("project"))
    (project / "data" / "help").mkdir()
    shutil.copy(DEFAULT_PATH, project / "data" / "help" / "support.yml")
    (project / "tests" / "nlu").mkdir(parents=True)
    (project / "tests" / "nlu" / "heldout.yml").write_text(
        nlu_yaml(
            {
                "greet": ["hallo zoom support", "hey hoi"],
                "ask_phone_number": ['telefoonnummer van [japan]{"entity": "country", "value": "japan"}'],
            }
        )
    )
    first = bot_cli("train", "--project", str(project), "--name", "fixture")
    assert first.returncode == 0, first.stderr[-2000:]
    return project, first


def test_train_reports_time_and_then_skips_unchanged_data(trained):
    project, first = trained
    assert "Getraind in" in first.stdout and (project / "models" / "fixture.tar.gz").exists()
    again = bot_cli("train", "--project", str(project), "--name", "fixture")
    assert again.returncode == 0 and "Model is actueel" in again.stdout


def evaluate(project, *extra):
    return bot_cli(
        "evaluate",
        "--project",
        str(project),
        "--model",
        str(project / "models" / "fixture.tar.gz"),
        "--test",
        str(project / "tests" / "nlu" / "heldout.yml"),
        "--reports",
        str(project / "reports"),
        *extra,
    )


def report_of(result):
    return result.stdout.split("Rapport: ")[-1].strip()


def test_evaluate_keeps_each_run_with_its_own_image_and_compares_with_a_named_baseline(trained):
    project, _ = trained
    first = evaluate(project, "--folds", "2")
    assert first.returncode == 0, first.stderr[-2000:]
    report = open(report_of(first)).read()
    assert "| intent | precision | recall | F1 | n |" in report and "Meest verwarde intents" in report
    assert "Cross-validatie (2 folds" in report and "geen uitgerold model bekend" in report
    # a progress bar while the folds train, and a short summary in the terminal without Rasa's debug lines
    assert "Cross-validatie [" in first.stderr and "2/2" in first.stderr
    assert "fixture.tar.gz (" in first.stdout and "top intent" in first.stdout
    assert "[debug" not in first.stdout + first.stderr and "DeprecationWarning" not in first.stderr
    first_json = report_of(first).replace(".md", ".json")
    assert json.load(open(first_json))["heldout"]["examples"] == 3
    second = evaluate(project, "--baseline", first_json)
    assert second.returncode == 0, second.stderr[-2000:]
    text = open(report_of(second)).read()
    assert "Vergeleken met evaluation-" in text and "top intent:" in text and "→" in text
    assert "### Nu goed (0)" in text and "### Nu fout (0)" in text
    images = sorted((project / "reports").glob("confusion-*.png"))
    assert len(images) == 2 and all(i.stat().st_size > 1000 for i in images)  # none overwritten
    assert f"![confusion matrix]({images[-1].name})" in text
    assert "Cross-validatie" not in second.stderr  # opt-in


def test_deploy_refuses_a_model_below_the_quality_gate(trained):
    project, _ = trained
    gate = project / "tests" / "nlu" / "quality_gate.yml"
    gate.write_text("top_intent_accuracy: 1.01\n")
    port = free_port()
    result = bot_cli(
        "deploy",
        "--project",
        str(project),
        "--name",
        "fixture",
        "--skip-rasa",
        "--url",
        f"http://127.0.0.1:{port}",
        "--actions-url",
        f"http://127.0.0.1:{port}",
    )
    assert result.returncode == 1
    assert "[1/5] validate" in result.stdout and "[4/5] evaluate" in result.stdout and "[5/5]" not in result.stdout
    assert "Deploy geweigerd" in result.stderr and "top intent" in result.stderr and "< 1.010" in result.stderr
    gate.write_text("top_intent_accuracy: 0.0\n")
    result = bot_cli(
        "deploy",
        "--project",
        str(project),
        "--name",
        "fixture",
        "--skip-rasa",
        "--url",
        f"http://127.0.0.1:{port}",
        "--actions-url",
        f"http://127.0.0.1:{port}",
    )
    assert "Kwaliteitsdrempel gehaald" in result.stdout and "[5/5] reload" in result.stdout
    assert result.returncode == 1 and f"Rasa-server niet bereikbaar op http://127.0.0.1:{port}" in result.stderr


def test_deploy_reloads_both_running_servers(trained, tmp_path):
    project, _ = trained
    (project / "tests" / "nlu" / "quality_gate.yml").write_text("top_intent_accuracy: 0.0\n")
    with running_bot(tmp_path / "bot") as bot:
        actions = f"http://127.0.0.1:{bot.actions_port}"
        result = bot_cli(
            "deploy",
            "--project",
            str(project),
            "--name",
            "fixture",
            "--skip-rasa",
            "--url",
            bot.url,
            "--actions-url",
            actions,
            env={"BOT_API_TOKEN": TEST_API_TOKEN},
        )
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        assert "[5/5] reload" in result.stdout and "Hulpinhoud herladen" in result.stdout
        status = httpx.get(f"{bot.url}/status", params={"token": TEST_API_TOKEN}, timeout=30).json()
        assert status["model_file"] == "fixture.tar.gz"
    record = json.loads((project / "models" / "deployed.json").read_text())
    assert record["model"].endswith("fixture.tar.gz")


def test_train_after_a_knowledge_base_edit_retrains(trained):
    project, _ = trained
    kb = project / "data" / "help" / "support.yml"
    kb.write_text(kb.read_text().replace('"germany"', '"germany", "dld"', 1))
    edited = bot_cli("train", "--project", str(project), "--name", "fixture")
    assert edited.returncode == 0, edited.stderr[-2000:]
    assert "de kennisbank (support.yml) is gewijzigd" in edited.stdout and "Getraind in" in edited.stdout
    again = bot_cli("train", "--project", str(project), "--name", "fixture")
    assert "Model is actueel" in again.stdout

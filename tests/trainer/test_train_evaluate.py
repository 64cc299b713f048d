"""`train` skips unchanged data; `evaluate` writes a report, a confusion matrix and a comparison."""
import json
import subprocess
import sys

import pytest

from tests.servers import ROOT
from tests.trainer.fixtures import nlu_yaml, write_project

pytestmark = pytest.mark.slow


def bot_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"})


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    project = write_project(tmp_path_factory.mktemp("project"))
    first = bot_cli("train", "--project", str(project), "--name", "fixture")
    assert first.returncode == 0, first.stderr[-2000:]
    return project, first


def test_train_reports_time_and_then_skips_unchanged_data(trained):
    project, first = trained
    assert "Getraind in" in first.stdout and (project / "models" / "fixture.tar.gz").exists()
    again = bot_cli("train", "--project", str(project), "--name", "fixture")
    assert again.returncode == 0 and "Model is actueel" in again.stdout


def test_evaluate_writes_report_confusion_matrix_and_comparison(trained):
    project, _ = trained
    test_file = project / "heldout.yml"
    test_file.write_text(nlu_yaml({"greet": ["hallo zoom support", "hey hoi"],
                                   "ask_phone_number": ['telefoonnummer van [japan]{"entity": "country", "value": "japan"}']}))
    args = ("evaluate", "--project", str(project), "--model", str(project / "models" / "fixture.tar.gz"),
            "--test", str(test_file), "--reports", str(project / "reports"), "--folds", "2")
    first = bot_cli(*args)
    assert first.returncode == 0, first.stderr[-2000:]
    report = (project / "reports" / first.stdout.split("reports/")[-1].strip()).read_text()
    assert "| intent | precision | recall | F1 | n |" in report and "Meest verwarde intents" in report
    assert "Cross-validatie (2 folds" in report and "Eerste evaluatie" in report
    assert (project / "reports" / "confusion.png").stat().st_size > 1000
    assert json.loads((project / "reports" / "latest.json").read_text())["heldout"]["examples"] == 3
    second = bot_cli(*args[:-2], "--folds", "0")
    text = (project / "reports" / second.stdout.split("reports/")[-1].strip()).read_text()
    assert "intent_accuracy:" in text and "→" in text and "slechter:" in text

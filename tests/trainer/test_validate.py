import subprocess
import sys

from bot.trainer.validate import Project, validate
from tests.servers import ROOT
from tests.trainer.fixtures import write_project


def run_cli(project):
    return subprocess.run([sys.executable, "-m", "bot", "validate", "--project", str(project)], cwd=ROOT,
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})


def test_a_clean_fixture_passes(tmp_path):
    findings = validate(Project.at(write_project(tmp_path)), run_rasa=False, check_implementations=False)
    assert findings.errors == []


def test_a_broken_fixture_fails_with_file_and_line(tmp_path):
    project = write_project(tmp_path, broken=True)
    result = run_cli(project)
    assert result.returncode == 1
    err = result.stderr
    assert "data.yml:" in err and "'hallo' staat ook onder intent 'greet'" in err
    assert "intent 'greet' heeft 10 voorbeelden (minimaal 25)" in err
    assert "'atlantis' is geen bekende country in de kennisbank" in err
    assert "rules.yml:" in err and "'utter_nonexistent' is niet gedefinieerd" in err


def test_near_duplicates_across_intents_are_errors_and_unmentioned_countries_warnings(tmp_path):
    project = write_project(tmp_path)
    data = project / "data" / "nlu" / "data.yml"
    data.write_text(data.read_text().replace("      - telefoonnummer [japan]", "      - Hallo!!\n      - telefoonnummer [japan]", 1))
    findings = validate(Project.at(project), run_rasa=False, check_implementations=False)
    assert any("bijna gelijk aan 'hallo' onder intent 'greet'" in e for e in findings.errors)
    assert any("country 'verenigde_staten' komt in geen enkel" in w for w in findings.warnings)


def test_the_real_project_validates():
    findings = validate(Project.at(ROOT), run_rasa=False)
    assert findings.errors == []

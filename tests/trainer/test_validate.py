import subprocess
import sys

from bot.testing.servers import ROOT
from bot.trainer.validate import Project, validate
from tests.trainer.fixtures import nlu_yaml, write_project


def run_cli(project):
    return subprocess.run(
        [sys.executable, "-m", "bot", "validate", "--project", str(project)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )


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
    data.write_text(
        data.read_text().replace("      - telefoonnummer [japan]", "      - Hallo!!\n      - telefoonnummer [japan]", 1)
    )
    findings = validate(Project.at(project), run_rasa=False, check_implementations=False)
    assert any("bijna gelijk aan 'hallo' onder intent 'greet'" in e for e in findings.errors)
    assert any("country 'verenigde_staten' komt in geen enkel" in w for w in findings.warnings)


def test_the_real_project_validates():
    findings = validate(Project.at(ROOT), run_rasa=False)
    assert findings.errors == []


def test_a_heldout_sentence_copied_into_training_data_is_an_error_with_both_places(tmp_path):
    project = write_project(tmp_path)
    (project / "tests" / "nlu").mkdir(parents=True)
    (project / "tests" / "nlu" / "heldout.yml").write_text(
        nlu_yaml(
            {
                "ask_phone_number": [
                    "ik zoek het nummer voor Spanje",
                    'Kan ik Zoom in [Japan]{"entity": "country", "value": "japan"} bellen?',
                ]
            }
        )
    )
    findings = validate(Project.at(project), run_rasa=False, check_implementations=False)
    assert findings.errors == []
    data = project / "data" / "nlu" / "data.yml"
    # copied with other punctuation and case: still the same sentence
    data.write_text(data.read_text().replace("      - hoi\n", "      - hoi\n      - kan ik zoom in japan bellen\n", 1))
    result = run_cli(project)
    assert result.returncode == 1
    assert (
        f"data.yml:7: 'kan ik zoom in japan bellen' staat ook in de held-out testset "
        f"({project / 'tests' / 'nlu' / 'heldout.yml'}:6)"
    ) in result.stderr


def test_an_annotation_that_is_no_alias_warns_with_the_fix(tmp_path):
    project = write_project(tmp_path)
    data = project / "data" / "nlu" / "data.yml"
    data.write_text(
        data.read_text().replace(
            "      - telefoonnummer [japan]",
            '      - nummer voor [Dld]{"entity": "country", "value": "duitsland"}\n'
            '      - bellen naar [Dld]{"entity": "country", "value": "duitsland"}\n'
            "      - telefoonnummer [japan]",
            1,
        )
    )
    findings = validate(Project.at(project), run_rasa=False, check_implementations=False)
    assert findings.errors == []
    (warning,) = [w for w in findings.warnings if "'Dld'" in w]
    assert warning.startswith(f"{data}:")
    assert "is geen alias van country 'duitsland' (1× meer zo geannoteerd): de bot vindt het niet" in warning
    assert "Voeg 'dld' toe aan de aliassen van Duitsland in data/help/support.yml" in warning
    # an annotation the matcher does find (an alias, or one typo in a long name) gives no warning
    assert not [w for w in findings.warnings if "'japan'" in w]


def test_a_direct_run_is_quiet_without_the_makefiles_environment(tmp_path):
    # only PATH and PYTHONPATH, as a trainer runs it: no TensorFlow log lines, no deprecation warnings
    project = write_project(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "validate", "--skip-rasa", "--project", str(project)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert "tensorflow" not in result.stderr and "Warning" not in result.stderr, result.stderr[-2000:]

"""`check-kb` refuses help-content edits that make the bot read the wrong facts (issue 19.1)."""

import re
import subprocess
import sys

import pytest

from bot.kb import load_knowledge_base
from bot.kb.dutch_words import dutch_words
from bot.kb.loader import DEFAULT_PATH
from bot.testing.servers import ROOT
from bot.trainer.kb_check import Allowed, alias_sites, check, entity_changes
from tests.trainer.fixtures import nlu_yaml


def edited_kb(tmp_path, *extra, country="duitsland"):
    """The shipped help content with extra aliases for one country; returns (path, line of the aliases)."""
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    pattern = re.compile(r"(- country: " + country + r"\b.*?\n\s+aliases: \[)", re.S)
    match = pattern.search(text)
    assert match, f"no aliases list for {country} in {DEFAULT_PATH}"
    inserted = "".join(f'"{a}", ' for a in extra)
    text = text[: match.end()] + inserted + text[match.end() :]
    path = tmp_path / "support.yml"
    path.write_text(text, encoding="utf-8")
    line = text[: match.end()].count("\n") + 1
    return path, line


def bot_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )


def test_the_shipped_help_content_passes():
    findings = check()
    assert findings.errors == []


def test_adjectives_and_own_names_may_be_everyday_words():
    # "nederlands" (an adjective of Nederland) and "zweden" (the country's own name) are words in the lemma
    # table; the shipped content uses both and passes, so the check exempts them by design
    words = dutch_words()
    assert "nederlands" in words and "zweden" in words
    sites = {s.text: s.field for s in alias_sites(DEFAULT_PATH.read_text(encoding="utf-8"))}
    assert sites.get("nederlands") == "adjectives"
    assert not [e for e in check().errors if "'nederlands'" in e or "'zweden'" in e]


def test_an_everyday_word_as_alias_is_refused_with_file_and_line(tmp_path):
    path, line = edited_kb(tmp_path, "nummer")
    result = bot_cli("check-kb", str(path))
    assert result.returncode == 1
    assert f"{path}:{line}: alias 'nummer' van country 'duitsland' is een gewoon Nederlands woord" in result.stderr
    # and it shows what the edit would do to the examples
    assert "krijgen andere entiteiten" in result.stdout and "country=duitsland ('nummer')" in result.stdout


def test_an_alias_that_names_a_plan_is_refused(tmp_path):
    path, line = edited_kb(tmp_path, "premier")
    errors = check(path).errors
    assert any(
        e.startswith("alias 'premier' noemt") and f"country 'duitsland' ({path}:{line})" in e and "plan 'premier'" in e
        for e in errors
    ), errors


def test_an_alias_of_two_countries_is_refused_with_its_lines(tmp_path):
    path, line = edited_kb(tmp_path, "japan")
    errors = check(path).errors
    assert len(errors) == 1 and f"{path}:{line}" in errors[0] and "japan" in errors[0]


def test_an_empty_alias_is_refused_with_its_line_and_the_rest_is_still_checked(tmp_path):
    path, line = edited_kb(tmp_path, "", "nummer")
    errors = check(path).errors
    assert errors[0].startswith(f"{path}:{line}: lege alias in ")
    assert any("'nummer'" in e for e in errors[1:])


def test_every_entity_type_is_checked_not_only_countries(tmp_path):
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    kb = load_knowledge_base()
    # any type other than country/plan/priority: an everyday word added to one of its values
    entity = next(t for t in kb.aliases() if t not in ("country", "plan", "priority"))
    value, aliases = next(iter(kb.aliases()[entity].items()))
    first = next(a for a in aliases if f'"{a}"' in text)
    path = tmp_path / "support.yml"
    path.write_text(text.replace(f'"{first}"', f'"{first}", "nummer"', 1), encoding="utf-8")
    assert any(f"alias 'nummer' van {entity} '{value}'" in e for e in check(path).errors)


def test_a_listed_exception_is_allowed(tmp_path):
    path, _ = edited_kb(tmp_path, "nummer")
    assert any("'nummer'" in e for e in check(path, allowed=Allowed()).errors)
    allowed = Allowed(everyday_words={"country": {"duitsland": {"nummer"}}})
    assert not any("'nummer'" in e and "gewoon" in e for e in check(path, allowed=allowed).errors)


def test_entity_changes_lists_the_examples_that_now_read_differently(tmp_path):
    path, _ = edited_kb(tmp_path, "nummer")
    examples = tmp_path / "phone.yml"
    examples.write_text(
        nlu_yaml(
            {
                "ask_phone_number": [
                    'wat is het nummer in [Japan]{"entity": "country", "value": "japan"}',
                    "hoe laat is het",
                ]
            }
        )
    )
    changes = entity_changes(load_knowledge_base(), load_knowledge_base(path), [examples])
    assert [(c.where.split("/")[-1], c.text) for c in changes] == [("phone.yml:5", "wat is het nummer in Japan")]
    assert changes[0].before == ("country=japan ('Japan')",)
    assert changes[0].after == ("country=duitsland ('nummer')", "country=japan ('Japan')")


@pytest.mark.parametrize("bad", ["plans: {}\n", "plans: [unclosed\n"])
def test_a_broken_file_is_an_error_not_a_crash(tmp_path, bad):
    path = tmp_path / "kb.yml"
    path.write_text(bad)
    result = bot_cli("check-kb", str(path))
    assert result.returncode == 1 and "FOUT" in result.stderr and "Traceback" not in result.stderr

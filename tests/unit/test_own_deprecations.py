"""Issue 17.8 (review L10): our own deprecation warnings (bot/, actions/) are shown outside pytest too, in the
servers and the `python -m bot` commands, while third-party ones stay quiet, even after a library (Sanic)
puts its own "once" filter for every DeprecationWarning in front."""

import subprocess
import sys
import textwrap

import pytest

from bot.settings import ROOT

# raise one deprecation from a module of ours and one from a library, each from its own file and module name
SCRIPT = textwrap.dedent(
    """
    import sys, warnings
    {setup}

    def raise_from(module, filename, text):
        code = compile("import warnings\\nwarnings.warn(%r, DeprecationWarning)\\n" % text, filename, "exec")
        exec(code, {{"__name__": module}})

    raise_from("bot.handoff.oud", {ours!r}, "ONZE-VEROUDERDE-FUNCTIE")
    raise_from("actions.oud", {ours_actions!r}, "ONZE-VEROUDERDE-ACTIE")
    raise_from("somelib.old", {theirs!r}, "HUN-VEROUDERDE-FUNCTIE")
    """
)

SETUPS = {
    "import bot": "import bot",
    "a library's filter after ours": 'import bot\nwarnings.filterwarnings("once", category=DeprecationWarning)',
    "python -m bot's quiet_environment": "from bot.trainer.commands import quiet_environment\nquiet_environment()",
    "PYTHONWARNINGS and Sanic": "import bot\nimport sanic",
}


@pytest.mark.parametrize("setup", SETUPS.values(), ids=SETUPS.keys())
def test_ours_are_shown_and_the_libraries_are_not(setup, tmp_path):
    script = SCRIPT.format(
        setup=setup,
        ours=str(ROOT / "bot" / "handoff" / "oud.py"),
        ours_actions=str(ROOT / "actions" / "oud.py"),
        theirs=str(tmp_path / "site-packages" / "somelib" / "old.py"),
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore::DeprecationWarning"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "ONZE-VEROUDERDE-FUNCTIE" in result.stderr and "ONZE-VEROUDERDE-ACTIE" in result.stderr, result.stderr
    assert "HUN-VEROUDERDE-FUNCTIE" not in result.stderr, result.stderr


def test_without_our_filters_ours_would_be_hidden_too(tmp_path):
    """The probe can fail: the same script without importing bot shows neither."""
    script = SCRIPT.format(
        setup="",
        ours=str(ROOT / "bot" / "handoff" / "oud.py"),
        ours_actions=str(ROOT / "actions" / "oud.py"),
        theirs=str(tmp_path / "somelib" / "old.py"),
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONWARNINGS": "ignore::DeprecationWarning"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "VEROUDERDE" not in result.stderr


PYTEST_PROBE = """
def test_probe():
    import sanic  # noqa: F401  (its "once" filter for every DeprecationWarning: see pytest.ini)

    for module, filename, text in [
        ("bot.oud", {ours!r}, "ONZE-VEROUDERDE-FUNCTIE"),
        ("somelib.old", "/elders/somelib/old.py", "HUN-VEROUDERDE-FUNCTIE"),
    ]:
        exec(compile("import warnings\\nwarnings.warn(%r, DeprecationWarning)\\n" % text, filename, "exec"),
             {{"__name__": module}})
"""


def test_the_pytest_summary_shows_ours_and_not_the_libraries(tmp_path):
    """pytest.ini's filters, also when a test is the first to import Sanic."""
    (tmp_path / "test_probe.py").write_text(PYTEST_PROBE.format(ours=str(ROOT / "bot" / "oud.py")), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pytest.ini"), "--rootdir", str(tmp_path)]
        + ["-p", "no:cacheprovider", "-q", str(tmp_path / "test_probe.py")],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ONZE-VEROUDERDE-FUNCTIE" in result.stdout and "1 passed, 1 warning" in result.stdout, result.stdout
    assert "HUN-VEROUDERDE-FUNCTIE" not in result.stdout + result.stderr

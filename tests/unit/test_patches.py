"""Bolt-NL's changes to Rasa are installed by install_patches() only: importing a module patches nothing,
install_patches() installs every patch (in the order they wrap each other), and a Rasa other than
3.6.x is refused before anything is patched. Each check runs in a fresh interpreter, since a test of
this process may already have installed them."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.rasa_runtime.patches import UnsupportedRasaVersion, check_rasa_version

ROOT = Path(__file__).resolve().parents[2]

PATCHED = """
import json, sys
from rasa.core.actions.action import RemoteAction
from rasa.core.actions.forms import FormAction
from rasa.core.agent import Agent
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import Event
import rasa.telemetry

def attributes():
    return {
        "Event.resolve_by_type": Event.__dict__["resolve_by_type"],
        "RemoteAction.run": RemoteAction.run,
        "RemoteAction._validate_action_result": RemoteAction._validate_action_result,
        "RemoteAction._action_call_format": RemoteAction._action_call_format,
        "FormAction.run": FormAction.run,
        "Agent._create_tracker_store": Agent.__dict__["_create_tracker_store"],
        "MessageProcessor.save_tracker": MessageProcessor.save_tracker,
        "rasa.telemetry.initialize_error_reporting": rasa.telemetry.initialize_error_reporting,
    }

def changed(before):
    return sorted(name for name, value in attributes().items() if value is not before[name])
"""

SCRIPT = (
    PATCHED
    + """
stock = attributes()
import bot.stores.tracker_store, bot.stores.event_types, bot.rasa_server  # noqa: F401
import bot.dialogue.action_results, bot.dialogue.action_outage, bot.dialogue.form_outage  # noqa: F401
import bot.dialogue.store_outage, bot.rasa_runtime.patches  # noqa: F401
after_import = changed(stock)
from bot.rasa_runtime import patches
from bot.dialogue import action_outage
from bot.stores import tracker_store
patches.install_patches()
after_install = changed(stock)
run = RemoteAction.run
patches.install_patches()
print(json.dumps({
    "after_import": after_import,
    "after_install": after_install,
    "installed": patches.installed(),
    "telemetry": __import__("os").environ.get("RASA_TELEMETRY_ENABLED"),
    "run_once_wrapped": RemoteAction.run is run,
    "whole_session_outside": getattr(RemoteAction.run, "bolt_whole_session", False),
    "apology_inside": RemoteAction.run.__closure__ is not None and any(
        c.cell_contents is action_outage.run_or_apologise for c in RemoteAction.run.__closure__),
}))
"""
)

REFUSED = (
    PATCHED
    + """
stock = attributes()
from bot.rasa_runtime import patches
try:
    patches.install_patches(version="3.7.0")
    refused = False
except patches.UnsupportedRasaVersion:
    refused = True
print(json.dumps({"refused": refused, "changed": changed(stock), "installed": patches.installed()}))
"""
)


def run_fresh(script: str, home: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(home)},
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow  # a fresh Python that imports Rasa (~10 s): `make test` runs it, `make test-fast` does not
def test_importing_patches_nothing_install_patches_everything_once(tmp_path):
    result = run_fresh(SCRIPT, tmp_path)
    assert result["after_import"] == []
    assert result["after_install"] == [
        "Agent._create_tracker_store",
        "Event.resolve_by_type",
        "FormAction.run",
        "MessageProcessor.save_tracker",
        "RemoteAction._action_call_format",
        "RemoteAction._validate_action_result",
        "RemoteAction.run",
        "rasa.telemetry.initialize_error_reporting",
    ]
    assert result["installed"]
    assert result["telemetry"] == "false"  # nothing to RasaHQ's Segment unless the operator turns it on
    assert result["run_once_wrapped"]  # a second call does not wrap RemoteAction.run again
    assert result["whole_session_outside"] and result["apology_inside"]


@pytest.mark.slow  # a fresh Python that imports Rasa (~10 s): `make test` runs it, `make test-fast` does not
def test_another_rasa_version_is_refused_before_anything_is_patched(tmp_path):
    result = run_fresh(REFUSED, tmp_path)
    assert result == {"refused": True, "changed": [], "installed": False}


@pytest.mark.parametrize("version", ["3.5.17", "3.7.0", "4.0.0", "2.8.1", "3", "dev"])
def test_versions_outside_3_6_are_refused(version):
    with pytest.raises(UnsupportedRasaVersion, match="3.6"):
        check_rasa_version(version)


@pytest.mark.parametrize("version", ["3.6.0", "3.6.21", "3.6.21rc1"])
def test_3_6_versions_are_accepted(version):
    check_rasa_version(version)


def test_the_installed_rasa_is_accepted():
    check_rasa_version()

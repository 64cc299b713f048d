"""Dependencies point one way (issue 17.2): the pure core never imports an adapter framework.

The core — the answer renderers and the bot's words (bot/answers), the knowledge base (bot/kb), the
identity and entitlement rules, the vocabulary, and the pure parts of the hand-off and dialogue — is
plain Python over plain values. Rasa, the Rasa SDK, Sanic and SQLAlchemy belong to the adapters
(actions/, bot/channels, bot/console, bot/db, the hand-off services). Each core module is imported in
a fresh interpreter, so a framework pulled in anywhere along its imports counts.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("rasa", "rasa_sdk", "sanic", "sqlalchemy")


def _package_modules(package: str) -> list:
    path = ROOT.joinpath(*package.split("."))
    return [package] + [f"{package}.{m.name}" for m in pkgutil.iter_modules([str(path)])]


# named explicitly: a new module in a core package is core too; elsewhere it is listed here by hand
CORE_MODULES = sorted(
    _package_modules("bot.answers")
    + _package_modules("bot.kb")
    + [
        "bot.identity",
        "bot.entitlements",
        "bot.vocabulary",
        "bot.handoff.model",  # the plain ticket data (TicketView, TicketStatus, references)
        "bot.handoff.intake",  # what counts as a cancel, a refusal, a question during the intake
        "bot.handoff.intake_checks",  # the intake answers' validation (description, e-mail, priority)
        "bot.handoff.severity",  # problem text -> P1-P4
        "bot.handoff.sla",  # due times from the knowledge base
        "bot.handoff.inactivity",  # the inactivity policy
        "bot.handoff.reasons",  # why a conversation was handed off
        "bot.handoff.transcript",  # the bot transcript kept with a ticket
        "bot.dialogue.fallback",  # the fallback's counting and replies
        "bot.dialogue.rescue",  # dimensions that decide the question type
        "bot.search.passages",  # the help content cut into the passages the article search indexes
    ]
)

PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
forbidden = set(json.loads(sys.argv[2]))
print(json.dumps(sorted(n for n in sys.modules if n.split('.')[0] in forbidden)))
"""


def imported_frameworks(module: str) -> list:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, module, json.dumps(FORBIDDEN)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, f"importing {module} failed:\n{done.stderr[-2000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_imports_no_framework(module):
    found = imported_frameworks(module)
    roots = sorted({name.split(".")[0] for name in found})
    assert not roots, f"core module {module} imports {roots} (e.g. {found[:5]}): move that dependency to an adapter"


def test_the_probe_sees_a_framework():
    """The check itself can fail: an adapter that imports SQLAlchemy is caught."""
    assert "sqlalchemy" in {name.split(".")[0] for name in imported_frameworks("bot.handoff.tickets")}


# bot modules outside the core list that a core module may still use: no framework, no database
CORE_MAY_USE = {"bot.local_secrets"}  # bot.identity: the development secret file


def _source(module: str) -> tuple:
    """(parsed module, its package) of a bot module."""
    import ast

    path = ROOT.joinpath(*module.split("."))
    is_package = path.is_dir()
    path = path / "__init__.py" if is_package else path.with_suffix(".py")
    package = module if is_package else module.rpartition(".")[0]
    return ast.parse(path.read_text(encoding="utf-8")), package


def _absolute(node, package: str) -> str:
    """The module an ImportFrom names, relative imports ("from . import x", "from ..kb import y") resolved."""
    if not node.level:
        return node.module or ""
    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imported_names(module: str) -> set:
    """Every module name a module imports anywhere in its code (also inside functions), relative ones resolved."""
    import ast

    tree, package = _source(module)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            named = _absolute(node, package)
            # "from bot.answers import handoff" imports the module bot.answers.handoff
            submodules = {f"{named}.{a.name}" for a in node.names} & set(CORE_MODULES)
            found |= submodules or {named}
    return found


def bot_imports(module: str) -> set:
    """The bot.* modules a module imports anywhere in its code (also inside functions)."""
    return {name for name in imported_names(module) if name.split(".")[0] == "bot"}


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_names_no_framework_anywhere(module):
    """An import of Rasa, Sanic or SQLAlchemy inside a function escapes the fresh-interpreter check: not this one."""
    found = sorted(name for name in imported_names(module) if name.split(".")[0] in FORBIDDEN)
    assert not found, f"core module {module} imports {found}"


def test_the_scan_resolves_relative_imports_and_sees_imports_inside_functions(tmp_path, monkeypatch):
    import ast

    code = "def f():\n    import sqlalchemy\n\nfrom . import model\nfrom ..kb import loader\n"
    monkeypatch.setattr(sys.modules[__name__], "_source", lambda module: (ast.parse(code), "bot.handoff"))
    assert {"sqlalchemy", "bot.handoff.model", "bot.kb.loader"} <= imported_names("bot.handoff.fake")


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_imports_only_the_core(module):
    """Also an import inside a function (which the fresh-interpreter check does not run) counts."""
    outside = sorted(m for m in bot_imports(module) if m not in CORE_MODULES and m not in CORE_MAY_USE)
    assert not outside, f"core module {module} imports {outside}"

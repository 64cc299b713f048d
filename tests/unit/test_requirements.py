"""Every third-party package our code imports is named in requirements.in (issue 17.8): a package that
arrives only through another one (skops once, babel through Rasa's Telegram connector) would leave the
lock when that other package drops it."""

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = ("bot", "actions", "bench", "tests", "rasa_sdk_plugins", "scripts")
OUR_PACKAGES = {"bot", "actions", "bench", "tests", "rasa_sdk_plugins", "conftest"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def named_in_requirements() -> set[str]:
    lines = (ROOT / "requirements.in").read_text(encoding="utf-8").splitlines()
    return {canonical(re.split(r"[<>=!~\[; ]", line.strip())[0]) for line in lines if line.strip()[:1].isalnum()}


def imported_top_level_modules() -> set[str]:
    found = set()
    for folder in CODE:
        for path in (ROOT / folder).rglob("*.py"):
            if "node_modules" in path.parts or "browser_deps" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module.split(".")[0])
    return found


def test_every_third_party_import_is_named_in_requirements_in():
    distributions = packages_distributions()
    third_party = {
        m for m in imported_top_level_modules() if m not in OUR_PACKAGES and m not in sys.stdlib_module_names
    }
    missing = {
        module: sorted(canonical(d) for d in distributions.get(module, [module]))
        for module in sorted(third_party)
        if not {canonical(d) for d in distributions.get(module, [module])} & named_in_requirements()
    }
    assert missing == {}, "imported but not named in requirements.in (add it there, then make lock)"


def test_the_check_sees_a_package_that_only_comes_through_another():
    assert "babel" in named_in_requirements()  # named since 2026-12-07; before, only Rasa's Telegram pulled it in
    assert "babel" in imported_top_level_modules()
    assert "aiogram" not in named_in_requirements()  # the package babel used to arrive through

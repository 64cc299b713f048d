"""Issue 17.5: a setting's default is written once, as the field's default in bot/settings.py's Settings.

A module that needs a setting reads `settings.current()` (or `Settings.<field>` for a default outside a
running server); it does not keep a DEFAULT_* copy of its own, which would drift from the setting's.
An ast scan finds every module- or class-level name that starts with DEFAULT_ or ends in _DEFAULT under
bot/ and actions/ (bot/settings.py aside); the few that are no setting are allowed below with the reason.
"""

import ast
import dataclasses
import importlib
from pathlib import Path

import pytest

from bot import settings
from bot.settings import Settings

ROOT = Path(settings.ROOT)
PACKAGES = ("bot", "actions")
SETTINGS_MODULE = "bot/settings.py"

# "path:NAME" -> why it stays: no environment variable sets it, so it is no setting
ALLOWED = {
    "bot/kb/loader.py:DEFAULT_PATH": "the knowledge base file (data/help/support.yml) loaded when a caller "
    "names none; the file is part of the repository, no environment variable chooses it",
    "bot/channels/server.py:DEFAULT_CSP": "the Content-Security-Policy header of responses that set none; "
    "a security constant of the server, not configurable",
}


def looks_like_a_default(name: str) -> bool:
    bare = name.lstrip("_").upper()
    return bare.startswith("DEFAULT_") or bare.endswith("_DEFAULT")


def default_names(source: str) -> list[tuple[int, str]]:
    """(line, name) of every name assigned outside a function (module level, class bodies, if/try blocks)
    that looks like a default."""
    found: list[tuple[int, str]] = []

    def scan(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue  # a local variable is nobody's constant
            targets: list[ast.expr] = []
            if isinstance(child, ast.Assign):
                targets = child.targets
            elif isinstance(child, (ast.AnnAssign, ast.AugAssign)):
                targets = [child.target]
            for target in targets:
                found.extend(
                    (child.lineno, name.id)
                    for name in ast.walk(target)
                    if isinstance(name, ast.Name) and looks_like_a_default(name.id)
                )
            if isinstance(child, ast.stmt):
                scan(child)

    scan(ast.parse(source))
    return found


def modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative != SETTINGS_MODULE:
                yield relative, path


def found_defaults() -> dict[str, int]:
    """ "path:NAME" -> line, for every default-like constant outside bot/settings.py."""
    return {
        f"{relative}:{name}": line
        for relative, path in modules()
        for line, name in default_names(path.read_text(encoding="utf-8"))
    }


def test_no_module_keeps_its_own_copy_of_a_default():
    offenders = {key: line for key, line in found_defaults().items() if key not in ALLOWED}
    assert not offenders, (
        "a default belongs in bot/settings.py's Settings (read settings.current() or Settings.<field>); "
        f"if the constant is no setting, allow it in ALLOWED with the reason: {offenders}"
    )


def test_every_allowed_constant_still_exists():
    stale = set(ALLOWED) - set(found_defaults())
    assert not stale, f"no longer defined, remove from ALLOWED: {sorted(stale)}"


SETTINGS_DEFAULTS = [getattr(Settings, f.name) for f in dataclasses.fields(Settings)]


@pytest.mark.parametrize("key", sorted(ALLOWED))
def test_an_allowed_constant_is_no_settings_default(key):
    """What stays is no setting in disguise: its value is none of the settings' defaults."""
    path, name = key.split(":")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    value = getattr(module, name)
    assert value not in SETTINGS_DEFAULTS and str(value) not in map(str, SETTINGS_DEFAULTS)


def test_the_scan_sees_a_default_wherever_it_is_kept():
    source = """
DEFAULT_TIMEOUT = 5.0
_DEFAULT_WAIT: float = 0.2
MAX_BYTES_DEFAULT = 1024
A, DEFAULT_B = 1, 2
DEFAULTS_ARE_FINE = 1
if True:
    DEFAULT_IN_IF = 3


class Store:
    DEFAULT_LIFETIME = 5.0


def f():
    DEFAULT_LOCAL = 1
    return DEFAULT_LOCAL
"""
    assert default_names(source) == [
        (2, "DEFAULT_TIMEOUT"),
        (3, "_DEFAULT_WAIT"),
        (4, "MAX_BYTES_DEFAULT"),
        (5, "DEFAULT_B"),
        (8, "DEFAULT_IN_IF"),
        (12, "DEFAULT_LIFETIME"),
    ]


def test_the_modules_defaults_are_the_settings_ones():
    """The modules that kept a copy now take the setting's default (the values are unchanged)."""
    from bot.channels.idempotency import MessageReplies

    defaults = Settings()
    assert MessageReplies.retention.total_seconds() == defaults.message_id_retention_days * 86400 == 7 * 86400
    assert MessageReplies.lease.total_seconds() == defaults.message_id_lease_seconds == 6.0

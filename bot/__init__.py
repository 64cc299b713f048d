"""Bolt-NL: a Dutch help-centre assistant built on Rasa Open Source.

Importing the package sets one thing: which deprecation warnings are shown (`show_own_deprecations`),
so that every entry point (`python -m bot ...`, the Rasa and action servers and the processes they
start) shows our own and no library's. pytest sets its own filters (pytest.ini).
"""

import warnings
from pathlib import Path

# the modules whose deprecation warnings are shown: ours. A warning belongs to the module that raises it,
# or (with stacklevel) to the one that called a deprecated function: our use of a library's old API is ours.
OWN_MODULES = r"^(bot|actions)(\.|$)"
_OWN_DIRS = tuple(Path(__file__).resolve().parents[1] / package for package in ("bot", "actions"))
_DEPRECATIONS = (DeprecationWarning, PendingDeprecationWarning)


def is_own_file(filename: str) -> bool:
    """Whether a warning's file is one of our modules (bot/ or actions/ of this repository)."""
    path = Path(filename)
    if not path.is_absolute():  # "<frozen importlib._bootstrap>", "<string>": no file of ours
        return False
    path = path.resolve()
    return any(path.is_relative_to(folder) for folder in _OWN_DIRS)


def show_own_deprecations() -> None:
    """Deprecation warnings from third-party modules stay quiet; those from bot/ and actions/ are shown
    (once per place). Calling it again changes nothing.

    Two layers: filters (first-match, put in front) ignore deprecations but show ours; and since libraries
    imported later put their own filters in front of these (Sanic: "once" for every DeprecationWarning),
    the shown ones pass through a `warnings.showwarning` that drops a deprecation outside our files."""
    for category in _DEPRECATIONS:
        warnings.filterwarnings("ignore", category=category)
        warnings.filterwarnings("default", category=category, module=OWN_MODULES)
    shown = warnings.showwarning
    if getattr(shown, "_bolt_quiet", False):
        return

    def showwarning(message, category, filename, *args, **kwargs):
        if not issubclass(category, _DEPRECATIONS) or is_own_file(filename):
            shown(message, category, filename, *args, **kwargs)

    showwarning._bolt_quiet = True  # type: ignore[attr-defined]
    warnings.showwarning = showwarning


show_own_deprecations()

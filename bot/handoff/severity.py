"""From the user's words to a priority P1-P4, following the article's definitions."""
from __future__ import annotations

import re
from typing import Optional, Tuple

from bot.answers.reply import Button
from bot.kb.matching import fold

# Checked in order: the first priority whose cue appears wins (most severe first).
_CUES: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    ("P1", ("plat", "storing", "down", "niemand", "helemaal niet", "niks meer", "kritiek", "geen enkele",
            "werkt niet meer", "valt uit", "uitgevallen", "alle vergaderingen")),
    ("P2", ("ernstig", "slecht", "traag", "hapert", "veel gebruikers", "belangrijk", "grote impact", "vaak",
            "steeds", "valt weg")),
    ("P3", ("functie", "onderdeel", "soms", "af en toe", "klein", "werkt niet goed", "fout", "probleem met")),
    ("P4", ("vraag", "informatie", "instellen", "installatie", "installeren", "configur", "hoe ", "uitleg", "hulp bij")),
)

SEVERITY_BUTTONS = (
    Button.intent("Alles ligt plat, geen oplossing (P1)", "inform", {"priority": "p1"}),
    Button.intent("Belangrijke onderdelen werken slecht (P2)", "inform", {"priority": "p2"}),
    Button.intent("Een functie werkt niet goed (P3)", "inform", {"priority": "p3"}),
    Button.intent("Vraag of hulp bij instellen (P4)", "inform", {"priority": "p4"}),
)


def priority_from_text(text: Optional[str]) -> Optional[str]:
    if not text:
        return None
    folded = f" {fold(text)} "
    explicit = re.search(r"\bp(?:rio(?:riteit)?)?\s*-?\s*([1-4])\b", folded)
    if explicit:
        return f"P{explicit.group(1)}"
    for priority, cues in _CUES:
        if any(cue in folded for cue in cues):
            return priority
    return None


def normalise(value: Optional[str]) -> Optional[str]:
    """'p1' / 'P1' / 'prio 1' -> 'P1'; anything else -> None."""
    return priority_from_text(value) if value else None

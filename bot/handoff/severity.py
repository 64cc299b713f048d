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


# P4 by what the article's P4 definition names, not by any question word ("hoe", "vraag")
_P4_DESCRIPTION = ("installatie", "installeren", "configur", "instellen", "instelling", "mogelijkheden", "bèta",
                   "beta", "alfa", "informatie over", "uitleg over")


def priority_from_description(text: Optional[str]) -> Optional[str]:
    """The priority of a problem the user describes, by the article's definitions; None when the text
    describes no problem ("en hoe snel is het opgelost?" names none). The P4 cues of the definition
    are checked before P3's general "functie": "een vraag over een bètafunctie" is P4."""
    if not text:
        return None
    folded = f" {fold(text)} "
    for priority, cues in _CUES[:2] + (("P4", tuple(fold(c) for c in _P4_DESCRIPTION)), _CUES[2]):
        if any(cue in folded for cue in cues):
            return priority
    return None

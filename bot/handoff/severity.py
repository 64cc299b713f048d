"""From the user's words to a priority P1-P4, following the article's definitions."""

from __future__ import annotations

import re

from bot.kb.matching import fold
from bot.vocabulary import Priority

# Checked in order: the first priority whose cue appears wins (most severe first).
_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        Priority.P1,
        (
            "plat",
            "storing",
            "down",
            "niemand",
            "helemaal niet",
            "niks meer",
            "kritiek",
            "geen enkele",
            "werkt niet meer",
            "valt uit",
            "uitgevallen",
            "alle vergaderingen",
        ),
    ),
    (
        Priority.P2,
        (
            "ernstig",
            "slecht",
            "traag",
            "hapert",
            "veel gebruikers",
            "belangrijk",
            "grote impact",
            "vaak",
            "steeds",
            "valt weg",
        ),
    ),
    (Priority.P3, ("functie", "onderdeel", "soms", "af en toe", "klein", "werkt niet goed", "fout", "probleem met")),
    (
        Priority.P4,
        ("vraag", "informatie", "instellen", "installatie", "installeren", "configur", "hoe ", "uitleg", "hulp bij"),
    ),
)


def priority_from_text(text: str | None) -> str | None:
    if not text:
        return None
    folded = f" {fold(text)} "
    explicit = re.search(r"\bp(?:rio(?:riteit)?)?\s*-?\s*([1-4])\b", folded)
    if explicit:
        return Priority(f"P{explicit.group(1)}")
    for priority, cues in _CUES:
        if any(cue in folded for cue in cues):
            return priority
    return None


def normalise(value: str | None) -> str | None:
    """'p1' / 'P1' / 'prio 1' -> 'P1'; anything else -> None."""
    return priority_from_text(value) if value else None


# P4 by what the article's P4 definition names, not by any question word ("hoe", "vraag")
_P4_DESCRIPTION = (
    "installatie",
    "installeren",
    "configur",
    "instellen",
    "instelling",
    "mogelijkheden",
    "bèta",
    "beta",
    "alfa",
    "informatie over",
    "uitleg over",
)


def priority_from_description(text: str | None) -> str | None:
    """The priority of a problem the user describes, by the article's definitions; None when the text
    describes no problem ("en hoe snel is het opgelost?" names none). The P4 cues of the definition
    are checked before P3's general "functie": "een vraag over een bètafunctie" is P4."""
    if not text:
        return None
    folded = f" {fold(text)} "
    for priority, cues in _CUES[:2] + ((Priority.P4, tuple(fold(c) for c in _P4_DESCRIPTION)), _CUES[2]):
        if any(cue in folded for cue in cues):
            return priority
    return None


# --- Enough evidence for a priority the user did not choose (issue 14.6) --------------------------
# Only what the article's P1/P2 definitions say outright: the service is down for everyone ('plat',
# a 'storing'), or important parts are badly affected for many. "X werkt niet meer" alone is one
# function (P3 at most) and is asked, never guessed as P1.
_STRONG: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        Priority.P1,
        (
            "ligt plat",
            " plat ",
            "storing",
            " down ",
            "niemand kan",
            "helemaal niets werkt",
            "niks werkt meer",
            "niets werkt meer",
            "alles ligt",
            "uitgevallen",
            "geen enkele vergadering",
            "kritiek",
        ),
    ),
    (
        Priority.P2,
        (
            "veel gebruikers",
            "alle deelnemers",
            "grote impact",
            "ernstig",
            "steeds weg",
            "valt steeds uit",
            "vallen steeds",
        ),
    ),
)
# a function that fails: P3 by its definition ("problemen met betrekking tot een functie")
_FAILURE = (
    "werkt niet",
    "werken niet",
    "verdwenen",
    "kwijt",
    "niet terug",
    "lukt niet",
    "kan niet",
    "kan ik niet",
    "foutmelding",
    "fout",
    "hapert",
    "valt weg",
    "vallen weg",
    "blijft zwart",
    "geen geluid",
    "geen beeld",
)


def _explicit(folded: str) -> str | None:
    found = re.search(r"\bp(?:rio(?:riteit)?)?\s*-?\s*([1-4])\b", folded)
    return Priority(f"P{found.group(1)}") if found else None


def priority_with_evidence(text: str | None) -> str | None:
    """A priority the user named, or P1/P2 when the text says what their definitions say, and only
    one of them; None otherwise (then the intake asks, with the four definitions as buttons)."""
    if not text:
        return None
    folded = f" {fold(text)} "
    named = _explicit(folded)
    if named:
        return named
    levels = {priority for priority, cues in _STRONG if any(cue in folded for cue in cues)}
    return levels.pop() if len(levels) == 1 else None


def webticket_priority(text: str | None) -> str:
    """A webticket's priority from its description: named or P1/P2 with evidence, a failing function
    P3, else P4 (a question or request for help, the article's P4)."""
    strong = priority_with_evidence(text)
    if strong:
        return strong
    folded = f" {fold(text or '')} "
    if any(cue in folded for cue in _FAILURE):
        return Priority.P3
    return Priority.P4

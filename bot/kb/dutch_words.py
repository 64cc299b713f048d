"""A set of known Dutch word forms, from the spaCy lookup tables shipped in spacy-lookups-data.

Used to stop typo-tolerant matching from turning real words into entities ("premie" is not
"Premier", "indien" is not "India"). Loaded once per process; empty if the package is missing
(matching stays exact-first).
"""

from __future__ import annotations

import functools
from pathlib import Path

# English words Dutch support questions use that the lemma table lacks ("sales" is no typo of Wales)
LOANWORDS = frozenset(
    {
        "sales",
        "online",
        "offline",
        "update",
        "updates",
        "meeting",
        "meetings",
        "webinar",
        "webinars",
        "account",
        "accounts",
        "support",
        "service",
        "helpdesk",
        "team",
        "teams",
        "premium",
        "status",
        "feature",
        "features",
        "tickets",
        "admins",
        "users",
        "calls",
    }
)


@functools.lru_cache(maxsize=1)
def dutch_lemmas() -> dict[str, str]:
    """spaCy's Dutch lookup lemma table: word form -> lemma ("telefoonnummers" -> "telefoonnummer")."""
    try:
        import spacy_lookups_data
        import srsly
    except ImportError:  # pragma: no cover - the pinned install always has it
        return {}
    return srsly.read_gzip_json(Path(spacy_lookups_data.__file__).parent / "data" / "nl_lemma_lookup.json.gz")


@functools.lru_cache(maxsize=1)
def dutch_words() -> frozenset[str]:
    from spacy.lang.nl.stop_words import STOP_WORDS

    table = dutch_lemmas()
    # the lemma table lists words that inflect; function words ("indien", "omdat") are spaCy's stop words
    return frozenset(table) | frozenset(table.values()) | frozenset(STOP_WORDS) | LOANWORDS

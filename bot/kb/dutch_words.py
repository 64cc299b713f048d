"""A set of known Dutch word forms, from the spaCy lookup tables shipped in spacy-lookups-data.

Used to stop typo-tolerant matching from turning real words into entities ("premie" is not
"Premier", "indien" is not "India"). Loaded once per process; empty if the package is missing (matching stays exact-first).
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import FrozenSet


@functools.lru_cache(maxsize=1)
def dutch_words() -> FrozenSet[str]:
    try:
        import spacy_lookups_data
        import srsly
    except ImportError:  # pragma: no cover - the pinned install always has it
        return frozenset()
    from spacy.lang.nl.stop_words import STOP_WORDS

    table = srsly.read_gzip_json(Path(spacy_lookups_data.__file__).parent / "data" / "nl_lemma_lookup.json.gz")
    # the lemma table lists words that inflect; function words ("indien", "omdat") are spaCy's stop words
    return frozenset(table) | frozenset(table.values()) | frozenset(STOP_WORDS)

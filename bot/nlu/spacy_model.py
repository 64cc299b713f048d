"""Builds the Dutch spaCy pipeline that Rasa's SpacyNLP loads: blank("nl") + lookup lemmatiser.

No trained Dutch model can be downloaded here; the lemma tables come from the installed
spacy-lookups-data package, so this works offline.
"""

from __future__ import annotations

from pathlib import Path

import spacy


def build_dutch_pipeline(target: Path) -> Path:
    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    target.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    return target


def ensure_dutch_pipeline(target: Path) -> Path:
    """Build the pipeline unless it is already there (idempotent, used by `make`)."""
    if (target / "config.cfg").exists():
        return target
    return build_dutch_pipeline(target)

"""The help content is part of the model's fingerprint.

Rasa's own fingerprint (`rasa train --dry-run`) covers data/nlu, the stories, domain.yml and
config.yml, but not data/help/support.yml, which Rasa never reads. Yet the intent classifier replaces
every alias the knowledge base knows by its type before it computes its features, so the model
depends on the aliases. `python -m bot train` therefore keeps, next to each model it trains:

- `<name>.kb.yml`: a copy of the help content the model was trained with (check-kb compares an edit
  with it: which examples now get other entities);
- `<name>.fingerprint.json`: the SHA-256 of that help content and of the model archive.

A model is current only when Rasa says so *and* the help content and the archive are the ones
recorded; a model trained some other way (no record, or another archive) is retrained.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _stem(model: Path) -> str:
    name = model.name
    return name[: -len(".tar.gz")] if name.endswith(".tar.gz") else model.stem


def snapshot_path(model: Path) -> Path:
    return model.with_name(f"{_stem(model)}.kb.yml")


def record_path(model: Path) -> Path:
    return model.with_name(f"{_stem(model)}.fingerprint.json")


def record(model: Path, kb: Path | None, domain: Path | None = None) -> None:
    """After training: remember which help content (and domain) this model archive was trained with."""
    data = {"model_sha256": sha256(model), "trained_at": dt.datetime.now().isoformat(timespec="seconds")}
    if domain is not None and domain.exists():
        data["domain_sha256"] = sha256(domain)
    if kb is not None and kb.exists():
        data["kb_file"] = str(kb)
        data["kb_sha256"] = sha256(kb)
        shutil.copyfile(kb, snapshot_path(model))
    record_path(model).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def kb_is_current(model: Path, kb: Path | None, domain: Path | None = None) -> tuple[bool, str]:
    """(current, why not): is the model trained with this help content (and this domain.yml: Rasa's
    dry run does not count a change of responses alone, yet the model archive carries them)?"""
    if kb is None or not kb.exists():
        return True, ""
    path = record_path(model)
    if not path.exists():
        return False, "onbekend met welke kennisbank het model getraind is"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return False, f"{path} is onleesbaar"
    if data.get("model_sha256") != sha256(model):
        return False, "het model is buiten `python -m bot train` om vervangen"
    if data.get("kb_sha256") != sha256(kb):
        return False, f"de kennisbank ({kb.name}) is gewijzigd"
    if domain is not None and domain.exists() and data.get("domain_sha256") != sha256(domain):
        return False, "domain.yml is gewijzigd (antwoorden)"
    return True, ""

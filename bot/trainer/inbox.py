"""`python -m bot inbox`: what users asked that the bot did not understand, from the tracker store.

Reads the user events of Rasa's SQL tracker store (BOT_TRACKER_DB_URL): messages that hit the
fallback or whose intent confidence was low, grouped by text, counted, newest first.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

import sqlalchemy as sa
import yaml

from bot.trainer.nlu_files import normalise

LOW_CONFIDENCE = 0.6
IGNORED_SENDERS = ("__readiness__",)


@dataclass
class InboxItem:
    text: str
    count: int
    last_seen: dt.datetime
    predicted: Optional[str]
    confidence: float
    conversations: int


def collect(url: str, threshold: float = LOW_CONFIDENCE, limit: int = 500) -> List[InboxItem]:
    engine = sa.create_engine(url)
    groups: Dict[str, Dict] = {}
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT sender_id, timestamp, data FROM events WHERE type_name = 'user' ORDER BY id"))
            for sender, timestamp, data in rows:
                if sender in IGNORED_SENDERS:
                    continue
                event = json.loads(data)
                text = (event.get("text") or "").strip()
                intent = (event.get("parse_data") or {}).get("intent") or {}
                name, confidence = intent.get("name"), float(intent.get("confidence") or 0.0)
                if not text or text.startswith("/"):
                    continue  # button payloads were understood by construction
                if name != "nlu_fallback" and confidence >= threshold:
                    continue
                if name == "nlu_fallback":  # the classifier's own best guess, for the trainer
                    ranking = [r for r in (event.get("parse_data") or {}).get("intent_ranking") or []
                               if r.get("name") != "nlu_fallback"]
                    name, confidence = (ranking[0]["name"], float(ranking[0]["confidence"])) if ranking else (None, 0.0)
                key = normalise(text)
                group = groups.setdefault(key, {"text": text, "count": 0, "last": 0.0, "predicted": name,
                                                "confidence": confidence, "senders": set()})
                group["count"] += 1
                group["senders"].add(sender)
                if timestamp >= group["last"]:
                    group.update(last=timestamp, text=text, predicted=name, confidence=confidence)
    finally:
        engine.dispose()
    items = [InboxItem(g["text"], g["count"], dt.datetime.utcfromtimestamp(g["last"]), g["predicted"],
                       round(g["confidence"], 3), len(g["senders"])) for g in groups.values()]
    return sorted(items, key=lambda i: i.last_seen, reverse=True)[:limit]


def export(items: List[InboxItem], path: Path) -> None:
    """Rasa NLU YAML, grouped under the model's best guess: correct the intents, then merge into data/nlu/."""
    by_intent: Dict[str, List[InboxItem]] = {}
    for item in items:
        by_intent.setdefault(item.predicted or "onbekend", []).append(item)
    header = ("# Bolt-NL inbox export: user messages the bot did not understand (fallback or low confidence).\n"
              "# Grouped under the model's best guess. Move each example to the right intent, annotate\n"
              "# entities, delete what should stay out of scope, then merge into data/nlu/ and run\n"
              "# `python -m bot validate`.\n")
    nlu = [{"intent": intent, "examples": "".join(f"- {i.text}\n" for i in group)}
           for intent, group in sorted(by_intent.items())]

    class Literal(str):
        pass

    yaml.add_representer(Literal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|"),
                         Dumper=yaml.SafeDumper)
    body = yaml.safe_dump({"version": "3.1", "nlu": [{"intent": n["intent"], "examples": Literal(n["examples"])}
                                                      for n in nlu]}, allow_unicode=True, sort_keys=False)
    path.write_text(header + body, encoding="utf-8")

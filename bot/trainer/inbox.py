"""`python -m bot inbox`: a review of real conversations, from the tracker store.

Reads Rasa's SQL tracker store (BOT_TRACKER_DB_URL) conversation by conversation and lists the user
messages worth a trainer's look, each with the bot's reply and why it is listed:

- fallback: the bot did not understand (the classifier's best guess is shown);
- low confidence: understood, but with an intent confidence below the threshold;
- asked back: the bot asked which country/plan/priority, and the message had no entity (a country the
  bot does not know, a misspelling...);
- not helpful: the user said "dat helpt niet" (intent not_helpful) right after this answer;
- hand-off: the conversation went to a person (hand-off or webticket form, request_human);
- out of scope: the bot answered that the question is outside its subject.

Messages are grouped by text (case and punctuation ignored), newest first, with how often and in how
many conversations. `--since` (a date, a model archive: its training time, or `deployed`) limits the
period. Items marked done (`--done KEY`) leave the list until they happen again; `--regress` turns done
items into regression tests (tests/nlu/regressions.yml, checked by tests/trainer/test_regressions.py)
with what the current model now answers. `--export` writes Rasa NLU YAML that merges as it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml

from bot.trainer.nlu_files import normalise
from bot.vocabulary import Intent

LOW_CONFIDENCE = 0.6
IGNORED_SENDERS = ("__readiness__",)
FALLBACK_INTENT = Intent.NLU_FALLBACK.value
FALLBACK_ACTIONS = {"action_default_fallback", "action_default_ask_rephrase", "action_two_stage_fallback"}
NOT_HELPFUL_INTENTS = {Intent.NOT_HELPFUL}
HANDOFF_INTENTS = {Intent.REQUEST_HUMAN}
HANDOFF_ACTIONS = {"action_start_handoff", "handoff_form", "webticket_form", "action_answer_live_chat"}
OUT_OF_SCOPE_INTENTS = {Intent.OUT_OF_SCOPE}
OUT_OF_SCOPE_ACTIONS = {"action_answer_out_of_scope"}
# the bot asking for the entity a question needs ("Voor welk land zoekt u het telefoonnummer?")
ASKS_BACK = re.compile(r"\b(welk|welke)\s+(land|plan|abonnement|ondersteuningsplan|prioriteit|niveau)\b", re.I)
# intents that answer a question of the bot and need no review when low on words ("ja", "Japan")
SMALL_TALK = {
    Intent.GREET,
    Intent.GOODBYE,
    Intent.THANKS,
    Intent.AFFIRM,
    Intent.DENY,
    Intent.CHITCHAT,
    Intent.BOT_CHALLENGE,
}

REASONS = {
    "fallback": "niet begrepen (fallback)",
    "low_confidence": "lage zekerheid",
    "asked_back": "bot vroeg terug: geen land/plan/prioriteit herkend",
    "not_helpful": "'dat helpt niet' na dit antwoord",
    "handoff": "overgedragen aan een medewerker",
    "out_of_scope": "buiten het onderwerp beantwoord",
}


def utc_datetime(timestamp: float) -> dt.datetime:
    """A Unix time as the naive UTC datetime this module compares with (no deprecated utcfromtimestamp)."""
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).replace(tzinfo=None)


def item_key(text: str) -> str:
    """A short stable id for a message text (case and punctuation ignored)."""
    return hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()[:8]


@dataclass
class Turn:
    """One user message and what the bot did with it."""

    sender: str
    timestamp: float
    text: str
    intent: str | None
    confidence: float
    guess: str | None  # the classifier's best real intent (full retrieval name), also under a fallback
    guess_confidence: float
    entities: list[dict[str, Any]]
    replies: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


@dataclass
class InboxItem:
    key: str
    text: str
    count: int
    last_seen: dt.datetime
    predicted: str | None  # the model's best guess (full retrieval intent name)
    confidence: float
    conversations: int
    reasons: list[str]
    reply: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    sender: str = ""

    def why(self) -> str:
        return "; ".join(REASONS.get(r, r) for r in self.reasons)


@dataclass
class Review:
    items: list[InboxItem]
    conversations: int
    messages: int
    hidden_done: int
    since: dt.datetime | None


def _user_turn(sender: str, timestamp: float, event: dict[str, Any]) -> Turn:
    parse = event.get("parse_data") or {}
    intent = parse.get("intent") or {}
    name = intent.get("name")
    confidence = float(intent.get("confidence") or 0.0)
    guess, guess_confidence = intent.get("full_retrieval_intent_name") or name, confidence
    if name == FALLBACK_INTENT:  # the classifier's own best guess, for the trainer
        ranking = [r for r in parse.get("intent_ranking") or [] if r.get("name") != FALLBACK_INTENT]
        guess, guess_confidence = (ranking[0]["name"], float(ranking[0]["confidence"])) if ranking else (None, 0.0)
    entities = [e for e in parse.get("entities") or event.get("entities") or [] if "start" in e and "end" in e]
    return Turn(
        sender, timestamp, (event.get("text") or "").strip(), name, confidence, guess, guess_confidence, entities
    )


def _review_turn(turn: Turn, threshold: float) -> None:
    if turn.intent == FALLBACK_INTENT or FALLBACK_ACTIONS & set(turn.actions):
        turn.reasons.append("fallback")
    elif turn.confidence < threshold:
        turn.reasons.append("low_confidence")
    reply = "\n".join(turn.replies)
    if not turn.entities and ASKS_BACK.search(reply) and turn.intent not in SMALL_TALK:
        turn.reasons.append("asked_back")
    if turn.intent in HANDOFF_INTENTS or HANDOFF_ACTIONS & set(turn.actions):
        turn.reasons.append("handoff")
    if turn.intent in OUT_OF_SCOPE_INTENTS or OUT_OF_SCOPE_ACTIONS & set(turn.actions):
        turn.reasons.append("out_of_scope")


class InboxError(RuntimeError):
    """The tracker store cannot be read; the message says why, in Dutch."""


def read_turns(
    url: str, threshold: float = LOW_CONFIDENCE, since: dt.datetime | None = None
) -> tuple[list[Turn], int, int]:
    """Every user message with the bot's replies and reasons; also (conversations, messages) read."""
    try:
        return _read_turns(url, threshold, since)
    except sa.exc.SQLAlchemyError as error:
        raise InboxError(
            f"de gesprekken in {url} zijn niet te lezen ({type(error).__name__}: "
            f"{str(error).splitlines()[0][:200]}); draait de bot met deze tracker store?"
        ) from error


def _read_turns(url: str, threshold: float, since: dt.datetime | None) -> tuple[list[Turn], int, int]:
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).exists():
        raise InboxError(f"{parsed.database} bestaat niet: er zijn nog geen gesprekken (of geef --db)")
    engine = sa.create_engine(url)
    turns: list[Turn] = []
    conversations: set[str] = set()
    low = since.replace(tzinfo=dt.timezone.utc).timestamp() if since else None
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT sender_id, type_name, timestamp, data FROM events "
                    "WHERE type_name IN ('user', 'bot', 'action') ORDER BY sender_id, id"
                )
            )
            current: dict[str, Turn] = {}
            last_answered: dict[str, Turn] = {}
            for sender, type_name, timestamp, data in rows:
                if sender in IGNORED_SENDERS or (low is not None and timestamp < low):
                    continue
                event = json.loads(data)
                if type_name == "user":
                    previous = current.get(sender)
                    if previous is not None:
                        _review_turn(previous, threshold)
                        last_answered[sender] = previous
                    turn = _user_turn(sender, timestamp, event)
                    if turn.intent in NOT_HELPFUL_INTENTS and sender in last_answered:
                        earlier = last_answered[sender]
                        if earlier.replies and "not_helpful" not in earlier.reasons:
                            earlier.reasons.append("not_helpful")
                    conversations.add(sender)
                    current[sender] = turn
                    turns.append(turn)
                elif sender in current:
                    if type_name == "bot" and event.get("text"):
                        current[sender].replies.append(event["text"])
                    elif type_name == "action" and event.get("name"):
                        current[sender].actions.append(event["name"])
            for turn in current.values():
                _review_turn(turn, threshold)
    finally:
        engine.dispose()
    return turns, len(conversations), len(turns)


# --- done items ---------------------------------------------------------------------------------------


def default_state_path() -> Path:
    from bot import settings

    return settings.VAR_DIR / "inbox_done.json"


def load_done(path: Path) -> dict[str, dict[str, Any]]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def mark_done(
    path: Path, items: Iterable[InboxItem], keys: Iterable[str], now: dt.datetime | None = None
) -> tuple[list[InboxItem], list[str]]:
    """Marks the items with these keys done; returns (marked, unknown keys)."""
    done = load_done(path)
    by_key = {i.key: i for i in items}
    marked, unknown = [], []
    stamp = (now or dt.datetime.now(dt.timezone.utc)).timestamp()
    for key in keys:
        item = by_key.get(key)
        if item is None:
            unknown.append(key)
            continue
        done[key] = {"text": item.text, "done_at": stamp, "reasons": item.reasons}
        marked.append(item)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(done, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return marked, unknown


# --- the review ---------------------------------------------------------------------------------------


def review(
    url: str,
    threshold: float = LOW_CONFIDENCE,
    since: dt.datetime | None = None,
    state: Path | None = None,
    show_done: bool = False,
    limit: int = 500,
) -> Review:
    turns, conversations, messages = read_turns(url, threshold, since)
    groups: dict[str, dict[str, Any]] = {}
    for turn in turns:
        if not turn.reasons or not turn.text or turn.text.startswith("/"):
            continue  # button payloads were understood by construction
        key = normalise(turn.text)
        group = groups.setdefault(key, {"turns": [], "senders": set(), "reasons": []})
        group["turns"].append(turn)
        group["senders"].add(turn.sender)
        group["reasons"] += [r for r in turn.reasons if r not in group["reasons"]]
    done = load_done(state) if state else {}
    items, hidden = [], 0
    for group in groups.values():
        last = max(group["turns"], key=lambda t: t.timestamp)
        item = InboxItem(
            item_key(last.text),
            last.text,
            len(group["turns"]),
            utc_datetime(last.timestamp),
            last.guess,
            round(last.guess_confidence, 3),
            len(group["senders"]),
            group["reasons"],
            "\n".join(last.replies),
            last.entities,
            last.sender,
        )
        marked = done.get(item.key)
        if marked and not show_done and last.timestamp <= float(marked.get("done_at", 0)):
            hidden += 1
            continue
        items.append(item)
    items.sort(key=lambda i: i.last_seen, reverse=True)
    return Review(items[:limit], conversations, messages, hidden, since)


def collect(url: str, threshold: float = LOW_CONFIDENCE, limit: int = 500) -> list[InboxItem]:
    """The listed messages (no done-state): kept for callers of the earlier inbox."""
    return review(url, threshold, limit=limit).items


def parse_since(value: str | None, models: Path) -> dt.datetime | None:
    """A date ('2026-11-20', '2026-11-20T14:00'), a model archive (its training time) or 'deployed'."""
    if not value:
        return None
    if value == "deployed":
        from bot.trainer.servers import deployed

        record = deployed(models)
        if not record:
            raise ValueError("geen uitgerold model bekend (models/deployed.json ontbreekt)")
        return dt.datetime.fromisoformat(record["deployed_at"]).astimezone(dt.timezone.utc).replace(tzinfo=None)
    path = Path(value)
    if value.endswith(".tar.gz"):
        if not path.exists():
            raise ValueError(f"model {value} bestaat niet")
        from bot.trainer.fingerprint import record_path

        try:
            trained = json.loads(record_path(path).read_text())["trained_at"]
            return dt.datetime.fromisoformat(trained).astimezone(dt.timezone.utc).replace(tzinfo=None)
        except (OSError, ValueError, KeyError):
            return utc_datetime(path.stat().st_mtime)
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError as error:
        raise ValueError(
            f"--since verwacht een datum (2026-11-20), een model (.tar.gz) of 'deployed', niet '{value}'"
        ) from error


# --- export -------------------------------------------------------------------------------------------


class _Literal(str):
    pass


def _dumper() -> type:
    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(_Literal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|"))
    return Dumper


def annotate(text: str, entities: list[dict[str, Any]]) -> str:
    """The text with Rasa entity annotations: 'nummer in [Japan]{"entity": "country", "value": "japan"}'."""
    out, position = [], 0
    for e in sorted(entities, key=lambda e: e["start"]):
        start, end = int(e["start"]), int(e["end"])
        if start < position or end > len(text):
            continue
        label = json.dumps({"entity": e["entity"], "value": str(e.get("value", text[start:end]))}, ensure_ascii=False)
        out += [text[position:start], f"[{text[start:end]}]{label}"]
        position = end
    return "".join(out + [text[position:]])


def _example_line(text: str) -> str:
    return "- " + " ".join(text.split()) + "\n"


def export(
    items: list[InboxItem], path: Path, known_texts: set[str] | None = None, heldout_texts: set[str] | None = None
) -> dict[str, int]:
    """Rasa NLU YAML that merges into data/nlu/ as it is: each message under the model's best guess (full
    retrieval intent names such as chitchat/ask_weather), entities annotated as the bot found them.
    Left out, as comments: messages without any guess, already in the training data, or in the
    held-out test set (a copy there would make the test measure memory). Returns counts."""
    known_texts, heldout_texts = known_texts or set(), heldout_texts or set()
    by_intent: dict[str, list[InboxItem]] = {}
    skipped: list[str] = []
    for item in items:
        norm = normalise(item.text)
        if norm in heldout_texts:
            skipped.append(f"# [{item.key}] staat in de held-out testset, niet overnemen: {item.text}")
        elif norm in known_texts:
            skipped.append(f"# [{item.key}] staat al in de trainingsdata: {item.text}")
        elif not item.predicted or item.predicted == FALLBACK_INTENT:
            skipped.append(f"# [{item.key}] geen gok van het model, kies zelf een intent: {item.text}")
        else:
            by_intent.setdefault(item.predicted, []).append(item)
    header = (
        "# Bolt-NL inbox export: messages from real conversations, under the model's best guess.\n"
        "# Merges into data/nlu/ as it is; first check each intent (move an example to the right one),\n"
        "# check the entities, delete what should stay out of scope, then `python -m bot validate`.\n"
    )
    body = yaml.dump(
        {
            "version": "3.1",
            "nlu": [
                {
                    "intent": intent,
                    "examples": _Literal("".join(_example_line(annotate(i.text, i.entities)) for i in group)),
                }
                for intent, group in sorted(by_intent.items())
            ],
        },
        Dumper=_dumper(),
        allow_unicode=True,
        sort_keys=False,
    )
    footer = ("\n" + "\n".join(skipped) + "\n") if skipped else ""
    path.write_text(header + body + footer, encoding="utf-8")
    return {"exported": sum(len(g) for g in by_intent.values()), "left_out": len(skipped)}


# --- regression tests ---------------------------------------------------------------------------------


def append_regressions(path: Path, cases: list[tuple[str, str, list[dict[str, Any]], str]]) -> int:
    """Appends (text, intent, entities, key) as NLU test examples to the regression file; returns how many
    were new. The file is Rasa NLU YAML, one block per intent, read by tests/trainer/test_regressions.py."""
    existing: dict[str, list[str]] = {}
    if path.exists():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            existing[block["intent"]] = [
                line[2:] for line in str(block.get("examples", "")).splitlines() if line.startswith("- ")
            ]
    known = {
        normalise(re.sub(r"\]\{.*?\}", "]", e).replace("[", "").replace("]", ""))
        for ex in existing.values()
        for e in ex
    }
    added = 0
    for text, intent, entities, _ in cases:
        if normalise(text) in known:
            continue
        existing.setdefault(intent, []).append(annotate(" ".join(text.split()), entities))
        known.add(normalise(text))
        added += 1
    header = (
        "# Regression tests from the inbox (`python -m bot inbox --regress`): real user messages that\n"
        "# were fixed, with the intent and entities the bot must keep giving them.\n"
        "# tests/trainer/test_regressions.py checks them against the trained model.\n"
    )
    body = yaml.dump(
        {
            "version": "3.1",
            "nlu": [
                {"intent": intent, "examples": _Literal("".join(f"- {e}\n" for e in examples))}
                for intent, examples in sorted(existing.items())
            ],
        },
        Dumper=_dumper(),
        allow_unicode=True,
        sort_keys=False,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + body, encoding="utf-8")
    return added

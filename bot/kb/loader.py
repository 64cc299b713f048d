"""Loads and validates data/help/support.yml into a KnowledgeBase."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from bot.kb.dutch_words import dutch_words
from bot.kb.model import (
    PLAN_IDS,
    PRIORITY_IDS,
    VOCABULARY_TYPES,
    Channel,
    Country,
    KnowledgeBase,
    MatrixRow,
    PhoneNumber,
    Plan,
    Priority,
    Term,
)
from bot.kb.world import world_entries

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "help" / "support.yml"
REQUIRED_CHANNELS = ("community", "billing", "social_media", "chatbot", "webticket", "phone")


class KnowledgeBaseError(ValueError):
    """The help content is malformed; the message names the offending entry."""


def _require(mapping: dict[str, Any], key: str, where: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping or mapping[key] in (None, ""):
        raise KnowledgeBaseError(f"{where}: missing '{key}'")
    return mapping[key]


def _aliases(raw: dict[str, Any], where: str, *names: str) -> tuple:
    aliases = [str(a).strip().lower() for a in raw.get("aliases") or []]
    aliases += [n.lower() for n in names if n]
    if not aliases:
        raise KnowledgeBaseError(f"{where}: no aliases")
    return tuple(dict.fromkeys(aliases))


def _plans(raw: dict[str, Any]) -> dict[str, Plan]:
    plans = {}
    for plan_id in PLAN_IDS:
        entry = _require(raw, plan_id, "plans")
        where = f"plans.{plan_id}"
        name = _require(entry, "name", where)
        dutch = entry.get("dutch_name") or name
        exact = tuple(str(a) for a in entry.get("case_sensitive_aliases") or [])
        folded = tuple(a for a in _aliases(entry, where, name) if a not in {e.lower() for e in exact})
        plans[plan_id] = Plan(plan_id, name, dutch, folded, exact)
    unknown = set(raw) - set(PLAN_IDS)
    if unknown:
        raise KnowledgeBaseError(f"plans: unknown plan(s) {sorted(unknown)}")
    return plans


def _matrix(raw: list[dict[str, Any]], footnotes: dict[str, str]) -> tuple:
    rows = []
    for i, entry in enumerate(raw or []):
        where = f"matrix[{i}]"
        cells = _require(entry, "cells", where)
        if set(cells) != set(PLAN_IDS):
            raise KnowledgeBaseError(f"{where}: cells must name exactly {list(PLAN_IDS)}")
        for text in filter(None, cells.values()):
            marks = text[len(text.rstrip("*")) :]
            if marks and marks not in footnotes:
                raise KnowledgeBaseError(f"{where}: footnote '{marks}' is not defined")
        aliases = tuple(str(a).strip().lower() for a in entry.get("aliases") or [])
        rows.append(MatrixRow(_require(entry, "id", where), _require(entry, "label", where), dict(cells), aliases))
    if not rows:
        raise KnowledgeBaseError("matrix: empty")
    return tuple(rows)


def _channels(raw: dict[str, Any]) -> dict[str, Channel]:
    channels = {}
    for channel_id in REQUIRED_CHANNELS:
        entry = _require(raw, channel_id, "channels")
        where = f"channels.{channel_id}"
        extra = {k: str(v).strip() for k, v in entry.items() if k not in ("name", "text")}
        channels[channel_id] = Channel(
            channel_id, _require(entry, "name", where), _require(entry, "text", where).strip(), extra
        )
    return channels


def _countries(
    with_numbers: list[dict[str, Any]], without: list[dict[str, Any]] | None, world: dict[str, Any] | None
) -> dict[str, Country]:
    countries: dict[str, Country] = {}
    seen_alias: dict[str, str] = {}
    for i, entry in enumerate(list(with_numbers or []) + list(without or [])):
        where = f"country {entry.get('country', i)}"
        country_id = _require(entry, "country", where)
        numbers = tuple(
            PhoneNumber(str(_require(n, "number", where)), str(n["extension"]) if n.get("extension") else None)
            for n in entry.get("numbers") or []
        )
        if i < len(with_numbers or []) and not numbers:
            raise KnowledgeBaseError(f"{where}: listed under phone_numbers without a number")
        if country_id in countries:
            raise KnowledgeBaseError(f"{where}: defined twice")
        name = _require(entry, "name", where)
        aliases = _aliases(entry, where, name)
        adjectives = tuple(str(a).strip().lower() for a in entry.get("adjectives") or [])
        cities = tuple(str(a).strip().lower() for a in entry.get("cities") or [])
        exact = tuple(str(a) for a in entry.get("case_sensitive_aliases") or [])
        for alias in aliases + adjectives + cities:
            if not alias:
                raise KnowledgeBaseError(f"{where}: empty alias")
            if seen_alias.setdefault(alias, country_id) != country_id:
                raise KnowledgeBaseError(f"{where}: alias '{alias}' also names {seen_alias[alias]}")
        code = entry.get("code")
        if code is not None and not (isinstance(code, str) and len(code) == 2 and code.isalpha()):
            raise KnowledgeBaseError(f"{where}: code must be a quoted two-letter country code (YAML reads NO as false)")
        countries[country_id] = Country(
            country_id,
            name,
            aliases,
            numbers,
            code.upper() if code else None,
            adjectives,
            cities,
            capitalised_aliases=exact,
        )
    if world is not None:
        countries.update(_world_countries(world, countries, seen_alias))
    return countries


def _world_countries(
    world: dict[str, Any], listed: dict[str, Country], seen_alias: dict[str, str]
) -> dict[str, Country]:
    """The rest of the world from CLDR: names that are everyday Dutch words match only capitalised."""
    words = dutch_words()
    capitalised = {str(n) for n in (world or {}).get("capitalised_only") or []}
    found: dict[str, Country] = {}
    for country_id, code, name, names in world_entries({c.code for c in listed.values() if c.code}, capitalised):
        if country_id in listed:
            continue
        plain = tuple(n for n in names if n not in words and seen_alias.setdefault(n, country_id) == country_id)
        exact = (name,) if name.lower() in words or name in capitalised else ()
        if plain or exact:
            found[country_id] = Country(
                country_id, name, plain, (), code, capitalised_aliases=exact, from_world_list=True
            )
    return found


def _priorities(raw: dict[str, Any]) -> dict[str, Priority]:
    priorities = {}
    for i, entry in enumerate(_require(raw, "levels", "priorities")):
        where = f"priorities.levels[{i}]"
        pid = str(_require(entry, "id", where)).upper()
        priorities[pid] = Priority(
            pid,
            _aliases(entry, where, pid),
            _require(entry, "first_response", where),
            entry.get("restore"),
            " ".join(_require(entry, "definition", where).split()),
            " ".join(_require(entry, "resources", where).split()),
        )
    if sorted(priorities) != sorted(PRIORITY_IDS):
        raise KnowledgeBaseError(f"priorities: expected P1-P4, got {sorted(priorities)}")
    return priorities


def _vocabulary(raw: dict[str, Any]) -> dict[str, dict[str, Term]]:
    unknown = set(raw) - set(VOCABULARY_TYPES)
    if unknown:
        raise KnowledgeBaseError(f"vocabulary: unknown type(s) {sorted(unknown)}")
    vocabulary: dict[str, dict[str, Term]] = {}
    for entity, terms in raw.items():
        vocabulary[entity] = {}
        for term_id, entry in (terms or {}).items():
            where = f"vocabulary.{entity}.{term_id}"
            name = _require(entry, "name", where)
            aliases = _aliases(entry, where, name)
            if "" in aliases:
                raise KnowledgeBaseError(f"{where}: empty alias")
            vocabulary[entity][str(term_id)] = Term(str(term_id), name, aliases)
    return vocabulary


def parse_knowledge_base(raw: dict[str, Any]) -> KnowledgeBase:
    if not isinstance(raw, dict):
        raise KnowledgeBaseError("the help content must be a YAML mapping")
    footnotes = {str(k): str(v) for k, v in (raw.get("footnotes") or {}).items()}
    article = raw.get("article") or {}
    return KnowledgeBase(
        plans=_plans(_require(raw, "plans", "root")),
        matrix=_matrix(_require(raw, "matrix", "root"), footnotes),
        footnotes=footnotes,
        channels=_channels(_require(raw, "channels", "root")),
        countries=_countries(
            _require(raw, "phone_numbers", "root"), raw.get("countries_without_number"), raw.get("world_countries")
        ),
        priorities=_priorities(_require(raw, "priorities", "root")),
        priority_entitlement=_require(raw["priorities"], "entitlement", "priorities"),
        account_manager_note=" ".join(str(article.get("account_manager_note", "")).split()),
        vocabulary=_vocabulary(raw.get("vocabulary") or {}),
    )


def load_knowledge_base(path: str | Path | None = None) -> KnowledgeBase:
    """Load the help content from YAML; raises KnowledgeBaseError naming what is wrong."""
    path = Path(path) if path else DEFAULT_PATH
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"{path}: {exc}") from exc
    try:
        return parse_knowledge_base(raw)
    except KnowledgeBaseError as exc:
        raise KnowledgeBaseError(f"{path}: {exc}") from exc


@functools.lru_cache(maxsize=1)
def default_knowledge_base() -> KnowledgeBase:
    """The shipped help content, loaded once per process."""
    return load_knowledge_base()

"""`python -m bot check-kb`: refuses help-content edits that would make the bot read the wrong facts.

The entity matcher finds every alias of the knowledge base anywhere in a user's message, so one
bad alias changes answers silently: "nummer" as an alias of Duitsland makes "wat is het nummer in
Japan" a question about Germany; "premier" as a country loses the plan. On top of the loader's own
validation this refuses, each with file and line:

- an empty alias;
- an alias that names two things (two countries, a country and a plan, a priority and a feature...);
- a plain alias (an `aliases:` entry) that is an everyday Dutch word (spaCy's lemma table and stop
  words, the table the matcher itself uses), unless it is the entry's own name or listed as a
  deliberate exception in bot/trainer/kb_allowed_words.yml.

Aliases are read generically through `KnowledgeBase.aliases()` (entity type -> value -> aliases),
so a new entity type is checked without changing this file. Line numbers come from our own
line-aware read of the YAML (yaml.compose keeps every node's position).

Not checked as everyday words, by design: `adjectives:` ("duits", "nederlands": a country named by
its adjective), `case_sensitive_aliases:` (they match only as written, "Toegang"), and names the
loader generates (the world's countries from CLDR).

`entity_changes()` answers the second question after an edit: which training and held-out examples
now get other entities than with the knowledge base before it.
"""

from __future__ import annotations

import subprocess
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.kb import KnowledgeBase, KnowledgeBaseError, load_knowledge_base
from bot.kb.matching import EntityMatcher, fold, tokens
from bot.trainer.findings import Findings

ALLOWED_WORDS_FILE = Path(__file__).with_name("kb_allowed_words.yml")
# fields whose entries are words on purpose and not checked against the lemma table
WORD_FIELDS = frozenset({"adjectives", "case_sensitive_aliases"})
PLAIN_FIELD = "aliases"


@dataclass(frozen=True)
class AliasSite:
    """Where one alias is written in the YAML file."""

    text: str
    field: str  # "aliases", "adjectives", "case_sensitive_aliases", "name", ...
    line: int
    owner: str  # e.g. "phone_numbers[5]" or "vocabulary.role.owner"
    ids: frozenset[str]  # lower-case values that identify the owning entry (its key, id, country, name)
    names: frozenset[str]  # the owner's own names, folded ("duitsland" for Duitsland)


def _is_alias_field(key: str) -> bool:
    return key == PLAIN_FIELD or key in WORD_FIELDS or key.endswith("_aliases")


def alias_sites(text: str) -> list[AliasSite]:
    """Every alias and name written in the YAML text, with its line (1-based) and owning entry."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return []
    sites: list[AliasSite] = []

    def walk(node, path: str, parent_key: str | None) -> None:
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, f"{path}[{i}]", None)
            return
        if not isinstance(node, yaml.MappingNode):
            return
        scalars = {
            k.value: v.value for k, v in node.value if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)
        }
        ids = {str(v).strip().lower() for k, v in scalars.items() if k in ("id", "country", "name", "dutch_name")}
        if parent_key:
            ids.add(parent_key.lower())
        names = frozenset(fold(str(scalars[k]).strip()) for k in ("name", "dutch_name") if scalars.get(k))
        for key_node, value in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = str(key_node.value)
            where = f"{path}.{key}" if path else key
            if _is_alias_field(key) and isinstance(value, yaml.SequenceNode):
                for item in value.value:
                    if isinstance(item, yaml.ScalarNode):
                        sites.append(
                            AliasSite(
                                str(item.value), key, item.start_mark.line + 1, path or key, frozenset(ids), names
                            )
                        )
            elif key in ("name", "dutch_name") and isinstance(value, yaml.ScalarNode):
                sites.append(
                    AliasSite(str(value.value), key, value.start_mark.line + 1, path or key, frozenset(ids), names)
                )
            else:
                walk(value, where, key)

    walk(root, "", None)
    return sites


def _key(alias: str) -> tuple[str, ...]:
    """How the matcher sees an alias: its folded words."""
    return tuple(t for t, _, _ in tokens(alias))


@dataclass(frozen=True)
class Allowed:
    """Deliberate exceptions (bot/trainer/kb_allowed_words.yml)."""

    everyday_words: Mapping[str, Mapping[str, set[str]]] = field(default_factory=dict)  # type -> value -> aliases
    # alias words -> the (entity type, value) pairs that may share them
    shared_aliases: Mapping[tuple[str, ...], frozenset[tuple[str, str]]] = field(default_factory=dict)

    def word(self, entity: str, value: str, alias: str) -> bool:
        return fold(alias.strip()) in self.everyday_words.get(entity, {}).get(value, set())


def _owner(text: str) -> tuple[str, str]:
    """'country japan' -> ('country', 'japan'): an owner of a shared alias is an entity type and a value."""
    parts = text.split(None, 1)
    if len(parts) != 2:
        raise ValueError(f"shared_aliases: owner {text!r} is not '<entity type> <value>'")
    return parts[0], parts[1]


def load_allowed(path: Path = ALLOWED_WORDS_FILE) -> Allowed:
    if not path.exists():
        return Allowed()
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    words = {
        str(entity): {
            str(value): {fold(str(a).strip()) for a in aliases or []} for value, aliases in (values or {}).items()
        }
        for entity, values in (raw.get("everyday_words") or {}).items()
    }
    shared = {
        _key(str(alias)): frozenset(_owner(str(o)) for o in owners or [])
        for alias, owners in (raw.get("shared_aliases") or {}).items()
    }
    return Allowed(words, shared)


class _Locator:
    """Finds the YAML site of an (entity type, value, alias) that the loader produced."""

    def __init__(self, sites: Iterable[AliasSite]) -> None:
        self._by_text: dict[str, list[AliasSite]] = defaultdict(list)
        for site in sites:
            self._by_text[fold(site.text.strip())].append(site)

    def find(self, value: str, alias: str) -> AliasSite | None:
        candidates = self._by_text.get(fold(alias.strip()), [])
        owned = [s for s in candidates if value.lower() in s.ids]
        # a name the loader generated (the world list) has no site of its own
        return owned[0] if owned else None


def _describe(entity: str, value: str) -> str:
    return f"{entity} '{value}'"


def everyday_words() -> frozenset[str]:
    from bot.kb.dutch_words import dutch_words

    return dutch_words()


def _without_empty_aliases(text: str) -> tuple[KnowledgeBase | None, Exception | None]:
    """The help content with its empty aliases left out, to go on checking the rest."""
    from bot.kb import parse_knowledge_base

    def clean(node):
        if isinstance(node, dict):
            return {
                k: ([a for a in v if str(a).strip()] if _is_alias_field(str(k)) and isinstance(v, list) else clean(v))
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [clean(v) for v in node]
        return node

    try:
        return parse_knowledge_base(clean(yaml.safe_load(text))), None
    except (KnowledgeBaseError, yaml.YAMLError) as error:
        return None, error


def _with_lines(message: str, path: Path, sites: Sequence[AliasSite]) -> str:
    """The loader's message, with the lines of the alias it names ("alias 'japan' also names japan")."""
    import re

    match = re.search(r"alias '([^']*)'", message)
    if not match:
        return message if str(path) in message else f"{path}: {message}"
    lines = sorted({s.line for s in sites if fold(s.text.strip()) == fold(match.group(1))})
    where = ", ".join(f"{path}:{n}" for n in lines)
    return f"{where}: {message}" if where else message


def _everyday_word_aliases(kb: KnowledgeBase, locate: _Locator, words: frozenset[str]):
    """(entity, value, alias, site) for each plain single-word alias that is an everyday word and not
    the entry's own name."""
    for entity, values in kb.aliases().items():
        for value, aliases in values.items():
            for alias in aliases:
                key = _key(alias)
                if len(key) != 1:
                    continue
                site = locate.find(value, alias)
                if site is None or site.field != PLAIN_FIELD or key[0] in site.names:
                    continue
                if key[0] in words or alias.strip().lower() in words:
                    yield entity, value, alias, site


def check(
    path: str | Path | None = None, words: frozenset[str] | None = None, allowed: Allowed | None = None
) -> Findings:
    """All findings for the help content at path (default: the shipped data/help/support.yml)."""
    from bot.kb.loader import DEFAULT_PATH

    path = Path(path) if path else DEFAULT_PATH
    findings = Findings()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        findings.errors.append(f"{path}: {error}")
        return findings
    sites = alias_sites(text)
    for site in sites:
        if _is_alias_field(site.field) and not _key(site.text):
            findings.errors.append(
                f"{path}:{site.line}: lege alias in {site.owner}.{site.field}: "
                "die zou niets of alles vinden; verwijder hem"
            )
    kb: KnowledgeBase | None
    try:
        kb = load_knowledge_base(path)
    except KnowledgeBaseError as error:
        kb, problem = _without_empty_aliases(text) if findings.errors else (None, error)
        if kb is None:  # more than the empty aliases reported above: the loader's message names the entry
            findings.errors.append(_with_lines(str(problem), path, sites))
            return findings
    words = everyday_words() if words is None else words
    allowed = load_allowed() if allowed is None else allowed
    locate = _Locator(sites)
    allow_file = ALLOWED_WORDS_FILE.relative_to(ALLOWED_WORDS_FILE.parents[2])
    for entity, value, alias, site in _everyday_word_aliases(kb, locate, words):
        if allowed.word(entity, value, alias):
            continue
        findings.errors.append(
            f"{path}:{site.line}: alias '{alias}' van {_describe(entity, value)} is een gewoon Nederlands woord: "
            f"de bot zou het in elke zin als {entity} lezen. Kies een andere schrijfwijze; is het echt zo "
            f"bedoeld, zet het dan in {allow_file} onder everyday_words: {entity}: {value}"
        )
    owners: dict[tuple[str, ...], dict[tuple[str, str], AliasSite | None]] = defaultdict(dict)
    for entity, values in kb.aliases().items():
        for value, aliases in values.items():
            for alias in aliases:
                key = _key(alias)
                if key:  # an empty one is reported above, with its line
                    owners[key].setdefault((entity, value), locate.find(value, alias))
    for key, named in owners.items():
        if len(named) < 2 or set(named) <= allowed.shared_aliases.get(key, frozenset()):
            continue
        parts = [
            _describe(e, v) + (f" ({path}:{s.line})" if s else " (gegenereerd)") for (e, v), s in sorted(named.items())
        ]
        findings.errors.append(
            f"alias '{' '.join(key)}' noemt {len(named)} dingen: " + ", ".join(parts) + ". Houd hem bij één ervan."
        )
    return findings


def everyday_word_aliases(
    path: str | Path | None = None, words: frozenset[str] | None = None
) -> dict[str, dict[str, list[str]]]:
    """The plain aliases that are everyday words, in the allow-list format (to review the list)."""
    from bot.kb.loader import DEFAULT_PATH

    path = Path(path) if path else DEFAULT_PATH
    locate = _Locator(alias_sites(path.read_text(encoding="utf-8")))
    table: dict[str, dict[str, list[str]]] = {}
    for entity, value, alias, _ in _everyday_word_aliases(
        load_knowledge_base(path), locate, everyday_words() if words is None else words
    ):
        table.setdefault(entity, {}).setdefault(value, []).append(alias)
    return table


# --- which examples get other entities after an edit -------------------------------------------------


@dataclass(frozen=True)
class EntityChange:
    where: str
    text: str
    before: tuple[str, ...]
    after: tuple[str, ...]


def _mentions(matcher: EntityMatcher, text: str) -> tuple[str, ...]:
    return tuple(f"{m.entity}={m.value} ('{m.text}')" for m in matcher.find(text))


def entity_changes(
    before: KnowledgeBase, after: KnowledgeBase, example_files: Sequence[Path], root: Path | None = None
) -> list[EntityChange]:
    """Examples (training and held-out files) whose entities differ between the two knowledge bases."""
    from bot.trainer.nlu_files import read_examples

    old, new = EntityMatcher.for_knowledge_base(before), EntityMatcher.for_knowledge_base(after)
    changes = []
    for ex in read_examples([p for p in example_files if p.exists()]):
        was, now = _mentions(old, ex.text), _mentions(new, ex.text)
        if was != now:
            where = ex.where
            if root is not None:
                try:
                    where = f"{ex.path.resolve().relative_to(root.resolve())}:{ex.line}"
                except ValueError:
                    pass
            changes.append(EntityChange(where, ex.text, was, now))
    return changes


def previous_knowledge_base(kb_path: Path, snapshot: Path | None, root: Path) -> tuple[KnowledgeBase | None, str]:
    """The knowledge base to compare an edit with: the one the model was trained with (its snapshot
    next to the model), else the committed version (git HEAD). Returns (kb or None, what it is)."""
    if snapshot is not None and snapshot.exists():
        try:
            return load_knowledge_base(snapshot), f"de kennisbank van het getrainde model ({snapshot})"
        except KnowledgeBaseError as error:
            return None, f"{snapshot} is niet te lezen: {error}"
    try:
        relative = kb_path.resolve().relative_to(root.resolve())
        shown = subprocess.run(
            ["git", "show", f"HEAD:{relative.as_posix()}"], cwd=root, capture_output=True, text=True, timeout=30
        )
    except (ValueError, OSError, subprocess.SubprocessError):
        return None, "geen eerdere versie gevonden"
    if shown.returncode != 0:
        return None, "geen eerdere versie gevonden (niet in git)"
    from bot.kb import parse_knowledge_base

    try:
        return parse_knowledge_base(yaml.safe_load(shown.stdout)), "de laatst gecommitte versie (git HEAD)"
    except (KnowledgeBaseError, yaml.YAMLError) as error:
        return None, f"de gecommitte versie is niet te lezen met de huidige code: {error}"

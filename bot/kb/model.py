"""Typed, immutable view of the help content (data/help/support.yml)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot import vocabulary

PLAN_IDS = vocabulary.Plan.values()
PRIORITY_IDS = vocabulary.Priority.values()
# the entity types a question can name besides countries, plans, priorities and matrix features
VOCABULARY_TYPES = ("role", "licence", "account_type", "aspect", "ordinal")
# country adjectives of at most this many letters match only exactly (no typo tolerance)
ADJECTIVE_FUZZY_MIN = 5


@dataclass(frozen=True)
class AliasEntry:
    """One way of writing an entity value. case_sensitive: matches only as written ("Toegang", the plan,
    not the word "toegang"); fuzzy: may match with one typo (longer names only, see matching.py)."""

    entity: str
    value: str
    alias: str
    case_sensitive: bool = False
    fuzzy: bool = True


@dataclass(frozen=True)
class Term:
    """A word of the vocabulary (a role, an account type, an aspect...): its Dutch name and aliases."""

    id: str
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    id: str
    name: str
    dutch_name: str
    aliases: tuple[str, ...]
    case_sensitive_aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How answers name the plan: 'Access (Toegang)' or 'Premier+'."""
        if self.dutch_name != self.name:
            return f"{self.name} ({self.dutch_name})"
        return self.name


@dataclass(frozen=True)
class MatrixRow:
    id: str
    label: str
    cells: Mapping[str, str | None]  # plan id -> text as in the article, None = not included
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Channel:
    id: str
    name: str
    text: str
    extra: Mapping[str, str]


@dataclass(frozen=True)
class PhoneNumber:
    number: str
    extension: str | None

    def render(self) -> str:
        return f"{self.number} toestel {self.extension}" if self.extension else self.number


@dataclass(frozen=True)
class Country:
    id: str
    name: str
    aliases: tuple[str, ...]
    numbers: tuple[PhoneNumber, ...]  # empty: the article has no number for this country
    code: str | None = None  # ISO 3166 / CLDR code
    adjectives: tuple[str, ...] = ()  # "duits", "duitse": a country named by its adjective
    cities: tuple[str, ...] = ()  # "keulen": a country named by one of its cities
    capitalised_aliases: tuple[str, ...] = ()  # everyday words that name it only as written ("Chili")
    from_world_list: bool = False  # not in the article's text: a CLDR territory (bot/kb/world.py)

    @property
    def has_number(self) -> bool:
        return bool(self.numbers)

    def render_numbers(self) -> str:
        return " of ".join(n.render() for n in self.numbers)


@dataclass(frozen=True)
class Priority:
    id: str  # "P1".."P4"
    aliases: tuple[str, ...]
    first_response: str
    restore: str | None
    definition: str
    resources: str


@dataclass(frozen=True)
class KnowledgeBase:
    plans: Mapping[str, Plan]
    matrix: tuple[MatrixRow, ...]
    footnotes: Mapping[str, str]
    channels: Mapping[str, Channel]
    countries: Mapping[str, Country]
    priorities: Mapping[str, Priority]
    priority_entitlement: str
    account_manager_note: str
    vocabulary: Mapping[str, Mapping[str, Term]] = field(default_factory=dict)

    def plan(self, plan_id: str) -> Plan:
        return self.plans[plan_id]

    def country(self, country_id: str) -> Country | None:
        return self.countries.get(country_id)

    def countries_with_numbers(self) -> tuple[Country, ...]:
        return tuple(c for c in self.countries.values() if c.has_number)

    def priority(self, priority_id: str) -> Priority | None:
        return self.priorities.get(priority_id.upper()) if priority_id else None

    def known_priority(self, priority_id: str) -> Priority:
        """The priority with this id; KeyError for one the article does not define (a caller's bug)."""
        priority = self.priority(priority_id)
        if priority is None:
            raise KeyError(f"unknown priority {priority_id!r}; the article defines {', '.join(self.priorities)}")
        return priority

    def matrix_row(self, row_id: str) -> MatrixRow:
        for row in self.matrix:
            if row.id == row_id:
                return row
        raise KeyError(row_id)

    def term(self, entity: str, value: str | None) -> Term | None:
        return self.vocabulary.get(entity, {}).get(value) if value else None

    def alias_entries(self) -> tuple[AliasEntry, ...]:
        """Every way of naming every entity value, for the entity matcher."""
        entries = []
        for c in self.countries.values():
            entries += [AliasEntry("country", c.id, a, fuzzy=not c.from_world_list) for a in c.aliases]
            # a short adjective is one letter from English words ("pools"/"tools", "noors"/"doors"): exact only
            entries += [
                AliasEntry("country", c.id, a, fuzzy=not c.from_world_list and len(a) > ADJECTIVE_FUZZY_MIN)
                for a in c.adjectives
            ]
            entries += [AliasEntry("country", c.id, a, fuzzy=False) for a in c.cities]
            entries += [AliasEntry("country", c.id, a, case_sensitive=True, fuzzy=False) for a in c.capitalised_aliases]
        for p in self.plans.values():
            entries += [AliasEntry("plan", p.id, a) for a in p.aliases]
            entries += [AliasEntry("plan", p.id, a, case_sensitive=True) for a in p.case_sensitive_aliases]
        for pr in self.priorities.values():
            entries += [AliasEntry("priority", pr.id.lower(), a) for a in pr.aliases]
        for row in self.matrix:
            entries += [AliasEntry("feature", row.id, a) for a in row.aliases]
        for entity, terms in self.vocabulary.items():
            for term in terms.values():
                entries += [AliasEntry(entity, term.id, a) for a in term.aliases]
        return tuple(entries)

    def aliases(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """entity type -> canonical value -> every alias (case-sensitive ones as written)."""
        table: dict[str, dict[str, tuple[str, ...]]] = {}
        for e in self.alias_entries():
            values = table.setdefault(e.entity, {})
            values[e.value] = values.get(e.value, ()) + (e.alias,)
        return table

"""Typed, immutable view of the help content (data/help/support.yml)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Mapping, Optional, Tuple

PLAN_IDS = ("access", "premier", "premier_plus")


@dataclass(frozen=True)
class Plan:
    id: str
    name: str
    dutch_name: str
    aliases: Tuple[str, ...]
    case_sensitive_aliases: Tuple[str, ...] = ()

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
    cells: Mapping[str, Optional[str]]  # plan id -> text as in the article, None = not included


@dataclass(frozen=True)
class Channel:
    id: str
    name: str
    text: str
    extra: Mapping[str, str]


@dataclass(frozen=True)
class PhoneNumber:
    number: str
    extension: Optional[str]

    def render(self) -> str:
        return f"{self.number} toestel {self.extension}" if self.extension else self.number


@dataclass(frozen=True)
class Country:
    id: str
    name: str
    aliases: Tuple[str, ...]
    numbers: Tuple[PhoneNumber, ...]  # empty: the article has no number for this country

    @property
    def has_number(self) -> bool:
        return bool(self.numbers)

    def render_numbers(self) -> str:
        return " of ".join(n.render() for n in self.numbers)


@dataclass(frozen=True)
class Priority:
    id: str  # "P1".."P4"
    aliases: Tuple[str, ...]
    first_response: str
    restore: Optional[str]
    definition: str
    resources: str


@dataclass(frozen=True)
class KnowledgeBase:
    plans: Mapping[str, Plan]
    matrix: Tuple[MatrixRow, ...]
    footnotes: Mapping[str, str]
    channels: Mapping[str, Channel]
    countries: Mapping[str, Country]
    priorities: Mapping[str, Priority]
    priority_entitlement: str
    account_manager_note: str

    def plan(self, plan_id: str) -> Plan:
        return self.plans[plan_id]

    def country(self, country_id: str) -> Optional[Country]:
        return self.countries.get(country_id)

    def countries_with_numbers(self) -> Tuple[Country, ...]:
        return tuple(c for c in self.countries.values() if c.has_number)

    def priority(self, priority_id: str) -> Optional[Priority]:
        return self.priorities.get(priority_id.upper()) if priority_id else None

    def matrix_row(self, row_id: str) -> MatrixRow:
        for row in self.matrix:
            if row.id == row_id:
                return row
        raise KeyError(row_id)

    def aliases(self) -> Dict[str, Dict[str, Tuple[str, ...]]]:
        """entity type -> canonical value -> aliases (used by the NLU entity extractor)."""
        return {
            "country": {c.id: c.aliases for c in self.countries.values()},
            "plan": {p.id: p.aliases for p in self.plans.values()},
            "priority": {p.id.lower(): p.aliases for p in self.priorities.values()},
        }

    def case_sensitive_aliases(self) -> Dict[str, Dict[str, Tuple[str, ...]]]:
        """Aliases that only count written exactly so ("Toegang", not the word "toegang")."""
        return {"plan": {p.id: p.case_sensitive_aliases for p in self.plans.values() if p.case_sensitive_aliases}}

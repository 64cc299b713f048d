"""What a question is about: its dimensions, from this message's entities and, for a follow-up, the
context of the previous turns. Pure: entity values in, a Question out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

# the dimensions kept in slots for follow-ups ("en bij Premier?", "en hoe snel is het opgelost?")
CONTEXT_DIMENSIONS = ("country", "plan", "priority", "role", "licence", "account_type", "feature", "aspect")
# words that say a number did not work: "de eerste werkt nie", "het eerste nummer is bezet" ask for the other
_FAILED = frozenset({"niet", "nie", "ni", "bezet", "kapot", "defect", "mislukt", "not", "doesnt", "faalt"})
# words that name the chat/ticket channel: without one, "niveau 1" next to a phone word is the phone row
_CHAT_WORDS = ("chat", "ticket")


@dataclass(frozen=True)
class Question:
    text: str = ""
    countries: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    priority: str | None = None  # "P1".."P4"
    role: str | None = None  # owner, admin, member
    licence: str | None = None  # licensed, unlicensed
    account_type: str | None = None  # basic, pro, business, education, enterprise, api
    features: tuple[str, ...] = ()  # matrix row ids
    aspect: str | None = None  # first_response, restore, hours, extension
    ordinal: str | None = None  # other, first; not_first / not_other: that number did not work
    roles: tuple[str, ...] = ()  # every role named ("admins en gewone leden"); role is the first
    priorities: tuple[str, ...] = ()  # every priority named ("P3 en P4"); priority is the first
    # dimensions that came from earlier turns, not from this message
    from_context: frozenset = field(default_factory=frozenset)

    @property
    def country(self) -> str | None:
        return self.countries[0] if self.countries else None

    @property
    def plan(self) -> str | None:
        return self.plans[0] if self.plans else None

    @property
    def names_a_situation(self) -> bool:
        """Does the question say who it is about (a role, licence or account type)?"""
        return bool(self.role or self.licence or self.account_type)

    @classmethod
    def from_entities(cls, text: str, entities: Iterable[Mapping[str, str]]) -> Question:
        values: dict[str, list] = {}
        for e in entities:
            if e.get("entity") and e.get("value"):
                bucket = values.setdefault(str(e["entity"]), [])
                if e["value"] not in bucket:
                    bucket.append(str(e["value"]))

        def first(entity: str) -> str | None:
            return values.get(entity, [None])[0]

        priority = first("priority")
        words = set(re.findall(r"[^\W_]+", (text or "").lower()))
        ordinal = first("ordinal")
        if ordinal in ("first", "other") and words & _FAILED:  # "de eerste werkt nie": the one that failed
            ordinal = "not_first" if "eerste" in words else "not_other"
        features = tuple(values.get("feature", ()))
        if "level1_phone" in features and not any(w in (text or "").lower() for w in _CHAT_WORDS):
            # "telefonische frontlijnsupport (niveau 1)": the phone row, not also the chat/ticket row
            features = tuple(f for f in features if f != "level1_chat_ticket")
        return cls(
            text=text or "",
            countries=tuple(values.get("country", ())),
            plans=tuple(values.get("plan", ())),
            priority=priority.upper() if priority else None,
            role=first("role"),
            roles=tuple(values.get("role", ())),
            priorities=tuple(p.upper() for p in values.get("priority", ())),
            licence=first("licence"),
            account_type=first("account_type"),
            features=features,
            aspect=first("aspect"),
            ordinal=ordinal,
        )

    def with_context(self, context: Mapping[str, str | None], dimensions: Sequence[str]) -> Question:
        """Fill the given dimensions this message leaves open from the context slots."""
        filled: dict[str, Any] = {}
        used: set[str] = set()
        for dim in dimensions:
            value = context.get(dim)
            if not value:
                continue
            if dim == "country" and not self.countries:
                filled["countries"], used = (value,), used | {dim}
            elif dim == "plan" and not self.plans:
                filled["plans"], used = (value,), used | {dim}
            elif dim == "feature" and not self.features:
                filled["features"], used = (value,), used | {dim}
            elif dim == "priority" and not self.priority:
                filled["priority"], used = value.upper(), used | {dim}
            elif dim in ("role", "licence", "account_type", "aspect") and not getattr(self, dim):
                filled[dim], used = value, used | {dim}
        return replace(self, from_context=self.from_context | frozenset(used), **filled) if filled else self

    def context(self) -> dict[str, str | None]:
        """What this question leaves for the next turn's follow-up (None: nothing said, keep the old)."""
        return {
            "country": self.country,
            "plan": self.plan,
            "priority": self.priority.lower() if self.priority else None,
            "role": self.role,
            "licence": self.licence,
            "account_type": self.account_type,
            "feature": self.features[0] if self.features else None,
            "aspect": self.aspect,
        }

    def one_per_role(self) -> tuple[Question, ...]:
        """The question for each role it names ("admins en gewone leden" -> two), itself if one or none."""
        return tuple(replace(self, role=r) for r in self.roles) if len(self.roles) > 1 else (self,)

"""Finds knowledge-base entities (countries, plans, priorities) in free Dutch text.

Aliases come from the knowledge base, so a country added there is recognised without new
training data. Matching is accent- and case-insensitive, on whole tokens, longest alias first,
and tolerates one typo in longer single-word aliases without digits ("duitsladn", "brazillie").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import AbstractSet, Iterable, List, Mapping, Optional, Sequence, Tuple

from bot.kb.dutch_words import dutch_words
from bot.kb.model import KnowledgeBase

TOKEN = re.compile(r"[^\W_]+\+*", re.UNICODE)
FUZZY_MIN_LENGTH = 5  # shorter aliases ("vk", "p1", "india"...) must match exactly


@dataclass(frozen=True)
class Mention:
    entity: str
    value: str
    start: int
    end: int
    text: str


def fold(text: str) -> str:
    """Lower-case and strip accents, keeping one output character per input character."""
    return "".join(unicodedata.normalize("NFKD", ch)[0] for ch in text.lower()) if text else ""


def tokens(text: str) -> List[Tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(fold(text))]


def _within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance <= 1, or one transposition of neighbours."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        if len(diffs) == 1:
            return True
        return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1:] == short:
            return True
    return False


class EntityMatcher:
    """Matches alias token sequences, built once from {entity: {value: aliases}}."""

    def __init__(
        self,
        aliases: Mapping[str, Mapping[str, Iterable[str]]],
        known_words: Optional[AbstractSet[str]] = None,
        case_sensitive: Optional[Mapping[str, Mapping[str, Iterable[str]]]] = None,
    ) -> None:
        """known_words: real words never read as a typo of an alias. case_sensitive: aliases that
        match only as written (a plan called "Toegang", not the word "toegang")."""
        self._known_words = dutch_words() if known_words is None else known_words
        self._patterns: List[Tuple[Tuple[str, ...], str, str, Optional[str]]] = []
        for exact, table in ((False, aliases), (True, case_sensitive or {})):
            for entity, values in table.items():
                for value, names in values.items():
                    for name in names:
                        toks = tuple(t for t, _, _ in tokens(name))
                        if toks:
                            self._patterns.append((toks, entity, value, name if exact else None))
        self._patterns.sort(key=lambda p: (-len(p[0]), -sum(map(len, p[0]))))
        # typo tolerance only for longer single-word aliases, never for one matched as written, and
        # never for one with digits: digits are what tells P1 from P2 ("prio" is no typo of "prio1")
        self._fuzzy_patterns = [p for p in self._patterns
                                if p[3] is None and len(p[0]) == 1 and len(p[0][0]) >= FUZZY_MIN_LENGTH
                                and not any(ch.isdigit() for ch in p[0][0])]

    @classmethod
    def for_knowledge_base(cls, kb: KnowledgeBase) -> "EntityMatcher":
        return cls(kb.aliases(), case_sensitive=kb.case_sensitive_aliases())

    def find(self, text: str) -> List[Mention]:
        toks = tokens(text)
        taken = [False] * len(toks)
        found: List[Mention] = []
        words = {t for t, _, _ in toks}
        for fuzzy, patterns in ((False, self._patterns), (True, self._fuzzy_patterns)):
            for pattern, entity, value, exact in patterns:
                if not fuzzy and pattern[0] not in words:
                    continue  # an exact match needs its first word in the text
                n = len(pattern)
                for i in range(len(toks) - n + 1):
                    if any(taken[i:i + n]) or not self._matches(pattern, toks[i:i + n], fuzzy):
                        continue
                    if fuzzy and toks[i][0] in self._known_words:
                        continue
                    start, end = toks[i][1], toks[i + n - 1][2]
                    if exact and text[start:end] != exact:
                        continue
                    found.append(Mention(entity, value, start, end, text[start:end]))
                    taken[i:i + n] = [True] * n
        return sorted(found, key=lambda m: m.start)

    @staticmethod
    def _matches(pattern: Sequence[str], window: Sequence[Tuple[str, int, int]], fuzzy: bool) -> bool:
        if fuzzy:
            return _within_one_edit(pattern[0], window[0][0])
        return all(p == w[0] for p, w in zip(pattern, window))


"""Finds knowledge-base entities (countries, plans, priorities) in free Dutch text.

Aliases come from the knowledge base, so a country added there is recognised without new
training data. Matching is accent- and case-insensitive, on whole tokens, longest alias first,
and tolerates one typo in longer single-word aliases without digits ("duitsladn", "brazillie").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass

from bot.kb.dutch_words import dutch_words
from bot.kb.model import AliasEntry, KnowledgeBase

TOKEN = re.compile(r"[^\W_]+\+*", re.UNICODE)
FUZZY_MIN_LENGTH = 5  # shorter aliases ("vk", "p1", "india"...) must match exactly
# (alias words, entity, value, the alias as written when it must match case-sensitively, typo-tolerant)
Pattern = tuple[tuple[str, ...], str, str, str | None, bool]


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


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(fold(text))]


def _within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance <= 1, or one transposition of neighbours."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1 :] == short:
            return True
    return False


def _deletions(word: str) -> set:
    """The word and every string made by deleting one of its letters."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


class EntityMatcher:
    """Matches alias token sequences, built once from the knowledge base's alias entries."""

    def __init__(self, entries: Iterable[AliasEntry], known_words: Set[str] | None = None) -> None:
        """known_words: real words never read as a typo of an alias."""
        self._known_words = dutch_words() if known_words is None else known_words
        patterns: list[Pattern] = []
        for e in entries:
            toks = tuple(t for t, _, _ in tokens(e.alias))
            if toks:
                patterns.append((toks, e.entity, e.value, e.alias if e.case_sensitive else None, e.fuzzy))
        # longest alias first: "premier plus" before "premier", "eerste respons" before "eerste"
        patterns.sort(key=lambda p: (-len(p[0]), -sum(map(len, p[0]))))
        self._rank = {id(p): i for i, p in enumerate(patterns)}
        self._by_first_word: dict[str, list[Pattern]] = {}
        for pattern in patterns:
            self._by_first_word.setdefault(pattern[0][0], []).append(pattern)
        # typo tolerance only for longer single-word aliases, never for one matched as written, never
        # for a name from the world list, and never for one with digits: digits tell P1 from P2
        # indexed by the word and each of its one-letter deletions: a token within one edit of an alias
        # shares one of those keys with it (symmetric deletion), so a message is checked by look-ups
        self._fuzzy_index: dict[str, list[Pattern]] = {}
        for p in patterns:
            if (
                p[4]
                and p[3] is None
                and len(p[0]) == 1
                and len(p[0][0]) >= FUZZY_MIN_LENGTH
                and not any(ch.isdigit() for ch in p[0][0])
            ):
                for key in _deletions(p[0][0]):
                    self._fuzzy_index.setdefault(key, []).append(p)

    @classmethod
    def for_knowledge_base(cls, kb: KnowledgeBase) -> EntityMatcher:
        return cls(kb.alias_entries())

    def find(self, text: str) -> list[Mention]:
        toks = tokens(text)
        taken = [False] * len(toks)
        found: list[Mention] = []
        # exact candidates: patterns whose first word is in the text, tried longest first
        candidates = sorted(
            (
                (self._rank[id(p)], i, p)
                for i, (word, _, _) in enumerate(toks)
                for p in self._by_first_word.get(word, ())
            ),
            key=lambda c: (c[0], c[1]),
        )
        for _, i, pattern in candidates:
            self._take(text, toks, taken, found, pattern, i, fuzzy=False)
        near = sorted(
            {
                (self._rank[id(p)], i, id(p)): p
                for i, (word, _, _) in enumerate(toks)
                if len(word) >= FUZZY_MIN_LENGTH - 1 and word not in self._known_words
                for key in _deletions(word)
                for p in self._fuzzy_index.get(key, ())
            }.items()
        )
        for (_, i, _), pattern in near:
            self._take(text, toks, taken, found, pattern, i, fuzzy=True)
        return sorted(found, key=lambda m: m.start)

    def _take(
        self,
        text: str,
        toks: Sequence[tuple[str, int, int]],
        taken: list[bool],
        found: list[Mention],
        pattern: Pattern,
        i: int,
        fuzzy: bool,
    ) -> None:
        words, entity, value, exact, _ = pattern
        n = len(words)
        if i + n > len(toks) or any(taken[i : i + n]) or not self._matches(words, toks[i : i + n], fuzzy):
            return
        if fuzzy and toks[i][0] in self._known_words:
            return
        start, end = toks[i][1], toks[i + n - 1][2]
        if exact and text[start:end] != exact:
            return
        found.append(Mention(entity, value, start, end, text[start:end]))
        taken[i : i + n] = [True] * n

    @staticmethod
    def _matches(pattern: Sequence[str], window: Sequence[tuple[str, int, int]], fuzzy: bool) -> bool:
        if fuzzy:
            return pattern[0] != window[0][0] and _within_one_edit(pattern[0], window[0][0])
        return all(p == w[0] for p, w in zip(pattern, window, strict=True))

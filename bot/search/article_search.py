"""BM25 (bm25s) over the article's passages, on lemmatised Dutch: folded words, spaCy's lookup
lemmas, no stop words. The index is built once per process from the knowledge base (a few ms)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import bm25s

from bot.kb import KnowledgeBase, default_knowledge_base
from bot.kb.dutch_words import dutch_lemmas
from bot.kb.matching import fold, tokens
from bot.search.passages import Passage, passages

# the least BM25 score for answering with a passage: chosen by 5-fold cross-validation on data/nlu
# (python -m bench.search_threshold prints the table; README, "Article search")
ANSWER_THRESHOLD = 2.8


def _stop_words() -> frozenset:
    from spacy.lang.nl.stop_words import STOP_WORDS

    return frozenset(fold(w) for w in STOP_WORDS) | {"zoom", "ondersteuning", "support"}


def lemmatise(text: str) -> list[str]:
    lemmas, stop = dutch_lemmas(), _STOP
    return [fold(lemmas.get(word, word)) for word, _, _ in tokens(text) if word not in stop]


_STOP = _stop_words()


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float


class ArticleSearch:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.passages: Sequence[Passage] = passages(kb)
        self._index = bm25s.BM25()
        self._index.index([lemmatise(f"{p.section} {p.text}") for p in self.passages], show_progress=False)

    def search(self, text: str, k: int = 3) -> list[Hit]:
        query = [w for w in lemmatise(text) if w]
        if not query:
            return []
        scores = self._index.get_scores(query)
        best = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
        return [Hit(self.passages[i], float(scores[i])) for i in best if scores[i] > 0]

    def answer(self, text: str, threshold: float = ANSWER_THRESHOLD) -> Hit | None:
        hits = self.search(text, k=1)
        return hits[0] if hits and hits[0].score >= threshold else None


@functools.lru_cache(maxsize=1)
def article_search() -> ArticleSearch:
    return ArticleSearch(default_knowledge_base())

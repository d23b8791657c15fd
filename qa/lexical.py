"""BM25 over the store's chunks (bm25s), rebuilt only when the store's change token moves."""

from __future__ import annotations

import re
import threading
from typing import Sequence

import numpy as np
from bm25s.stopwords import STOPWORDS_EN

from store.filters import Filters
from store.models import Chunk
from store.text import date_int

_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s's default token pattern
_STOPWORDS = frozenset(STOPWORDS_EN)


def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def lexical_text(chunk: Chunk) -> str:
    """What BM25 indexes for a chunk: its title too, since headlines name the story's subject."""
    return f"{chunk.title}\n{chunk.text}"


class LexicalIndex:
    """A BM25 index over a fixed list of chunks, with per-chunk date and source for filtering."""

    def __init__(self, chunks: Sequence[Chunk], token: str = ""):
        import bm25s

        self.token = token
        self.chunks = list(chunks)
        self._stemmer = _stemmer()
        self.tokenizer = bm25s.tokenization.Tokenizer(stemmer=_stemmer(), stopwords="en")
        self.bm25 = bm25s.BM25()
        self._lock = threading.Lock()
        self.doc_freq = np.zeros(0, dtype=np.int64)
        if self.chunks:
            ids = self.tokenizer.tokenize([lexical_text(c) for c in self.chunks], return_as="ids", show_progress=False)
            self.bm25.index(ids, show_progress=False)
            flat = np.fromiter((t for doc in ids for t in set(doc)), dtype=np.int64)
            self.doc_freq = np.bincount(flat, minlength=len(self.tokenizer.word_to_id))
        self.dates = np.array([date_int(c.date) for c in self.chunks], dtype=np.int64)
        self.sources = np.array([c.source for c in self.chunks], dtype=object)
        self.article_ids = np.array([c.article_id for c in self.chunks], dtype=object)
        self.position = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self.article_dates = {c.article_id: c.date for c in self.chunks}

    def query_ids(self, text: str) -> list[int]:
        with self._lock:  # the tokenizer keeps state; questions may come from several threads
            ids = self.tokenizer.tokenize([text], return_as="ids", update_vocab=False, show_progress=False)[0]
        return [i for i in ids if i != self.tokenizer.word_to_id.get("", -1)]

    def search(self, text: str, k: int, filters: Filters = Filters()) -> list[tuple[Chunk, float]]:
        """Top-k chunks by BM25 score (> 0) within the filters."""
        if not self.chunks:
            return []
        ids = self.query_ids(text)
        if not ids:
            return []
        scores = self.bm25.get_scores(ids)
        mask = scores > 0
        if filters.sources:
            mask &= np.isin(self.sources, list(filters.sources))
        if filters.since:
            mask &= self.dates >= filters.since_int
        if filters.until:
            mask &= self.dates <= filters.until_int
        if filters.exclude:
            mask &= ~np.isin(self.article_ids, list(filters.exclude))
        candidates = np.flatnonzero(mask)
        if candidates.size == 0:
            return []
        if candidates.size > k:  # partial sort: only the top k need ordering
            candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
        top = candidates[np.argsort(-scores[candidates], kind="stable")]
        return [(self.chunks[i], float(scores[i])) for i in top]

    def idf(self, terms: Sequence[str]) -> dict[str, float]:
        """Inverse document frequency of stemmed terms (unknown terms get the highest)."""
        n = max(len(self.chunks), 1)
        vocab = self.tokenizer.word_to_id
        df = self.doc_freq
        out = {}
        for t in terms:
            i = vocab.get(t)
            d = df[i] if i is not None and i < len(df) else 0
            out[t] = float(np.log(1 + (n - d + 0.5) / (d + 0.5)))
        return out

    def stems(self, text: str) -> list[str]:
        """Stemmed, stopword-free terms of a text as BM25 sees them, including words the corpus lacks."""
        words = (w for w in _TOKEN.findall(text.lower()) if w not in _STOPWORDS)
        with self._lock:  # PyStemmer objects are not thread-safe
            return self._stemmer.stemWords(list(words))

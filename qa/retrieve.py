"""Hybrid retrieval: dense search in Chroma and BM25 over the same chunks, fused by reciprocal rank."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Literal, Sequence

import numpy as np

from qa.lexical import LexicalIndex, index_root
from store.filters import Filters
from store.models import Hit
from store.store import Store

Mode = Literal["dense", "bm25", "hybrid"]
log = logging.getLogger("newsdesk.retrieve")
RRF_K = 60  # the usual constant of reciprocal rank fusion (Cormack et al. 2009)


class Retriever:
    """Finds the chunks for a question; keeps its BM25 index in step with the store's change token."""

    VECTORS_KEPT = 4096  # chunk vectors kept for searches within a follow-up's articles (~6 MB)

    def __init__(self, store: Store, depth: int = 30):
        self.store = store
        self.depth = depth  # candidates taken from each side before fusion
        self._lexical: LexicalIndex | None = None
        self._lock = threading.Lock()
        self._kept: OrderedDict[str, np.ndarray] = OrderedDict()

    def sync(self) -> LexicalIndex:
        """Reopen the store and rebuild BM25 if any process changed the store; cheap when nothing did."""
        with self._lock:
            self.store.refresh()
            token = self.store.seen_token
            if self._lexical is None or self._lexical.token != token:
                self._lexical = self._load_or_build(token)
            return self._lexical

    def _load_or_build(self, token: str) -> LexicalIndex:
        """The BM25 index for this change token: the one saved by any process, else built and saved."""
        settings = getattr(self.store, "settings", None)  # set by Store.open; a bare Store keeps it in memory only
        root = index_root(settings) if settings is not None else None
        if root is not None:
            saved = LexicalIndex.load(root, token)
            if saved is not None:
                return saved
        built = LexicalIndex(self.store.all_chunks(token), token)
        if root is not None:
            try:
                built.save(root)
            except OSError as exc:  # a read-only data folder: answer anyway, from memory
                log.warning("Could not save the BM25 index in %s: %s", root, exc)
        return built

    def retrieve(self, query: str, vector=None, k: int = 8, filters: Filters = Filters(), mode: Mode = "hybrid",
                 prefer: Sequence[str] = (), prefer_vector=None) -> list[Hit]:
        """Top-k chunks for `query` (`vector` is its embedding, computed here when not given).

        `prefer`: article ids a follow-up continues; their chunks nearest to `prefer_vector` (the follow-up's
        own words: within its articles the subject is settled, the new detail is what to find; `vector` when
        not given) join the fusion as a third ranking."""
        lexical = self.sync()
        dense: list[Hit] = []
        if mode in ("dense", "hybrid"):
            if vector is None:
                vector = self.store.embedder.embed([query])[0]
            dense = self.store.search(vector, k=self.depth, where=filters.where(), token=lexical.token)
        bm25: list[Hit] = []
        if mode in ("bm25", "hybrid"):
            found = lexical.search(query, self.depth, filters)
            bm25 = [Hit(chunk, score, rank) for rank, (chunk, score) in enumerate(found, 1)]
        if mode == "dense":
            return dense[:k]
        if mode == "bm25":
            return bm25[:k]
        thread = self.nearest_in(lexical, vector if prefer_vector is None else prefer_vector, prefer, filters) if prefer else []
        return fuse(dense, bm25, thread)[:k]

    def nearest_in(self, lexical: LexicalIndex, vector, article_ids: Sequence[str], filters: Filters = Filters()) -> list[Hit]:
        """The `depth` chunks of these articles nearest to `vector`, within the filters: exact cosine over their
        stored vectors. A follow-up's articles hold a few dozen chunks at most, and a dot product over them
        is cheap, while Chroma's query filtered to them costs more the larger the whole collection is
        (5 to 14 chunks: ~1 ms at 131 chunks, 4.6 to 6.5 ms at 8,605; bench/answer_scale.py, docs/BENCHMARKS.md).
        Same chunks, same order, scores within 1e-6 of Chroma's."""
        rows = np.array([i for a in dict.fromkeys(article_ids) for i in lexical.article_rows.get(a, ())], dtype=np.int64)
        rows = rows[lexical.within(filters, rows)]
        if not rows.size:
            return []
        ids = [lexical.chunks[i].chunk_id for i in rows]
        vectors = self._vectors(ids)
        known = [j for j, cid in enumerate(ids) if cid in vectors]
        if not known:
            return []
        scores = np.stack([vectors[ids[j]] for j in known]) @ np.asarray(vector, dtype=np.float32)
        order = np.argsort(-scores, kind="stable")[: self.depth]
        return [Hit(lexical.chunks[rows[known[j]]], float(scores[j]), rank) for rank, j in enumerate(order, 1)]

    def _vectors(self, chunk_ids: list[str]) -> dict:
        """Stored vectors of these chunks, read from the store once: a chunk id names one version of one
        chunk, so its vector never changes. Keeps the most recently used `VECTORS_KEPT`."""
        with self._lock:
            missing = [i for i in chunk_ids if i not in self._kept]
        if missing:
            found = self.store.chunk_vectors(missing)
            with self._lock:
                self._kept.update(found)
                while len(self._kept) > self.VECTORS_KEPT:
                    self._kept.popitem(last=False)
        with self._lock:
            out = {}
            for i in chunk_ids:
                if i in self._kept:
                    self._kept.move_to_end(i)
                    out[i] = self._kept[i]
            return out


def fuse(*rankings: list[Hit]) -> list[Hit]:
    """Reciprocal rank fusion; each hit keeps its per-side scores in `extra`."""
    fused: dict[str, Hit] = {}
    for side, ranking in zip(("dense", "bm25", "thread"), rankings, strict=False):
        for rank, hit in enumerate(ranking, 1):
            entry = fused.setdefault(hit.chunk.chunk_id, Hit(hit.chunk, 0.0, extra={}))
            entry.score += 1.0 / (RRF_K + rank)
            entry.extra[side] = hit.score
            entry.extra[side + "_rank"] = rank
    ordered = sorted(fused.values(), key=lambda h: -h.score)
    for rank, hit in enumerate(ordered, 1):
        hit.rank = rank
    return ordered

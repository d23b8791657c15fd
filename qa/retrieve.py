"""Hybrid retrieval: dense search in Chroma and BM25 over the same chunks, fused by reciprocal rank."""

from __future__ import annotations

import logging
import threading
from typing import Literal, Sequence

from qa.lexical import LexicalIndex, index_root
from store.filters import Filters
from store.models import Hit
from store.store import Store

Mode = Literal["dense", "bm25", "hybrid"]
log = logging.getLogger("newsdesk.retrieve")
RRF_K = 60  # the usual constant of reciprocal rank fusion (Cormack et al. 2009)


class Retriever:
    """Finds the chunks for a question; keeps its BM25 index in step with the store's change token."""

    def __init__(self, store: Store, depth: int = 30):
        self.store = store
        self.depth = depth  # candidates taken from each side before fusion
        self._lexical: LexicalIndex | None = None
        self._lock = threading.Lock()

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
                 prefer: Sequence[str] = ()) -> list[Hit]:
        """Top-k chunks for `query` (`vector` is its embedding, computed here when not given).

        `prefer`: article ids a follow-up continues; their nearest chunks join the fusion as a third ranking."""
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
        thread: list[Hit] = []
        if prefer:
            where = {"article_id": {"$in": list(prefer)}}
            narrowed = filters.where()
            thread = self.store.search(vector, k=self.depth, where={"$and": [where, narrowed]} if narrowed else where, token=lexical.token)
        return fuse(dense, bm25, thread)[:k]


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

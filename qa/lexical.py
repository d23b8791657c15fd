"""BM25 over the store's chunks (bm25s), rebuilt only when the store's change token moves.

The index is saved under the data folder, keyed by the change token, so a new process (a CLI
question, the app starting) loads it instead of reading every chunk from Chroma and re-indexing."""

from __future__ import annotations

import copy
import json
import logging
import os
import re
import shutil
import threading
import uuid
from pathlib import Path
from typing import Sequence

import numpy as np

from store.cache import cache_dir
from store.filters import Filters
from store.models import Chunk
from store.settings import Settings
from store.text import date_int

log = logging.getLogger("newsdesk.lexical")
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s's default token pattern
_FORMAT = 2  # bump when what is saved changes
_CHUNK_FIELDS = ("chunk_id", "article_id", "n", "text", "start", "end", "title", "source", "url", "date", "quotes")


def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN  # importing bm25s costs ~0.1 s: only when an index is used

    return frozenset(STOPWORDS_EN)


def index_root(settings: Settings) -> Path:
    """Where this store's saved BM25 indexes live: data_dir/bm25/<embedded store or server + collection>."""
    return cache_dir(settings, "bm25")


def _token_dir(root: Path, token: str) -> Path:
    return root / (re.sub(r"[^\w.-]", "_", token) or "empty")


def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def lexical_text(chunk: Chunk) -> str:
    """What BM25 indexes for a chunk: its title too, since headlines name the story's subject."""
    return f"{chunk.title}\n{chunk.text}"


class LexicalIndex:
    """A BM25 index over a fixed list of chunks, with per-chunk date and source for filtering."""

    def __init__(self, chunks: Sequence[Chunk], token: str = "", _index: bool = True):
        import bm25s

        self.token = token
        self.chunks = list(chunks)
        self._stemmer = _stemmer()
        self._stopwords = _stopwords()
        self.tokenizer = bm25s.tokenization.Tokenizer(stemmer=_stemmer(), stopwords="en")
        self.bm25 = bm25s.BM25()
        self._lock = threading.Lock()
        self.doc_freq = np.zeros(0, dtype=np.int64)
        if self.chunks and _index:
            ids = self.tokenizer.tokenize([lexical_text(c) for c in self.chunks], return_as="ids", show_progress=False)
            self.bm25.index(ids, show_progress=False)
            flat = np.fromiter((t for doc in ids for t in set(doc)), dtype=np.int64)
            self.doc_freq = np.bincount(flat, minlength=len(self.tokenizer.word_to_id))
        self.dates = np.array([date_int(c.date) for c in self.chunks], dtype=np.int64)
        self.sources = np.array([c.source for c in self.chunks], dtype=object)
        self.article_ids = np.array([c.article_id for c in self.chunks], dtype=object)
        self.position = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self.article_dates = {c.article_id: c.date for c in self.chunks}
        self.article_titles = {c.article_id: c.title for c in self.chunks}
        self.article_rows: dict[str, list[int]] = {}  # article id -> positions of its chunks, in order
        for i, c in enumerate(self.chunks):
            self.article_rows.setdefault(c.article_id, []).append(i)

    # -- saved on disk, keyed by the store's change token -------------------------------------------
    def save(self, root: Path) -> Path:
        """Write this index to root/<token>; written under a temporary name and renamed, so a reader
        never sees half an index and two processes saving at once both succeed. Older tokens' indexes go."""
        root.mkdir(parents=True, exist_ok=True)
        target = _token_dir(root, self.token)
        tmp = root / f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            tmp.mkdir()
            if self.chunks:
                saved = copy.copy(self.bm25)  # indexed from token ids: its vocabulary's keys are ints, JSON wants str
                saved.vocab_dict = {str(k): v for k, v in self.bm25.vocab_dict.items()}
                saved.save(str(tmp), show_progress=False)
                self.tokenizer.save_vocab(str(tmp))
            np.save(tmp / "doc_freq.npy", self.doc_freq)
            rows = [[getattr(c, f) for f in _CHUNK_FIELDS] for c in self.chunks]
            meta = {"format": _FORMAT, "token": self.token, "fields": _CHUNK_FIELDS, "chunks": rows}
            (tmp / "chunks.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
            try:
                os.rename(tmp, target)
            except OSError:  # another process saved the same token first: theirs is as good
                pass
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        for old in root.iterdir():  # indexes of older tokens are never read again
            if old != target and not old.name.startswith(".tmp-"):
                shutil.rmtree(old, ignore_errors=True)
        return target

    @classmethod
    def load(cls, root: Path, token: str) -> "LexicalIndex | None":
        """The index saved for this token, or None (none saved, another version, or unreadable)."""
        folder = _token_dir(root, token)
        try:
            meta = json.loads((folder / "chunks.json").read_text(encoding="utf-8"))
            if meta.get("format") != _FORMAT or meta.get("token") != token or tuple(meta.get("fields", ())) != _CHUNK_FIELDS:
                return None
            chunks = [Chunk(**dict(zip(_CHUNK_FIELDS, row, strict=True))) for row in meta["chunks"]]
            index = cls(chunks, token, _index=False)
            if chunks:
                import bm25s

                bm25 = bm25s.BM25.load(str(folder), show_progress=False)
                bm25.vocab_dict = {int(k) if k.lstrip("-").isdigit() else k: v for k, v in bm25.vocab_dict.items()}
                index.bm25 = bm25
                index.tokenizer.load_vocab(str(folder))
            index.doc_freq = np.load(folder / "doc_freq.npy")
            return index
        except (OSError, ValueError, KeyError, TypeError) as exc:  # missing, half-deleted by a newer save, or damaged
            log.debug("no usable BM25 index in %s: %s", folder, exc)
            return None

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
        candidates = np.flatnonzero((scores > 0) & self.within(filters))
        if candidates.size == 0:
            return []
        if candidates.size > k:  # partial sort: only the top k need ordering
            candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
        top = candidates[np.argsort(-scores[candidates], kind="stable")]
        return [(self.chunks[i], float(scores[i])) for i in top]

    def within(self, filters: Filters, rows: np.ndarray | None = None) -> np.ndarray:
        """Which chunks (all, or those at `rows`) the filters keep: the same rules as Filters.where() in Chroma."""
        rows = np.arange(len(self.chunks)) if rows is None else rows
        keep = np.ones(len(rows), dtype=bool)
        if filters.sources:
            keep &= np.isin(self.sources[rows], list(filters.sources))
        if filters.since:
            keep &= self.dates[rows] >= filters.since_int
        if filters.until:
            keep &= self.dates[rows] <= filters.until_int
        if filters.exclude:
            keep &= ~np.isin(self.article_ids[rows], list(filters.exclude))
        return keep

    def idf(self, terms: Sequence[str]) -> dict[str, float]:
        """Inverse document frequency of stemmed terms (unknown terms get the highest)."""
        n = max(len(self.chunks), 1)
        # Terms are stems: look them up among the stems' ids (word_to_id maps surface words to those ids, so
        # a stem that is not itself a word, "ukrain", would count as unknown and get the highest weight).
        vocab = self.tokenizer.stem_to_sid  # the tokenizer always stems (see __init__)
        df = self.doc_freq
        out = {}
        for t in terms:
            i = vocab.get(t)
            d = df[i] if i is not None and i < len(df) else 0
            out[t] = float(np.log(1 + (n - d + 0.5) / (d + 0.5)))
        return out

    def stems(self, text: str) -> list[str]:
        """Stemmed, stopword-free terms of a text as BM25 sees them, including words the corpus lacks."""
        words = (w for w in _TOKEN.findall(text.lower()) if w not in self._stopwords)
        with self._lock:  # PyStemmer objects are not thread-safe
            return self._stemmer.stemWords(list(words))

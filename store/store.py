"""The Store: articles and their embedded chunks in Chroma, plus a change token for readers.

Write order makes every article atomic to readers: chunks are written first (tagged with the
article's content hash), the article record last. Readers only use chunks whose hash matches their
article record, so a crash or Ctrl-C halfway leaves nothing half-visible, and re-running completes it.
"""

from __future__ import annotations

import threading
import time
import uuid
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Sequence

from store.embedder import Embedder
from store.errors import StoreUnavailable
from store.models import Article, Chunk, Hit
from store.settings import Settings

_PAGE = 5000  # records per Chroma get/upsert call; keeps requests to a server small
_CHANGE_ID = "change"
_ARTICLE_FIELDS = ("title", "source", "url", "date", "author", "path", "content_hash", "chunks", "ingested_at")


def date_int(iso: str) -> int:
    """20221207 for '2022-12-07'; 0 when unknown."""
    return int(iso.replace("-", "")) if iso else 0


def make_where(sources: Sequence[str] = (), since: str = "", until: str = "") -> dict | None:
    """A Chroma `where` for chunks from these sources within [since, until] (ISO dates)."""
    clauses: list[dict] = []
    if sources:
        clauses.append({"source": {"$in": list(sources)}})
    if since:
        clauses.append({"date_int": {"$gte": date_int(since)}})
    if until:
        clauses.append({"date_int": {"$lte": date_int(until)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _chunk_from(chunk_id: str, text: str, meta: dict) -> Chunk:
    return Chunk(
        chunk_id=chunk_id,
        article_id=meta["article_id"],
        n=int(meta["n"]),
        text=text,
        start=int(meta["start"]),
        end=int(meta["end"]),
        title=meta.get("title", ""),
        source=meta.get("source", ""),
        url=meta.get("url", ""),
        date=meta.get("date", ""),
    )


def _article_from(article_id: str, meta: dict, text: str = "") -> Article:
    values = {k: meta.get(k, "") for k in _ARTICLE_FIELDS}
    values["chunks"] = int(meta.get("chunks") or 0)
    return Article(article_id=article_id, text=text, **values)


class Store:
    """Articles and chunks in Chroma. Verbs: put, remove, get, list, all_chunks, search."""

    def __init__(self, connect: Callable[[], Any], embedder: Embedder, prefix: str = "newsdesk", reopen: Callable[[], None] | None = None):
        self._connect = connect
        self._reopen_hook = reopen
        self.embedder = embedder
        self.prefix = prefix
        self._client: Any = None
        self._cols: dict[str, Any] = {}
        self._lock = threading.RLock()
        self._seen_token: str | None = None
        self._hashes: tuple[str, dict[str, str]] | None = None  # (token, article_id -> content_hash)

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None) -> "Store":
        """A Store for these settings; connects on first use."""
        from store import chroma
        from store.embedder import make_embedder

        embedder = embedder or make_embedder(settings)
        reopen = None if settings.chroma_url else chroma.forget_cached_systems
        store = cls(lambda: chroma.connect(settings), embedder, settings.collection, reopen)
        store.settings = settings  # where caches beside the store live (the persisted BM25 index)
        return store

    # -- collections ---------------------------------------------------------------------------
    def _col(self, kind: str) -> Any:
        with self._lock:
            if kind not in self._cols:
                if self._client is None:
                    self._client = self._connect()
                name = f"{self.prefix}_{kind}"
                try:
                    if kind == "chunks":
                        col = self._client.get_or_create_collection(
                            name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
                        )
                    else:  # records without meaningful vectors: a constant 1-d embedding
                        col = self._client.get_or_create_collection(name, embedding_function=None)
                except Exception as exc:
                    raise StoreUnavailable(f"Cannot open the collection {name!r}: {exc}") from None
                self._cols[kind] = col
            return self._cols[kind]

    def reopen(self) -> None:
        """Forget the client and collections, so the next call sees other processes' writes."""
        with self._lock:
            self._cols.clear()
            self._client = None
            if self._reopen_hook:
                self._reopen_hook()

    # -- change token --------------------------------------------------------------------------
    def change_token(self) -> str:
        """Changes whenever any process adds, replaces or removes an article."""
        got = self._col("meta").get(ids=[_CHANGE_ID], include=["documents"])
        return got["documents"][0] if got["ids"] else ""

    def _bump(self) -> None:
        token = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}"
        self._col("meta").upsert(ids=[_CHANGE_ID], documents=[token], embeddings=[[1.0]], metadatas=[{"kind": "change"}])

    def refresh(self) -> bool:
        """Reopen if another process changed the store since we last looked; True if it changed."""
        token = self.change_token()
        changed = self._seen_token is not None and token != self._seen_token
        if changed and self._reopen_hook:  # embedded only: a Chroma server answers with fresh data anyway
            self.reopen()
        self._seen_token = token
        return changed

    @property
    def seen_token(self) -> str:
        """The change token read by the last `refresh()`."""
        return self._seen_token or ""

    # -- articles ------------------------------------------------------------------------------
    def get_article(self, article_id: str, with_text: bool = True) -> Article | None:
        include = ["metadatas", "documents"] if with_text else ["metadatas"]
        got = self._col("articles").get(ids=[article_id], include=include)
        if not got["ids"]:
            return None
        text = got["documents"][0] if with_text else ""
        return _article_from(article_id, got["metadatas"][0], text or "")

    def find_by_hash(self, content_hash: str) -> Article | None:
        got = self._col("articles").get(where={"content_hash": content_hash}, include=["metadatas"], limit=1)
        return _article_from(got["ids"][0], got["metadatas"][0]) if got["ids"] else None

    def list_articles(self) -> list[Article]:
        """Every article (without text), most recently added first."""
        arts = [_article_from(i, m) for i, m in self._get_all("articles", ["metadatas"])]
        return sorted(arts, key=lambda a: (a.ingested_at, a.date), reverse=True)

    def count(self) -> int:
        return self._col("articles").count()

    def put(self, article: Article, chunks: Sequence[Chunk], embeddings: Any) -> None:
        """Store (or replace) one article with its chunks; chunks first, the article record last."""
        self.put_many([(article, list(chunks))], embeddings)

    def put_many(self, items: Sequence[tuple[Article, list[Chunk]]], embeddings: Any) -> None:
        """Store several articles; `embeddings` has one row per chunk, in order."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        ids, docs, metas = [], [], []
        for article, chunks in items:
            article.chunks = len(chunks)
            article.ingested_at = article.ingested_at or now
            for c in chunks:
                ids.append(c.chunk_id)
                docs.append(c.text)
                metas.append(self._chunk_meta(article, c))
        vectors = [list(map(float, row)) for row in embeddings]
        chunks_col = self._col("chunks")
        for i in range(0, len(ids), _PAGE):
            chunks_col.upsert(
                ids=ids[i : i + _PAGE], documents=docs[i : i + _PAGE], metadatas=metas[i : i + _PAGE], embeddings=vectors[i : i + _PAGE]
            )
        for article, chunks in items:  # stale chunks of an edited article, beyond its new length
            chunks_col.delete(where={"$and": [{"article_id": article.article_id}, {"n": {"$gte": len(chunks)}}]})
        self._col("articles").upsert(
            ids=[a.article_id for a, _ in items],
            documents=[a.text for a, _ in items],
            metadatas=[self._article_meta(a) for a, _ in items],
            embeddings=[[1.0]] * len(items),
        )
        self._bump()

    def remove(self, article_id: str) -> bool:
        """Delete an article and all its chunks; False if there was no such article."""
        existed = bool(self._col("articles").get(ids=[article_id], include=[])["ids"])
        self._col("articles").delete(ids=[article_id])  # record first: its chunks go invisible at once
        self._col("chunks").delete(where={"article_id": article_id})
        if existed:
            self._bump()
        return existed

    @staticmethod
    def _article_meta(a: Article) -> dict:
        meta = {k: getattr(a, k) for k in _ARTICLE_FIELDS}
        meta["date_int"] = date_int(a.date)
        return meta

    @staticmethod
    def _chunk_meta(a: Article, c: Chunk) -> dict:
        return {
            "article_id": a.article_id,
            "n": c.n,
            "start": c.start,
            "end": c.end,
            "title": a.title,
            "source": a.source,
            "url": a.url,
            "date": a.date,
            "date_int": date_int(a.date),
            "content_hash": a.content_hash,
        }

    # -- chunks --------------------------------------------------------------------------------
    def _get_all(self, kind: str, include: list[str], where: dict | None = None) -> Iterable[tuple]:
        col = self._col(kind)
        offset = 0
        while True:
            got = col.get(include=include, where=where, limit=_PAGE, offset=offset)
            if not got["ids"]:
                return
            cols = [got[k] for k in include]
            yield from zip(got["ids"], *cols, strict=False)
            if len(got["ids"]) < _PAGE:
                return
            offset += _PAGE

    def article_hashes(self, token: str | None = None) -> dict[str, str]:
        """article_id -> content_hash of every complete article (cached per change token; pass the token if just read)."""
        token = self.change_token() if token is None else token
        if self._hashes is None or self._hashes[0] != token:
            self._hashes = (token, {i: m["content_hash"] for i, m in self._get_all("articles", ["metadatas"])})
        return self._hashes[1]

    def all_chunks(self, token: str | None = None) -> list[Chunk]:
        """Every chunk of every complete article, in (article, n) order: the lexical index's input."""
        hashes = self.article_hashes(token)
        out = [
            _chunk_from(i, d, m)
            for i, d, m in self._get_all("chunks", ["documents", "metadatas"])
            if hashes.get(m["article_id"]) == m.get("content_hash")
        ]
        out.sort(key=lambda c: (c.article_id, c.n))
        return out

    def chunks_of(self, article_id: str) -> list[Chunk]:
        got = list(self._get_all("chunks", ["documents", "metadatas"], where={"article_id": article_id}))
        return sorted((_chunk_from(i, d, m) for i, d, m in got), key=lambda c: c.n)

    def search(self, vector: Sequence[float], k: int = 10, where: dict | None = None, token: str | None = None) -> list[Hit]:
        """Nearest chunks to `vector` (cosine similarity as score), skipping half-written articles.

        `token`: the change token the caller has just read, to save reading it again."""
        col = self._col("chunks")
        try:
            got = col.query(query_embeddings=[list(map(float, vector))], n_results=k, where=where, include=["documents", "metadatas", "distances"])
        except Exception as exc:
            if col.count() == 0:
                return []
            raise StoreUnavailable(f"Search failed in Chroma: {exc}") from None
        hashes = self.article_hashes(token)
        hits = []
        for i, d, m, dist in zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0], strict=False):
            if hashes.get(m["article_id"]) != m.get("content_hash"):
                continue
            hits.append(Hit(_chunk_from(i, d, m), score=1.0 - float(dist), rank=len(hits) + 1))
        return hits

"""The Store: articles and their embedded chunks in Chroma, plus a change token for readers.

Write order makes every article atomic to readers: a write marker first, then the new version's chunks
(their ids and metadata carry the version: a hash of the text and metadata), then the article record,
then the old version's chunks are deleted, then the marker. Readers only use chunks whose version
matches their article record, so a crash at any point leaves each article whole in its old or its new
version. `repair()` removes what a crash left behind (hidden chunks that would take slots in dense
search); docs/RELIABILITY.md has the reasoning, including why it never races a live writer.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Sequence

from store.embedder import Embedder
from store.errors import StoreUnavailable
from store.models import Article, Chunk, Hit, chunk_key, version_of
from store.settings import Settings
from store.text import date_int

_PAGE = 5000  # records per Chroma get/upsert call; keeps requests to a server small
_ID_PAGE = 50_000  # ids alone are small; Chroma's offset paging is slow (100,000 ids: 650 ms in pages of 5,000, 210 ms of 50,000)
_CHANGE_ID = "change"
_ARTICLE_FIELDS = ("title", "source", "url", "date", "author", "path", "content_hash", "chunks", "ingested_at", "version", "overridden",
                   "fingerprint", "copy_of")
_CRASH_ENV = "NEWSDESK_TEST_CRASH_AT_WRITE"  # test-only fault hook: exit at the Nth store write (tests/test_faults.py)


@dataclass
class RepairReport:
    """What `Store.repair` did: chunks removed, and articles whose chunks are missing (to rebuild)."""

    removed_chunks: int = 0
    incomplete: list[str] = field(default_factory=list)
    checked: str = "none"  # "none" (nothing to do), "marked" (articles of interrupted writes) or "all"


def _crash_point(raw: str) -> tuple[int, float | None] | None:
    """(write number, delay in ms or None) from the test-only NEWSDESK_TEST_CRASH_AT_WRITE ("N" or "N:MS")."""
    if not raw.strip():
        return None
    n, _, ms = raw.partition(":")
    return int(n), float(ms) if ms else None


def _version(meta: dict) -> str:
    """The version a record or chunk belongs to; stores written before versions used the content hash."""
    return meta.get("version") or meta.get("content_hash") or ""


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
        quotes=meta.get("quotes", ""),
    )


def also_in(copies: Sequence[Article]) -> list[dict]:
    """The `also_in` entries of a story's copies, earliest first."""
    ordered = sorted(copies, key=lambda a: (a.date or "9999", a.ingested_at))
    return [{"source": a.source, "url": a.url, "date": a.date, "article_id": a.article_id} for a in ordered]


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
        self._hashes: tuple[str, dict[str, str]] | None = None  # (token, article_id -> version)
        self._writes = 0
        self._crash_at = _crash_point(os.environ.get(_CRASH_ENV, ""))  # None (always, outside the fault tests): inert

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
        self._write("bump")
        self._col("meta").upsert(ids=[_CHANGE_ID], documents=[token], embeddings=[[1.0]], metadatas=[{"kind": "change"}])

    # -- writes: fault hook and markers --------------------------------------------------------
    def _write(self, what: str) -> None:
        """Count a store write. Test-only fault hook, inert unless NEWSDESK_TEST_CRASH_AT_WRITE is set: "N" kills
        this process (SIGKILL, as a crash or power cut would) just before its Nth write, "N:MS" MS milliseconds
        into it, while Chroma is writing."""
        self._writes += 1
        if not self._crash_at or self._writes != self._crash_at[0]:
            return
        print(f"[fault test] killing this process at store write {self._writes} ({what})", file=sys.stderr, flush=True)
        if self._crash_at[1] is None:
            os.kill(os.getpid(), signal.SIGKILL)
        threading.Timer(self._crash_at[1] / 1000, os.kill, (os.getpid(), signal.SIGKILL)).start()

    def _begin(self, article_ids: Sequence[str]) -> str:
        """Note, before writing, which articles this write touches: repair looks there if it never ends."""
        marker = f"write:{uuid.uuid4().hex}"
        self._write("marker")
        self._col("meta").upsert(
            ids=[marker], documents=[json.dumps(list(article_ids))], embeddings=[[1.0]], metadatas=[{"kind": "write", "started": time.time()}]
        )
        return marker

    def _end(self, marker: str) -> None:
        self._write("marker done")
        self._col("meta").delete(ids=[marker])

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

    def get_articles(self, article_ids: Sequence[str]) -> list[Article]:
        """These articles' records (without text), in one read; ids not stored are left out."""
        if not article_ids:
            return []
        got = self._col("articles").get(ids=list(article_ids), include=["metadatas"])
        return [_article_from(i, m) for i, m in zip(got["ids"], got["metadatas"], strict=False)]

    def find_by_hash(self, content_hash: str) -> Article | None:
        got = self._col("articles").get(where={"content_hash": content_hash}, include=["metadatas"], limit=1)
        return _article_from(got["ids"][0], got["metadatas"][0]) if got["ids"] else None

    def list_articles(self) -> list[Article]:
        """Every story (without text), most recently added first, each with `also_in`: the other outlets' copies."""
        arts = self.records()
        copies: dict[str, list[Article]] = {}
        for a in arts:
            if a.copy_of:
                copies.setdefault(a.copy_of, []).append(a)
        stories = [a for a in arts if not a.copy_of]
        for story in stories:
            story.also_in = also_in(copies.get(story.article_id, []))
        return sorted(stories, key=lambda a: (a.ingested_at, a.date), reverse=True)

    def article_ids(self) -> set[str]:
        """The ids of every article record, copies included (one read of ids only: cheap)."""
        return {i for (i,) in self._get_all("articles", [], page=_ID_PAGE)}

    def records(self, written_since: float | None = None) -> list[Article]:
        """Article records (without text, copies included), all or those written at or after `written_since`.

        Every record this code writes carries the time it was written (`written_at`, the writer's clock, taken
        after its write marker and just before the record is stored); records of older versions have none and
        only come with all of them."""
        where = None if written_since is None else {"written_at": {"$gte": float(written_since)}}
        return [_article_from(i, m) for i, m in self._get_all("articles", ["metadatas"], where=where)]

    def writes_in_progress(self) -> list[float]:
        """When each write that has begun and not ended began (its marker's time; the writer's clock)."""
        return [float(m.get("started") or 0) for _, m in self._get_all("meta", ["metadatas"], where={"kind": "write"})]

    def cache_stamp(self, name: str) -> str:
        """The stamp a cache kept beside the store (e.g. the saved copy index) last left here, or ''."""
        got = self._col("meta").get(ids=[f"cache:{name}"], include=["documents"])
        return (got["documents"][0] or "") if got["ids"] else ""

    def set_cache_stamp(self, name: str, value: str) -> None:
        """Leave a cache's stamp in the store (not a change of the articles: the change token stays)."""
        self._col("meta").upsert(ids=[f"cache:{name}"], documents=[value], embeddings=[[1.0]], metadatas=[{"kind": "cache"}])

    def count(self) -> int:
        """How many stories (an outlet's copy of a story is not counted again)."""
        return self._col("articles").count() - len(self._col("articles").get(where={"is_copy": True}, include=[])["ids"])

    def also_in_of(self, article_ids: Sequence[str]) -> dict[str, list[dict]]:
        """The `also_in` entries of these stories (only those other outlets also carried), in one read."""
        if not article_ids:
            return {}
        got = self._col("articles").get(where={"copy_of": {"$in": list(article_ids)}}, include=["metadatas"])
        copies: dict[str, list[Article]] = {}
        for i, m in zip(got["ids"], got["metadatas"], strict=False):
            copies.setdefault(m["copy_of"], []).append(_article_from(i, m))
        return {aid: also_in(group) for aid, group in copies.items()}

    def copies_of(self, article_id: str) -> list[Article]:
        """The other outlets' copies of a story (with their text), earliest first."""
        got = self._col("articles").get(where={"copy_of": article_id}, include=["metadatas", "documents"])
        copies = [_article_from(i, m, d or "") for i, m, d in zip(got["ids"], got["metadatas"], got["documents"], strict=False)]
        return sorted(copies, key=lambda a: (a.date or "9999", a.ingested_at))

    def put_copies(self, copies: Sequence[Article], story_id: str) -> None:
        """Store (or re-point) other outlets' copies of the story `story_id`: records with their text, no chunks."""
        if not copies:
            return
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        for a in copies:
            a.copy_of, a.chunks = story_id, 0
            a.ingested_at = a.ingested_at or now
            a.version = "copy-" + version_of(a)  # no chunk carries it: a copy is never searched itself
        marker = self._begin([a.article_id for a in copies])
        self._write("copies")
        stamp = {"is_copy": True, "written_at": time.time()}
        self._col("articles").upsert(ids=[a.article_id for a in copies], documents=[a.text for a in copies],
                                     metadatas=[{**self._article_meta(a), **stamp} for a in copies], embeddings=[[1.0]] * len(copies))
        self._write("old chunks")
        self._col("chunks").delete(where={"article_id": {"$in": [a.article_id for a in copies]}})  # a story turned copy
        self._bump()
        self._end(marker)

    def put(self, article: Article, chunks: Sequence[Chunk], embeddings: Any) -> None:
        """Store (or replace) one article with its chunks; chunks first, the article record last."""
        self.put_many([(article, list(chunks))], embeddings)

    def put_many(self, items: Sequence[tuple[Article, list[Chunk]]], embeddings: Any) -> None:
        """Store several articles; `embeddings` has one row per chunk, in order.

        Order: marker, new chunks, article records, old chunks deleted, change token, marker removed."""
        if not items:
            return
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        started = time.time()
        ids, docs, metas = [], [], []
        for article, chunks in items:
            article.chunks = len(chunks)
            article.ingested_at = article.ingested_at or now
            article.version = version_of(article)
            for c in chunks:
                c.chunk_id = chunk_key(article.article_id, article.version, c.n)
                ids.append(c.chunk_id)
                docs.append(c.text)
                metas.append({**self._chunk_meta(article, c), "written_at": started})
        vectors = [list(map(float, row)) for row in embeddings]
        chunks_col = self._col("chunks")
        marker = self._begin([a.article_id for a, _ in items])
        for i in range(0, len(ids), _PAGE):
            self._write("chunks")
            chunks_col.upsert(
                ids=ids[i : i + _PAGE], documents=docs[i : i + _PAGE], metadatas=metas[i : i + _PAGE], embeddings=vectors[i : i + _PAGE]
            )
        self._write("articles")
        written_at = time.time()  # after the marker: records(written_since) relies on it (see there)
        self._col("articles").upsert(
            ids=[a.article_id for a, _ in items],
            documents=[a.text for a, _ in items],
            metadatas=[{**self._article_meta(a), "written_at": written_at} for a, _ in items],
            embeddings=[[1.0]] * len(items),
        )
        for article, chunks in items:  # the old version's chunks, and any beyond the new length
            stale = [
                i
                for i, m in self._get_all("chunks", ["metadatas"], where={"article_id": article.article_id})
                if (_version(m) != article.version and float(m.get("written_at") or 0) < started)
                or (_version(m) == article.version and int(m["n"]) >= len(chunks))
            ]
            if stale:
                self._write("old chunks")
                chunks_col.delete(ids=stale)
        self._bump()
        self._end(marker)

    def remove(self, article_id: str) -> bool:
        """Delete an article and all its chunks; False if there was no such article."""
        existed = bool(self._col("articles").get(ids=[article_id], include=[])["ids"])
        marker = self._begin([article_id])
        self._write("remove article")
        self._col("articles").delete(ids=[article_id])  # record first: its chunks go invisible at once
        self._write("remove chunks")
        self._col("chunks").delete(where={"article_id": article_id})
        if existed:
            self._bump()
        self._end(marker)
        return existed

    def is_complete(self, article: Article) -> bool:
        """True when every chunk of the stored version of `article` is there (a crash of old code could lose them)."""
        version = _version({"version": article.version, "content_hash": article.content_hash})
        got = {int(m["n"]) for _, m in self._get_all("chunks", ["metadatas"], where={"article_id": article.article_id}) if _version(m) == version}
        return got == set(range(article.chunks))

    # -- repair --------------------------------------------------------------------------------
    def repair(self, grace: float = 600.0, everything: bool = False) -> RepairReport:
        """Remove chunks no live article record uses, left by a crash; list articles with chunks missing.

        Without `everything`, only the articles of writes that began over `grace` seconds ago and never
        ended are looked at (cheap: run before each ingest). A chunk younger than `grace` is never
        removed: a writer in another process writes its chunks before its article record."""
        report = RepairReport()
        cutoff = time.time() - grace
        stale_markers = [
            (i, json.loads(d or "[]"))
            for i, d, m in self._get_all("meta", ["documents", "metadatas"], where={"kind": "write"})
            if float(m.get("started") or 0) < cutoff
        ]
        if not everything and not stale_markers:
            return report
        records = {i: m for i, m in self._get_all("articles", ["metadatas"])}
        if everything:
            report.checked = "all"
            chunks = list(self._get_all("chunks", ["metadatas"]))
        else:
            report.checked = "marked"
            targets = sorted({aid for _, aids in stale_markers for aid in aids})
            chunks = [row for aid in targets for row in self._get_all("chunks", ["metadatas"], where={"article_id": aid})]
            records = {aid: records[aid] for aid in targets if aid in records}
        orphans, present = [], {}
        for i, m in chunks:
            record = records.get(m["article_id"])
            if record is not None and _version(m) == _version(record):
                if int(m["n"]) < int(record.get("chunks") or 0):
                    present.setdefault(m["article_id"], set()).add(int(m["n"]))
                    continue
            if float(m.get("written_at") or 0) < cutoff:
                orphans.append(i)
        for i in range(0, len(orphans), _PAGE):
            self._write("repair")
            self._col("chunks").delete(ids=orphans[i : i + _PAGE])
        report.removed_chunks = len(orphans)
        report.incomplete = sorted(aid for aid, m in records.items() if present.get(aid, set()) != set(range(int(m.get("chunks") or 0))))
        if stale_markers:
            self._write("repair markers")
            self._col("meta").delete(ids=[i for i, _ in stale_markers])
        if orphans:
            self._bump()
        return report

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
            "version": a.version,
            "quotes": c.quotes,
        }

    # -- chunks --------------------------------------------------------------------------------
    def _get_all(self, kind: str, include: list[str], where: dict | None = None, page: int = _PAGE) -> Iterable[tuple]:
        col = self._col(kind)
        offset = 0
        while True:
            got = col.get(include=include, where=where, limit=page, offset=offset)
            if not got["ids"]:
                return
            cols = [got[k] for k in include]
            yield from zip(got["ids"], *cols, strict=False)
            if len(got["ids"]) < page:
                return
            offset += page

    def article_hashes(self, token: str | None = None) -> dict[str, str]:
        """article_id -> version of every stored article (cached per change token; pass the token if just read).

        Only chunks of that version are shown: an interrupted write's chunks stay hidden."""
        token = self.change_token() if token is None else token
        if self._hashes is None or self._hashes[0] != token:
            self._hashes = (token, {i: _version(m) for i, m in self._get_all("articles", ["metadatas"])})
        return self._hashes[1]

    def all_chunks(self, token: str | None = None) -> list[Chunk]:
        """Every chunk of every complete article, in (article, n) order: the lexical index's input."""
        hashes = self.article_hashes(token)
        out = [
            _chunk_from(i, d, m)
            for i, d, m in self._get_all("chunks", ["documents", "metadatas"])
            if hashes.get(m["article_id"]) == _version(m)
        ]
        out.sort(key=lambda c: (c.article_id, c.n))
        return out

    def chunks_of(self, article_id: str) -> list[Chunk]:
        got = list(self._get_all("chunks", ["documents", "metadatas"], where={"article_id": article_id}))
        return sorted((_chunk_from(i, d, m) for i, d, m in got), key=lambda c: c.n)

    def chunk_vectors(self, chunk_ids: Sequence[str]) -> dict[str, Any]:
        """The stored embeddings of these chunks (numpy float32), by chunk id; ids not stored are left out."""
        import numpy as np

        if not chunk_ids:
            return {}
        got = self._col("chunks").get(ids=list(chunk_ids), include=["embeddings"])
        return {i: np.asarray(e, dtype=np.float32) for i, e in zip(got["ids"], got["embeddings"], strict=False)}

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
            if hashes.get(m["article_id"]) != _version(m):
                continue
            hits.append(Hit(_chunk_from(i, d, m), score=1.0 - float(dist), rank=len(hits) + 1))
        return hits

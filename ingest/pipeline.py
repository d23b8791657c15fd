"""The ingestion pipeline: load → clean → extract_metadata → split_sentences → chunk → embed → upsert."""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Sequence

from ingest import copy_cache
from ingest.chunk import chunk_spans
from ingest.clean import clean_text
from ingest.copy_cache import Snapshot
from ingest.dedup import Copy, CopyIndex, Fingerprint, fingerprint, is_newer_version, pick_original, site
from ingest.load import Loaded, expand, load
from ingest.metadata import article_id_for, content_hash, fallback_title, split_headline
from ingest.speakers import attribute, quotes_json
from store.cache import cache_dir
from store.errors import NewsdeskError, StoreUnavailable, UnreadableArticle
from store.models import Article, Chunk, chunk_key, version_of
from store.settings import Settings
from store.store import RepairReport, Store
from store.text import figures, normalize_date, split_sentences

log = logging.getLogger("newsdesk.ingest")
Progress = Callable[[int, int], None]  # (articles done, articles in all)
FLUSH_CHUNKS = 512  # chunks embedded and written together
STICKY = ("title", "date", "source", "author")  # corrections that stay until corrected again


@dataclass(frozen=True)
class Overrides:
    """Metadata given by the person (CLI flags, app fields); wins over what was found."""

    title: str = ""
    date: str = ""
    source: str = ""
    url: str = ""
    author: str = ""


@dataclass
class Prepared:
    origin: str
    article: Article
    chunks: list[Chunk]


@dataclass
class IngestReport:
    """What happened to each source: added, updated, unchanged (duplicates too) or failed."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)  # {"path", "article_id": the one it duplicates}
    failed: list[dict] = field(default_factory=list)  # {"path", "error"}
    titles: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "failed": self.failed,
        }

    @property
    def ok(self) -> bool:
        return not self.failed


def extract_metadata(loaded: Loaded, text: str, overrides: Overrides) -> tuple[dict, str]:
    """(metadata, body): found metadata, a plain text's headline and byline, then the overrides on top."""
    meta = dict(loaded.meta)
    body = text
    if loaded.plain:
        headline, author, body = split_headline(text)
        if headline and not meta.get("title"):
            meta["title"] = headline
        elif headline and headline.strip().lower() != str(meta.get("title", "")).strip().lower():
            body = text  # not the headline of this article: keep it as text
        if author and not meta.get("author"):
            meta["author"] = author
    for key in ("title", "date", "source", "url", "author"):
        value = getattr(overrides, key)
        if value:
            meta[key] = value
    meta["date"] = normalize_date(meta.get("date", ""))
    meta["title"] = str(meta.get("title") or fallback_title(body)).strip()
    return meta, body


def prepare(loaded: Loaded, overrides: Overrides, count_tokens: Callable[[Sequence[str]], list[int]], max_tokens: int) -> Prepared:
    """Clean, describe and chunk one loaded article (no model call: sizes use the tokenizer only)."""
    cleaned = clean_text(loaded.text)
    meta, body = extract_metadata(loaded, cleaned, overrides)
    if len(body.split()) < 5:
        raise UnreadableArticle(f"{loaded.origin} has no article text left after cleaning (only {len(body.split())} words).")
    digest = content_hash(body)
    article = Article(
        article_id=article_id_for(meta.get("url", ""), loaded.path, digest),
        title=meta["title"],
        source=str(meta.get("source", "")),
        url=str(meta.get("url", "")),
        date=meta["date"],
        author=str(meta.get("author", "")),
        path=loaded.path,
        text=body,
        content_hash=digest,
        overridden=",".join(k for k in STICKY if getattr(overrides, k)),
        fingerprint=fingerprint(body).to_str(),
    )
    return Prepared(loaded.origin, article, chunk_article(article, count_tokens, max_tokens))


def chunk_article(article: Article, count_tokens: Callable[[Sequence[str]], list[int]], max_tokens: int) -> list[Chunk]:
    """The chunks of an article's cleaned text; their ids carry the article's version (DESIGN.md)."""
    body = article.text
    article.version = version_of(article)
    spans = chunk_spans(body, split_sentences(body), count_tokens, max_tokens)
    quotes = attribute(body)  # who said what: each chunk keeps the quotes that overlap it
    return [
        Chunk(chunk_key(article.article_id, article.version, n), article.article_id, n, body[s.start : s.end], s.start, s.end,
              article.title, article.source, article.url, article.date, quotes_json(quotes, s.start, s.end))
        for n, s in enumerate(spans)
    ]


def known_outlet(article: Article) -> bool:
    """Copies are about outlets: an article that names none (a person's own file) is never taken for one."""
    return bool(article.source or site(article.url))


def same_figures(a: str, b: str) -> bool:
    """No figure in one text contradicts the other: each has no number the other lacks, or only one side
    adds some (a cut or added paragraph). A copy that changes a figure is another outlet's own report,
    kept as a story of its own so that the reports' difference can be seen."""
    fa, fb = figures(a), figures(b)
    return not (fa - fb) or not (fb - fa)


def embedding_input(chunk: Chunk) -> str:
    """What the model reads for a chunk: the chunk text alone (stored text stays verbatim)."""
    return chunk.text


class Ingestor:
    """Adds articles to a Store: classifies each (new, edited, unchanged, duplicate), embeds and writes."""

    def __init__(self, store: Store, settings: Settings):
        self.store = store
        self.settings = settings
        self._copies: Snapshot | None = None  # fingerprints of the stories, as of a change token
        self._batch: dict[str, Article] = {}  # stories of the batch being added, not all written yet
        self._after_write: list[tuple[str, str, bool]] = []  # (old story, new story, replaced): the old goes or becomes a copy

    def _copy_index(self) -> CopyIndex:
        """Fingerprints of every story, to find another outlet's copy: the saved index brought up to date
        with what any process changed since (ingest/copy_cache.py). A copy: the batch adds its own stories."""
        settings = getattr(self.store, "settings", None)  # set by Store.open; a bare Store keeps it in memory only
        self._copies = copy_cache.sync(self.store, self._copies, cache_dir(settings, copy_cache.NAME) if settings is not None else None)
        return self._copies.index.copy()

    def remove(self, article_id: str) -> bool:
        """Remove an article. A story another outlet also carried stays: its earliest copy takes its place."""
        article = self.store.get_article(article_id, with_text=False)
        copies = self.store.copies_of(article_id) if article and not article.copy_of else []
        if copies:
            heir, rest = copies[0], copies[1:]
            heir.copy_of = ""
            chunks = chunk_article(heir, self._count_tokens, self.settings.chunk_tokens)
            self.store.put_many([(heir, chunks)], self.store.embedder.embed([embedding_input(c) for c in chunks]))  # the heir first
            self.store.put_copies(rest, heir.article_id)
        return self.store.remove(article_id)

    def _count_tokens(self, texts: Sequence[str]) -> list[int]:
        counter = getattr(self.store.embedder, "count_tokens_many", None)
        return counter(texts) if counter else [self.store.embedder.count_tokens(t) for t in texts]

    def add(self, sources: Sequence[str], overrides: Overrides = Overrides(), progress: Progress | None = None) -> IngestReport:
        """Add files, folders and URLs; each bad one fails alone, the rest land."""
        items = expand(list(sources))
        return self._run([(src, None) for src in items], overrides, progress)

    def add_text(self, text: str, overrides: Overrides = Overrides(), origin: str = "pasted text") -> IngestReport:
        """Add pasted text; its identity is its URL when given, else its content."""
        from ingest.load import from_text

        def loader() -> Loaded:
            size = len(text.encode("utf-8", "surrogatepass"))
            if size > self.settings.max_input_bytes:
                raise UnreadableArticle(
                    f"The {origin} is {size:,} bytes, over the {self.settings.max_input_bytes:,}-byte limit (NEWSDESK_MAX_INPUT_BYTES)."
                )
            return from_text(text, origin)

        return self._run([(origin, loader)], overrides, None)

    def repair(self, everything: bool = False, grace: float | None = None) -> RepairReport:
        """Remove what interrupted writes left in the store and rebuild articles whose chunks are missing."""
        report = self.store.repair(self.settings.repair_grace if grace is None else grace, everything)
        rebuilt = []
        for aid in report.incomplete:
            article = self.store.get_article(aid)
            if article is None or not article.text.strip():
                continue
            chunks = chunk_article(article, self._count_tokens, self.settings.chunk_tokens)
            self.store.put_many([(article, chunks)], self.store.embedder.embed([embedding_input(c) for c in chunks]))
            rebuilt.append(aid)
        report.incomplete = rebuilt
        return report

    def _run(self, items: list[tuple[str, Callable[[], Loaded] | None]], overrides: Overrides, progress: Progress | None) -> IngestReport:
        report = IngestReport()
        seen_hashes: dict[str, str] = {}  # content_hash -> article_id, within this batch
        self._index, self._batch = self._copy_index(), {}  # one index for the batch: its own stories join it as they come
        pending: list[Prepared] = []
        writing: Future | None = None
        # A worker embeds and writes one flush while this thread loads, cleans and chunks the next
        # (ONNX Runtime and Chroma release the GIL).
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsdesk-write") as writer:
            for done, (origin, loader) in enumerate(items, 1):
                prepared = self._prepare_one(origin, loader, overrides, report)
                if prepared and self._is_new(prepared, report, seen_hashes):
                    pending.append(prepared)
                # Embed many chunks per flush: full, length-sorted batches and one Chroma write.
                if pending and (sum(len(p.chunks) for p in pending) >= FLUSH_CHUNKS or done == len(items)):
                    if writing:
                        writing.result()  # one flush in flight at a time; its errors surface here
                    writing = writer.submit(self._embed_and_write, pending)
                    pending = []
                if progress:
                    progress(done, len(items))
            if writing:
                writing.result()
        self._settle_stories()
        return report

    def _settle_stories(self) -> None:
        """After the new stories are written: an older story that a newer version from its own outlet replaced
        goes; one that an earlier outlet's copy now leads becomes a copy. Its copies follow the new story."""
        for old_id, new_id, replaced in self._after_write:
            old = self.store.get_article(old_id)
            if old is None or self.store.get_article(new_id, with_text=False) is None:
                continue  # gone meanwhile, or the new one was not written: leave the story as it is
            followers = self.store.copies_of(old_id)
            if replaced:
                self.store.put_copies(followers, new_id)
                self.store.remove(old_id)
            else:
                self.store.put_copies([old, *followers], new_id)
        self._after_write = []

    def _embed_and_write(self, pending: list[Prepared]) -> None:
        vectors = self.store.embedder.embed([embedding_input(c) for p in pending for c in p.chunks])
        self.store.put_many([(p.article, p.chunks) for p in pending], vectors)

    def _prepare_one(self, origin: str, loader: Callable[[], Loaded] | None, overrides: Overrides, report: IngestReport) -> Prepared | None:
        try:
            loaded = loader() if loader else load(origin, self.settings)
            return prepare(loaded, overrides, self._count_tokens, self.settings.chunk_tokens)
        except StoreUnavailable:
            raise
        except NewsdeskError as exc:
            report.failed.append({"path": origin, "error": str(exc)})
        except Exception as exc:  # a bug or a library's surprise: this source fails, the batch goes on
            log.debug("unexpected error on %s", origin, exc_info=True)
            report.failed.append({"path": origin, "error": f"{origin} could not be read ({type(exc).__name__}: {exc})."})
        return None

    @staticmethod
    def _keep_corrections(art: Article, existing: Article) -> None:
        """Fields the person corrected earlier keep their value unless corrected again now."""
        given = set(filter(None, art.overridden.split(",")))
        kept = [k for k in filter(None, existing.overridden.split(",")) if k in STICKY and k not in given]
        for key in kept:
            setattr(art, key, getattr(existing, key))
        if kept:
            art.overridden = ",".join(k for k in STICKY if k in given or k in kept)
            art.version = version_of(art)

    def _join_story(self, p: Prepared, story: Article, similarity: float, report: IngestReport, seen: dict[str, str]) -> bool:
        """`p` tells the story `story` tells. A newer version from the same outlet replaces it; a copy from
        another outlet joins it as a copy (stored once, its outlet kept), unless it came out earlier: then it
        leads the story and the stored one becomes its copy. True when `p` must be written as a story."""
        art = p.article
        new = Copy(art.source, art.url, art.date, art.article_id)
        old = Copy(story.source, story.url, story.date, story.article_id)
        if is_newer_version(new, old, similarity):
            self._after_write.append((story.article_id, art.article_id, True))
            seen[art.content_hash] = art.article_id
            report.updated.append(art.article_id)
            return True
        original, _ = pick_original([old, new])
        if original is new and art.date and story.date and art.date < story.date:
            self._after_write.append((story.article_id, art.article_id, False))
            seen[art.content_hash] = art.article_id
            report.added.append(art.article_id)
            return True
        self.store.put_copies([art], story.article_id)
        report.unchanged.append(story.article_id)
        report.duplicates.append({"path": p.origin, "article_id": story.article_id})
        return False

    def _is_new(self, p: Prepared, report: IngestReport, seen: dict[str, str]) -> bool:
        """Record what this article is (added, updated, unchanged, duplicate, or failed when another source in
        this batch claimed the same identity); True if it must be written. A correction (new title, date,
        outlet...) with the same text is an update; so is an article whose chunks a crash of old code lost."""
        art = p.article
        art.version = art.version or version_of(art)
        claimed = seen.get("id:" + art.article_id)  # "version origin" of the first source with this identity
        if claimed is not None:
            version, first = claimed.split(" ", 1)
            if version == art.version:  # the same source (or the same article) given twice in one batch
                report.unchanged.append(art.article_id)
            else:
                report.failed.append({"path": p.origin, "error": (
                    f"{p.origin} is the same article ({art.url or art.path or art.article_id}) as {first}, added in this batch, "
                    "with other text or metadata; only the first is kept. Add it on its own to update that article, "
                    "or give it its own --url."
                )})
            return False
        seen["id:" + art.article_id] = f"{art.version} {p.origin}"
        report.titles[art.article_id] = art.title
        existing = self.store.get_article(art.article_id, with_text=False)
        if existing and existing.copy_of:  # stored as another outlet's copy of a story
            if existing.content_hash == art.content_hash:
                report.unchanged.append(existing.copy_of)
                report.duplicates.append({"path": p.origin, "article_id": existing.copy_of})
                return False
            existing = None  # its text changed: decide again whether it is still a copy
        if existing:
            self._keep_corrections(art, existing)
        if existing and (existing.version or version_of(existing)) == art.version and self.store.is_complete(existing):
            report.unchanged.append(art.article_id)
            return False
        other_id = seen.get(art.content_hash)
        if other_id is None:
            twin = self.store.find_by_hash(art.content_hash)
            other_id = (twin.copy_of or twin.article_id) if twin and twin.article_id != art.article_id else None
        if other_id and other_id != art.article_id:
            story = self.store.get_article(other_id, with_text=False)
            if story is not None and story.source and art.source and story.source != art.source:
                return self._join_story(p, story, 1.0, report, seen)
            report.unchanged.append(other_id)
            report.duplicates.append({"path": p.origin, "article_id": other_id})
            return False
        if not existing and art.fingerprint:  # another outlet's copy of a stored story, or a newer version of it
            match = self._index.match(Fingerprint.from_str(art.fingerprint), exclude=[art.article_id])
            story = (self._batch.get(match[0]) or self.store.get_article(match[0])) if match else None
            if story is not None and not story.copy_of and known_outlet(art) and known_outlet(story) and same_figures(art.text, story.text):
                return self._join_story(p, story, match[1], report, seen)
        seen[art.content_hash] = art.article_id
        if art.fingerprint:
            self._index.add(art.article_id, Fingerprint.from_str(art.fingerprint))
            self._batch[art.article_id] = art
        (report.updated if existing else report.added).append(art.article_id)
        if existing:
            art.ingested_at = ""  # replaced now
        return True

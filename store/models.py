"""Small value objects the rest of the code passes around instead of Chroma's result dicts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass
class Article:
    """One article: cleaned text plus metadata. `text` is empty in listings."""

    article_id: str
    title: str
    source: str = ""
    url: str = ""
    date: str = ""  # ISO YYYY-MM-DD, or "" when unknown
    author: str = ""
    path: str = ""
    text: str = ""
    content_hash: str = ""
    chunks: int = 0
    ingested_at: str = ""
    version: str = ""  # content and metadata together (see version_of); chunks carry it too
    overridden: str = ""  # fields the person set (--title, --date, --source, --author), comma-separated: they stick
    fingerprint: str = ""  # MinHash of the text (ingest/dedup.py): finds another outlet's copy of the same story
    copy_of: str = ""  # a copy: the article_id of the story it copies (stored once, without chunks of its own)
    also_in: list[dict] = field(default_factory=list)  # listings: the other outlets' copies {"source", "url", "date", "article_id"}

    def listing(self) -> dict:
        """The `ingest list --json` record (DESIGN.md)."""
        return {
            "article_id": self.article_id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "date": self.date,
            "author": self.author,
            "path": self.path,
            "chunks": self.chunks,
            "ingested_at": self.ingested_at,
            "also_in": self.also_in,
        }


def version_of(article: Article) -> str:
    """A short hash of the article's text and metadata: a correction (new title, date, outlet) is a new version."""
    key = "\x1f".join((article.content_hash, article.title, article.source, article.url, article.date, article.author))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def chunk_key(article_id: str, version: str, n: int) -> str:
    """A chunk's id: the article, the chunk's number and the version, so a new version never overwrites the old."""
    return f"{article_id}:{n}:{version}"


@dataclass
class Chunk:
    """A passage of an article: `text == article.text[start:end]`."""

    chunk_id: str
    article_id: str
    n: int
    text: str
    start: int
    end: int
    title: str = ""
    source: str = ""
    url: str = ""
    date: str = ""
    quotes: str = ""  # JSON: the quoted and reported words in this chunk with their speakers (ingest/speakers.py)


@dataclass
class Hit:
    """A chunk found by a search, with its score (higher is better) and 1-based rank."""

    chunk: Chunk
    score: float
    rank: int = 0
    extra: dict = field(default_factory=dict)

"""Small value objects the rest of the code passes around instead of Chroma's result dicts."""

from __future__ import annotations

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

    def listing(self) -> dict:
        """The `ingest list --json` record (DESIGN.md)."""
        return {
            "article_id": self.article_id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "date": self.date,
            "path": self.path,
            "chunks": self.chunks,
            "ingested_at": self.ingested_at,
        }


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


@dataclass
class Hit:
    """A chunk found by a search, with its score (higher is better) and 1-based rank."""

    chunk: Chunk
    score: float
    rank: int = 0
    extra: dict = field(default_factory=dict)

"""The article listing, saved beside an embedded store with the change token it was read at, so
`python -m ingest list` answers without importing Chroma (~0.4 s of a ~0.6 s command on 2 cores).

The token is read straight from Chroma's SQLite file, read-only; anything unexpected there (another
Chroma schema, a locked file, server mode) means "no snapshot", and the caller reads Chroma itself."""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from pathlib import Path

from store.settings import Settings

_FORMAT = 2  # listings carry author and also_in
_TOKEN_SQL = """
SELECT em.string_value FROM collections c
JOIN segments s ON s.collection = c.id
JOIN embeddings e ON e.segment_id = s.id
JOIN embedding_metadata em ON em.id = e.id
WHERE c.name = ? AND e.embedding_id = ? AND em.key = 'chroma:document'
"""


def _snapshot_path(settings: Settings) -> Path:
    return settings.data_dir / f"library-{settings.collection}.json"


def read_token(settings: Settings) -> str | None:
    """The store's change token read from Chroma's SQLite file, or None when it cannot be read that way."""
    if settings.chroma_url:
        return None
    db = settings.chroma_path / "chroma.sqlite3"
    if not db.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return None
    try:
        rows = conn.execute(_TOKEN_SQL, (f"{settings.collection}_meta", "change")).fetchall()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return rows[0][0] if len(rows) == 1 and isinstance(rows[0][0], str) else None


def cached_listing(settings: Settings) -> list[dict] | None:
    """The saved listing if the store has not changed since it was saved, else None."""
    token = read_token(settings)
    if token is None:
        return None
    try:
        saved = json.loads(_snapshot_path(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(saved, dict) or saved.get("format") != _FORMAT or saved.get("token") != token:
        return None
    return saved.get("articles")


def save_listing(settings: Settings, token: str, articles: list[dict]) -> None:
    """Save a listing read after `token` (read first, so a concurrent change leaves it stale, never wrong)."""
    if settings.chroma_url or not token:
        return
    path = _snapshot_path(settings)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    try:
        tmp.write_text(json.dumps({"format": _FORMAT, "token": token, "articles": articles}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only data folder: listing stays correct, only slower
    finally:
        tmp.unlink(missing_ok=True)

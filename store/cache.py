"""Where caches kept beside a store live (the saved BM25 index, the saved copy index)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from store.settings import Settings


def cache_dir(settings: Settings, kind: str) -> Path:
    """data_dir/<kind>/<this store>: the embedded store's collection, or a key of the server and collection."""
    if settings.chroma_url:
        key = hashlib.sha256(f"{settings.chroma_url}|{settings.collection}".encode()).hexdigest()[:16]
        return settings.data_dir / kind / f"server-{key}"
    return settings.data_dir / kind / f"embedded-{settings.collection}"

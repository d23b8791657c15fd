"""Opening Chroma: the embedded PersistentClient by default, an HttpClient when a URL is set."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from store.errors import StoreUnavailable
from store.settings import Settings


def connect(settings: Settings) -> Any:
    """A Chroma client for these settings; raises StoreUnavailable with a message naming where."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise StoreUnavailable(f"NEWSDESK_CHROMA_URL={settings.chroma_url!r} is not an http(s)://host:port URL.")
        headers = {"Authorization": f"Bearer {settings.chroma_token}"} if settings.chroma_token else None
        try:
            client = chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 80),
                ssl=url.scheme == "https",
                headers=headers,
                settings=chroma_settings,
            )
            client.heartbeat()
        except Exception as exc:  # chromadb raises several kinds; all mean "cannot reach"
            raise StoreUnavailable(
                f"Cannot reach the Chroma server at {settings.chroma_url} ({type(exc).__name__}: {exc}). "
                "Is it running (chroma run --path DIR --port P) and is the token right?"
            ) from None
        return client
    try:
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    except Exception as exc:
        raise StoreUnavailable(
            f"Cannot open the Chroma store in {settings.chroma_path} ({type(exc).__name__}: {exc}). "
            "Check that the folder is writable and not a file, or set NEWSDESK_DATA_DIR."
        ) from None


def forget_cached_systems() -> None:
    """Drop Chroma's per-path cache so a new embedded client sees other processes' vectors (DESIGN.md traps)."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()

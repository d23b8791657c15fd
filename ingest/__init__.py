"""Newsdesk ingestion: files, folders, URLs and pasted text become cleaned, chunked, embedded articles.

The names below are imported on first use (PEP 562), so `python -m ingest list` and `--help` stay light."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ingest.pipeline import Ingestor, IngestReport, Overrides, prepare

__all__ = ["IngestReport", "Ingestor", "Overrides", "prepare"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from ingest import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'ingest' has no attribute {name!r}")

"""Newsdesk ingestion: files, folders, URLs and pasted text become cleaned, chunked, embedded articles."""

from ingest.pipeline import Ingestor, IngestReport, Overrides, prepare

__all__ = ["IngestReport", "Ingestor", "Overrides", "prepare"]

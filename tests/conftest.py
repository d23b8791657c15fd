"""Real parts only: the bundled model (loaded once per session) and a real Chroma in a temp dir."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def embedder():
    from store.embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> Path:
    """Every test gets its own NEWSDESK_DATA_DIR; no NEWSDESK_* from the outside leaks in."""
    for key in list(os.environ):
        if key.startswith("NEWSDESK_"):
            monkeypatch.delenv(key)
    path = tmp_path / "data"
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(path))
    return path


@pytest.fixture
def settings(data_dir):
    from store.settings import Settings

    return Settings.from_env()


@pytest.fixture
def store(settings, embedder):
    from store.store import Store

    return Store.open(settings, embedder)


@pytest.fixture
def ingestor(store, settings):
    from ingest.pipeline import Ingestor

    return Ingestor(store, settings)

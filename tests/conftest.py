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
def newsdesk(settings, embedder):
    """Newsdesk as qa.services.build assembles it, on this test's data folder and the shared model."""
    from qa.services import build

    return build(settings, embedder)


@pytest.fixture
def store(newsdesk):
    return newsdesk.store


@pytest.fixture
def ingestor(newsdesk):
    return newsdesk.ingestor


@pytest.fixture
def assistant(newsdesk):
    return newsdesk.assistant

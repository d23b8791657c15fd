"""The one place that assembles Newsdesk from the settings: store + embedder, ingestor, assistant, LLM.

The CLI, the app, `qa eval`, calibration, the benchmarks and the tests all build through here, so
they answer with the same parts. Nothing heavy happens at build time: the model loads and Chroma
opens on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ingest.pipeline import Ingestor
from qa.answer import Scoring
from qa.assistant import Assistant
from store.embedder import Embedder
from store.settings import Settings
from store.store import Store

_FROM_SETTINGS: Any = object()


@dataclass
class Newsdesk:
    """The assembled parts, sharing one store and one embedder."""

    settings: Settings
    store: Store
    ingestor: Ingestor
    assistant: Assistant


def build(settings: Settings, embedder: Embedder | None = None, scoring: Scoring | None = None, llm: Any = _FROM_SETTINGS) -> Newsdesk:
    """Newsdesk for these settings. `embedder`: share one already loaded; `llm`: the LLM
    NEWSDESK_LLM names unless given (None = extractive answers)."""
    if llm is _FROM_SETTINGS:
        llm = None
        if settings.llm:
            from qa.llm import make_llm

            llm = make_llm(settings.llm)
    store = Store.open(settings, embedder)
    assistant = Assistant(store, scoring, llm=llm, llm_name=settings.llm if llm is not None else "")
    return Newsdesk(settings, store, Ingestor(store, settings), assistant)

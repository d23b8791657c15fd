"""Newsdesk question answering: hybrid retrieval and extractive answers with verbatim citations.

The names below are imported on first use (PEP 562), so `python -m qa --help` stays instant."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qa.assistant import Assistant, check_question
    from qa.models import Answer, Citation
    from store.filters import Filters

__all__ = ["Answer", "Assistant", "Citation", "Filters", "check_question"]
_HOME = {"Assistant": "qa.assistant", "check_question": "qa.assistant", "Answer": "qa.models", "Citation": "qa.models", "Filters": "store.filters"}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        import importlib

        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module 'qa' has no attribute {name!r}")

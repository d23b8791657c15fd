"""The kinds of LLM Newsdesk can use: one table (PROVIDERS) from which `make_llm`, its error message and
the CLI's help derive. Light to import: each provider's llama-index package loads only when it is built."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable

from store.errors import NewsdeskError


class LLMUnavailable(NewsdeskError):
    """The configured LLM cannot be reached or answered with an error."""


@dataclass(frozen=True)
class Provider:
    """One kind of LLM Newsdesk can use: how to write it in NEWSDESK_LLM, and how it is built."""

    form: str  # e.g. "ollama:MODEL"
    help: str
    build: Callable[[str, float], Any]  # (the part after "kind:", timeout) -> a llama-index LLM


def _ollama(rest: str, timeout: float) -> Any:
    from llama_index.llms.ollama import Ollama

    return Ollama(model=rest, base_url=os.environ.get("OLLAMA_HOST", "http://localhost:11434"), request_timeout=timeout, temperature=0.0)


def _openai_compatible(rest: str, timeout: float) -> Any:
    from llama_index.llms.openai_like import OpenAILike

    if "|" not in rest:
        raise NewsdeskError(f"openai-compatible:{rest} needs a model name after '|': openai-compatible:BASE_URL|MODEL.")
    base_url, model = rest.rsplit("|", 1)
    return OpenAILike(model=model, api_base=base_url, api_key=os.environ.get("OPENAI_API_KEY", "none"),
                      is_chat_model=True, context_window=8192, max_tokens=300, timeout=timeout, max_retries=0, temperature=0.0)


def _openai(rest: str, timeout: float) -> Any:
    from llama_index.llms.openai import OpenAI

    if not os.environ.get("OPENAI_API_KEY"):
        raise LLMUnavailable("NEWSDESK_LLM=openai:... needs OPENAI_API_KEY in the environment.")
    return OpenAI(model=rest, timeout=timeout, max_retries=1, temperature=0.0)


# The providers: `make_llm`, its error message and the CLI's help all come from this table.
PROVIDERS: dict[str, Provider] = {
    "ollama": Provider("ollama:MODEL", "a model served by Ollama (OLLAMA_HOST, default http://localhost:11434)", _ollama),
    "openai-compatible": Provider("openai-compatible:BASE_URL|MODEL", "any OpenAI-compatible server: llama.cpp, vLLM, LM Studio", _openai_compatible),
    "openai": Provider("openai:MODEL", "OpenAI's API (key from OPENAI_API_KEY)", _openai),
}


def providers_help() -> str:
    """One line per provider, for --help and error messages."""
    return "\n".join(f"  {p.form:36} {p.help}" for p in PROVIDERS.values())


def make_llm(spec: str, timeout: float = 120.0) -> Any:
    """A llama-index LLM for `spec` (see PROVIDERS); temperature 0: answers should repeat, not vary."""
    kind, _, rest = spec.partition(":")
    provider = PROVIDERS.get(kind)
    if provider is None or not rest:
        forms = ", ".join(p.form for p in PROVIDERS.values())
        raise NewsdeskError(f"NEWSDESK_LLM={spec!r} is not understood; use one of: {forms}.")
    return provider.build(rest, timeout)

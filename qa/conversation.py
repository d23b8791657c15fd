"""Follow-up questions: what the conversation so far adds to the retrieval query."""

from __future__ import annotations

import re
from typing import Sequence

_ANAPHORA = re.compile(
    r"\b(he|she|they|him|her|them|his|hers|their|it|its|this|that|these|those|there|then|the same|the other|respond(ed)?|"
    r"react(ed)?|repl(y|ied)|answer(ed)?|also|else|more|instead)\b",
    re.I,
)
_FOLLOW_UP_START = re.compile(r"^\s*(and|but|so|what about|how about|why|and why|what else|anything else)\b", re.I)
_CONTENT_WORD = re.compile(r"[A-Za-z][\w'-]{3,}")


def user_turns(history: Sequence[dict]) -> list[str]:
    return [str(t.get("content", "")) for t in history if t.get("role") == "user" and str(t.get("content", "")).strip()]


def is_follow_up(question: str, history: Sequence[dict]) -> bool:
    """A question that leans on the previous ones: pronouns, 'respond', 'what about', or very few content words."""
    if not user_turns(history):
        return False
    content = [w for w in _CONTENT_WORD.findall(question) if w.lower() not in {"what", "when", "where", "which", "does", "said", "about", "with"}]
    return bool(_ANAPHORA.search(question) or _FOLLOW_UP_START.match(question) or len(content) <= 2)


def retrieval_query(question: str, history: Sequence[dict]) -> str:
    """The question, preceded by the last user question when this one is a follow-up."""
    if is_follow_up(question, history):
        return f"{user_turns(history)[-1]} {question}"
    return question


def previously_quoted(history: Sequence[dict]) -> list[str]:
    """Texts of earlier assistant answers, so sentences already given are not simply repeated."""
    return [str(t.get("content", "")) for t in history if t.get("role") == "assistant"]

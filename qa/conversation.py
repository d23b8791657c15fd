"""Follow-up questions: what the conversation so far adds to a question.

The history a script or the app gives is only question and answer texts (an assistant turn may
carry its "citations"). What a follow-up needs is recovered from them: the subject (the earlier
questions it leans on) and the articles the last answer cited (its quotes are verbatim, so they
are matched back to their articles by the caller; see `Assistant.cited_articles`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

# Words that point back into the conversation. Strong ones (a person, "the same") always do; weak ones
# ("it", "there", "that") may point inside a question that names its own subject ("the bank's rate rise
# or its first cut"). "that" counts only where it cannot be a relative pronoun (see _POINTING_THAT).
_STRONG_ANAPHORA = re.compile(
    r"\b(he|she|they|him|her|them|his|hers|their|theirs|the same|the other|the latter|the former|"
    r"respond(ed)?|react(ed)?|repl(y|ied)|answer(ed)?)\b",
    re.I,
)
_PRONOUN = re.compile(r"he|she|him|his|her|hers", re.I)  # a person the question itself may name before
_WEAK_ANAPHORA = re.compile(r"\b(it|its|this|these|those|there|then|also|else|instead)\b", re.I)
_POINTING_THAT = re.compile(r"(^|\b(does|did|do|was|is|were|are|about|of|on|in|to|with|for|after|before|by|at|has|had|how|why|when|where|what|and|but))\s+that\b", re.I)
_FOLLOW_UP_START = re.compile(r"^\s*(and|but|what about|how about|what else|anything else)\b", re.I)
_ASKS_FOR_MORE = re.compile(r"\b(else|more|other|another|also|too|further|besides)\b", re.I)
# A name: a capitalised word that does not start the question, or a run of them.
_NAME = re.compile(r"(?<!^)(?<![.?!:]\s)\b[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")
_CONTENT_WORD = re.compile(r"[A-Za-z][\w'-]{3,}")
_QUESTION_WORDS = {"what", "when", "where", "which", "does", "said", "about", "with", "whom", "whose", "there", "have"}
# A follow-up that moves in time from what the last answer cited: "did that change later?", "two years earlier".
_LATER = re.compile(r"\b(later|afterwards|after that|since then|subsequently|in the end|eventually|finally|ultimately|by now|"
                    r"(\w+ )?(years?|months?|weeks?|days?) (later|after)|(by|in) (19|20)\d\d|the following (days?|weeks?|months?|years?))\b", re.I)
_EARLIER = re.compile(r"\b(earlier|before that|before then|previously|at first|originally|initially|(\w+ )?(years?|months?|weeks?|days?) "
                      r"(earlier|before)|(?:right|just|immediately|shortly) after the \w+|"
                      r"had (?:he|she|they|it|the \w+) (?:first )?\w+)\b", re.I)  # "What had he said right after the blast?"
_MAX_CHAIN = 3  # questions a follow-up query may carry: the one that named the subject, the one before it, its own


def user_turns(history: Sequence[dict]) -> list[str]:
    return [str(t.get("content", "")) for t in history if t.get("role") == "user" and str(t.get("content", "")).strip()]


def names(text: str) -> set[str]:
    """Capitalised names in a text, lower-cased (sentence-initial words are not names)."""
    return {m.group(0).lower() for m in _NAME.finditer(text)}


def is_follow_up(question: str, history: Sequence[dict]) -> bool:
    """A question that leans on the conversation: it starts like a continuation ("and", "what about"),
    points back at someone ("he", "the same"), names nothing of its own, or points back ("that", "it")
    without naming anything new. A question that names a subject the conversation has not had starts a
    new topic."""
    if not user_turns(history):
        return False
    if _FOLLOW_UP_START.match(question):
        return True
    own = names(question)
    said = " ".join(str(t.get("content", "")) for t in history).lower()
    anaphor = _STRONG_ANAPHORA.search(question)
    if anaphor:  # unless "he" is someone the question itself named first, whom the conversation never named
        first_name = _NAME.search(question)  # ("How did Magnus Terhaar's message differ from the way he answered …?")
        return not (_PRONOUN.fullmatch(anaphor.group(0)) and own and first_name and first_name.start() < anaphor.start()
                    and not any(re.sub(r"['’]s$", "", n) in said for n in own))
    if not own:  # "What did the court decide in the end?": whose court?
        return True
    if _WEAK_ANAPHORA.search(question) or _POINTING_THAT.search(question):
        return all(n in said for n in own)
    content = [w for w in _CONTENT_WORD.findall(question) if w.lower() not in _QUESTION_WORDS]
    return len(content) <= 1


def asks_for_more(question: str) -> bool:
    """'What else did he say?': sentences already quoted should give way to new ones."""
    return bool(_ASKS_FOR_MORE.search(question))


def time_direction(question: str) -> str:
    """'later' or 'earlier' when a follow-up asks to move in time from the last answer's reports, else ''."""
    if _LATER.search(question):
        return "later"
    if _EARLIER.search(question):
        return "earlier"
    return ""


def retrieval_query(question: str, history: Sequence[dict]) -> str:
    """The question, preceded by the subject of the conversation when it is a follow-up: the earlier
    questions of the thread it continues (the one that named the subject and the latest one), so "he" and
    "that" find their referents however many follow-ups came between."""
    chain = [question]
    turns = user_turns(history)
    while turns and is_follow_up(chain[0], [{"role": "user", "content": t} for t in turns]):
        chain.insert(0, turns.pop())
    if len(chain) > _MAX_CHAIN:  # the question that named the subject, and the most recent ones
        chain = chain[:1] + chain[-(_MAX_CHAIN - 1):]
    return " ".join(chain)


_MARKER = re.compile(r"\s*\[\d+\]")
_LEAD = re.compile(r"^(?:[^:\n]{0,160}?:\s+)")  # "According to HotNews.ro (7 December 2022): "


def quoted_pieces(answer: str) -> list[str]:
    """The verbatim quotes in an answer's text: each piece of text that ends in a [n] marker."""
    pieces = []
    for para in answer.split("\n\n"):
        for piece in re.split(r"(?<=\])\s+", para):
            if not _MARKER.search(piece):
                continue
            text = _LEAD.sub("", _MARKER.sub("", piece)).strip()
            if len(text.split()) >= 4:
                pieces.append(text)
    return pieces


@dataclass
class Context:
    """What the conversation gives the current question."""

    follow_up: bool = False
    query: str = ""  # what to search for
    last_answer: str = ""  # the previous assistant answer's text
    cited_ids: list[str] = field(default_factory=list)  # article ids the previous answer cited, when the turn carries them


def context(question: str, history: Sequence[dict]) -> Context:
    """The follow-up decision, the query and what the last answer cited, from the history alone."""
    follow = is_follow_up(question, history)
    assistants = [t for t in history if t.get("role") == "assistant"]
    last = assistants[-1] if assistants else {}
    cited = [str(c.get("article_id")) for c in last.get("citations", []) or [] if isinstance(c, dict) and c.get("article_id")]
    return Context(follow, retrieval_query(question, history) if follow else question, str(last.get("content", "")), cited)

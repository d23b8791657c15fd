"""`Assistant.ask`: a question (and the conversation so far) in, an Answer with verbatim citations out.

Steps: `gather` finds and scores the evidence (retrieval, then the candidate sentences with their
features); the calibrated gate refuses weak evidence; then the answer is composed, extractively or
by the LLM with its sentences checked.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Generator, Sequence

from ingest.clean import main_language
from qa.answer import REFUSAL, Candidate, ExtractiveAnswerer, Scoring
from qa.conversation import previously_quoted, retrieval_query, user_turns
from qa.lexical import LexicalIndex
from qa.models import Answer, AnswerStream, Passage
from qa.retrieve import Mode, Retriever
from store.errors import BadQuestion
from store.filters import Filters
from store.models import Hit
from store.store import Store

MAX_QUESTION_CHARS = 2000
NO_ARTICLES = "There are no articles yet. Add some first: python -m ingest add PATH_OR_URL (or the app's Library page)."
_LANGUAGES = {"tr": "Turkish", "ro": "Romanian", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "ru": "Russian"}


def check_question(question: str) -> str:
    """The question stripped, or BadQuestion with what to do about it."""
    question = (question or "").strip()
    if not question:
        raise BadQuestion("The question is empty: type a question about the articles.")
    if len(question) > MAX_QUESTION_CHARS:
        raise BadQuestion(f"The question is {len(question):,} characters long; keep it under {MAX_QUESTION_CHARS:,} (a sentence or two works best).")
    return question


def language_notice(question: str) -> str:
    """A note for a question that looks like another language than English, else ''."""
    language = main_language(question)
    if language != "en" and len(question.split()) >= 3:
        return f"This question looks like {_LANGUAGES.get(language, 'another language')}; the articles are searched best in English."
    return ""


@dataclass
class Evidence:
    """What `gather` found for a question: the retrieved chunks and the scored candidate sentences."""

    question: str
    query: str  # what was searched: the question, with the conversation's subject for a follow-up
    hits: list[Hit] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)  # embedded candidates with their features
    empty_store: bool = False


class Assistant:
    """Answers questions from a Store: hybrid retrieval, then an extractive (or checked LLM) answer with citations.

    Build it with `qa.services.build(settings)`, which also sets up the LLM when one is configured."""

    LLM_PASSAGES = 5  # passages an LLM reads: enough evidence, short enough for small models

    def __init__(self, store: Store, scoring: Scoring | None = None, k: int = 8, llm: Any = None, llm_name: str = ""):
        self.store = store
        self.retriever = Retriever(store)
        self.answerer = ExtractiveAnswerer(store.embedder, scoring)
        self.k = k
        self.llm = llm  # a llama-index LLM, or None for extractive answers
        self.llm_name = llm_name

    def gather(self, question: str, history: Sequence[dict] = (), filters: Filters = Filters(), mode: Mode = "hybrid") -> Evidence:
        """Retrieve for the question (and the conversation's subject) and score the candidate sentences."""
        lexical: LexicalIndex = self.retriever.sync()
        query = retrieval_query(question, history)
        if not lexical.chunks:
            return Evidence(question, query, empty_store=True)
        vectors = self.store.embedder.embed([question] if query == question else [question, query])
        hits = self.retriever.retrieve(query, vectors[-1], k=self.k, filters=filters, mode=mode)
        candidates = self.answerer.features(question, query, vectors[0], lexical, self.answerer.candidates(hits),
                                            previously_quoted(history), context_vec=vectors[-1])
        return Evidence(question, query, hits, candidates)

    def ask(self, question: str, history: Sequence[dict] = (), filters: Filters = Filters(), mode: Mode = "hybrid") -> Answer:
        """Answer `question`; `history` is the conversation so far ([{"role", "content"}, ...])."""
        return self.ask_stream(question, history, filters, mode).answer

    def ask_stream(self, question: str, history: Sequence[dict] = (), filters: Filters = Filters(), mode: Mode = "hybrid") -> AnswerStream:
        """Like `ask`, but an LLM answer's text can be read piece by piece as it streams (see AnswerStream)."""
        question = check_question(question)
        return AnswerStream(self._answer(question, history, filters, mode))

    def _answer(self, question: str, history: Sequence[dict], filters: Filters, mode: Mode) -> Generator[str, None, Answer]:
        notice = language_notice(question)
        t0 = time.perf_counter()
        evidence = self.gather(question, history, filters, mode)
        if evidence.empty_store:
            return Answer(question, NO_ARTICLES, True, timings_ms={"retrieve": 0.0, "answer": 0.0}, notice=notice)
        t1 = time.perf_counter()
        chosen = self.answerer.select(self.answerer.rank(evidence.candidates))  # the calibrated gate: weak evidence refuses, LLM or not
        passages = [Passage.from_hit(h) for h in evidence.hits]
        if not chosen:
            text = REFUSAL + (" " + notice if notice else "")
            return Answer(question, text, True, [], passages, _timings(t0, t1), notice, self.llm_name)
        if self.llm is None:
            text, citations = self.answerer.compose(question, chosen)
            return Answer(question, text, False, citations, passages, _timings(t0, t1), notice)
        from qa.llm import checked_answer, stream_answer

        llm_hits = evidence.hits[: self.LLM_PASSAGES]
        # A follow-up is asked with the question it follows, so the LLM knows what "he" or "respond" refers to.
        llm_question = question if evidence.query == question else f"Earlier question: {user_turns(history)[-1]}\nQuestion now: {question}"
        pieces = []
        for piece in stream_answer(self.llm, llm_question, llm_hits):
            pieces.append(piece)
            yield piece
        checked = checked_answer("".join(pieces), llm_hits, self.store.embedder)
        return Answer(question, checked.text, False, checked.citations, passages, _timings(t0, t1), notice, self.llm_name,
                      checked.sentences, checked.dangling, checked.written)


def _timings(t0: float, t1: float) -> dict:
    """Milliseconds spent retrieving (t0 to t1) and answering (t1 to now)."""
    return {"retrieve": round(1000 * (t1 - t0), 2), "answer": round(1000 * (time.perf_counter() - t1), 2)}

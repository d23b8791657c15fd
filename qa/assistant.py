"""`Assistant.ask`: a question (and the conversation so far) in, an Answer with verbatim citations out."""

from __future__ import annotations

import time
from typing import Any, Iterator, Sequence

from ingest.clean import main_language
from qa.answer import REFUSAL, ExtractiveAnswerer, Scoring
from qa.conversation import previously_quoted, retrieval_query, user_turns
from qa.models import Answer, Filters
from qa.retrieve import Mode, Retriever
from store.errors import BadQuestion
from store.settings import Settings
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


class Assistant:
    """Answers questions from a Store: hybrid retrieval, then an extractive (or checked LLM) answer with citations."""

    LLM_PASSAGES = 5  # passages an LLM reads: enough evidence, short enough for small models

    def __init__(self, store: Store, scoring: Scoring | None = None, k: int = 8, llm: Any = None, llm_name: str = ""):
        self.store = store
        self.retriever = Retriever(store)
        self.answerer = ExtractiveAnswerer(store.embedder, scoring)
        self.k = k
        self.llm = llm  # a llama-index LLM, or None for extractive answers
        self.llm_name = llm_name

    @classmethod
    def open(cls, settings: Settings) -> "Assistant":
        llm = None
        if settings.llm:
            from qa.llm import make_llm

            llm = make_llm(settings.llm)
        return cls(Store.open(settings), llm=llm, llm_name=settings.llm)

    def ask(self, question: str, history: Sequence[dict] = (), filters: Filters = Filters(), mode: Mode = "hybrid") -> Answer:
        """Answer `question`; `history` is the conversation so far ([{"role", "content"}, ...])."""
        answer = None
        for item in self.ask_stream(question, history, filters, mode):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None
        return answer

    def ask_stream(self, question: str, history: Sequence[dict] = (), filters: Filters = Filters(), mode: Mode = "hybrid") -> Iterator[str | Answer]:
        """Like `ask`, but an LLM answer's text is yielded as it streams; the last item is the checked Answer."""
        question = check_question(question)
        notice = ""
        language = main_language(question)
        if language != "en" and len(question.split()) >= 3:
            notice = f"This question looks like {_LANGUAGES.get(language, 'another language')}; the articles are searched best in English."
        t0 = time.perf_counter()
        lexical = self.retriever.sync()
        if not lexical.chunks:
            yield Answer(question, NO_ARTICLES, True, timings_ms={"retrieve": 0.0, "answer": 0.0}, notice=notice)
            return
        query = retrieval_query(question, history)
        vectors = self.store.embedder.embed([question] if query == question else [question, query])
        hits = self.retriever.retrieve(query, vectors[-1], k=self.k, filters=filters, mode=mode)
        t1 = time.perf_counter()
        ranked = self.answerer.score(question, query, vectors[0], lexical, self.answerer.candidates(hits), previously_quoted(history),
                                     context_vec=vectors[-1])
        chosen = self.answerer.select(ranked)  # the calibrated gate: weak evidence refuses, LLM or not
        passages = [
            {"rank": h.rank, "article_id": h.chunk.article_id, "chunk_id": h.chunk.chunk_id, "score": round(h.score, 5), "text": h.chunk.text}
            for h in hits
        ]
        if not chosen:
            text = REFUSAL + (" " + notice if notice else "")
            yield Answer(question, text, True, [], passages, _timings(t0, t1), notice, self.llm_name)
            return
        if self.llm is None:
            text, citations = self.answerer.compose(question, chosen)
            yield Answer(question, text, False, citations, passages, _timings(t0, t1), notice)
            return
        from qa.llm import checked_answer, stream_answer

        llm_hits = hits[: self.LLM_PASSAGES]
        # A follow-up is asked with the question it follows, so the LLM knows what "he" or "respond" refers to.
        llm_question = question if query == question else f"Earlier question: {user_turns(history)[-1]}\nQuestion now: {question}"
        pieces = []
        for piece in stream_answer(self.llm, llm_question, llm_hits):
            pieces.append(piece)
            yield piece
        answer = checked_answer(question, "".join(pieces), llm_hits, self.store.embedder, self.llm_name)
        answer.passages, answer.notice = passages, notice
        answer.timings_ms = _timings(t0, t1)
        yield answer


def _timings(t0: float, t1: float) -> dict:
    """Milliseconds spent retrieving (t0 to t1) and answering (t1 to now)."""
    return {"retrieve": round(1000 * (t1 - t0), 2), "answer": round(1000 * (time.perf_counter() - t1), 2)}

"""What `ask` returns: an Answer with numbered, verbatim Citations, the passages read and, for LLM
answers, each sentence's check; and the typed stream an LLM answer arrives in."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Generator, Iterator

from store.models import Hit


@dataclass
class Citation:
    """Citation n: a verbatim quote of an article, `article_text[start:end] == quote`."""

    n: int
    article_id: str
    title: str
    source: str
    date: str
    url: str
    quote: str
    start: int
    end: int
    passage: str  # the chunk the quote was found in
    passage_start: int = 0  # offset of the passage in the article text
    speaker: str | None = None  # who the article says spoke these words ("Sergey Lavrov", never "he"), or None
    direct: bool | None = None  # True: a direct quote; False: reported speech; None: no speaker found
    also_in: list[dict] = field(default_factory=list)  # other outlets that carried the same story: {"source", "url", "date"}
    author: str = ""  # the article's author, for the sources panel (not in the JSON contract)


@dataclass
class Passage:
    """A retrieved chunk as the answer reports it (`passages` in the JSON)."""

    rank: int
    article_id: str
    chunk_id: str
    score: float
    text: str

    @classmethod
    def from_hit(cls, hit: Hit) -> "Passage":
        return cls(hit.rank, hit.chunk.article_id, hit.chunk.chunk_id, round(hit.score, 5), hit.chunk.text)


@dataclass
class CheckedSentence:
    """A sentence of an LLM answer after the check: its citation numbers and whether they support it."""

    text: str  # without markers
    citations: list[int]
    supported: bool
    score: float
    marker_added: bool = False  # the check added the marker (the LLM wrote none that pointed anywhere)


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    timings_ms: dict = field(default_factory=dict)
    notice: str = ""  # a note for the reader (e.g. the question looked like another language)
    llm: str = ""  # the LLM that wrote the answer; "" for extractive answers
    sentences: list[CheckedSentence] = field(default_factory=list)  # LLM answers only
    dangling_markers: int = 0  # LLM answers: markers that pointed to no passage (removed)
    markers_written: int = 0  # LLM answers: all markers the LLM wrote

    def to_json(self) -> dict:
        """The `qa ask --json` object (DESIGN.md)."""
        out = {
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "citations": [{k: v for k, v in asdict(c).items() if k not in ("passage_start", "direct", "author")} for c in self.citations],
            "passages": [asdict(p) for p in self.passages],
            "timings_ms": self.timings_ms,
        }
        if self.notice:
            out["notice"] = self.notice
        if self.llm:
            out.update(llm=self.llm, sentences=[asdict(s) for s in self.sentences], dangling_markers=self.dangling_markers,
                       markers_written=self.markers_written)
        return out


class AnswerStream:
    """An answer on its way: iterate for the text pieces an LLM writes (none for extractive answers),
    then `.answer` is the finished, checked Answer. Reading `.answer` first runs the stream to its end."""

    def __init__(self, steps: Generator[str, None, Answer]):
        self._steps = steps
        self._answer: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        if self._answer is None:
            self._answer = yield from self._steps

    @property
    def answer(self) -> Answer:
        for _ in self:
            pass
        assert self._answer is not None, "the stream ended without an answer"
        return self._answer

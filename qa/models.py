"""What `ask` returns: an Answer with numbered, verbatim Citations."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval to these outlets and this date range (ISO dates, inclusive)."""

    sources: tuple[str, ...] = ()
    since: str = ""
    until: str = ""


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


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    passages: list[dict] = field(default_factory=list)
    timings_ms: dict = field(default_factory=dict)
    notice: str = ""  # a note for the reader (e.g. the question looked like another language)
    llm: str = ""  # the LLM that wrote the answer; "" for extractive answers
    sentences: list[dict] = field(default_factory=list)  # LLM answers: {"text", "citations", "supported", "score"}
    dangling_markers: int = 0  # LLM answers: markers that pointed to no passage (removed)
    markers_written: int = 0  # LLM answers: all markers the LLM wrote

    def to_json(self) -> dict:
        """The `qa ask --json` object (DESIGN.md)."""
        out = {
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "citations": [{k: v for k, v in asdict(c).items() if k != "passage_start"} for c in self.citations],
            "passages": self.passages,
            "timings_ms": self.timings_ms,
        }
        if self.notice:
            out["notice"] = self.notice
        if self.llm:
            out.update(llm=self.llm, sentences=self.sentences, dangling_markers=self.dangling_markers, markers_written=self.markers_written)
        return out

"""Extractive answers: the evidence sentences that answer the question, each quoted verbatim with [n]."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ingest.chunk import split_sentences
from qa.lexical import LexicalIndex
from qa.models import Citation
from store.embedder import Embedder
from store.models import Hit

REFUSAL = "The articles do not cover this: no passage answers it closely enough."
_TEMPORAL = re.compile(
    r"\b(chang(e|ed|es|ing)|over time|evolv\w*|shift\w*|since|compar\w*|differ\w*|then|now|before|after|timeline|history|trend|still|anymore|over the years)\b",
    re.I,
)
# What kind of answer the question wants, and how a sentence shows it has one.
_WANTS_NUMBER = re.compile(r"\b(how (many|much|high|long|big|far|large|old)|what (percentage|share|rate|level|number|amount|price)|by how)\b", re.I)
_HAS_NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|hundred|thousand|million|billion|dozen|half|quarter|third)\b", re.I)
_WANTS_TIME = re.compile(r"\b(when|what (year|date|day|month|time))\b", re.I)
_HAS_TIME = re.compile(
    r"\b(1[89]\d\d|20\d\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|spring|summer|autumn|winter|today|yesterday|tomorrow|week|month|year)\b",
    re.I,
)
_ENDS_SENTENCE = re.compile(r"[.!?…:\"'”’»)]$")
_WORDS = re.compile(r"\w+")


@dataclass
class Scoring:
    """Weights and thresholds, calibrated on tests/data/qa.jsonl (see docs/BENCHMARKS.md)."""

    dense: float = 0.5
    lexical: float = 0.15
    prior: float = 0.15
    answer_type: float = 0.05  # bonus when a sentence has the kind of answer asked for (a number, a time)
    refuse_below: float = 0.36  # best sentence score under this: refuse
    keep_ratio: float = 0.8  # further sentences need this share of the best score
    other_article_ratio: float = 0.75  # another article's best sentence joins at this share
    max_sentences: int = 4
    dense_budget: int = 5  # sentences embedded per question (the costly step); 5 scores as well as 14 on the set
    candidate_chunks: int = 6


@dataclass
class Candidate:
    hit: Hit
    start: int  # offsets in the article text
    end: int
    text: str
    lexical: float = 0.0
    prior: float = 0.0
    dense: float = 0.0
    typed: float = 0.0  # 1 when it has the kind of answer the question asks for
    score: float = 0.0
    vector: np.ndarray | None = field(default=None, repr=False)


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORDS.findall(text)}


def _near_duplicate(a: Candidate, b: Candidate) -> bool:
    wa, wb = _words(a.text), _words(b.text)
    jaccard = len(wa & wb) / max(len(wa | wb), 1)
    cosine = float(a.vector @ b.vector) if a.vector is not None and b.vector is not None else 0.0
    return jaccard >= 0.6 or cosine >= 0.92


def human_date(iso: str) -> str:
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {d.strftime('%B %Y')}"


def is_temporal(question: str) -> bool:
    """Questions about change over time get their evidence in date order."""
    return bool(_TEMPORAL.search(question))


class ExtractiveAnswerer:
    """Scores the sentences of the retrieved chunks against the question and quotes the best."""

    def __init__(self, embedder: Embedder, scoring: Scoring | None = None):
        self.embedder = embedder
        self.scoring = scoring or Scoring()

    def candidates(self, hits: Sequence[Hit]) -> list[Candidate]:
        out = []
        hits = list(hits)[: self.scoring.candidate_chunks]
        for i, hit in enumerate(hits):
            prior = 1.0 - i / max(len(hits), 1)
            for span in split_sentences(hit.chunk.text):
                text = hit.chunk.text[span.start : span.end]
                words = len(text.split())
                if words < 4 or (words < 12 and not _ENDS_SENTENCE.search(text)):
                    continue  # headings and fragments are not claims
                out.append(Candidate(hit, hit.chunk.start + span.start, hit.chunk.start + span.end, text, prior=prior))
        return out

    def score(self, question: str, context_query: str, question_vec, lexical: LexicalIndex, candidates: list[Candidate],
              already_said: Sequence[str] = (), context_vec=None) -> list[Candidate]:
        """Fill in each candidate's lexical, dense and final score; returns them best first.

        `context_vec` is the embedding of `context_query` when it differs from the question (a follow-up)."""
        s = self.scoring
        terms = set(lexical.stems(question))
        context_terms = set(lexical.stems(context_query)) - terms if context_query != question else set()
        present = [set(lexical.stems(c.text)) & (terms | context_terms) for c in candidates]
        # A term's weight: rare in the corpus (global IDF) and rare among these candidates (local IDF),
        # so the story's topic words count less than the detail the question asks about. Terms that
        # only the earlier conversation brings count half.
        n = len(candidates)
        weight = {
            t: w * math.log(1 + n / (1 + sum(t in p for p in present))) * (0.5 if t in context_terms else 1.0)
            for t, w in lexical.idf(sorted(terms | context_terms)).items()
        }
        total = sum(weight.values()) or 1.0
        for c, p in zip(candidates, present, strict=False):
            c.lexical = sum(weight[t] for t in p) / total
        pre = sorted(candidates, key=lambda c: -(0.6 * c.lexical + 0.4 * c.prior))[: s.dense_budget]
        if pre:
            vectors = self.embedder.embed_cached([c.text for c in pre])  # the same sentences come back question after question
            qv = np.asarray(question_vec, dtype=np.float32)
            ctx_vec = None
            if context_query != question:
                ctx_vec = context_vec if context_vec is not None else self.embedder.embed([context_query])[0]
            for c, v in zip(pre, vectors, strict=False):
                c.vector = v
                c.dense = float(v @ qv)
                if ctx_vec is not None:  # a follow-up: the conversation's subject counts too
                    c.dense = 0.6 * c.dense + 0.4 * float(v @ ctx_vec)
        wants = [(_WANTS_NUMBER, _HAS_NUMBER), (_WANTS_TIME, _HAS_TIME)]
        wanted = [has for want, has in wants if want.search(question)]
        for c in pre:
            c.typed = float(bool(wanted) and all(has.search(c.text) for has in wanted))
            c.score = s.dense * c.dense + s.lexical * c.lexical + s.prior * c.prior + s.answer_type * c.typed
            if any(c.text in said for said in already_said):
                c.score *= 0.6  # said in an earlier answer: prefer something new
        return sorted(pre, key=lambda c: -c.score)

    def select(self, ranked: list[Candidate]) -> list[Candidate]:
        """The best sentence, others close to it, and the best of other articles when they speak to it."""
        s = self.scoring
        if not ranked or ranked[0].score < s.refuse_below:
            return []
        best = ranked[0].score
        chosen: list[Candidate] = [ranked[0]]
        for c in ranked[1:]:
            if len(chosen) >= s.max_sentences:
                break
            other_article = all(c.hit.chunk.article_id != x.hit.chunk.article_id for x in chosen)
            needed = best * (s.other_article_ratio if other_article else s.keep_ratio)
            if c.score >= max(needed, s.refuse_below) and not any(_near_duplicate(c, x) for x in chosen):
                chosen.append(c)
        return chosen

    def compose(self, question: str, chosen: list[Candidate]) -> tuple[str, list[Citation]]:
        """Short attributed statements grouped by article, each sentence ending in [n]."""
        by_article: dict[str, list[Candidate]] = {}
        for c in chosen:
            by_article.setdefault(c.hit.chunk.article_id, []).append(c)
        groups = list(by_article.values())  # relevance order: first-chosen article first
        if is_temporal(question):
            groups.sort(key=lambda g: g[0].hit.chunk.date or "9999")
        citations: list[Citation] = []
        paragraphs = []
        for group in groups:
            group.sort(key=lambda c: c.start)
            chunk = group[0].hit.chunk
            who = chunk.source or f"“{chunk.title}”"
            when = f" ({human_date(chunk.date)})" if chunk.date else ""
            parts = []
            for c in group:
                n = len(citations) + 1
                citations.append(
                    Citation(n, c.hit.chunk.article_id, c.hit.chunk.title, c.hit.chunk.source, c.hit.chunk.date, c.hit.chunk.url,
                             c.text, c.start, c.end, c.hit.chunk.text, c.hit.chunk.start)
                )
                parts.append(f"{c.text} [{n}]")
            paragraphs.append(f"According to {who}{when}: " + " ".join(parts))
        return "\n\n".join(paragraphs), citations

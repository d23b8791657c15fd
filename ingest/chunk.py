"""Sentence-aware chunking with character offsets into the cleaned article text.

Written by hand rather than with llama-index's SentenceSplitter because we need two guarantees it
does not give: a sentence is never cut (SentenceSplitter splits long sentences at words), and sizes
are counted in the embedding model's own word pieces (its default counts tiktoken tokens). Sentence
boundaries come from NLTK's Punkt model, the one llama-index ships and uses.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable, Sequence

_BLOCK_BREAK = re.compile(r"\n\s*\n")
_LINE_END_SENTENCE = re.compile(r"[.!?…:;\"'”’»)\]]$")
_BULLET_START = re.compile(r"\s*([•·▪►◦*]|[-–—]\s|\d+[.)]\s)")  # used with match(): anchored where it starts


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@functools.lru_cache(maxsize=1)
def _punkt():
    import importlib.util
    import os

    import nltk
    from nltk.tokenize.punkt import PunktTokenizer

    spec = importlib.util.find_spec("llama_index.core")
    if spec and spec.origin:
        cache = os.path.join(os.path.dirname(spec.origin), "_static", "nltk_cache")
        if cache not in nltk.data.path:
            nltk.data.path.append(cache)
    try:
        return PunktTokenizer("english")
    except LookupError:  # no trained model on this machine: Punkt's untrained defaults
        from nltk.tokenize.punkt import PunktSentenceTokenizer

        return PunktSentenceTokenizer()


def _blocks(text: str) -> list[Span]:
    """Paragraphs, and lines within them that stand alone (list items, lines ending a sentence)."""
    spans: list[Span] = []
    pos = 0
    for match in list(_BLOCK_BREAK.finditer(text)) + [None]:
        end = match.start() if match else len(text)
        para_start = pos
        line_start = pos
        i = text.find("\n", line_start, end)
        while i != -1:
            line = text[line_start:i].rstrip()
            # match at i + 1 rather than on a slice of the rest: slicing per line made this quadratic
            if _LINE_END_SENTENCE.search(line) or _BULLET_START.match(text, i + 1, end) or not line:
                if text[para_start:i].strip():
                    spans.append(Span(para_start, i))
                para_start = i + 1
            line_start = i + 1
            i = text.find("\n", line_start, end)
        if text[para_start:end].strip():
            spans.append(Span(para_start, end))
        pos = match.end() if match else len(text)
    return spans


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of `text`, never crossing a paragraph or list item."""
    punkt = _punkt()
    out: list[Span] = []
    for block in _blocks(text):
        chunk = text[block.start : block.end]
        for s, e in punkt.span_tokenize(chunk):
            piece = chunk[s:e]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            if e - trail > s + lead:
                out.append(Span(block.start + s + lead, block.start + e - trail))
    return out


def chunk_spans(
    text: str,
    sentences: Sequence[Span],
    count_tokens: Callable[[Sequence[str]], list[int]],
    max_tokens: int,
    overlap: int = 0,
) -> list[Span]:
    """Pack whole sentences into chunks of at most `max_tokens` word pieces (a longer sentence stands alone).

    `overlap` repeats that many trailing sentences of a chunk at the start of the next.
    """
    if not sentences:
        return []
    sizes = count_tokens([text[s.start : s.end] for s in sentences])
    chunks: list[Span] = []
    i = 0
    while i < len(sentences):
        j, total = i, 0
        while j < len(sentences) and (j == i or total + sizes[j] <= max_tokens):
            total += sizes[j]
            j += 1
        chunks.append(Span(sentences[i].start, sentences[j - 1].end))
        if j >= len(sentences):
            break
        i = max(j - overlap, i + 1)
    return chunks

"""Sentence-aware chunking with character offsets into the cleaned article text.

Written by hand rather than with llama-index's SentenceSplitter because we need two guarantees it
does not give: a sentence is never cut (SentenceSplitter splits long sentences at words), and sizes
are counted in the embedding model's own word pieces (its default counts tiktoken tokens). Sentence
boundaries come from store.text.split_sentences (NLTK's Punkt model, the one llama-index ships).
"""

from __future__ import annotations

from typing import Callable, Sequence

from store.text import Span


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

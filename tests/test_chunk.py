"""Chunks are whole sentences, sized in the model's word pieces, with exact offsets."""

import pytest
from conftest import SAMPLES

from ingest.chunk import chunk_spans
from ingest.clean import clean_text
from ingest.metadata import split_front_matter
from store.text import split_sentences


@pytest.fixture(scope="module")
def sample_text():
    raw = (SAMPLES / "aa-lavrov-normalization.txt").read_text(encoding="utf-8")
    return clean_text(split_front_matter(raw)[1])


def test_sentences_split_on_abbreviations_correctly():
    text = "The U.S. envoy met Mr. Smith at 5 p.m. on Friday. They talked for an hour.\n\nA new paragraph starts here."
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    assert sentences == ["The U.S. envoy met Mr. Smith at 5 p.m. on Friday.", "They talked for an hour.", "A new paragraph starts here."]


def test_headings_and_list_items_are_their_own_sentences():
    text = "What the minister said\n\nShe listed three demands:\n- a ceasefire\n- an exchange of prisoners"
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    assert sentences == ["What the minister said", "She listed three demands:", "- a ceasefire", "- an exchange of prisoners"]


@pytest.mark.parametrize("max_tokens", [32, 64, 128, 256])
def test_chunks_are_whole_sentences_within_budget(sample_text, embedder, max_tokens):
    sentences = split_sentences(sample_text)
    chunks = chunk_spans(sample_text, sentences, embedder.count_tokens_many, max_tokens)
    starts = {s.start for s in sentences}
    ends = {s.end for s in sentences}
    assert chunks[0].start == sentences[0].start and chunks[-1].end == sentences[-1].end
    for prev, chunk in zip(chunks, chunks[1:], strict=False):
        assert prev.end <= chunk.start  # no overlap by default, and in order
    for chunk in chunks:
        assert chunk.start in starts and chunk.end in ends  # never cuts a sentence
        inner = [s for s in sentences if chunk.start <= s.start and s.end <= chunk.end]
        if len(inner) > 1:
            assert embedder.count_tokens(" ".join(sample_text[s.start : s.end] for s in inner)) <= max_tokens + len(inner)
    covered = sum(1 for s in sentences if any(c.start <= s.start and s.end <= c.end for c in chunks))
    assert covered == len(sentences)


def test_overlap_repeats_trailing_sentences(sample_text, embedder):
    sentences = split_sentences(sample_text)
    chunks = chunk_spans(sample_text, sentences, embedder.count_tokens_many, 64, overlap=1)
    pairs = list(zip(chunks, chunks[1:], strict=False))
    assert sum(b.start < a.end for a, b in pairs) >= len(pairs) // 2  # single-sentence chunks cannot overlap
    assert all(a.start < b.start for a, b in pairs)  # and it always moves forward

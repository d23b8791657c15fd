"""Where ingestion time goes, phase by phase, and what embedding every sentence at ingest would cost.

    python -m bench.ingest_phases --articles 100

Phases run one after another (load + clean + chunk; embed; Chroma write), then the real pipeline
(which overlaps them) on the same articles; then the chunks' embedding time vs every sentence's,
the price of computing answer sentence vectors at ingest instead of caching them at question time.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100)
    args = parser.parse_args()

    from bench.generate import articles, write_markdown
    from ingest.chunk import split_sentences
    from ingest.load import load
    from ingest.pipeline import Ingestor, Overrides, prepare
    from store.embedder import make_embedder
    from store.settings import Settings
    from store.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        paths = write_markdown(tmp_path / "articles", articles(args.articles))
        settings = Settings.from_env({**os.environ, "NEWSDESK_DATA_DIR": str(tmp_path / "a")})
        embedder = make_embedder(settings)
        embedder.embed(["warm up the model"])
        prepare(load(paths[0], settings), Overrides(), embedder.count_tokens_many, settings.chunk_tokens)  # first-use imports
        start = time.perf_counter()
        prepared = [prepare(load(p, settings), Overrides(), embedder.count_tokens_many, settings.chunk_tokens) for p in paths]
        prep_s = time.perf_counter() - start
        texts = [c.text for p in prepared for c in p.chunks]
        start = time.perf_counter()
        vectors = embedder.embed(texts)
        embed_s = time.perf_counter() - start
        store = Store.open(settings, embedder)
        start = time.perf_counter()
        store.put_many([(p.article, p.chunks) for p in prepared], vectors)
        write_s = time.perf_counter() - start
        settings_b = Settings.from_env({**os.environ, "NEWSDESK_DATA_DIR": str(tmp_path / "b")})
        start = time.perf_counter()
        Ingestor(Store.open(settings_b, embedder), settings_b).add(paths)
        pipe_s = time.perf_counter() - start
        print(f"embedder: {type(embedder).__name__}, articles: {args.articles}, chunks: {len(texts)}")
        print(f"  load + clean + chunk {prep_s:.2f} s, embed {embed_s:.2f} s, Chroma write {write_s:.2f} s: "
              f"one after another {prep_s + embed_s + write_s:.2f} s")
        print(f"  the pipeline (overlapping them): {pipe_s:.2f} s, {100 * (pipe_s / embed_s - 1):.1f}% over the embed alone")
        sentences = [p.article.text[s.start : s.end] for p in prepared for s in split_sentences(p.article.text)]
        start = time.perf_counter()
        embedder.embed(sentences)
        sent_s = time.perf_counter() - start
        print(f"  every sentence embedded too: {len(sentences)} sentences {sent_s:.2f} s = {sent_s / embed_s:.2f}x the chunks' embed "
              f"(ingest would take ~{(pipe_s + sent_s) / pipe_s:.2f}x as long)")


if __name__ == "__main__":
    main()

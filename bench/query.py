"""Warm per-question latency: retrieve + extractive answer, at 2 articles and at a large generated store,
against the LlamaIndex starter `as_retriever()` on the same Chroma collection, in the same run.

    python -m bench.query --chunks 100000

The large store holds the two samples (really embedded) plus generated chunks with random unit
embeddings inserted directly, so Chroma's HNSW index and the BM25 index work at full size.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

QUESTIONS = [
    "What conditions did Lavrov set for negotiations?",
    "Where is Russia refocusing its foreign policy?",
    "What did Pashinyan say about the CSTO?",
    "Under what condition will Russia consider the West's proposals to normalize relations?",
    "What did Russia demand regarding NATO's military infrastructure?",
    "How does Russia explain the interruption of the peace talks?",
    "What did Macron suggest about security guarantees for Russia?",
    "What bilateral trade target did Mishustin and Li Keqiang call for?",
    "How did Lavrov describe talk of European troops being sent to Ukraine?",
    "Where did Lavrov hold the press conference after the OSCE meeting?",
]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def measure(fn, rounds: int) -> list[float]:
    for q in QUESTIONS[:3]:
        fn(q)  # warm
    times = []
    for _ in range(rounds):
        for q in QUESTIONS:
            start = time.perf_counter()
            fn(q)
            times.append(1000 * (time.perf_counter() - start))
    return times


def add_generated(store, n_chunks: int, per_article: int = 20, seed: int = 3) -> None:
    import numpy as np

    from bench.generate import articles
    from store.models import Article, Chunk
    from store.text import split_sentences

    rng = np.random.default_rng(seed)
    texts = articles(max(1, n_chunks // per_article // 4), seed=seed)  # reuse text; the vectors make them distinct
    done = 0
    batch = []
    i = 0
    while done < n_chunks:
        body, meta = texts[i % len(texts)]
        body = f"{body}\n\nReference {i}."
        spans = split_sentences(body)
        per = max(1, len(spans) // per_article)
        groups = [spans[j : j + per] for j in range(0, len(spans), per)][:per_article]
        aid = f"gen{i:07d}"
        art = Article(aid, meta["title"], meta["source"], "", meta["date"], text=body, content_hash=f"h{i}")
        chunks = [Chunk(f"{aid}:{n}", aid, n, body[g[0].start : g[-1].end], g[0].start, g[-1].end) for n, g in enumerate(groups)]
        batch.append((art, chunks))
        done += len(chunks)
        i += 1
        if len(batch) == 100 or done >= n_chunks:
            count = sum(len(c) for _, c in batch)
            vectors = rng.standard_normal((count, 384)).astype("float32")
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            store.put_many(batch, vectors)
            batch = []


def starter_retriever(store, model_path: str):
    from llama_index.core import VectorStoreIndex
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    embed_model = HuggingFaceEmbedding(model_name=model_path, device="cpu")
    index = VectorStoreIndex.from_vector_store(ChromaVectorStore(chroma_collection=store._col("chunks")), embed_model=embed_model)
    return index.as_retriever(similarity_top_k=8)


def report(label: str, assistant, retriever, rounds: int) -> None:
    parts = {"retrieve": [], "answer": []}
    embedder = assistant.store.embedder

    def ask(q):
        a = assistant.ask(q)
        parts["retrieve"].append(a.timings_ms["retrieve"])
        parts["answer"].append(a.timings_ms["answer"])

    def ask_cold(q):  # every candidate sentence embedded again, as for a question about something new
        embedder.__dict__.pop("_vector_cache", None)
        ask(q)

    n = len(QUESTIONS) * rounds
    cold = measure(ask_cold, rounds)
    cr, ca = parts["retrieve"][-n:], parts["answer"][-n:]
    ours = measure(ask, rounds)
    r, a = parts["retrieve"][-n:], parts["answer"][-n:]
    theirs = measure(retriever.retrieve, rounds)
    print(f"{label}:")
    print(f"  newsdesk ask (hybrid retrieve + extractive answer): p50 {statistics.median(ours):.1f} ms  p95 {pct(ours, 95):.1f} ms"
          f"   [retrieve p50 {statistics.median(r):.1f}, answer p50 {statistics.median(a):.1f}]")
    print(f"  newsdesk ask, sentence-vector cache emptied before each question: p50 {statistics.median(cold):.1f} ms  p95 {pct(cold, 95):.1f} ms"
          f"   [retrieve p50 {statistics.median(cr):.1f}, answer p50 {statistics.median(ca):.1f}]")
    print(f"  llama-index starter as_retriever().retrieve (dense only, no answer): p50 {statistics.median(theirs):.1f} ms  p95 {pct(theirs, 95):.1f} ms")
    print(f"  ratio newsdesk / starter at p50: {statistics.median(ours) / statistics.median(theirs):.2f} "
          f"(cache emptied: {statistics.median(cold) / statistics.median(theirs):.2f})", flush=True)


def first_question(data_dir: Path) -> float:
    """Wall seconds of `python -m qa ask` in a fresh process on this store (BM25 index already saved)."""
    import subprocess

    env = {**os.environ, "NEWSDESK_DATA_DIR": str(data_dir)}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "qa", "ask", QUESTIONS[0]], cwd=Path(__file__).resolve().parent.parent,
                          env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chunks", type=int, default=100_000, help="size of the large store (0 = skip it)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from qa.services import build
    from store.embedder import resolve_model_path
    from store.settings import Settings

    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env({**os.environ, "NEWSDESK_DATA_DIR": tmp})
        nd = build(settings)
        store, assistant = nd.store, nd.assistant
        nd.ingestor.add([str(root / "samples")])
        retriever = starter_retriever(store, resolve_model_path(settings.embed_model))
        print(f"embedder: {type(store.embedder).__name__}, questions: {len(QUESTIONS)} x {args.rounds} rounds, warm")
        report(f"2 articles ({store._col('chunks').count()} chunks)", assistant, retriever, args.rounds)
        if args.chunks:
            start = time.perf_counter()
            add_generated(store, args.chunks)
            insert_s = time.perf_counter() - start
            start = time.perf_counter()
            assistant.retriever.sync()
            print(f"\ninserted {args.chunks} generated chunks in {insert_s:.1f} s; BM25 rebuilt and saved in {time.perf_counter() - start:.1f} s")
            start = time.perf_counter()
            build(settings).assistant.retriever.sync()
            print(f"BM25 index loaded from the data folder by a new Store and Retriever: {time.perf_counter() - start:.2f} s")
            report(f"{store._col('chunks').count()} chunks", assistant, retriever, args.rounds)
            times = [first_question(Path(tmp)) for _ in range(3)]
            print(f"first question from a fresh process (python -m qa ask) at this size: median {statistics.median(times):.2f} s "
                  f"({', '.join(f'{t:.2f}' for t in times)})")


if __name__ == "__main__":
    main()

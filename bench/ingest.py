"""Ingestion throughput: Newsdesk's pipeline (its default embedder: ONNX Runtime on a CPU, torch fp16
on a GPU) vs a plain SentenceTransformer.encode (torch) of the same chunks, side by side in one
process, alternating for --rounds; and vs the LlamaIndex starter pipeline on the same articles
(how much of its text is never embedded).

    python -m bench.ingest --articles 200 --rounds 3 --skip-starter
    NEWSDESK_EMBED_BACKEND=torch python -m bench.ingest ...   # the pipeline on torch, as before ONNX
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_newsdesk(paths: list[str], data_dir: Path, embedder) -> dict:
    from ingest.pipeline import Ingestor
    from store.settings import Settings
    from store.store import Store

    settings = Settings(data_dir=data_dir)
    store = Store.open(settings, embedder)
    start = time.perf_counter()
    report = Ingestor(store, settings).add(paths)
    seconds = time.perf_counter() - start
    chunks = store.all_chunks()
    assert len(report.added) == len(paths), report.failed
    return {"seconds": seconds, "chunks": [c.text for c in chunks]}


def run_plain_encode(texts: list[str], embedder) -> float:
    start = time.perf_counter()
    embedder.model.encode(texts, batch_size=embedder.batch_size, normalize_embeddings=True, show_progress_bar=False)
    return time.perf_counter() - start


def run_embed_only(texts: list[str], embedder) -> float:
    start = time.perf_counter()
    embedder.embed(texts)
    return time.perf_counter() - start


def run_llamaindex_starter(items, data_dir: Path, model_path: str, embedder) -> dict:
    import chromadb
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    client = chromadb.PersistentClient(path=str(data_dir / "starter"), settings=chromadb.Settings(anonymized_telemetry=False))
    collection = client.get_or_create_collection("starter")
    embed_model = HuggingFaceEmbedding(model_name=model_path, device="cpu")
    docs = [Document(text=text, metadata=meta) for text, meta in items]
    start = time.perf_counter()
    VectorStoreIndex.from_documents(docs, storage_context=StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection)), embed_model=embed_model)
    seconds = time.perf_counter() - start
    texts = collection.get(include=["documents"])["documents"]
    return {"seconds": seconds, "chunks": texts, "max_seq": embed_model._model.max_seq_length}


def word_pieces(texts: list[str], embedder) -> list[int]:
    return embedder.count_tokens_many(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=1, help="pipeline and plain encode, alternating, this many times")
    parser.add_argument("--skip-starter", action="store_true", help="do not run the LlamaIndex starter pipeline")
    args = parser.parse_args()

    import statistics

    from bench.generate import articles, write_markdown
    from store.embedder import SentenceTransformerEmbedder, make_embedder, resolve_model_path
    from store.settings import Settings

    settings = Settings.from_env()
    embedder = make_embedder(settings)  # what `python -m ingest add` uses
    baseline = SentenceTransformerEmbedder.from_settings(settings)  # plain sentence-transformers, torch
    embedder.embed(["warm up the model"])  # load once, outside every timing
    baseline.embed(["warm up the model"])
    items = articles(args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        paths = write_markdown(tmp_path / "articles", items)
        rounds = []
        for r in range(args.rounds):
            ours = run_newsdesk(paths, tmp_path / f"data{r}", embedder)
            encode_s = run_plain_encode(ours["chunks"], baseline)
            embed_s = run_embed_only(ours["chunks"], embedder) if embedder is not baseline else encode_s
            rounds.append((ours["seconds"], encode_s, embed_s))
            print(f"round {r + 1}: pipeline {ours['seconds']:.2f} s, plain torch encode {encode_s:.2f} s, "
                  f"pipeline's embedder alone {embed_s:.2f} s; plain encode / pipeline = {encode_s / ours['seconds']:.3f}", flush=True)
        pipe_s = statistics.median(x[0] for x in rounds)
        encode_s = statistics.median(x[1] for x in rounds)
        embed_s = statistics.median(x[2] for x in rounds)
        ratio = statistics.median(x[1] / x[0] for x in rounds)
        pieces = word_pieces(ours["chunks"], embedder)
        n_chunks = len(ours["chunks"])
        total_pieces = sum(pieces)
        print(f"embedder: {type(embedder).__name__}, baseline device: {baseline.model.device}, articles: {args.articles}, "
              f"chunk size: {settings.chunk_tokens} word pieces, rounds: {args.rounds} (medians below)")
        print("newsdesk pipeline (load, clean, chunk, embed, write):")
        print(f"  {pipe_s:.2f} s  {args.articles / pipe_s:.1f} articles/s  {n_chunks / pipe_s:.1f} chunks/s  "
              f"{total_pieces / pipe_s:.0f} word pieces embedded/s")
        print(f"  chunks: {n_chunks}, mean {total_pieces / n_chunks:.0f} word pieces, longest {max(pieces)} (model reads {embedder.max_tokens})")
        print(f"plain SentenceTransformer.encode (torch) of the same chunk texts: {encode_s:.2f} s")
        print(f"the pipeline's embedder alone on the same texts: {embed_s:.2f} s")
        print(f"  ratio plain torch encode / pipeline (speed of ingest relative to a plain encode): {ratio:.3f}")
        print(f"  pipeline overhead over its own embedder: {100 * (pipe_s / embed_s - 1):.1f}%")
        print(f"peak memory so far: {peak_mb():.0f} MB")
        if not args.skip_starter:
            starter = run_llamaindex_starter(items, tmp_path, resolve_model_path(settings.embed_model), baseline)
            sp = word_pieces(starter["chunks"], embedder)
            readable = starter["max_seq"] - 2  # [CLS] and [SEP]
            embedded = sum(min(p, readable) for p in sp)
            print("llama-index starter (VectorStoreIndex.from_documents, HuggingFaceEmbedding, ChromaVectorStore):")
            print(f"  {starter['seconds']:.2f} s  {len(sp)} chunks, mean {sum(sp) / len(sp):.0f} word pieces, longest {max(sp)}")
            print(f"  word pieces actually embedded: {embedded} of {sum(sp)} ({100 * embedded / sum(sp):.1f}%); "
                  f"{100 * (1 - embedded / sum(sp)):.1f}% of its text is cut off by the model's {starter['max_seq']}-piece limit")
            print(f"  seconds per 1k word pieces embedded: starter {1000 * starter['seconds'] / embedded:.3f}, "
                  f"newsdesk {1000 * ours['seconds'] / total_pieces:.3f} (newsdesk embeds 100% of its text)")
        print(f"peak memory: {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()

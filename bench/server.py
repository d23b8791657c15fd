"""Ingest and query throughput against a Chroma server vs the embedded store, with 1, 4 and 16
concurrent question streams (threads sharing one Assistant, as the app's sessions do).

    python -m bench.server --articles 60 --questions 8

Starts `chroma run` on 127.0.0.1 in a temporary folder and stops it at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

QUESTIONS = [
    "What conditions did Lavrov set for negotiations?",
    "What did Pashinyan say about the CSTO?",
    "Where is Russia refocusing its foreign policy?",
    "What did the union demand about wages?",
    "Who said the budget would be reviewed?",
    "How much could the decision cost the economy?",
    "What did residents say they were worried about?",
    "Why did the opposition call for an inquiry?",
]


@contextmanager
def chroma_server(path: Path):
    from bench.servers import chroma_command, free_port, running

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running(chroma_command(path, port), f"{url}/api/v2/heartbeat"):
        yield url


def ingest(settings, embedder, paths) -> tuple[float, int]:
    from qa.services import build

    nd = build(settings, embedder)
    store = nd.store
    start = time.perf_counter()
    report = nd.ingestor.add(paths)
    seconds = time.perf_counter() - start
    assert not report.failed, report.failed
    return seconds, len(store.all_chunks())


def query(settings, embedder, streams: int, per_stream: int) -> tuple[float, list[float]]:
    from qa.services import build

    assistant = build(settings, embedder).assistant
    assistant.ask(QUESTIONS[0])  # warm: BM25 built, collections open
    latencies: list[float] = []
    lock = threading.Lock()

    def stream(offset: int) -> None:
        for i in range(per_stream):
            t = time.perf_counter()
            assistant.ask(QUESTIONS[(offset + i) % len(QUESTIONS)])
            with lock:
                latencies.append(1000 * (time.perf_counter() - t))

    threads = [threading.Thread(target=stream, args=(n,)) for n in range(streams)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--questions", type=int, default=8, help="questions per stream")
    args = parser.parse_args()

    from bench.generate import articles, write_markdown
    from store.embedder import SentenceTransformerEmbedder
    from store.settings import Settings

    root = Path(__file__).resolve().parent.parent
    embedder = SentenceTransformerEmbedder()
    embedder.embed(["warm up"])
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        paths = [str(root / "samples")] + write_markdown(tmp_path / "articles", articles(args.articles))
        n_articles = args.articles + 2
        with chroma_server(tmp_path / "server") as url:
            modes = {"embedded": Settings(data_dir=tmp_path / "embedded"), "server": Settings(data_dir=tmp_path / "unused", chroma_url=url)}
            print(f"{n_articles} articles; questions: {args.questions} per stream; device: {embedder.model.device}")
            for name, settings in modes.items():
                seconds, chunks = ingest(settings, embedder, paths)
                print(f"{name:8} ingest: {seconds:.1f} s, {n_articles / seconds:.1f} articles/s, {chunks / seconds:.1f} chunks/s")
            for streams in (1, 4, 16):
                for name, settings in modes.items():
                    wall, lat = query(replace(settings), embedder, streams, args.questions)
                    print(f"{name:8} {streams:2d} streams: {len(lat) / wall:5.1f} questions/s, latency p50 {statistics.median(lat):6.1f} ms, "
                          f"p95 {sorted(lat)[int(0.95 * (len(lat) - 1))]:6.1f} ms")


if __name__ == "__main__":
    main()

"""Warm answer time at scale (issue 10's goal: under 100 ms at 1,300 articles, the whole extractive answer).

    python -m bench.answer_scale --articles 1300 --rounds 5

Two stores, each built through `qa.services.build` and filled by the real ingestion (copy detection,
speakers): the baseline holds the 30 test articles (tests/data/news/) and the two samples; the large
one holds the same 32 plus invented stories (`bench.generate.varied_articles`) up to --articles. The
questions are about the test storylines, so they have real answers in both stores and the invented
stories are distractors. Kinds: plain facts, comparisons ("How did X and Y differ on Z?"), order
("Which came first: X or Y?"), change ("How did X change?"), a follow-up asked with the history the
app passes (the first question and its answer, with its citations), and questions that must be refused.

Per kind and overall, p50 / p95 of `Assistant.ask` wall time, alternating the two stores question by
question, in two states: "warm" (the process has asked the question before: model loaded, BM25 index in
memory, the candidate sentences' vectors cached) and "new" (the sentence-vector cache emptied before
each question, as for a question about something not asked yet). Also retrieval alone (embed the
question, hybrid search). The stores are cached between runs under --cache (keyed by the articles and
the code of ingest/ and store/); building is timed when it happens.

--profile runs cProfile over the questions on the large store, warm and new, and prints the hot spots.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.query import pct

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
REAL = [ROOT / "tests" / "data" / "news", ROOT / "samples"]

# Questions about the test storylines (tests/data/news/, samples/), in the shapes issue 10 names.
# None of them is a labelled held-out item; the answers are not judged here, only timed.
QUESTIONS: dict[str, list[str]] = {
    "fact": [
        "How many people died in the Dorran chemical plant explosion according to the first reports?",
        "Who won the contract to build the new container terminal in Port Ilse?",
        "How many customers were affected by the Brightline Telecom data breach?",
        "Which Bank of Caldora board member voted for a rate cut in April?",
        "What conditions did Lavrov set for negotiations?",
        "How much could the drought cost Santerra farmers?",
    ],
    "compare": [
        "How did Kestrel Marine's and Solano Ports Group's bids for the Port Ilse terminal differ?",
        "How did the government and the audit office differ on the cost of the Corvale-Brennick line?",
        "How did the Herald and the Courier National differ on Marek Halloran's share of the vote?",
        "How did the union and the minister differ on the Ashford nurses' pay?",
        "How did the first report and the inspectors' report differ on the cause of the Dorran explosion?",
        "How did Oskar Lind and Freya Mortensen differ on the Brightline breach?",
    ],
    "order": [
        "Which came first: the Bank of Caldora's rate hike or its rate cut?",
        "Which came first: the resignation of Brightline's chief executive or the regulator's fine?",
        "Which came first: the Dorran explosion or the Ashford nurses' strike?",
        "Which came first: the Santerra water restrictions or the Rivermouth takeover bid?",
        "Which came first: the Halvik bribery trial opening or the verdict?",
        "Which came first: the Port Ilse court ruling or Kestrel Marine's quarterly profit?",
    ],
    "change": [
        "How did the Bank of Caldora's main interest rate change?",
        "How did the death toll from the Dorran explosion change?",
        "How did the number of Brightline customers affected by the breach change?",
        "How did the estimated cost of the Corvale-Brennick line change?",
        "How did the level of Santerra's reservoirs change?",
        "How did the price of Rivermouth Athletic change?",
    ],
    # (first question, follow-up): the follow-up is timed, asked with the first question and its answer as history.
    "follow-up": [
        ("Who won the contract to build the new container terminal in Port Ilse?", "How much will they invest?"),
        ("How many nurses joined the Ashford strike?", "What did the minister offer?"),
        ("Why did Oskar Lind resign from Brightline Telecom?", "Who replaced him?"),
        ("Who agreed to buy Rivermouth Athletic?", "For how much?"),
        ("What caused the explosion at the Calder Chemicals plant in Dorran?", "How much was the company fined?"),
        ("What did Pashinyan say about Armenia's ties with the CSTO?", "How did Lavrov respond?"),
    ],
    "refused": [
        "What is the boiling point of mercury?",
        "Who painted the Mona Lisa?",
        "How long should sourdough bread be proofed?",
        "Which planet has the most moons?",
        "What is the best way to learn the violin as an adult?",
        "How tall is the Eiffel Tower?",
    ],
}




def real_paths() -> list[str]:
    return sorted(str(p) for folder in REAL for p in folder.iterdir() if p.is_file())


def cache_key(n_generated: int, seed: int) -> str:
    """Changes when the articles (invented or real) or the code that stores them change: then the store is rebuilt."""
    from bench.generate import varied_articles

    h = hashlib.sha256(repr(varied_articles(n_generated, seed=seed)).encode())  # generating is quick (~1 s for 1,300)
    for path in [*sorted((ROOT / "ingest").glob("*.py")), *sorted((ROOT / "store").glob("*.py")), *map(Path, real_paths())]:
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def build_store(folder: Path, n_generated: int, seed: int, embedder=None) -> tuple[float, str]:
    """Ingest the real articles and n_generated invented ones into folder/data; (seconds, summary)."""
    from bench.generate import varied_articles, write_markdown
    from qa.services import build
    from store.settings import Settings

    paths = real_paths()
    if n_generated:
        paths += write_markdown(folder / "generated", varied_articles(n_generated, seed=seed))
    settings = Settings.from_env({**os.environ, "NEWSDESK_DATA_DIR": str(folder / "data"), "NEWSDESK_LLM": ""})
    nd = build(settings, embedder=embedder, llm=None)
    start = time.perf_counter()
    report = nd.ingestor.add(paths)
    nd.assistant.retriever.sync()  # builds and saves the BM25 index
    seconds = time.perf_counter() - start
    if report.failed:
        raise SystemExit(f"ingestion failed: {report.failed[:3]}")
    stories = nd.store.count()
    chunks = nd.store._col("chunks").count()
    summary = (f"{len(paths)} files -> {stories} stories, {chunks} chunks "
               f"({len(paths) - stories} taken for copies or versions of another: {len(report.duplicates)} duplicates)")
    (folder / "summary.txt").write_text(f"{seconds:.1f}\n{summary}\n", encoding="utf-8")
    return seconds, summary


def cached_store(cache: Path, n_generated: int, seed: int, rebuild: bool, embedder=None) -> tuple[Path, str]:
    """The data folder of a store with these articles: reused from `cache` when built before, else built there."""
    folder = cache / f"answer-scale-{len(real_paths()) + n_generated}-articles-{cache_key(n_generated, seed)}"
    if rebuild and folder.exists():
        shutil.rmtree(folder)
    if (folder / "summary.txt").exists():
        seconds, summary = (folder / "summary.txt").read_text(encoding="utf-8").splitlines()[:2]
        return folder / "data", f"{summary}; reused from {folder} (built in {float(seconds):.0f} s)"
    shutil.rmtree(folder, ignore_errors=True)  # a build cut short: summary.txt, written last, is missing
    folder.mkdir(parents=True)
    seconds, summary = build_store(folder, n_generated, seed, embedder)
    return folder / "data", f"{summary}; built in {seconds:.0f} s, cached in {folder}"


class Bench:
    """One store's assistant, and the histories its follow-ups are asked with."""

    def __init__(self, label: str, data_dir: Path, embedder=None):
        from qa.services import build
        from store.settings import Settings

        settings = Settings.from_env({**os.environ, "NEWSDESK_DATA_DIR": str(data_dir), "NEWSDESK_LLM": ""})
        self.label = label
        self.nd = build(settings, embedder=embedder, llm=None)
        self.assistant = self.nd.assistant
        self.histories: dict[str, list[dict]] = {}
        for first, follow in QUESTIONS["follow-up"]:  # the history the app passes: the answer with its citations
            a = self.assistant.ask(first)
            self.histories[follow] = [{"role": "user", "content": first},
                                      {"role": "assistant", "content": a.answer, "citations": [{"n": c.n, "article_id": c.article_id} for c in a.citations]}]

    def ask(self, kind: str, question):
        q = question[1] if kind == "follow-up" else question
        return self.assistant.ask(q, self.histories.get(q, []))

    def retrieve(self, question) -> None:
        q = question[1] if isinstance(question, tuple) else question
        self.assistant.retriever.retrieve(q)


def timed(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args)
    return 1000 * (time.perf_counter() - start), out


def measure(benches: list[Bench], rounds: int, new: bool) -> dict[str, dict[str, list[float]]]:
    """ms per ask, per store label and kind; the stores alternate question by question."""
    times: dict[str, dict[str, list[float]]] = {b.label: {k: [] for k in QUESTIONS} for b in benches}
    embedder = benches[0].assistant.store.embedder
    for _ in range(rounds):
        for kind, questions in QUESTIONS.items():
            for q in questions:
                for b in benches:
                    if new:
                        embedder.__dict__.pop("_vector_cache", None)
                    ms, _ = timed(b.ask, kind, q)
                    times[b.label][kind].append(ms)
    return times


def check(benches: list[Bench]) -> None:
    """What each store answers: refused per kind (the refusal kind must refuse, the others should not), and
    how many answers cite the same articles in every store (the invented stories are distractors only)."""
    cited: dict[str, list[set[str]]] = {}
    for b in benches:
        counts = []
        for kind, questions in QUESTIONS.items():
            answers = [b.ask(kind, q) for q in questions]
            cited.setdefault(b.label, []).extend({c.article_id for c in a.citations} for a in answers)
            counts.append(f"{kind} {sum(a.refused for a in answers)}/{len(questions)}")
        print(f"  {b.label}: refused per kind: {', '.join(counts)}")
    runs = list(cited.values())
    same = sum(all(r[i] == runs[0][i] for r in runs) for i in range(len(runs[0])))
    print(f"  answers citing the same articles in both stores: {same}/{len(runs[0])}")


def table(times: dict[str, dict[str, list[float]]], base: str, large: str, title: str) -> None:
    print(f"\n{title}")
    print(f"  {'kind':<10} {base + ' p50 / p95':>26} {large + ' p50 / p95':>28} {'ratio p50':>10} {'ratio p95':>10}")
    rows = list(QUESTIONS) + ["all"]
    for kind in rows:
        a = [t for k in QUESTIONS for t in times[base][k]] if kind == "all" else times[base][kind]
        b = [t for k in QUESTIONS for t in times[large][k]] if kind == "all" else times[large][kind]
        print(f"  {kind:<10} {statistics.median(a):>12.1f} / {pct(a, 95):>6.1f} ms {statistics.median(b):>14.1f} / {pct(b, 95):>6.1f} ms"
              f" {statistics.median(b) / statistics.median(a):>9.2f}x {pct(b, 95) / pct(a, 95):>9.2f}x")


def profile(bench: Bench, rounds: int, top: int, new: bool) -> None:
    """cProfile over every question, `rounds` times; the hot spots by own and cumulative time."""
    import cProfile
    import pstats

    embedder = bench.assistant.store.embedder
    for kind, questions in QUESTIONS.items():  # warm first
        for q in questions:
            bench.ask(kind, q)
    prof = cProfile.Profile()
    for _ in range(rounds):
        for kind, questions in QUESTIONS.items():
            for q in questions:
                if new:
                    embedder.__dict__.pop("_vector_cache", None)
                prof.enable()
                bench.ask(kind, q)
                prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt  # type: ignore[attr-defined]
    n = rounds * sum(len(q) for q in QUESTIONS.values())
    state = "new (sentence-vector cache emptied)" if new else "warm"
    print(f"\ncProfile, {bench.label}, {state}, {n} questions, {1000 * total / n:.1f} ms per question under the profiler")
    for key, title in (("tottime", "own time"), ("cumulative", "cumulative time")):
        print(f"\n  top {top} by {title} (share of all profiled time):")
        entries = pstats.Stats(prof).sort_stats(key)
        for func in entries.fcn_list[:top]:  # type: ignore[attr-defined]
            cc, nc, tt, ct, _ = entries.stats[func]  # type: ignore[attr-defined]
            value = tt if key == "tottime" else ct
            file, line, name = func
            where = f"{Path(file).name}:{line}" if line else file
            print(f"  {100 * value / total:5.1f}%  {1000 * value / n:7.2f} ms/q  {nc:>7} calls  {name}  ({where})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1300, help="articles in the large store (32 real + generated)")
    parser.add_argument("--rounds", type=int, default=5, help="times each question is timed per state")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "newsdesk-bench",
                        help="where built stores are kept between runs")
    parser.add_argument("--rebuild", action="store_true", help="build the stores again even when cached")
    parser.add_argument("--profile", action="store_true", help="also cProfile the questions on the large store (warm and new)")
    parser.add_argument("--top", type=int, default=25, help="functions listed by --profile")
    args = parser.parse_args()

    n_real = len(real_paths())
    if args.articles < n_real:
        raise SystemExit(f"--articles must be at least {n_real} (the real articles)")
    args.cache.mkdir(parents=True, exist_ok=True)
    small_dir, small_note = cached_store(args.cache, 0, args.seed, args.rebuild)
    large_dir, large_note = cached_store(args.cache, args.articles - n_real, args.seed, args.rebuild)
    print(f"baseline store: {small_note}")
    print(f"large store: {large_note}")

    start = time.perf_counter()
    large = Bench(f"{args.articles} articles", large_dir)
    small = Bench(f"{n_real} articles", small_dir, embedder=large.assistant.store.embedder)
    print(f"both opened, model loaded, follow-up histories answered: {time.perf_counter() - start:.1f} s")
    benches = [small, large]
    check(benches)

    n = sum(len(q) for q in QUESTIONS.values())
    measure(benches, 1, new=False)  # warm-up: every question asked once on each store
    warm = measure(benches, args.rounds, new=False)
    new = measure(benches, args.rounds, new=True)
    print(f"\n{n} questions ({', '.join(f'{len(v)} {k}' for k, v in QUESTIONS.items())}) x {args.rounds} rounds per state, "
          f"extractive, `Assistant.ask` wall time, stores alternating")
    table(warm, small.label, large.label, "warm (asked before: sentence vectors cached)")
    table(new, small.label, large.label, "new (sentence-vector cache emptied before each question)")

    retrieval = {b.label: [] for b in benches}
    for _ in range(args.rounds):
        for questions in QUESTIONS.values():
            for q in questions:
                for b in benches:
                    retrieval[b.label].append(timed(b.retrieve, q)[0])
    print("\nretrieval alone (embed the question + dense and BM25 search, fused), all questions:")
    for b in benches:
        r = retrieval[b.label]
        print(f"  {b.label}: p50 {statistics.median(r):.1f} ms  p95 {pct(r, 95):.1f} ms")
    all_large = [t for k in QUESTIONS for t in warm[large.label][k]]
    print(f"  warm answer / retrieval alone at {large.label}, p50: {statistics.median(all_large) / statistics.median(retrieval[large.label]):.2f}x")
    over = [k for k in QUESTIONS if pct(warm[large.label][k], 95) > 100 or pct(new[large.label][k], 95) > 100]
    print(f"\ngoal (under 100 ms at {large.label}, p95 per kind, warm and new): "
          + ("met for every kind" if not over else f"over for: {', '.join(over)}"))
    if args.profile:
        profile(large, args.rounds, args.top, new=False)
        profile(large, args.rounds, args.top, new=True)


if __name__ == "__main__":
    main()

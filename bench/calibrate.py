"""Calibrate the extractive answerer's weights and refusal threshold on the labelled set.

    python bench/calibrate.py tests/data/qa.jsonl

Scores every candidate sentence once, then searches weights offline; prints the best settings and
what they get (evidence cited when answerable, refused when unanswerable). Put them in qa/answer.py.
"""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    from ingest.pipeline import Ingestor
    from qa.answer import Scoring
    from qa.assistant import Assistant
    from qa.conversation import previously_quoted, retrieval_query
    from qa.evaluate import _overlaps, default_articles, evidences, load_set
    from store.settings import Settings
    from store.store import Store

    path = sys.argv[1] if len(sys.argv) > 1 else "tests/data/qa.jsonl"
    items = load_set(path)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        store = Store.open(settings)
        Ingestor(store, settings).add(default_articles(path))
        assistant = Assistant(store, Scoring(dense_budget=40))
        lexical = assistant.retriever.sync()
        rows = []
        for q in items:
            query = retrieval_query(q["question"], q.get("history", []))
            vecs = store.embedder.embed([q["question"], query])
            hits = assistant.retriever.retrieve(query, vecs[1], k=assistant.k)
            ranked = assistant.answerer.score(q["question"], query, vecs[0], lexical, assistant.answerer.candidates(hits), previously_quoted(q.get("history", [])))
            rows.append((q, ranked))
    best = None
    for wd, wl, wp, wt in itertools.product([0.4, 0.5, 0.6], [0.1, 0.15, 0.2, 0.3], [0.0, 0.05, 0.1, 0.15], [0.0, 0.05, 0.1]):
        tops = []
        for q, ranked in rows:
            scored = sorted(ranked, key=lambda c: -(wd * c.dense + wl * c.lexical + wp * c.prior + wt * c.typed))
            top = [wd * c.dense + wl * c.lexical + wp * c.prior + wt * c.typed for c in scored]
            tops.append((q, scored, top))
        for threshold in [x / 100 for x in range(20, 56, 2)]:
            for keep in (0.8, 0.85, 0.9):
                cited = refused = 0
                for q, scored, top in tops:
                    chosen = [c for c, sc in zip(scored[:3], top[:3], strict=False) if sc >= max(threshold, keep * top[0])] if top and top[0] >= threshold else []
                    if q.get("evidence"):
                        cited += any(_overlaps(c.text, evidences(q)) for c in chosen)
                    else:
                        refused += not chosen
                n_ans = sum(bool(q.get("evidence")) for q in items)
                n_un = len(items) - n_ans
                # Refusing a question that has an answer is as bad as answering one that has none.
                value = cited / n_ans + refused / n_un
                if best is None or value > best[0]:
                    best = (value, wd, wl, wp, wt, threshold, keep, cited / n_ans, refused / n_un)
    _, wd, wl, wp, wt, threshold, keep, cited, refused = best
    print(f"dense={wd} lexical={wl} prior={wp} answer_type={wt} refuse_below={threshold} keep_ratio={keep}")
    print(f"evidence cited when answerable: {cited:.3f}; refused when unanswerable: {refused:.3f}")


if __name__ == "__main__":
    main()

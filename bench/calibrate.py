"""Calibrate the extractive answerer's weights and refusal threshold on the labelled set's "tune" split.

    python bench/calibrate.py [tests/data/qa.jsonl]

Gathers each question's evidence once with the real code (`Assistant.gather`: retrieval, candidate
sentences, their features), then tries weight and threshold settings through the real ranking and
selection (`ExtractiveAnswerer.rank` / `select` with a trial `Scoring`). Prints the best settings and
what they get on the tune split and on the held-out split (never tuned on). Put them in qa/answer.py.
"""

from __future__ import annotations

import argparse
import itertools
import os
from dataclasses import replace


def trials(base):
    """Every trial Scoring: weights, then thresholds and ratios."""
    for wd, wl, wp, wt, rep in itertools.product([0.4, 0.5, 0.6], [0.1, 0.15, 0.2, 0.3], [0.0, 0.05, 0.1, 0.15], [0.0, 0.05, 0.1], [0.6, 1.0]):
        for threshold in [x / 100 for x in range(20, 50, 2)]:
            for keep, other in itertools.product((0.8, 0.85, 0.9), (0.7, 0.75, 0.85)):
                yield replace(base, dense=wd, lexical=wl, prior=wp, answer_type=wt, repeated=rep, refuse_below=threshold,
                              keep_ratio=keep, other_article_ratio=other)


def outcome(answerer, rows, scoring) -> dict:
    """Evidence cited (answerable) and refusals (unanswerable) with this scoring, through the real selection."""
    from qa.evaluate import answer_metrics, evidences, overlaps

    details = []
    for item, evidence in rows:
        chosen = answerer.select(answerer.rank(evidence.candidates, scoring), scoring)
        details.append({"answerable": bool(item.get("evidence")), "refused": not chosen,
                        "cited_evidence": any(overlaps(c.text, evidences(item)) for c in chosen)})
    return answer_metrics(details)


def value(m: dict) -> int:
    # Every question counts the same: refusing one that has an answer (or citing the wrong passage)
    # is as bad as answering one that has none.
    return m["cited"] + m["refused_correctly"]


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from qa.evaluate import default_articles, load_set, split_of, temporary_newsdesk
    from store.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", default="tests/data/qa.jsonl")
    args = parser.parse_args()
    items = load_set(args.file)
    with temporary_newsdesk(Settings(), default_articles(args.file)) as nd:
        assistant = nd.assistant
        rows = {"tune": [], "heldout": []}
        for item in items:
            rows[split_of(item)].append((item, assistant.gather(item["question"], item.get("history", []))))
        answerer = assistant.answerer
        shipped = answerer.scoring
        best = max(trials(shipped), key=lambda s: value(outcome(answerer, rows["tune"], s)))
        for name, scoring in (("shipped", shipped), ("best", best)):
            print(f"{name}: dense={scoring.dense} lexical={scoring.lexical} prior={scoring.prior} answer_type={scoring.answer_type} "
                  f"repeated={scoring.repeated} refuse_below={scoring.refuse_below} keep_ratio={scoring.keep_ratio} "
                  f"other_article_ratio={scoring.other_article_ratio}")
            for split, split_rows in rows.items():
                if split_rows:
                    m = outcome(answerer, split_rows, scoring)
                    print(f"  {split:8} ({len(split_rows)} questions): evidence cited {m['evidence_cited_when_answerable']:.3f}, "
                          f"refused when unanswerable {m['refused_when_unanswerable']:.3f}, refusal precision {m['refusal_precision']:.3f}, "
                          f"recall {m['refusal_recall']:.3f}")


if __name__ == "__main__":
    main()

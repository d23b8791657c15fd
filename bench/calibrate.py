"""Calibrate the extractive answerer's weights and refusal thresholds on the labelled sets' "tune" split.

    python -m bench.calibrate [tests/data/qa.jsonl tests/data/conversations.jsonl tests/data/unanswerable_multi.jsonl]
    python -m bench.calibrate --speaker [... tests/data/said.jsonl]   # only the speaker weight, the rest as shipped

One store holds every article the sets are asked over. Each question's evidence is gathered once with
the real code (`Assistant.gather`: the conversation's thread, retrieval, candidate sentences, their
features); a conversation's turns are asked with the history the shipped answerer gives. Then weight
and threshold settings are tried through the real ranking and selection (`ExtractiveAnswerer.rank` /
`select` with a trial `Scoring`). Prints the best settings and what they get on the tune split and on
the held-out split (never tuned on). Put them in qa/answer.py.
"""

from __future__ import annotations

import argparse
import itertools
import os
from dataclasses import replace

SETS = ["tests/data/qa.jsonl", "tests/data/conversations.jsonl", "tests/data/unanswerable_multi.jsonl"]
SPEAKER_SETS = [*SETS, "tests/data/said.jsonl"]
SPEAKER_WEIGHTS = [0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4]


def speaker_trials(base):
    """The speaker weight alone ("what did X say": X's words up, another person's down), the rest as shipped."""
    for w in SPEAKER_WEIGHTS:
        yield replace(base, speaker=w)


def trials(base):
    """Every trial Scoring: weights, then thresholds and ratios."""
    for wd, wl, wp, wt, wth in itertools.product([0.4, 0.5, 0.6], [0.1, 0.2, 0.3], [0.0, 0.05, 0.15], [0.0, 0.05, 0.1], [0.0, 0.1, 0.2]):
        for threshold, min_lex in itertools.product([x / 100 for x in range(22, 50, 2)], (0.0, 0.1, 0.2, 0.3)):
            for keep in (0.7, 0.8, 0.9):
                yield replace(base, dense=wd, lexical=wl, prior=wp, answer_type=wt, thread=wth, refuse_below=threshold,
                              min_lexical=min_lex, keep_ratio=keep)


def questions(paths: list[str]) -> list[dict]:
    """Every labelled question as {"question", "evidence": alternatives, "split", "turns_before"}; a
    conversation's turns keep the questions before them, answered later by the shipped answerer."""
    from qa.evaluate import load_set, split_of

    out = []
    for path in paths:
        for item in load_set(path):
            if "turns" in item:
                for i, turn in enumerate(item["turns"]):
                    alts = [a for fact in turn["evidence"] for a in fact]
                    out.append({"question": turn["question"], "evidence": alts, "split": split_of(item),
                                "before": [t["question"] for t in item["turns"][:i]]})
            elif "facts" in item:  # not_facts: words (another speaker's) that must not be cited for it
                out.append({"question": item["question"], "evidence": [a for fact in item["facts"] for a in fact] or None,
                            "not_facts": item.get("not_facts", []), "split": split_of(item), "before": []})
            else:
                out.append({**item, "split": split_of(item), "before": []})
    return out


def outcome(answerer, rows, scoring) -> dict:
    """Evidence cited (answerable) and refusals (unanswerable) with this scoring, through the real selection."""
    from qa.evaluate import answer_metrics, evidences, overlaps

    details = []
    for item, evidence in rows:
        chosen = answerer.select(answerer.rank(evidence.candidates, scoring), scoring)
        wrong = any(overlaps(c.text, item.get("not_facts", [])) for c in chosen)
        details.append({"answerable": bool(item.get("evidence")), "refused": not chosen,
                        "cited_evidence": any(overlaps(c.text, evidences(item)) for c in chosen) and not wrong})
    return answer_metrics(details)


def value(m: dict) -> int:
    # Every question counts the same: refusing one that has an answer (or citing the wrong passage)
    # is as bad as answering one that has none.
    return m["cited"] + m["refused_correctly"]


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from qa.evaluate import ROOT, temporary_newsdesk
    from store.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*")
    parser.add_argument("--speaker", action="store_true", help="calibrate only the speaker weight (default sets: SPEAKER_SETS)")
    args = parser.parse_args()
    items = questions(args.files or (SPEAKER_SETS if args.speaker else SETS))
    data = ROOT / "tests" / "data"
    articles = [str(ROOT / "samples"), str(data / "articles"), str(data / "pages"), str(data / "news")]
    with temporary_newsdesk(Settings(), articles) as nd:
        assistant = nd.assistant
        rows: dict[str, list] = {"tune": [], "heldout": []}
        answers: dict[tuple, str] = {}
        for item in items:
            history: list[dict] = []
            for i, q in enumerate(item["before"]):  # the conversation so far, as the shipped answerer answers it
                key = tuple(item["before"][: i + 1])
                if key not in answers:
                    answers[key] = assistant.ask(q, list(history)).answer
                history += [{"role": "user", "content": q}, {"role": "assistant", "content": answers[key]}]
            rows[item["split"]].append((item, assistant.gather(item["question"], history)))
        answerer = assistant.answerer
        shipped = answerer.scoring
        if args.speaker:
            for trial in speaker_trials(shipped):
                m = outcome(answerer, rows["tune"], trial)
                print(f"speaker={trial.speaker}: tune value {value(m)} (cited {m['evidence_cited_when_answerable']:.3f}, "
                      f"refused when unanswerable {m['refused_when_unanswerable']:.3f})")
        best = max(speaker_trials(shipped) if args.speaker else trials(shipped), key=lambda s: value(outcome(answerer, rows["tune"], s)))
        for name, scoring in (("shipped", shipped), ("best", best)):
            print(f"{name}: dense={scoring.dense} lexical={scoring.lexical} prior={scoring.prior} answer_type={scoring.answer_type} "
                  f"thread={scoring.thread} speaker={scoring.speaker} refuse_below={scoring.refuse_below} min_lexical={scoring.min_lexical} keep_ratio={scoring.keep_ratio}")
            for split, split_rows in rows.items():
                if split_rows:
                    m = outcome(answerer, split_rows, scoring)
                    print(f"  {split:8} ({len(split_rows)} questions): evidence cited {m['evidence_cited_when_answerable']:.3f}, "
                          f"refused when unanswerable {m['refused_when_unanswerable']:.3f}, refusal precision {m['refusal_precision']:.3f}, "
                          f"recall {m['refusal_recall']:.3f}")


if __name__ == "__main__":
    main()

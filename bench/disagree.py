"""How often answers say that the reports differ, and how often rightly: precision and recall on the
labelled disagreements and controls of tests/data/disagree.jsonl, and the number of such answers in the
other labelled sets (questions nobody labelled as a disagreement), per split.

    python -m bench.disagree [--show]     # --show: the tune questions whose answers say so (never held-out ones)

Asked over the samples and tests/data/news/ (as `qa eval` asks these sets), extractive answers. An
answer "says they differ" when its own words (quotes left out) hold "reports differ".
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

SETS = ("disagree", "multi", "recency", "said", "conversations")


def says_differ(answer) -> bool:
    from qa.evaluate import _own_words

    return "reports differ" in _own_words(answer)


def questions(name: str) -> list[tuple[str, str, str, list[dict]]]:
    """(split, kind, question, history) for each question of a set; a conversation's turns with the turns before them."""
    from qa.evaluate import ROOT, load_set, split_of

    out = []
    for item in load_set(str(ROOT / "tests" / "data" / f"{name}.jsonl")):
        if "turns" in item:
            out.append((split_of(item), "turn", "", list(item["turns"])))
        else:
            out.append((split_of(item), item.get("kind", ""), item["question"], []))
    return out


def main() -> int:
    from qa.evaluate import conversation_articles, temporary_newsdesk
    from store.settings import Settings

    rows: dict[tuple[str, str], list[int]] = {}  # (set, split) -> [asked, said differ]
    labelled = {split: {"tp": 0, "fp": 0, "fn": 0, "tn": 0} for split in ("tune", "heldout")}
    shown: list[str] = []
    start = time.perf_counter()
    with temporary_newsdesk(Settings.from_env(), conversation_articles(), llm=None) as nd:
        for name in SETS:
            for split, kind, question, turns in questions(name):
                answers = []
                if turns:
                    history: list[dict] = []
                    for turn in turns:
                        answer = nd.assistant.ask(turn["question"], history)
                        answers.append(answer)
                        history += [{"role": "user", "content": turn["question"]}, {"role": "assistant", "content": answer.answer}]
                else:
                    answers.append(nd.assistant.ask(question))
                for answer in answers:
                    differ = says_differ(answer)
                    if differ and split == "tune" and "--show" in sys.argv:
                        shown.append(f"[{name} {kind}] {answer.question}\n    {answer.answer.split(chr(10))[0]}")
                    row = rows.setdefault((name, split), [0, 0])
                    row[0] += 1
                    row[1] += differ
                    if name == "disagree":
                        labelled[split][("tp" if differ else "fn") if kind != "agree" else ("fp" if differ else "tn")] += 1
    print("\n".join(shown) + ("\n" if shown else ""))
    print(f"answers that say the reports differ ({time.perf_counter() - start:.0f} s):")
    print(f"{'set':15} {'split':8} {'asked':>6} {'say differ':>11}")
    for (name, split), (asked, differ) in rows.items():
        print(f"{name:15} {split:8} {asked:6d} {differ:11d}")
    print("\ndisagree.jsonl, 'the reports differ' as the prediction (positives: figure, date, claim; negatives: agree):")
    for split, c in labelled.items():
        said = c["tp"] + c["fp"]
        positives = c["tp"] + c["fn"]
        precision = f"{c['tp'] / said:.2f}" if said else "-"
        recall = f"{c['tp'] / positives:.2f}" if positives else "-"
        print(f"  {split:8} precision {precision} ({c['tp']}/{said}), recall {recall} ({c['tp']}/{positives}), false alarms on controls {c['fp']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

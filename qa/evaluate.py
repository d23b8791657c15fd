"""`qa eval`: retrieval (hit rate@k, MRR) per mode and answer quality on a labelled JSONL set.

Each line: {"question", "evidence": verbatim text that answers it (or a list of alternatives) or null,
"article": file name or null, "history": optional conversation, "split": "tune" (default) or "heldout"}.
Questions with null evidence must be refused. Calibration tunes on the "tune" split only; figures
are reported for each split and for all.
"""

from __future__ import annotations

import json
import statistics
import tempfile
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator

from qa.conversation import retrieval_query
from store.settings import Settings

MODES = ("dense", "bm25", "hybrid")
KS = (1, 3, 5, 8)
ROOT = Path(__file__).resolve().parent.parent
SPLITS = ("tune", "heldout")


def load_set(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def split_of(item: dict) -> str:
    return item.get("split", "tune")


def default_articles(path: str) -> list[str]:
    """The samples and the `articles/` and `pages/` folders beside the labelled set."""
    here = Path(path).resolve().parent
    return [str(p) for p in (ROOT / "samples", here / "articles", here / "pages") if p.is_dir()]


def evidences(item: dict) -> list[str]:
    """The labelled passages that answer a question (one, or several alternatives)."""
    ev = item.get("evidence")
    return [] if not ev else [ev] if isinstance(ev, str) else list(ev)


def _rank_of(hits, evidence: list[str]) -> int | None:
    for i, hit in enumerate(hits, 1):
        if any(e in hit.chunk.text for e in evidence):
            return i
    return None


def overlaps(quote: str, evidence: list[str]) -> bool:
    """A quote that holds the labelled evidence, or lies inside it."""
    return any(e in quote or quote in e for e in evidence)


@contextmanager
def temporary_newsdesk(settings: Settings, articles: list[str], **parts) -> Iterator:
    """Newsdesk (qa.services.build) on a temporary embedded store holding `articles`."""
    from qa.services import build

    with tempfile.TemporaryDirectory() as tmp:
        nd = build(replace(settings, data_dir=Path(tmp), chroma_url=""), **parts)
        report = nd.ingestor.add(articles)
        if report.failed:
            raise RuntimeError(f"could not ingest the evaluation articles: {report.failed}")
        yield nd


def answer_metrics(details: list[dict]) -> dict:
    """Answered / evidence cited (answerable), refusal precision and recall (refusing is the positive class)."""
    ans = [d for d in details if d["answerable"]]
    unans = [d for d in details if not d["answerable"]]
    refused = [d for d in details if d["refused"]]
    return {
        "questions": len(details),
        "answerable": len(ans),
        "unanswerable": len(unans),
        "cited": sum(d["cited_evidence"] for d in ans),
        "refused_correctly": sum(d["refused"] for d in unans),
        "answered_when_answerable": sum(not d["refused"] for d in ans) / max(len(ans), 1),
        "evidence_cited_when_answerable": sum(d["cited_evidence"] for d in ans) / max(len(ans), 1),
        "refused_when_unanswerable": sum(d["refused"] for d in unans) / max(len(unans), 1),
        "refusal_precision": sum(not d["answerable"] for d in refused) / len(refused) if refused else 1.0,
        "refusal_recall": sum(d["refused"] for d in unans) / len(unans) if unans else 1.0,
    }


def evaluate(path: str, settings: Settings, articles: list[str] | None = None, scoring=None) -> dict:
    """Metrics for the set at `path`, on a temporary store holding `articles` (the set's own by default)."""
    items = load_set(path)
    with temporary_newsdesk(settings, articles or default_articles(path), scoring=scoring) as nd:
        assistant = nd.assistant
        answerable = [q for q in items if q.get("evidence")]
        retrieval = {}
        for mode in MODES:
            ranks = []
            for q in answerable:
                query = retrieval_query(q["question"], q.get("history", []))
                hits = assistant.retriever.retrieve(query, k=10, mode=mode)
                ranks.append(_rank_of(hits, evidences(q)))
            retrieval[mode] = {f"hit@{k}": sum(r is not None and r <= k for r in ranks) / len(ranks) for k in KS}
            retrieval[mode]["mrr@10"] = sum(1 / r for r in ranks if r) / len(ranks)
        details = []
        for q in items:
            answer = assistant.ask(q["question"], q.get("history", []))
            details.append({
                "question": q["question"], "split": split_of(q), "answerable": bool(q.get("evidence")), "refused": answer.refused,
                "cited_evidence": any(overlaps(c.quote, evidences(q)) for c in answer.citations), "answer": answer.answer,
                "timings_ms": answer.timings_ms, "sentences": answer.sentences,
                "dangling_markers": answer.dangling_markers, "markers_written": answer.markers_written,
            })
        llm_name = nd.settings.llm if assistant.llm is not None else ""
    total_ms = [d["timings_ms"]["retrieve"] + d["timings_ms"]["answer"] for d in details]
    answers = answer_metrics(details)
    answers["median_ms"] = statistics.median(total_ms) if total_ms else 0.0
    out = {
        "questions": len(items),
        "answerable": len(answerable),
        "unanswerable": len(items) - len(answerable),
        "retrieval": retrieval,
        "answers": answers,
        "splits": {name: answer_metrics([d for d in details if d["split"] == name]) for name in SPLITS if any(d["split"] == name for d in details)},
        "details": [{**d, "sentences": [vars(s) for s in d["sentences"]]} for d in details],
    }
    if llm_name:
        sentences = [s for d in details for s in d["sentences"]]
        written = sum(d["markers_written"] for d in details)
        out["llm"] = {
            "name": llm_name,
            "sentences": len(sentences),
            "supported_share": sum(s.supported for s in sentences) / max(len(sentences), 1),
            "markers_written": written,
            "dangling_marker_share": sum(d["dangling_markers"] for d in details) / max(written, 1),
            "markers_added": sum(s.marker_added for s in sentences),
        }
    return out


def _holds(fact: list[str], answer) -> bool:
    """A needed fact is held when one of its alternatives is in a cited quote (or a quote lies inside it),
    or, for metadata such as an author or an outlet, in the answer's own text."""
    return any(overlaps(c.quote, fact) for c in answer.citations) or any(alt in answer.answer for alt in fact)


def _article_order(answer, files: list[str], ids: dict[str, str]) -> list[str]:
    """The labelled articles in the order the answer first cites them."""
    first: dict[str, int] = {}
    for c in answer.citations:
        pos = answer.answer.find(f"[{c.n}]")
        name = ids.get(c.article_id)
        if name in files and pos >= 0:
            first[name] = min(first.get(name, pos), pos)
    return sorted(first, key=first.get)


def _first_cited(answer, ids: dict[str, str]) -> str | None:
    """The file of the article whose [n] marker comes first in the answer, labelled or not."""
    marked = [(answer.answer.find(f"[{c.n}]"), ids.get(c.article_id, c.article_id)) for c in answer.citations]
    marked = [m for m in marked if m[0] >= 0]
    return min(marked)[1] if marked else None


def _own_words(answer) -> str:
    """The answer without its quotes (lower case): what Newsdesk says around them, not what an article says."""
    text = answer.answer
    for c in sorted(answer.citations, key=lambda c: -len(c.quote)):
        text = text.replace(c.quote, " ")
    return text.lower()


# Optional fields of the recency, disagree and said sets (tests/data/README.md), each scored on its own.
FIELD_CHECKS: dict[str, Callable[[dict, object, dict[str, str]], bool]] = {
    "first_article": lambda q, a, ids: _first_cited(a, ids) == q["first_article"],
    "date_words": lambda q, a, ids: all(any(w in a.answer for w in group) for group in q["date_words"]),
    "outlets": lambda q, a, ids: all(o in a.answer for o in q["outlets"]),
    "must_say": lambda q, a, ids: all(any(w.lower() in _own_words(a) for w in group) for group in q["must_say"]),
    "must_not_say": lambda q, a, ids: not any(w.lower() in _own_words(a) for w in q["must_not_say"]),
    "not_facts": lambda q, a, ids: not any(_holds([s], a) for s in q["not_facts"]),
}


def field_checks(item: dict, answer, ids: dict[str, str]) -> dict[str, bool]:
    """The checks an item asks for, passed or not: "facts" (every fact held, not refused) and each optional
    field it carries: the newest report cited first, dates stated, outlets named, the reports said to differ
    (or not), other times' or other speakers' words left out."""
    out = {"facts": not answer.refused and all(_holds(f, answer) for f in item["facts"])}
    out.update({name: check(item, answer, ids) for name, check in FIELD_CHECKS.items() if name in item})
    return out


def article_files(nd) -> dict[str, str]:
    """article_id -> file name, for sets that name articles by file."""
    return {a.article_id: Path(a.path).name for a in nd.store.list_articles() if a.path}


def conversation_articles() -> list[str]:
    """What the conversation and multi-article sets are asked over: the samples and tests/data/news/."""
    return [str(ROOT / "samples"), str(ROOT / "tests" / "data" / "news")]


def evaluate_conversations(path: str, settings: Settings, articles: list[str] | None = None, scoring=None) -> dict:
    """Each conversation asked turn by turn, the history holding only the question and answer texts
    (as a script's CHAT.json would); a turn counts when its answer cites every needed fact."""
    items = load_set(path)
    details = []
    with temporary_newsdesk(settings, articles or conversation_articles(), scoring=scoring) as nd:
        for conv in items:
            history: list[dict] = []
            for i, turn in enumerate(conv["turns"]):
                answer = nd.assistant.ask(turn["question"], history)
                ok = not answer.refused and all(_holds(f, answer) for f in turn["evidence"])
                details.append({"id": conv["id"], "split": split_of(conv), "turn": i, "question": turn["question"], "ok": ok,
                                "new_topic": bool(turn.get("new_topic")), "answer": answer.answer})
                history += [{"role": "user", "content": turn["question"]}, {"role": "assistant", "content": answer.answer}]
    return {"kind": "conversations", "splits": _turn_figures(details), "details": details}


def _turn_figures(details: list[dict]) -> dict:
    out = {}
    for name in ("all", *SPLITS):
        rows = [d for d in details if name == "all" or d["split"] == name]
        first = [d for d in rows if d["turn"] == 0]
        follow = [d for d in rows if d["turn"] > 0]
        out[name] = {"first_turns": [sum(d["ok"] for d in first), len(first)], "follow_ups": [sum(d["ok"] for d in follow), len(follow)]}
    return out


def evaluate_multi(path: str, settings: Settings, articles: list[str] | None = None, scoring=None) -> dict:
    """Questions that need several articles: every needed fact held, order questions in order, per kind;
    items without facts must be refused. An item that carries optional fields (first_article, date_words,
    outlets, must_say, must_not_say, not_facts) counts only when their checks pass too (`field_checks`)."""
    items = load_set(path)
    details = []
    with temporary_newsdesk(settings, articles or conversation_articles(), scoring=scoring) as nd:
        files = article_files(nd)
        for q in items:
            answer = nd.assistant.ask(q["question"])
            checks: dict[str, bool] = {}
            if not q["facts"]:
                ok, in_order = answer.refused, None
            else:
                checks = field_checks(q, answer, files)
                ok = all(checks.values())
                in_order = _article_order(answer, q["order"], files) == q["order"] if q.get("order") else None
            details.append({"id": q["id"], "split": split_of(q), "kind": q.get("kind", "unanswerable") if q["facts"] else "unanswerable",
                            "question": q["question"], "ok": ok, "in_order": in_order, "checks": checks, "answer": answer.answer,
                            "cited": sorted({files.get(c.article_id, c.article_id) for c in answer.citations})})
    figures = {}
    for name in ("all", *SPLITS):
        rows = [d for d in details if name == "all" or d["split"] == name]
        kinds = sorted({d["kind"] for d in rows})
        figures[name] = {k: [sum(d["ok"] for d in rows if d["kind"] == k), sum(d["kind"] == k for d in rows)] for k in kinds}
        ordered = [d for d in rows if d["in_order"] is not None and d["kind"] == "order"]
        figures[name]["order_in_order"] = [sum(d["in_order"] for d in ordered), len(ordered)]
    return {"kind": "multi", "splits": figures, "checks": check_figures(details), "details": details}


def check_figures(details: list[dict]) -> dict:
    """Per split and kind, each check's [passed, asked], and "all" (every check of the item passed);
    empty when no item carries an optional field (the older multi-article sets)."""
    if not any(set(d.get("checks", {})) - {"facts"} for d in details):
        return {}
    out: dict = {}
    for name in ("all", *SPLITS):
        rows = [d for d in details if name == "all" or d["split"] == name]
        out[name] = {}
        for kind in sorted({d["kind"] for d in rows}):
            of_kind = [d for d in rows if d["kind"] == kind]
            table = {c: [sum(d["checks"][c] for d in of_kind if c in d["checks"]), sum(c in d["checks"] for d in of_kind)]
                     for c in ("facts", *FIELD_CHECKS)}
            table["all"] = [sum(d["ok"] for d in of_kind), len(of_kind)]
            out[name][kind] = table
    return out


def print_checks(checks: dict) -> None:
    columns = ["facts", *FIELD_CHECKS, "all"]
    print("\nper kind and check (passed/asked; all = every check of the item passed; - = not asked):")
    print(f"{'split':8} {'kind':9}" + "".join(f" {c:>13}" for c in columns))
    for name, kinds in checks.items():
        for kind, table in kinds.items():
            cells = [f"{table[c][0]}/{table[c][1]}" if table[c][1] else "-" for c in columns]
            print(f"{name:8} {kind:9}" + "".join(f" {c:>13}" for c in cells))


def evaluate_any(path: str, settings: Settings, articles: list[str] | None = None) -> dict:
    """The evaluation that fits the set's shape: conversations ("turns"), multi-article ("facts") or single questions."""
    first = load_set(path)[0]
    if "turns" in first:
        return evaluate_conversations(path, settings, articles)
    if "facts" in first:
        return evaluate_multi(path, settings, articles)
    return evaluate(path, settings, articles)


def print_any(report: dict) -> None:
    if report.get("kind") == "conversations":
        for name, m in report["splits"].items():
            print(f"{name:8} first turns {m['first_turns'][0]}/{m['first_turns'][1]}, follow-up turns {m['follow_ups'][0]}/{m['follow_ups'][1]}")
    elif report.get("kind") == "multi":
        for name, m in report["splits"].items():
            print(f"{name:8} " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in m.items()))
        if report.get("checks"):
            print_checks(report["checks"])
    else:
        print_report(report)
        return
    misses = [d for d in report["details"] if d["split"] == "tune" and (not d["ok"] or d.get("in_order") is False)]
    if misses:
        print("\nmisses on the tune split (held-out items are never shown: nobody tunes on them):")
        for d in misses:
            failed = [c for c, passed in d.get("checks", {}).items() if not passed]
            why = f" (failed: {', '.join(failed)})" if failed and set(d["checks"]) != {"facts"} else ""
            print(f"- [{d['split']}] {d['id']}{'.' + str(d['turn']) if 'turn' in d else ''}{why} {d['question']}  ->  {d['answer'][:200]!r}")


def _answer_line(m: dict) -> str:
    return (f"answered {m['answered_when_answerable']:.3f} of answerable, cited the labelled evidence {m['evidence_cited_when_answerable']:.3f}, "
            f"refused {m['refused_when_unanswerable']:.3f} of unanswerable; refusal precision {m['refusal_precision']:.3f}, recall {m['refusal_recall']:.3f}")


def print_report(report: dict) -> None:
    print(f"{report['questions']} questions ({report['answerable']} answerable, {report['unanswerable']} unanswerable)\n")
    header = "mode    " + "  ".join(f"{k:>7}" for k in [f"hit@{k}" for k in KS] + ["MRR@10"])
    print(header)
    for mode, m in report["retrieval"].items():
        print(f"{mode:8}" + "  ".join(f"{m[key]:7.3f}" for key in [f"hit@{k}" for k in KS] + ["mrr@10"]))
    a = report["answers"]
    kind = f"LLM {report['llm']['name']}" if "llm" in report else "extractive"
    print(f"\nanswers (hybrid, {kind}): {_answer_line(a)}; median {a['median_ms']:.1f} ms per question")
    for name, m in report["splits"].items():
        print(f"  {name:8} ({m['questions']:3} questions): {_answer_line(m)}")
    if "llm" in report:
        m = report["llm"]
        print(f"LLM {m['name']}: {m['sentences']} sentences, {m['supported_share']:.3f} supported by their citations; "
              f"{m['markers_written']} markers written, {m['dangling_marker_share']:.3f} pointed nowhere; {m['markers_added']} markers added by the check")
    misses = [d for d in report["details"] if d["split"] == "tune" and (d["answerable"] and not d["cited_evidence"] or not d["answerable"] and not d["refused"])]
    if misses:
        print("\nmisses on the tune split (held-out items are never shown: nobody tunes on them):")
        for d in misses:
            print(f"- [{d['split']}] {d['question']}  ->  {'REFUSED' if d['refused'] else d['answer'][:160]}")

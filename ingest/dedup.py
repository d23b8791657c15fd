"""Near-duplicate articles: wire copies, edited copies and newer versions of the same story.

A fingerprint is a MinHash (datasketch) over word 3-shingles of the normalised cleaned text, plus the
number of distinct shingles. The similarity of two fingerprints is the estimated *containment* of the
smaller shingle set in the larger one, |A ∩ B| / min(|A|, |B|), derived from MinHash's Jaccard
estimate J and the two set sizes: |A ∩ B| = J (|A| + |B|) / (1 + J). Containment, not Jaccard,
because the copies we must catch differ mostly by *adding or removing* text (a cut paragraph, the
republishing outlet's boilerplate, a new headline): those lower Jaccard a lot and containment little.

Threshold: measured with bench/news_aware.py (figures and sweep in docs/BENCHMARKS.md); see COPY_THRESHOLD.

`CopyIndex` finds the best match of a new article among the stored ones by scoring every stored
fingerprint at once (one numpy comparison of the signature matrix); `ingest/copy_cache.py` saves it beside
the store so an `ingest add` loads it instead of rebuilding it.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from dataclasses import dataclass
from datetime import date as _date
from typing import Iterable, Sequence
from urllib.parse import urlsplit

import numpy as np

NUM_PERM = 128
SHINGLE = 3
SEED = 1
# datasketch's permutation scheme (2.x): 32-bit values. Fingerprints of different schemes, seeds,
# shingle sizes or normalisation cannot be compared; all of them are part of the format "v1".
SCHEME = "affine32"
# Containment at or above which two articles are the same story. Measured on the dev pairs
# (tests/data/dedup_dev_pairs.jsonl): same story 0.48..1.00 (edited copies lowest, 0.48..0.71; wire
# copies 0.83..1.00), different stories on the same event 0.03..0.13, unrelated 0..0.02. 0.3 sits in
# the gap with room both sides (MinHash's error at 128 permutations is about ±0.04 there). Held-out
# pairs (another engineer's): same story 0.80..1.00, different stories at most 0.10: P = R = 1.0.
COPY_THRESHOLD = 0.3
# A newer version from the same outlet: the same story by the same measure (a version differs by
# corrections, an added paragraph or a changed figure; a different story by the same outlet stays
# far below, e.g. a follow-up on the same event).
VERSION_THRESHOLD = COPY_THRESHOLD
# Lines this short (headlines, datelines, bylines, section labels) carry little of the story and
# differ most between outlets; they are left out of the shingles.
_MIN_LINE_WORDS = 6

_FORMAT = 1
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*", re.UNICODE)
_THOUSANDS = re.compile(r"(?<=\d)[,.\u202f\u00a0 ](?=\d{3}(?!\d))")


def normalise(text: str) -> list[str]:
    """The words of the text that carry the story: case-folded, accents and punctuation dropped.

    Short lines (fewer than 6 words: headlines, datelines, bylines, labels) are skipped; if that
    leaves nothing, all lines count.
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    text = _THOUSANDS.sub("", text)  # 12,000 / 12.000 / 12000 are one number
    lines = [_TOKEN.findall(line) for line in text.splitlines()]
    words = [w for line in lines if len(line) >= _MIN_LINE_WORDS for w in line]
    if not words:
        words = [w for line in lines for w in line]
    return ["".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c)) for w in words]


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    words = normalise(text)
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


@dataclass(frozen=True)
class Fingerprint:
    """MinHash signature (NUM_PERM 32-bit values) and the number of distinct shingles it summarises."""

    hashvalues: tuple[int, ...]
    size: int

    def to_str(self) -> str:
        """Compact text for Chroma metadata or JSON: 'v1:<size>:<base64 of little-endian uint32s>'."""
        raw = np.array(self.hashvalues, dtype="<u4").tobytes()
        return f"v{_FORMAT}:{self.size}:{base64.b64encode(raw).decode('ascii')}"

    @classmethod
    def from_str(cls, value: str) -> "Fingerprint":
        try:
            version, size, data = value.split(":", 2)
            if version != f"v{_FORMAT}":
                raise ValueError(f"unknown fingerprint format {version!r}")
            values = np.frombuffer(base64.b64decode(data, validate=True), dtype="<u4")
            if len(values) != NUM_PERM:
                raise ValueError(f"{len(values)} hash values, expected {NUM_PERM}")
            return cls(tuple(int(v) for v in values), int(size))
        except (ValueError, TypeError) as e:
            raise ValueError(f"not a fingerprint: {value[:40]!r} ({e})") from e


def fingerprint(text: str) -> Fingerprint:
    """Fingerprint of an article's cleaned text (title not included: outlets rewrite headlines)."""
    grams = shingles(text)
    from datasketch import MinHash  # imports scipy (~0.3 s): only when a fingerprint is made

    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    if grams:
        m.update_batch([g.encode("utf-8") for g in sorted(grams)])
    return Fingerprint(tuple(int(v) for v in m.hashvalues), len(grams))


def jaccard(a: Fingerprint, b: Fingerprint) -> float:
    if len(a.hashvalues) != len(b.hashvalues):
        raise ValueError("fingerprints of different lengths")
    if not a.size or not b.size:
        return 0.0
    return float(np.count_nonzero(np.array(a.hashvalues) == np.array(b.hashvalues))) / len(a.hashvalues)


def _containment(j, size_a, size_b):
    """|A ∩ B| / min(|A|, |B|) from MinHash's Jaccard estimate and the set sizes (numbers or numpy arrays)."""
    inter = j * (size_a + size_b) / (1 + j)
    return np.minimum(1.0, inter / np.minimum(size_a, size_b))


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated share of the shorter article's shingles that the other one also has (0..1)."""
    j = jaccard(a, b)
    if not j:
        return 0.0
    return float(_containment(j, a.size, b.size))


class CopyIndex:
    """Fingerprints of the stored stories; `match` finds the stored story a new article copies, if any.

    Every stored fingerprint is scored (the same containment as `similarity`): one comparison of the query's
    128 values with an (n, 128) uint32 matrix, ~1 ms at 20,000 stories and ~7-9 ms at 100,000 on these
    machines. Written by hand instead of datasketch's MinHashLSH because it measurably does better here
    (bench/news_aware.py --copy-index, docs/BENCHMARKS.md): the matrix saves and loads as plain arrays
    in milliseconds, where an LSH must be rebuilt from MinHash objects (~0.15 ms per story, 15 s at 100,000)
    or pickled; and it is exact, where banding at this low Jaccard threshold misses some copies near it.
    """

    def __init__(self, threshold: float = COPY_THRESHOLD):
        self.threshold = threshold
        self._ids: list[str] = []
        self._row: dict[str, int] = {}
        self._values = np.zeros((0, NUM_PERM), dtype=np.uint32)  # rows beyond len(self) are spare capacity
        self._sizes = np.zeros(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._row

    def ids(self) -> list[str]:
        return list(self._ids)

    def add(self, article_id: str, fp: Fingerprint) -> None:
        """Add or replace the fingerprint of a story."""
        if len(fp.hashvalues) != NUM_PERM:
            raise ValueError(f"{len(fp.hashvalues)} hash values, expected {NUM_PERM}")
        row = self._row.get(article_id)
        if row is None:
            row = len(self._ids)
            if row == len(self._sizes):  # grow by doubling: adding n stories costs O(n)
                values, sizes = np.zeros((max(16, 2 * row), NUM_PERM), dtype=np.uint32), np.zeros(max(16, 2 * row), dtype=np.int64)
                values[:row], sizes[:row] = self._values[:row], self._sizes[:row]
                self._values, self._sizes = values, sizes
            self._ids.append(article_id)
            self._row[article_id] = row
        self._values[row] = fp.hashvalues
        self._sizes[row] = fp.size

    def remove(self, article_id: str) -> None:
        row = self._row.pop(article_id, None)
        if row is None:
            return
        last = len(self._ids) - 1
        if row != last:  # the last row fills the hole
            moved = self._ids[last]
            self._ids[row], self._values[row], self._sizes[row] = moved, self._values[last], self._sizes[last]
            self._row[moved] = row
        self._ids.pop()

    def matches(self, fp: Fingerprint, exclude: Iterable[str] = ()) -> list[tuple[str, float]]:
        """Every stored story at or above the threshold, best first (ties: article id)."""
        n = len(self._ids)
        if not n or not fp.size:
            return []
        same = (self._values[:n] == np.asarray(fp.hashvalues, dtype=np.uint32)).sum(axis=1, dtype=np.int64)
        rows = np.flatnonzero((same > 0) & (self._sizes[:n] > 0))
        if not rows.size:
            return []
        sims = _containment(same[rows] / NUM_PERM, fp.size, self._sizes[rows])
        keep = sims >= self.threshold  # most stories share a value or two with any text: only those above go to Python
        skip = set(exclude)
        found = [(self._ids[r], float(v)) for r, v in zip(rows[keep], sims[keep], strict=True) if self._ids[r] not in skip]
        return sorted(found, key=lambda s: (-s[1], s[0]))

    def match(self, fp: Fingerprint, exclude: Iterable[str] = ()) -> tuple[str, float] | None:
        found = self.matches(fp, exclude)
        return found[0] if found else None

    def copy(self) -> "CopyIndex":
        twin = CopyIndex(self.threshold)
        n = len(self._ids)
        twin._ids, twin._row = list(self._ids), dict(self._row)
        twin._values, twin._sizes = self._values[:n].copy(), self._sizes[:n].copy()
        return twin

    # -- as plain arrays (saved with numpy, no pickle) -----------------------------------------------
    def arrays(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(article ids, (n, NUM_PERM) uint32 hash values, (n,) int64 sizes)."""
        n = len(self._ids)
        return list(self._ids), self._values[:n], self._sizes[:n]

    @classmethod
    def from_arrays(cls, ids: Sequence[str], values: np.ndarray, sizes: np.ndarray, threshold: float = COPY_THRESHOLD) -> "CopyIndex":
        """The index of these arrays; ValueError when they do not fit together."""
        values, sizes = np.asarray(values), np.asarray(sizes)
        n = len(ids)
        if values.shape != (n, NUM_PERM) or values.dtype != np.uint32 or sizes.shape != (n,) or not np.issubdtype(sizes.dtype, np.integer):
            raise ValueError(f"arrays of shapes {values.shape} {values.dtype} and {sizes.shape} {sizes.dtype} for {n} ids")
        if len(set(ids)) != n or not all(isinstance(i, str) for i in ids):
            raise ValueError("article ids must be distinct strings")
        index = cls(threshold)
        index._ids, index._row = list(ids), {aid: i for i, aid in enumerate(ids)}
        index._values, index._sizes = np.ascontiguousarray(values, dtype=np.uint32), sizes.astype(np.int64)
        return index


# --- Which copy is the original, and which is a newer version -------------------------------------


@dataclass(frozen=True)
class Copy:
    """One outlet's copy of a story, as `also_in` lists it."""

    source: str = ""
    url: str = ""
    date: str = ""  # ISO YYYY-MM-DD (or a longer ISO timestamp); empty when unknown
    article_id: str = ""

    def to_json(self) -> dict:
        return {"source": self.source, "url": self.url, "date": self.date}


def _date_key(value: str) -> tuple[int, str]:
    """Known dates first, in order; unknown or unparsable ones last."""
    value = (value or "").strip()
    try:
        _date.fromisoformat(value[:10])
    except ValueError:
        return (1, "")
    return (0, value)


def pick_original(copies: Sequence[Copy]) -> tuple[Copy, list[Copy]]:
    """The original (earliest date; on a tie or no dates, the first given) and the others as `also_in`,
    in date order. Given in ingest order, ties go to the copy stored first, so the choice is stable."""
    if not copies:
        raise ValueError("no copies")
    ordered = sorted(range(len(copies)), key=lambda i: (_date_key(copies[i].date), i))
    return copies[ordered[0]], [copies[i] for i in ordered[1:]]


def site(url: str) -> str:
    """The site host of a URL, lower case, without 'www.' and port ('' when there is none)."""
    if not url or "://" not in url:
        return ""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def same_outlet(a: Copy, b: Copy) -> bool:
    """Same site when both have a URL; otherwise the same outlet name (case and spacing ignored)."""
    sa, sb = site(a.url), site(b.url)
    if sa and sb:
        return sa == sb
    na, nb = " ".join(a.source.casefold().split()), " ".join(b.source.casefold().split())
    return bool(na) and na == nb


def is_newer_version(new: Copy, old: Copy, sim: float, threshold: float = VERSION_THRESHOLD) -> bool:
    """`new` replaces `old`: same outlet, the same story (similarity at or above threshold), and not
    dated before it (an undated side counts as not earlier: the later arrival wins)."""
    if not same_outlet(new, old) or sim < threshold:
        return False
    kn, ko = _date_key(new.date), _date_key(old.date)
    if kn[0] == 0 and ko[0] == 0:
        return kn[1][:10] >= ko[1][:10]
    return True

"""The copy index (ingest/dedup.py `CopyIndex`) saved beside the store and kept in step with it.

Finding another outlet's copy needs the fingerprint of every stored story. Reading them all from Chroma
and indexing them cost ~0.2-0.4 ms per story on every `ingest add` (~0.5 s at 1,300 stories, ~30 s at
100,000). The index is saved instead (data_dir/copies/<store>/index.npz) and brought up to date when loaded:

- It is keyed by the store's change token: while the token is the one it was taken at, nothing changed
  and nothing else is read.
- Otherwise only what changed is read: the ids of every record (a removed story leaves the index) and the
  records written since the snapshot was taken (each record carries `written_at`, see `Store.records`):
  its time less MARGIN, or the start of a write still in progress then, whichever is earlier.
- Each save leaves a stamp in the store naming the snapshot saved. A saved file the store does not name
  (the store restored from a backup without its data folder, another machine's cache of the same Chroma
  server, a crash between the two writes) is not trusted, nor is a missing, damaged or other-format one:
  the index is rebuilt from every record, as before, and saved again.

Known limit: a writer running a version of Newsdesk older than this one stamps no `written_at`, so its
writes to a store the copy index was saved for are not seen until the next rebuild.

One .npz of plain arrays and JSON (loaded with allow_pickle=False), written under a temporary name and
renamed, so a reader never sees half a file and two processes saving at once both leave a whole one.
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from ingest.dedup import NUM_PERM, SCHEME, SEED, SHINGLE, CopyIndex, Fingerprint
from store.models import Article
from store.store import Store

log = logging.getLogger("newsdesk.copies")
NAME = "copies"  # the cache's folder under the data folder and its stamp in the store
FILE = "index.npz"
# Seconds taken off a snapshot's time before reading the records written since: covers the clocks of other
# machines writing to a shared Chroma server and the moment between a record's `written_at` and its commit.
MARGIN = 600.0
_FORMAT = {"format": 1, "fingerprint": "v1", "num_perm": NUM_PERM, "seed": SEED, "scheme": SCHEME, "shingle": SHINGLE}


@dataclass
class Snapshot:
    """The copy index as of a change token; records written at or after `since` may be missing from it."""

    index: CopyIndex
    token: str
    since: float
    nonce: str  # names this snapshot; the store's stamp names the one saved last
    made: str = "rebuilt"  # how: "unchanged" (the token matched), "updated" (what changed was read) or "rebuilt"


def apply(index: CopyIndex, records: Iterable[Article]) -> None:
    """Bring the index in line with these article records: stories in (with their fingerprint), copies out."""
    for a in records:
        if a.copy_of or not a.fingerprint:
            index.remove(a.article_id)
            continue
        try:
            index.add(a.article_id, Fingerprint.from_str(a.fingerprint))
        except ValueError:  # written by another version: that story is just not matched
            index.remove(a.article_id)


def sync(store: Store, have: Snapshot | None = None, root: Path | None = None) -> Snapshot:
    """The copy index of the store as it is now: `have` (this process's last snapshot) or the saved one,
    updated with what changed since, else rebuilt from every record. Saved under `root` when it changed."""
    now = time.time()
    token = store.change_token()
    stamp = store.cache_stamp(NAME)
    base = have if have is not None and have.nonce == stamp else None
    if base is None and root is not None and stamp:
        base = load(root, stamp)
    if base is not None and base.token == token:
        base.made = "unchanged"
        return base
    since = min([now, *store.writes_in_progress()]) - MARGIN  # read after the token, before the records
    if base is not None:
        index = base.index.copy() if base is have else base.index
        present = store.article_ids()
        for aid in index.ids():
            if aid not in present:
                index.remove(aid)
        apply(index, store.records(written_since=base.since))
    else:
        index = CopyIndex()
        apply(index, store.records())
    snapshot = Snapshot(index, token, since, stamp, "updated" if base is not None else "rebuilt")
    log.debug("copy index %s: %d stories", snapshot.made, len(index))
    if root is not None:
        nonce = uuid.uuid4().hex
        try:
            save(root, Snapshot(index, token, since, nonce))
            store.set_cache_stamp(NAME, nonce)
            snapshot.nonce = nonce
        except OSError as exc:  # a read-only data folder: go on from memory
            log.warning("Could not save the copy index in %s: %s", root, exc)
    return snapshot


def save(root: Path, snapshot: Snapshot) -> Path:
    """Write the snapshot to root/index.npz under a temporary name, then rename it into place."""
    root.mkdir(parents=True, exist_ok=True)
    ids, values, sizes = snapshot.index.arrays()
    meta = {**_FORMAT, "token": snapshot.token, "since": snapshot.since, "nonce": snapshot.nonce}
    target = root / FILE
    tmp = root / f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}.npz"
    try:
        with open(tmp, "wb") as fh:
            np.savez(fh, meta=_text(json.dumps(meta)), ids=_text(json.dumps(ids, ensure_ascii=False)), values=values, sizes=sizes)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def load(root: Path, nonce: str) -> Snapshot | None:
    """The snapshot saved under root if it is the one named `nonce`, else None (none saved, another one,
    another format, or unreadable)."""
    path = root / FILE
    try:
        with open(path, "rb") as fh, np.load(fh, allow_pickle=False) as saved:
            meta = json.loads(_untext(saved["meta"]))
            if {k: meta.get(k) for k in _FORMAT} != _FORMAT or meta.get("nonce") != nonce:
                return None
            index = CopyIndex.from_arrays(json.loads(_untext(saved["ids"])), saved["values"], saved["sizes"])
            return Snapshot(index, str(meta["token"]), float(meta["since"]), nonce)
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile) as exc:  # missing or damaged
        log.debug("no usable copy index in %s: %s", path, exc)
        return None


def _text(value: str) -> np.ndarray:
    return np.frombuffer(value.encode("utf-8"), dtype=np.uint8)


def _untext(array: np.ndarray) -> str:
    if array.dtype != np.uint8 or array.ndim != 1:
        raise ValueError(f"expected bytes, got {array.dtype} {array.shape}")
    return array.tobytes().decode("utf-8")

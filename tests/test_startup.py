"""Light start-up: `ingest list` from a snapshot checked against the store's change token, without Chroma."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from helpers import ROOT, json_out, run_cli

pytestmark = pytest.mark.slow  # real subprocesses and a real store

PROBE = (
    "import json, sys, runpy\nsys.argv = ['ingest', 'list', '--json']\n"
    "try:\n runpy.run_module('ingest', run_name='__main__')\nexcept SystemExit: pass\n"
    "print(json.dumps('chromadb' in sys.modules), file=sys.stderr)"
)


def _list_in_fresh_process(data_dir) -> tuple[list, bool]:
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(data_dir)}
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    return json.loads(out.stdout), json.loads(out.stderr.strip().splitlines()[-1])


def test_list_uses_the_snapshot_only_while_the_store_is_unchanged(data_dir, tmp_path, settings):
    assert run_cli("ingest", "add", str(ROOT / "samples" / "aa-lavrov-normalization.txt")).returncode == 0
    listing, chroma_imported = _list_in_fresh_process(data_dir)
    assert [a["source"] for a in listing] == ["Anadolu Agency"] and not chroma_imported

    # Another writer (the app, a script) changes the store without touching the snapshot.
    from ingest.pipeline import Ingestor
    from store.store import Store

    store = Store.open(settings)
    Ingestor(store, settings).add([str(ROOT / "samples" / "hotnews-lavrov-asia.txt")])
    listing, chroma_imported = _list_in_fresh_process(data_dir)
    assert sorted(a["source"] for a in listing) == ["Anadolu Agency", "HotNews.ro"] and chroma_imported  # stale: read Chroma
    assert store.remove(listing[0]["article_id"])
    assert len(json_out(run_cli("ingest", "list", "--json"))) == 1
    listing, chroma_imported = _list_in_fresh_process(data_dir)
    assert len(listing) == 1 and not chroma_imported  # the slow path saved a fresh snapshot


def test_a_damaged_snapshot_is_ignored(data_dir):
    assert run_cli("ingest", "add", str(ROOT / "samples")).returncode == 0
    for snapshot in data_dir.glob("library-*.json"):
        snapshot.write_text("{not json", encoding="utf-8")
    assert len(json_out(run_cli("ingest", "list", "--json"))) == 2


def test_help_imports_nothing_heavy():
    probe = "import sys, runpy\nsys.argv = ['qa', '--help']\ntry:\n runpy.run_module('qa', run_name='__main__')\nexcept SystemExit: pass\nprint(sorted(m for m in ('numpy', 'chromadb', 'onnxruntime', 'torch', 'bm25s') if m in sys.modules), file=sys.stderr)"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "usage: python -m qa" in out.stdout and out.stderr.strip().splitlines()[-1] == "[]"

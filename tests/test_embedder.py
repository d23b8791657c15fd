"""The ONNX Runtime embedder against the torch one (same bundled model), the factory, the vector cache,
the saved BM25 index, and a question answered in a process that never imports torch."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from helpers import ROOT, run_cli

from store.embedder import Embedder, OnnxEmbedder, SentenceTransformerEmbedder, make_embedder
from store.errors import NewsdeskError
from store.settings import Settings

pytestmark = pytest.mark.slow  # the real model, ONNX export, subprocesses

SAMPLE = (ROOT / "samples" / "aa-lavrov-normalization.txt").read_text(encoding="utf-8")
TEXTS = [
    "What did Lavrov say about NATO?",
    "short",
    "Ünïcödé “quotes” — 12,345.6 % in 2024; Москва и Пекин; 東京",
    SAMPLE[:600],
    SAMPLE,  # far beyond 256 word pieces: both truncate at the model's max_seq_length
    "word " * 300,
    "",
]


@pytest.fixture(scope="module")
def onnx_embedder():
    return OnnxEmbedder()  # the default cache (~/.cache/newsdesk): exported once per machine, then reused


def test_onnx_vectors_match_torch(onnx_embedder, embedder):
    ours, theirs = onnx_embedder.embed(TEXTS), embedder.embed(TEXTS)
    assert ours.shape == theirs.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.9999, cosines
    assert onnx_embedder.max_tokens == embedder.model.max_seq_length == 256
    assert onnx_embedder.count_tokens_many(TEXTS) == embedder.count_tokens_many(TEXTS)


def test_onnx_keeps_the_dense_ranking_of_the_labelled_set(onnx_embedder, embedder):
    """Every labelled question ranks the chunks of its articles in the same order with either runtime."""
    from ingest.load import expand, load
    from ingest.pipeline import Overrides, prepare
    from qa.evaluate import default_articles, load_set

    path = str(ROOT / "tests" / "data" / "qa.jsonl")
    settings = Settings()
    chunks = []
    for origin in expand(default_articles(path)):
        chunks += prepare(load(origin, settings), Overrides(), embedder.count_tokens_many, settings.chunk_tokens).chunks
    questions = [item["question"] for item in load_set(path)]
    texts = [c.text for c in chunks]
    ours = onnx_embedder.embed(questions) @ onnx_embedder.embed(texts).T
    theirs = embedder.embed(questions) @ embedder.embed(texts).T
    assert len(chunks) > 25 and len(questions) > 50
    top_ours, top_theirs = np.argsort(-ours, axis=1)[:, :5], np.argsort(-theirs, axis=1)[:, :5]
    assert (top_ours == top_theirs).all(), [questions[i] for i in np.flatnonzero((top_ours != top_theirs).any(axis=1))]
    assert np.abs(ours - theirs).max() < 1e-3


def test_export_is_written_once_under_a_final_name(tmp_path):
    from store.embedder import resolve_model_path
    from store.onnx import ensure_onnx, onnx_path

    model = resolve_model_path("bundled")
    path = ensure_onnx(model, tmp_path)
    assert path == onnx_path(model, tmp_path) and path.stat().st_size > 1_000_000
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind
    stamp = path.stat().st_mtime_ns
    assert ensure_onnx(model, tmp_path) == path and path.stat().st_mtime_ns == stamp  # reused, not exported again
    assert onnx_path(model, tmp_path, "int8") != path
    vectors = OnnxEmbedder(cache_dir=tmp_path).embed(["a fresh export works"])
    assert vectors.shape == (1, 384)


def test_unsupported_model_folder_is_refused(tmp_path):
    from store.onnx import OnnxUnsupported, ensure_onnx

    with pytest.raises(OnnxUnsupported):
        ensure_onnx(tmp_path, tmp_path / "cache")


def test_factory_picks_the_runtime():
    assert isinstance(make_embedder(Settings()), OnnxEmbedder)  # no GPU on these machines: ONNX on the CPU
    assert isinstance(make_embedder(Settings(embed_backend="torch")), SentenceTransformerEmbedder)
    assert isinstance(make_embedder(Settings(device="cuda")), SentenceTransformerEmbedder)
    assert isinstance(make_embedder(Settings(embed_model="/nonexistent/model")), SentenceTransformerEmbedder)  # ONNX cannot: torch
    with pytest.raises(NewsdeskError):
        make_embedder(Settings(embed_backend="tpu"))
    with pytest.raises(NewsdeskError):
        make_embedder(Settings(embed_backend="onnx", device="cuda"))
    assert Settings.from_env({"NEWSDESK_EMBED_BACKEND": "torch"}).embed_backend == "torch"


def test_store_open_uses_the_factory(settings):
    from store.store import Store

    assert isinstance(Store.open(settings).embedder, OnnxEmbedder)


class Counting(Embedder):
    """Wraps a real embedder and counts the texts it is asked to embed."""

    def __init__(self, inner: Embedder):
        self.inner, self.seen = inner, []

    def embed_batch(self, texts):
        self.seen += list(texts)
        return self.inner.embed_batch(texts)

    @property
    def tokenizer(self):
        return self.inner.tokenizer

    @property
    def dimension(self):
        return self.inner.dimension


def test_cached_vectors_are_the_same_and_computed_once(onnx_embedder):
    counting = Counting(onnx_embedder)
    counting.cache_size = 3
    first = counting.embed_cached(["one sentence.", "two sentences.", "one sentence."])
    assert sorted(counting.seen) == ["one sentence.", "two sentences."]
    assert np.allclose(first, onnx_embedder.embed(["one sentence.", "two sentences.", "one sentence."]), atol=1e-6)
    again = counting.embed_cached(["two sentences.", "three.", "four."])
    assert sorted(counting.seen[2:]) == ["four.", "three."] and np.allclose(again[0], first[1])
    counting.embed_cached(["one sentence."])  # evicted (least recently used of four, cap three): embedded again
    assert counting.seen[-1] == "one sentence."
    assert counting.embed_cached([]).shape[0] == 0


def test_bm25_index_is_saved_and_reused_by_a_new_process(settings, tmp_path):
    from ingest.pipeline import Ingestor
    from qa.lexical import LexicalIndex, index_root
    from qa.retrieve import Retriever
    from store.store import Store

    store = Store.open(settings)
    Ingestor(store, settings).add([str(ROOT / "samples")])
    built = Retriever(store).sync()
    root = index_root(settings)
    assert len(list(root.iterdir())) == 1

    fresh = Store.open(settings)  # as a new process would: reads nothing from Chroma but the change token
    fresh.all_chunks = lambda *a, **k: pytest.fail("the saved index should have been loaded")
    loaded = Retriever(fresh).sync()
    assert loaded.token == built.token and [c.chunk_id for c in loaded.chunks] == [c.chunk_id for c in built.chunks]
    question = "What did Russia demand regarding NATO's military infrastructure?"
    assert [(c.chunk_id, round(s, 5)) for c, s in loaded.search(question, 5)] == [(c.chunk_id, round(s, 5)) for c, s in built.search(question, 5)]
    assert loaded.idf(["nato", "zzz"]) == built.idf(["nato", "zzz"])

    extra = tmp_path / "extra.txt"
    extra.write_text("Kyiv trams\n\nThe city of Kyiv bought forty new trams for its northern lines this spring.", encoding="utf-8")
    Ingestor(store, settings).add([str(extra)])  # the token moves: the saved index is stale
    assert LexicalIndex.load(root, store.change_token()) is None
    rebuilt = Retriever(Store.open(settings)).sync()
    assert rebuilt.token != built.token and any("trams" in c.text for c in rebuilt.chunks)
    assert len(list(root.iterdir())) == 1  # the older token's index was removed


def test_server_and_embedded_indexes_live_apart(tmp_path):
    from qa.lexical import index_root

    embedded = index_root(Settings(data_dir=tmp_path))
    server = index_root(Settings(data_dir=tmp_path, chroma_url="http://127.0.0.1:8000"))
    other = index_root(Settings(data_dir=tmp_path, chroma_url="http://127.0.0.1:8001"))
    assert len({embedded, server, other}) == 3 and all(p.parent == tmp_path / "bm25" for p in (embedded, server, other))


def test_a_question_from_a_fresh_process_imports_no_torch(tmp_path):
    env = {"NEWSDESK_DATA_DIR": str(tmp_path / "data")}
    assert run_cli("ingest", "add", str(ROOT / "samples"), env=env).returncode == 0
    probe = (
        "import json, sys, runpy\nsys.argv = ['qa', 'ask', 'What did Lavrov say about NATO?', '--json']\n"
        "try:\n runpy.run_module('qa', run_name='__main__')\nexcept SystemExit: pass\n"
        "print(json.dumps(sorted(m for m in ('torch', 'sentence_transformers', 'transformers', 'llama_index.core', 'sklearn', 'datasketch') if m in sys.modules)), file=sys.stderr)"
    )
    import os

    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=300)
    answer = json.loads(out.stdout)
    assert not answer["refused"] and answer["citations"], out.stderr
    assert json.loads(out.stderr.strip().splitlines()[-1]) == []


def test_two_processes_exporting_at_once_both_get_a_complete_model(tmp_path):
    import os

    code = (
        "import sys\nfrom store.embedder import OnnxEmbedder\n"
        "v = OnnxEmbedder(cache_dir=sys.argv[1]).embed(['two processes, one cache'])\nprint(round(float(v[0] @ v[0]), 4))"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    assert [out.strip() for out, _ in outs] == ["1.0", "1.0"]
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert [p.name for p in files] == ["model.onnx"]  # one complete file, no temporary ones left

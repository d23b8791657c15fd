"""Server mode against a real `chroma run` on 127.0.0.1, started and stopped here: CLI, qa, concurrency."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest
from conftest import ROOT, SAMPLES
from helpers import chroma_command, free_port, json_out, run_cli, running

from bench.generate import articles, write_markdown

pytestmark = [pytest.mark.server, pytest.mark.slow]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running(chroma_command(tmp_path_factory.mktemp("chroma-server"), port), f"{url}/api/v2/heartbeat"):
        yield url


@pytest.fixture
def server_env(chroma_url, monkeypatch, request, data_dir):
    """NEWSDESK_CHROMA_URL set, and a collection prefix of this test's own on the shared server."""
    prefix = "t" + str(abs(hash(request.node.nodeid)))[:10]
    env = {"NEWSDESK_CHROMA_URL": chroma_url, "NEWSDESK_COLLECTION": prefix}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


def _server_store(embedder):
    from store.settings import Settings
    from store.store import Store

    return Store.open(Settings.from_env(), embedder)


def assert_consistent(store):
    """Every article's chunks are 0..n-1, match its text at their offsets, and nothing else is stored."""
    articles = {a.article_id: a for a in store.list_articles()}
    seen = set()
    for aid in articles:
        article = store.get_article(aid)
        chunks = store.chunks_of(aid)
        assert [c.n for c in chunks] == list(range(article.chunks)), aid
        assert all(article.text[c.start : c.end] == c.text for c in chunks)
        seen.update(c.chunk_id for c in chunks)
    stored = store._col("chunks").get(include=[])["ids"]
    assert len(stored) == len(set(stored)) == len(seen)


def test_cli_in_server_mode_writes_nothing_locally(server_env, data_dir):
    out = json_out(run_cli("ingest", "add", str(SAMPLES), "--json", env=server_env))
    assert len(out["added"]) == 2
    assert len(json_out(run_cli("ingest", "list", "--json", env=server_env))) == 2
    answer = json_out(run_cli("qa", "ask", "What did Pashinyan say about the CSTO?", "--json", env=server_env))
    assert not answer["refused"] and answer["citations"][0]["source"] == "Anadolu Agency"
    assert not (data_dir / "chroma").exists()


def test_server_down_gives_a_clear_message():
    port = free_port()  # nothing listens here
    env = {"NEWSDESK_CHROMA_URL": f"http://127.0.0.1:{port}"}
    for cmd in (("ingest", "list"), ("qa", "ask", "What did Lavrov say?")):
        proc = run_cli(*cmd, env=env)
        assert proc.returncode == 1
        assert f"http://127.0.0.1:{port}" in proc.stderr and "Traceback" not in proc.stderr


def test_two_concurrent_ingests_lose_nothing(server_env, tmp_path, embedder):
    first = write_markdown(tmp_path / "a", articles(8, seed=11))
    second = write_markdown(tmp_path / "b", articles(8, seed=12))
    procs = [
        subprocess.Popen([sys.executable, "-m", "ingest", "add", *paths, "--json"], cwd=ROOT,
                         env={**os.environ, **server_env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for paths in (first, second)
    ]
    outs = [json.loads(p.communicate(timeout=600)[0]) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert len(outs[0]["added"]) == len(outs[1]["added"]) == 8
    store = _server_store(embedder)
    assert store.count() == 16
    assert_consistent(store)


def test_ingesting_while_answering(server_env, tmp_path, embedder):
    from qa.assistant import Assistant

    store = _server_store(embedder)
    from ingest.pipeline import Ingestor
    from store.settings import Settings

    Ingestor(store, Settings.from_env()).add([str(SAMPLES)])
    paths = write_markdown(tmp_path / "many", articles(10, seed=13))
    late = tmp_path / "late.txt"
    late.write_text("Linden zoo welcomes twin pandas\n\nThe zoo of Linden said on Friday that its giant panda Mei had given birth to twins, "
                    "the first pandas ever born in the country.")
    proc = subprocess.Popen([sys.executable, "-m", "ingest", "add", *paths, str(late)], cwd=ROOT,
                            env={**os.environ, **server_env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assistant = Assistant(store)
    errors: list[str] = []
    asked = 0
    while proc.poll() is None:
        answer = assistant.ask("What did Pashinyan say about the CSTO?")
        asked += 1
        if answer.refused or "CSTO" not in answer.answer:
            errors.append(answer.answer)
        for c in answer.citations:  # never a half-written article
            article = store.get_article(c.article_id)
            if article is None or article.text[c.start : c.end] != c.quote:
                errors.append(f"inconsistent citation {c}")
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    assert asked > 0 and errors == []
    # Seen on the very next question: BM25 and dense both.
    answer = assistant.ask("How many pandas were born at the Linden zoo?")
    assert not answer.refused and "twins" in answer.citations[0].quote
    assert any("twins" in h.chunk.text for h in assistant.retriever.retrieve("panda twins Linden zoo", mode="bm25"))
    assert store.count() == 13
    assert_consistent(store)


def test_parallel_questions_from_threads(server_env, embedder):
    from ingest.pipeline import Ingestor
    from qa.assistant import Assistant
    from store.settings import Settings

    store = _server_store(embedder)
    Ingestor(store, Settings.from_env()).add([str(SAMPLES)])
    assistant = Assistant(store)
    results: list[bool] = []

    def stream():
        for _ in range(3):
            results.append(not assistant.ask("Where is Russia refocusing its foreign policy?").refused)

    threads = [threading.Thread(target=stream) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert results == [True] * 12

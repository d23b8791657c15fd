"""The CLI as a person and a script use it: real subprocesses, JSON on stdout, exit codes."""

import json

import pytest
from conftest import SAMPLES
from helpers import json_out, run_cli

pytestmark = pytest.mark.slow


def test_add_list_remove_round_trip(tmp_path):
    (tmp_path / "broken.txt").write_bytes(b"")
    proc = run_cli("ingest", "add", str(SAMPLES), str(tmp_path / "broken.txt"), "--json")
    assert proc.returncode == 1, proc.stderr
    out = json_out(proc)
    assert len(out["added"]) == 2 and out["failed"][0]["error"].endswith("is empty: there is no text to add.")
    assert "Traceback" not in proc.stderr

    listed = json_out(run_cli("ingest", "list", "--json"))
    assert {a["source"] for a in listed} == {"HotNews.ro", "Anadolu Agency"}
    assert set(listed[0]) == {"article_id", "title", "source", "url", "date", "author", "path", "chunks", "ingested_at", "also_in"}

    again = json_out(run_cli("ingest", "add", str(SAMPLES), "--json"))
    assert sorted(again["unchanged"]) == sorted(out["added"]) and not again["added"]

    gone = run_cli("ingest", "remove", out["added"][0], "nope", "--json")
    assert gone.returncode == 1 and json_out(gone) == {"removed": [out["added"][0]], "missing": ["nope"]}
    assert len(json_out(run_cli("ingest", "list", "--json"))) == 1


def test_stdin_and_overrides():
    text = "Parliament approved the budget on Tuesday by 201 votes to 150. The opposition walked out before the vote."
    proc = run_cli("ingest", "add", "-", "--title", "Budget passes", "--date", "2025-01-02", "--source", "Wire", "--json", stdin=text)
    assert proc.returncode == 0, proc.stderr
    (listed,) = json_out(run_cli("ingest", "list", "--json"))
    assert (listed["title"], listed["date"], listed["source"]) == ("Budget passes", "2025-01-02", "Wire")


def test_usage_errors_exit_2_without_traceback():
    bad_date = run_cli("ingest", "add", "x.txt", "--date", "someday")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    no_args = run_cli("ingest")
    assert no_args.returncode == 2 and "Traceback" not in no_args.stderr


def test_list_and_help_answer_at_once_without_heavy_imports():
    probe = "import sys, runpy; sys.argv=['ingest','list','--json']\ntry:\n runpy.run_module('ingest', run_name='__main__')\nexcept SystemExit: pass\nprint(json.dumps(sorted(m for m in ('torch','llama_index','sentence_transformers','trafilatura') if m in sys.modules)), file=sys.stderr)"
    proc = run_cli("ingest", "--help")
    assert proc.returncode == 0 and "NEWSDESK_DATA_DIR" in proc.stdout
    import subprocess
    import sys

    from helpers import ROOT

    out = subprocess.run([sys.executable, "-c", "import json\n" + probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert json.loads(out.stderr.strip().splitlines()[-1]) == []


def test_progress_bar_for_many_articles(tmp_path):
    for i in range(5):
        (tmp_path / f"a{i}.txt").write_text(f"Article number {i} says the council met on day {i} and voted on the plan. It passed.")
    proc = run_cli("ingest", "add", str(tmp_path), "--json")
    assert proc.returncode == 0 and len(json_out(proc)["added"]) == 5
    assert "5/5" in proc.stderr


def test_newsdesk_command_dispatches_to_both_clis():
    """`pip install -e .` (the README's test command) installs `newsdesk` beside python -m ingest / qa."""
    import os
    import subprocess
    import sys

    exe = os.path.join(os.path.dirname(sys.executable), "newsdesk")
    assert os.path.exists(exe), "run pip install -e . first (the README's test command does)"
    run = lambda *a, **kw: subprocess.run([exe, *a], capture_output=True, text=True, timeout=300, **kw)  # noqa: E731
    usage = run("--help")
    assert usage.returncode == 0 and all(cmd in usage.stdout for cmd in ("add", "list", "remove", "ask", "eval", "app"))
    assert run("bogus").returncode == 2
    added = json_out(run("add", str(SAMPLES), "--json"))
    assert len(added["added"]) == 2
    assert len(json_out(run("list", "--json"))) == 2
    answer = json_out(run("ask", "What conditions did Lavrov set for negotiations?", "--json"))
    assert not answer["refused"] and "serious proposal" in answer["answer"]
    assert "usage: newsdesk ask" in run("ask", "--help").stdout

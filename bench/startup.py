"""Start-up: a first question from a fresh process, `ingest list` and `--help`, side by side with a bare
`import sentence_transformers` (what every question paid before the ONNX query path), alternating.

    python -m bench.startup --rounds 5

The store is the two samples, ingested once into a temporary data folder; the ONNX export is made
(once per machine) before timing starts. Each figure is the wall time of a whole `python` process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "What conditions did Lavrov set for negotiations?"


def timed(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "NEWSDESK_DATA_DIR": str(Path(tmp) / "data"), "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
        subprocess.run([py, "-m", "store.onnx"], cwd=ROOT, env=env, check=True, capture_output=True)
        subprocess.run([py, "-m", "ingest", "add", str(ROOT / "samples")], cwd=ROOT, env=env, check=True, capture_output=True)
        subprocess.run([py, "-m", "qa", "ask", QUESTION], cwd=ROOT, env=env, check=True, capture_output=True)  # saves the BM25 index
        commands = {
            "qa ask (first question, fresh process)": [py, "-m", "qa", "ask", QUESTION],
            "qa ask, NEWSDESK_EMBED_BACKEND=torch": [py, "-m", "qa", "ask", QUESTION],
            "bare import sentence_transformers": [py, "-c", "import sentence_transformers"],
            "ingest list": [py, "-m", "ingest", "list"],
            "ingest --help": [py, "-m", "ingest", "--help"],
            "qa --help": [py, "-m", "qa", "--help"],
            "python -c pass (interpreter alone)": [py, "-c", "pass"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, cmd in commands.items():
                run_env = {**env, "NEWSDESK_EMBED_BACKEND": "torch"} if "BACKEND=torch" in name else env
                times[name].append(timed(cmd, run_env))
        med = {name: statistics.median(values) for name, values in times.items()}
        print(f"{args.rounds} rounds, alternating; median (min-max) wall seconds per process")
        for name, values in times.items():
            print(f"  {name:42} {med[name]:6.2f}  ({min(values):.2f}-{max(values):.2f})")
        bare = med["bare import sentence_transformers"]
        print(f"ratio first question / bare import sentence_transformers: {med['qa ask (first question, fresh process)'] / bare:.2f}"
              f"  (torch backend: {med['qa ask, NEWSDESK_EMBED_BACKEND=torch'] / bare:.2f})")


if __name__ == "__main__":
    main()

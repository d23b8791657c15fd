"""Servers that tests and benchmarks start on 127.0.0.1 and stop again: a free port, a process
that is waited for until it answers, the `chroma run` command line."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(cmd: list[str], ready_url: str, env: dict | None = None, attempts: int = 240):
    """Start a server process, wait until `ready_url` answers, yield; stop it afterwards."""
    import time
    import urllib.request

    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(attempts):
            try:
                urllib.request.urlopen(ready_url, timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(f"{cmd[0]} exited with status {proc.returncode}") from None
                time.sleep(0.5)
        else:
            raise RuntimeError(f"{' '.join(cmd[:3])} did not answer at {ready_url}")
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def chroma_command(path, port: int) -> list[str]:
    return [os.path.join(os.path.dirname(sys.executable), "chroma"), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]

"""Test helpers that build real inputs: PDF files, a local HTTP server, CLI runs."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_pdf(paragraphs: list[str], title: str = "") -> bytes:
    """A real one-page PDF (Helvetica text, one line per ~80 characters) that pypdf can read."""
    lines: list[str] = []
    for para in paragraphs:
        words, line = para.split(), ""
        for w in words:
            if len(line) + len(w) + 1 > 80:
                lines.append(line)
                line = w
            else:
                line = f"{line} {w}".strip()
        lines.append(line)
        lines.append("")
    esc = [ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for ln in lines]
    stream = "BT /F1 10 Tf 50 780 Td 12 TL\n" + "\n".join(f"({ln}) Tj T*" for ln in esc) + "\nET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if title:
        objects.append(f"<< /Title ({title}) >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    info = f" /Info {len(objects)} 0 R" if title else ""
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


@contextmanager
def serve_folder(folder: Path):
    """A real http.server on 127.0.0.1 serving `folder`; yields its base URL."""
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(folder), **k)  # noqa: E731
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def run_cli(module: str, *args: str, env: dict | None = None, stdin: str | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run `python -m module args` as a person would, with this test's environment."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", module, *args], cwd=ROOT, env=full_env, input=stdin, capture_output=True, text=True, timeout=timeout
    )


def json_out(proc: subprocess.CompletedProcess):
    assert proc.stdout.strip(), f"no stdout; stderr was: {proc.stderr}"
    return json.loads(proc.stdout)


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

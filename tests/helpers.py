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

from bench.servers import chroma_command, free_port, running  # noqa: F401  (tests use them from here)

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


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def require_chromium() -> None:
    """Skip the calling test module without Debian's chromium; in CI (which installs it) fail instead."""
    import pytest

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"{CHROMIUM} is missing: apt-get install chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)


@contextmanager
def chromium():
    """Debian's headless Chromium through Playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def streamlit_command(port: int) -> list[str]:
    """`streamlit run app.py` on 127.0.0.1:port, headless."""
    return [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1", "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false"]


def ask(page, question: str):
    """Type a question in the app's chat box; the new answer's chat message once it is complete."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.get_by_placeholder("Ask a question about your articles")
    answers = page.locator('[data-testid="stChatMessage"]')
    count = answers.count()
    # A question typed while the app is still in its first run can be lost with that run's widgets (seen under
    # load: no chat message ever came); it is typed again when its message has not appeared within 30 s.
    for _ in range(3):
        box.fill(question)
        box.press("Enter")
        try:
            page.wait_for_function("n => document.querySelectorAll('[data-testid=\"stChatMessage\"]').length >= n", arg=count + 1, timeout=30_000)
            break
        except PlaywrightTimeout:
            continue
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=\"stChatMessage\"]').length >= n && "
        "!document.querySelector('[data-testid=\"stSpinner\"]')", arg=count + 1, timeout=120_000)
    return answers.last

"""End to end: the real app (`streamlit run app.py`) in real headless Chromium, driven by Playwright."""

from __future__ import annotations

import os
import time

import pytest
from conftest import ROOT, SAMPLES
from helpers import ask, chromium, free_port, require_chromium, run_cli, running, serve_folder, streamlit_command

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SCREENSHOTS = ROOT / "docs" / "screenshots"
require_chromium()


@pytest.fixture(scope="module")
def pixel(tmp_path_factory):
    """A local server that records every request: anything an article makes the browser load shows up here."""
    folder = tmp_path_factory.mktemp("pixel")
    (folder / "pixel.png").write_bytes(b"\x89PNG\r\n")
    requests: list[str] = []
    import http.server

    original = http.server.SimpleHTTPRequestHandler.do_GET

    def recording(self):
        requests.append(self.path)
        return original(self)

    http.server.SimpleHTTPRequestHandler.do_GET = recording
    try:
        with serve_folder(folder) as base:
            yield base, requests
    finally:
        http.server.SimpleHTTPRequestHandler.do_GET = original


@pytest.fixture(scope="module")
def app_server(tmp_path_factory, pixel):
    """`streamlit run app.py` on 127.0.0.1 with the samples and a hostile article; stopped afterwards."""
    data = tmp_path_factory.mktemp("appdata")
    base, _ = pixel
    hostile = tmp_path_factory.mktemp("hostile") / "hostile.md"
    hostile.write_text(
        "---\ntitle: Eastbrook council publishes its budget report\nsource: Eastbrook Gazette\ndate: 2025-01-10\n---\n"
        "The council of Eastbrook published its budget report on Monday, saying spending on roads would rise by 4 percent <script>window.__pwned = 1</script> next year.\n\n"
        f"The report includes a chart of school spending ![chart]({base}/pixel.png) and a link [details](javascript:window.__pwned=2) for readers, the finance officer said.\n\n"
        f"Officials said the budget vote on the harbour tunnel <img src=\"{base}/img.png\" onerror=\"window.__pwned=3\"> would take place in May.\n",
        encoding="utf-8",
    )
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
    assert run_cli("ingest", "add", str(SAMPLES), str(hostile), env=env).returncode == 0
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running(streamlit_command(port), f"{url}/_stcore/health", env=env):
        yield url, env


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, app_server):
    url, _ = app_server
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    pg.goto(url)
    pg.get_by_placeholder("Ask a question about your articles").wait_for(timeout=90_000)
    yield pg
    context.close()


def test_ask_see_citation_and_open_the_article(page):
    answer = ask(page, "What conditions did Lavrov set for negotiations?")
    answer.get_by_text("Open article").first.wait_for(timeout=90_000)
    assert "[1]" in answer.inner_text()
    assert any("serious proposal" in m for m in answer.locator("mark").all_inner_texts())
    first_quote = answer.locator("mark").first.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "chat.png"))
    answer.get_by_role("button", name="Open article").first.click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for(timeout=30_000)
    frame = page.frame_locator('[role="dialog"] iframe')
    mark = frame.locator("mark#quote")
    mark.wait_for(timeout=30_000)
    assert " ".join(mark.inner_text().split()) == " ".join(first_quote.split())  # the first source's quote, in the whole article
    assert mark.is_visible()


def test_add_through_the_library_and_get_it_cited(page):
    page.get_by_text("Library", exact=True).click()
    page.get_by_label("Search titles and outlets").wait_for(timeout=30_000)  # the page's last widget: the rerun is done
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(10):  # a rerun still in flight can re-render the tabs and undo a click: click until it holds
        page.get_by_role("tab", name="Paste text").click()
        try:
            page.get_by_label("Article text").wait_for(state="visible", timeout=3_000)
            break
        except PlaywrightTimeout:
            continue
    page.get_by_label("Article text").fill(
        "Karsk opens its first tram line\n\nThe city of Karsk opened its first tram line on Saturday, a 12-kilometre route linking the "
        "railway station to the university, transport officials said. Trams will run every six minutes at peak times."
    )
    page.get_by_label("Outlet", exact=True).fill("Karsk Courier")
    page.get_by_role("button", name="Add article").click()
    page.get_by_text("Added 1").wait_for(timeout=90_000)
    page.get_by_text("Karsk opens its first tram line").first.wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "library.png"), full_page=True)
    page.get_by_text("Chat", exact=True).click()
    page.get_by_role("heading", name="Newsdesk").wait_for(timeout=30_000)
    answer = ask(page, "How often will the Karsk trams run?")
    answer.get_by_text("Open article").first.wait_for(timeout=90_000)
    assert "Karsk Courier" in answer.inner_text() and "every six minutes" in answer.inner_text()


def test_article_added_by_the_cli_while_the_app_runs(page, app_server, tmp_path):
    _, env = app_server
    ask(page, "Where is Russia refocusing its foreign policy?")  # the app has queried the store already
    article = tmp_path / "ferry.txt"
    article.write_text("Greyhaven ferry strike called off\n\nA planned ferry strike in Greyhaven was called off on Sunday after the "
                       "operator agreed to hire 40 more crew members, the sailors' union said.")
    assert run_cli("ingest", "add", str(article), env=env).returncode == 0
    answer = ask(page, "Why was the Greyhaven ferry strike called off?")
    answer.get_by_text("Open article").first.wait_for(timeout=90_000)
    assert "40 more crew members" in answer.inner_text()


def test_hostile_article_renders_inert(page, pixel):
    _, requests = pixel
    answer = ask(page, "What does the Eastbrook budget report include and what will happen to road spending?")
    answer.get_by_text("Open article").first.wait_for(timeout=90_000)
    text = answer.inner_text()
    assert "<script>" in text or "![chart]" in text or "<img" in text  # shown as text
    answer.get_by_role("button", name="Open article").first.click()
    frame = page.frame_locator('[role="dialog"] iframe')
    frame.locator("mark#quote").wait_for(timeout=30_000)
    article_text = frame.locator(".article").inner_text()
    assert "<script>window.__pwned = 1</script>" in article_text and "javascript:window.__pwned=2" in article_text
    time.sleep(1)
    assert page.evaluate("window.__pwned") is None
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.locator('img[src*="/pixel.png"], img[src*="/img.png"]').count() == 0
    assert requests == []  # nothing was loaded from the article's addresses

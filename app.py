"""Newsdesk in the browser: chat with citations you can check, and a library to add articles.

This file only renders; the work happens in ingest/, store/ and qa/.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from ingest.load import upload_types
from ingest.pipeline import Ingestor, IngestReport, Overrides
from qa.assistant import Assistant
from qa.models import Answer
from qa.render import answer_markdown, article_page, citation_heading, llm_answer_markdown, passage_html, stream_markdown
from qa.render import escape_markdown as _md
from qa.services import Newsdesk, build
from store.embedder import SentenceTransformerEmbedder
from store.errors import NewsdeskError
from store.filters import Filters
from store.settings import Settings
from store.store import Store


def show_error(text: str) -> None:
    """An error box whose text is shown as written: st.error renders Markdown, and error text can carry a
    server's words or a file name (a link or image there must not become a real one)."""
    st.error(_md(str(text)))


def upload_path(folder: Path, name: str, data: bytes) -> Path:
    """Where an uploaded file is kept: a folder named by its content's hash, so its identity is its content
    (two different "story.pdf" stay two articles; the same file uploaded again is the same article)."""
    safe = re.sub(r"[^\w.\- ]+", "_", Path(name).name).strip(" .") or "upload.txt"
    return folder / hashlib.sha256(data).hexdigest()[:16] / safe


@st.cache_resource(show_spinner="Loading the embedding model…")
def _embedder(model: str, device: str, batch: int, quantize: str) -> SentenceTransformerEmbedder:
    embedder = SentenceTransformerEmbedder(model, device, batch, quantize)
    embedder.embed(["warm up"])  # load now, so the first question is fast
    return embedder


@st.cache_resource(show_spinner=False)
def _newsdesk(key: str, _settings: Settings) -> Newsdesk:
    """One Newsdesk (store, assistant with the configured LLM, ingestor) per server process and settings (`key`)."""
    s = _settings
    return build(s, _embedder(s.embed_model, s.device, s.embed_batch, s.quantize))


def services() -> tuple[Settings, Store, Assistant, Ingestor]:
    settings = Settings.from_env()
    nd = _newsdesk(repr(settings), settings)
    return settings, nd.store, nd.assistant, nd.ingestor


# -- chat --------------------------------------------------------------------------------------
def conversation_turn(message: dict) -> dict:
    """A chat message as the assistant's history: an answer carries the articles it cited, so a
    follow-up continues from them."""
    turn = {"role": message["role"], "content": message["content"]}
    if message.get("answer") is not None:
        turn["citations"] = [{"n": c.n, "article_id": c.article_id} for c in message["answer"].citations]
    return turn



@st.dialog("Article", width="large")
def show_article(store: Store, article_id: str, start: int, end: int) -> None:
    article = store.get_article(article_id)
    if article is None:
        st.warning("This article has been removed from the library.")
        return
    meta = " · ".join(x for x in (article.source, article.date, article.author, article.url) if x)
    components.html(article_page(article.title, meta, article.text, start, end), height=520, scrolling=True)


def render_sources(store: Store, answer: Answer, index: int) -> None:
    st.caption("Sources")
    for c in answer.citations:
        with st.container(border=True):
            st.markdown(f"**{_md(citation_heading(c, c.author))}**")
            if c.speaker:
                st.caption(_md(f"{'Quoted' if c.direct else 'Reported'}: {c.speaker}"))
            if c.also_in:
                st.caption(_md("Also carried by " + ", ".join(" ".join(x for x in (o.get("source", ""), o.get("date", "")) if x) for o in c.also_in)))
            st.html(f'<div class="nd-passage">{passage_html(c)}</div>')
            if st.button("Open article", key=f"open_{index}_{c.n}", help="Read the whole article with the quote highlighted"):
                show_article(store, c.article_id, c.start, c.end)


def render_answer(store: Store, answer: Answer, index: int, stream: bool = False) -> None:
    if answer.refused:
        st.info(answer.answer, icon="🔎")
        return
    if answer.llm:
        st.markdown(llm_answer_markdown(answer))
        st.caption(_md(f"Written by the LLM {answer.llm}; each sentence checked against the passages it cites."))
        unsupported = [s for s in answer.sentences if not s.supported]
        if unsupported:
            st.warning(f"{len(unsupported)} sentence(s) marked ⚠ are not supported by the passages they cite; check them before relying on them.")
    elif stream:
        st.write_stream(stream_markdown(answer.answer))
    else:
        st.markdown(answer_markdown(answer.answer))
    if answer.notice:
        st.caption(answer.notice)
    render_sources(store, answer, index)


def sidebar(store: Store, settings: Settings) -> Filters:
    articles = store.list_articles()
    st.sidebar.metric("Articles", len(articles))
    if settings.llm:
        st.sidebar.caption(f"Answers: written by the LLM {settings.llm}, each sentence checked against the passages it cites.")
    else:
        st.sidebar.caption("Answers: extractive, offline — every sentence quoted from an article.")
    if st.sidebar.button("New chat", key="new_chat", use_container_width=True):
        st.session_state.messages = []
    st.sidebar.subheader("Filters")
    sources = sorted({a.source for a in articles if a.source})
    chosen = st.sidebar.multiselect("Outlets", sources, key="filter_sources", placeholder="All outlets")
    since = st.sidebar.date_input("From", value=None, key="filter_since", format="YYYY-MM-DD")
    until = st.sidebar.date_input("Until", value=None, key="filter_until", format="YYYY-MM-DD")
    return Filters(tuple(chosen), since.isoformat() if since else "", until.isoformat() if until else "")


def stream_llm(assistant: Assistant, prompt: str, history: list, filters: Filters) -> Answer:
    """Show the LLM's words as they come; the checked answer replaces them when it is done."""
    placeholder = st.empty()
    text = ""
    with st.spinner("Searching the articles…"):
        stream = assistant.ask_stream(prompt, history, filters)
        for piece in stream:
            text += piece
            placeholder.markdown(_md(text) + " ▌")
    placeholder.empty()
    return stream.answer


def chat_page(store: Store, assistant: Assistant, filters: Filters) -> None:
    st.title("Newsdesk")
    messages = st.session_state.setdefault("messages", [])
    if not messages:
        st.caption("Ask about the articles in your library. Every answer quotes them, with sources you can open.")
    for i, message in enumerate(messages):
        with st.chat_message(message["role"]):
            if message["role"] == "user":
                st.markdown(_md(message["content"]))
            elif message.get("error"):
                show_error(message["content"])
            else:
                render_answer(store, message["answer"], i)
    if prompt := st.chat_input("Ask a question about your articles", key="question"):
        history = [conversation_turn(m) for m in messages]
        messages.append({"role": "user", "content": prompt})
        with st.chat_message("user"):
            st.markdown(_md(prompt))
        with st.chat_message("assistant"):
            try:
                if assistant.llm is not None:
                    answer = stream_llm(assistant, prompt, history, filters)
                else:
                    with st.spinner("Searching the articles…"):
                        answer = assistant.ask(prompt, history, filters)
            except NewsdeskError as exc:
                show_error(str(exc))
                messages.append({"role": "assistant", "content": str(exc), "error": True})
                return
            render_answer(store, answer, len(messages), stream=assistant.llm is None)
            messages.append({"role": "assistant", "content": answer.answer, "answer": answer})


# -- library -----------------------------------------------------------------------------------
def show_report(report: IngestReport) -> None:
    st.session_state["last_report"] = report


def render_report(report: IngestReport) -> None:
    counts = f"Added {len(report.added)} · updated {len(report.updated)} · unchanged {len(report.unchanged) - len(report.duplicates)} · duplicates {len(report.duplicates)} · failed {len(report.failed)}"
    (st.success if report.ok else st.warning)(counts)
    for dup in report.duplicates:
        st.caption(_md(f"{dup['path']}: same text as article {dup['article_id']}; not stored twice."))
    for fail in report.failed:
        show_error(fail["error"])


def run_ingest(settings: Settings, ingestor: Ingestor, sources: list[str], overrides: Overrides = Overrides()) -> None:
    bar = st.progress(0.0, text="Adding articles…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Adding articles… {done}/{total}")

    try:
        report = ingestor.add(sources, overrides, progress)
    except NewsdeskError as exc:
        show_error(str(exc))
        return
    bar.empty()
    show_report(report)


def library_page(settings: Settings, store: Store, ingestor: Ingestor) -> None:
    st.title("Library")
    upload, paste, urls = st.tabs(["Upload files", "Paste text", "From URLs"])
    with upload:
        files = st.file_uploader("Articles", type=upload_types(), accept_multiple_files=True, key="upload_files")
        if st.button("Add files", key="add_files", disabled=not files):
            folder = settings.data_dir / "uploads"
            paths = []
            for f in files:
                data = f.getvalue()
                path = upload_path(folder, f.name, data)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                paths.append(str(path))
            run_ingest(settings, ingestor, paths)
    with paste:
        with st.form("paste_form", clear_on_submit=True):
            text = st.text_area("Article text", height=200, key="paste_text")
            c1, c2 = st.columns(2)
            title = c1.text_input("Title", key="paste_title")
            source = c2.text_input("Outlet", key="paste_source")
            c3, c4 = st.columns(2)
            date = c3.date_input("Date", value=None, key="paste_date", min_value=dt.date(1900, 1, 1), format="YYYY-MM-DD")
            url = c4.text_input("URL", key="paste_url")
            if st.form_submit_button("Add article"):
                if not text.strip():
                    st.error("Paste the article's text first.")
                else:
                    overrides = Overrides(title.strip(), date.isoformat() if date else "", source.strip(), url.strip())
                    try:
                        show_report(ingestor.add_text(text, overrides))
                    except NewsdeskError as exc:
                        show_error(str(exc))
    with urls:
        raw = st.text_area("One URL a line", key="url_list")
        if st.button("Fetch and add", key="add_urls", disabled=not raw.strip()):
            run_ingest(settings, ingestor, [u.strip() for u in raw.splitlines() if u.strip()])
    if "last_report" in st.session_state:
        render_report(st.session_state["last_report"])

    st.subheader("Articles")
    query = st.text_input("Search titles and outlets", key="library_search").strip().lower()
    articles = [a for a in store.list_articles() if not query or query in a.title.lower() or query in a.source.lower()]
    if not articles:
        st.caption("No articles yet." if not query else "No article matches.")
    for a in articles[:200]:
        with st.container(border=True):
            c1, c2 = st.columns([6, 1])
            c1.markdown(f"**{_md(a.title)}**  \n{_md(' · '.join(x for x in (a.source, a.date) if x))} · {a.chunks} chunks · added {_md(a.ingested_at[:16].replace('T', ' '))}")
            if a.also_in:  # the same story at other outlets, stored once
                c1.caption(_md("Also carried by " + ", ".join(" ".join(x for x in (o["source"], o["date"]) if x) for o in a.also_in)))
            if c2.button("Remove", key=f"remove_{a.article_id}"):
                ingestor.remove(a.article_id)
                st.rerun()
    if len(articles) > 200:
        st.caption(f"Showing 200 of {len(articles)}; search to narrow the list.")


def main() -> None:
    st.set_page_config(page_title="Newsdesk", page_icon="🗞️", layout="wide")
    st.html("<style>.nd-passage { line-height: 1.55; } .nd-passage mark { background: #ffe08a; padding: 0 2px; }</style>")
    try:
        settings, store, assistant, ingestor = services()
        page = st.sidebar.radio("Page", ["Chat", "Library"], key="page", horizontal=True)
        filters = sidebar(store, settings)
        if page == "Chat":
            chat_page(store, assistant, filters)
        else:
            library_page(settings, store, ingestor)
    except NewsdeskError as exc:
        show_error(str(exc))


main()

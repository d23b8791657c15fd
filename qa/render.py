"""Presentation helpers for the app, importable without Streamlit: escaping, highlighting, streaming.

Article text is data: everything from an article is escaped before it reaches Markdown or HTML, so
markup, scripts, images and links inside an article show as plain text and load nothing.
"""

from __future__ import annotations

import html
import re
from typing import Iterator

from qa.models import Citation

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'])")


def escape_markdown(text: str) -> str:
    """Text that Streamlit's Markdown shows literally: no links, images, HTML, emphasis, math or colours."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def answer_markdown(answer: str) -> str:
    """An answer for st.markdown: escaped, paragraphs kept."""
    return "\n\n".join(escape_markdown(p) for p in answer.split("\n\n"))


def stream_markdown(answer: str) -> Iterator[str]:
    """The escaped answer a few words at a time, for st.write_stream."""
    for piece in re.findall(r"\S+\s*", answer_markdown(answer)):
        yield piece


def highlighted_html(text: str, start: int, end: int) -> str:
    """`text` as escaped HTML with text[start:end] in a <mark id="quote">."""
    before, quote, after = text[:start], text[start:end], text[end:]
    body = f"{html.escape(before)}<mark id=\"quote\">{html.escape(quote)}</mark>{html.escape(after)}"
    return body.replace("\n\n", "<br><br>").replace("\n", "<br>")


def passage_html(citation: Citation) -> str:
    """The cited passage with its quote highlighted."""
    offset = citation.start - citation.passage_start
    return highlighted_html(citation.passage, offset, offset + len(citation.quote))


def article_page(title: str, meta_line: str, text: str, start: int, end: int) -> str:
    """A self-contained page for the article viewer: the quote highlighted and scrolled into view.

    The only script is ours; the article is escaped text inside it.
    """
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
body {{ font-family: "Source Serif Pro", Georgia, serif; line-height: 1.6; margin: 0 1rem; color: #262730; }}
h2 {{ font-family: sans-serif; font-size: 1.2rem; margin-bottom: 0.2rem; }}
.meta {{ font-family: sans-serif; color: #6b6b6b; font-size: 0.85rem; margin-bottom: 1rem; }}
mark {{ background: #ffe08a; padding: 0 2px; }}
</style></head><body>
<h2>{html.escape(title)}</h2><div class="meta">{html.escape(meta_line)}</div>
<div class="article">{highlighted_html(text, start, end)}</div>
<script>document.getElementById("quote").scrollIntoView({{block: "center"}});</script>
</body></html>"""


def citation_heading(c: Citation, author: str = "") -> str:
    """'[1] Title — Outlet · by Author · 2024-12-05'."""
    meta = " · ".join(x for x in (c.source, f"by {author}" if author else "", c.date) if x)
    return f"[{c.n}] {c.title}" + (f" — {meta}" if meta else "")


def llm_answer_markdown(answer) -> str:
    """A checked LLM answer: each sentence escaped with its [n]; unsupported ones marked ⚠."""
    parts = []
    for s in answer.sentences:
        marks = "".join(f" [{n}]" for n in s.citations)
        text = escape_markdown(s.text + marks)
        parts.append(text if s.supported else f"⚠ _{text}_")
    return " ".join(parts) or answer_markdown(answer.answer)

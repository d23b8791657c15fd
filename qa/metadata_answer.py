"""Questions about an article itself (who wrote it, which outlet, when): answered from its metadata,
citing its byline when the text has one, else the passage that shows which article it is."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

from qa.compose import Composer, human_date
from qa.models import Citation
from qa.understand import Plan
from store.models import Hit

if TYPE_CHECKING:
    from qa.answer import Candidate
    from store.store import Store


def _byline(text: str, author: str) -> tuple[int, int] | None:
    """Where the text names its author: a 'By …' line, else the author's name in the first paragraphs."""
    if not author:
        return None
    m = re.search(r"(?mi)^by\s+" + re.escape(author) + r"\b[^\n]*", text[:3000])
    if m:
        return m.start(), m.end()
    i = text.find(author, 0, 3000)
    return (i, i + len(author)) if i >= 0 else None


def metadata_answer(store: "Store", plan: Plan, hits: Sequence[Hit], chosen: Sequence["Candidate"]) -> tuple[str, list[Citation]] | None:
    """The answer to a metadata question about the article the evidence points to; None when no passage
    identifies an article closely enough (the gate's choice is empty)."""
    if not chosen:
        return None
    evidence = chosen[0]
    article = store.get_article(evidence.hit.chunk.article_id)
    if article is None:
        return None
    facts = []  # each a clause about the article, from its metadata
    if "author" in plan.fields:
        facts.append(f"was written by {article.author}" if article.author else "names no author")
    if "source" in plan.fields or "author" in plan.fields:
        facts.append(f"was published by {article.source}" if article.source else "names no outlet")
    if "date" in plan.fields or "author" in plan.fields:
        facts.append(f"is dated {human_date(article.date)} ({article.date})" if article.date else "carries no date")
    lead = f"Going by the article's own metadata, “{article.title}” " + ", ".join(facts[:-1]) + (" and " if len(facts) > 1 else "") + facts[-1] + "."
    composer = Composer()
    span = _byline(article.text, article.author) if "author" in plan.fields else None
    paragraphs = [lead]
    if span:
        chunk = next((h.chunk for h in hits if h.chunk.article_id == article.article_id and h.chunk.start <= span[0] < h.chunk.end), None)
        chunk = chunk or next((c for c in store.chunks_of(article.article_id) if c.start <= span[0] < c.end), None)
        if chunk is not None:
            from qa.answer import Candidate

            paragraphs[0] += " Its byline: " + composer.cite(Candidate(Hit(chunk, 1.0), span[0], span[1], article.text[span[0] : span[1]]))
    paragraphs.append("The passage that identifies the article: " + composer.according_to([evidence]))
    return "\n\n".join(paragraphs), composer.citations

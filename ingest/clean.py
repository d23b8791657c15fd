"""Cleaning: keep the article's own text, drop the page furniture news sites wrap around it.

Rules are about the *shape* of boilerplate seen across news sites (credit lines, calls to action,
comment-section text, separators, section labels, paragraphs in another language than the article),
never about particular sites or strings of one article.
"""

from __future__ import annotations

import re

from store.text import BULLET, BULLET_MARKS, ENDS_SENTENCE, WORD, language_counts, main_language

_SEPARATOR = re.compile(r"^[\s_\-=*~•·.#+]{3,}$")
# Photo/video credit lines and captions: "Name Photo: Agency / AP", "(Photo by X/Getty Images)".
_CREDIT = re.compile(
    r"\b(photo|foto|image|picture|video|illustration|graphic)s?\s*(credit)?\s*:|\b(photo|image|picture)s?\s+by\b|"
    r"\bcredit\s*:|getty images|shutterstock|\bap photo\b|\b(reuters|afp|epa|ap|efe|anadolu)\s*/|/\s*(reuters|afp|ap|epa|profimedia|getty)\b",
    re.I,
)
# Calls to action that pages put between or after paragraphs.
_CALL_TO_ACTION = re.compile(
    r"^(follow|read|see also|also read|related|recommended|more on|more from|subscribe|sign up|click|tap|download|"
    r"join (us|our)|watch|listen|share (this|on)|like us|tags?\s*:|topics?\s*:|advertisement|sponsored|"
    r"get the latest|don'?t miss|trending|most read)(?!\w)",
    re.I,
)
# The comment section and legal footer, in the phrasing sites use for them.
_COMMENT_OR_FOOTER = re.compile(
    r"\b(be the first to comment|leave a (comment|reply)|post a comment|add a comment|comments are closed|"
    r"view comments|show comments|\d+\s+comments?|log ?in to comment|comment policy|join the conversation|"
    r"all rights reserved|copyright\s*(©|\(c\))?\s*\d{4})\b|^©",
    re.I,
)

def _is_foreign(paragraph: str, language: str) -> bool:
    """A paragraph of 6+ words with none of the article's function words and several of another's."""
    if len(WORD.findall(paragraph)) < 6:
        return False
    counts = language_counts(paragraph)
    other = max((c for lang, c in counts.items() if lang != language), default=0)
    return counts.get(language, 0) == 0 and other >= 2


def _is_furniture(line: str) -> bool:
    words = line.split()
    if not words:
        return False
    short = len(words) <= 40
    ends_sentence = bool(ENDS_SENTENCE.search(line))
    bulleted = bool(BULLET.match(line))
    bare = BULLET_MARKS.sub("", line)
    if _SEPARATOR.match(line):
        return True
    if short and not ends_sentence and _CREDIT.search(line):
        return True
    if short and (bulleted or not ends_sentence) and _CALL_TO_ACTION.match(bare):
        return True
    if len(words) <= 15 and _COMMENT_OR_FOOTER.search(bare):
        return True
    return False


def normalize_whitespace(text: str) -> str:
    """Unix newlines, no trailing spaces, single spaces inside lines, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    lines = [re.sub(r"[ \t\f\v\u2000-\u200b\u202f\u205f\u3000]+", " ", ln).strip() for ln in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def clean_text(text: str) -> str:
    """The article's own text: boilerplate lines and foreign-language blocks removed, whitespace normalised."""
    text = normalize_whitespace(text)
    language = main_language(text)
    paragraphs = []
    for para in text.split("\n\n"):
        kept = [ln for ln in para.split("\n") if not _is_furniture(ln)]
        para = "\n".join(kept).strip()
        if para and not _is_foreign(para, language):
            paragraphs.append(para)
    # Trailing section labels and tags ("Politics News", "World | Europe"): short lines with no sentence.
    # Lines are dropped from a list, not by re-splitting the paragraph per line (that was quadratic).
    while paragraphs:
        lines = paragraphs[-1].split("\n")
        while lines and len(lines[-1].split()) <= 5 and not ENDS_SENTENCE.search(lines[-1]):
            lines.pop()
        if lines:
            paragraphs[-1] = "\n".join(lines)
            break
        paragraphs.pop()
    return "\n\n".join(paragraphs)

"""Text handling shared by ingest/ and qa/: sentences, language, the patterns that say where a sentence
or a list item ends, dates and names. Pure functions; NLTK's Punkt model loads on first use."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

# A line or sentence that ends a thought: terminal punctuation, possibly inside closing quotes/brackets.
ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’»)\]]*$")
# A line that stands alone as a unit of text (a sentence, a clause ending in ':' or ';', a closing quote).
ENDS_LINE = re.compile(r"[.!?…:;\"'”’»)\]]$")
# A list item's mark, matched where a line starts; BULLET_MARKS strips them (and '>' quote marks).
BULLET = re.compile(r"\s*([•·▪►◦*>]|[-–—]\s|\d+[.)]\s)")
BULLET_MARKS = re.compile(r"^[\s•·▪►◦*\-–—>]+")


@dataclass(frozen=True)
class Span:
    """Character offsets [start, end) of a piece of a text."""

    start: int
    end: int




_BLOCK_BREAK = re.compile(r"\n\s*\n")


@functools.lru_cache(maxsize=1)
def _punkt():
    import importlib.util
    import os

    import nltk
    from nltk.tokenize.punkt import PunktTokenizer

    spec = importlib.util.find_spec("llama_index.core")
    if spec and spec.origin:
        cache = os.path.join(os.path.dirname(spec.origin), "_static", "nltk_cache")
        if cache not in nltk.data.path:
            nltk.data.path.append(cache)
    try:
        return PunktTokenizer("english")
    except LookupError:  # no trained model on this machine: Punkt's untrained defaults
        from nltk.tokenize.punkt import PunktSentenceTokenizer

        return PunktSentenceTokenizer()


def _blocks(text: str) -> list[Span]:
    """Paragraphs, and lines within them that stand alone (list items, lines ending a sentence)."""
    spans: list[Span] = []
    pos = 0
    for match in list(_BLOCK_BREAK.finditer(text)) + [None]:
        end = match.start() if match else len(text)
        para_start = pos
        line_start = pos
        i = text.find("\n", line_start, end)
        while i != -1:
            line = text[line_start:i].rstrip()
            # match at i + 1 rather than on a slice of the rest: slicing per line made this quadratic
            if ENDS_LINE.search(line) or BULLET.match(text, i + 1, end) or not line:
                if text[para_start:i].strip():
                    spans.append(Span(para_start, i))
                para_start = i + 1
            line_start = i + 1
            i = text.find("\n", line_start, end)
        if text[para_start:end].strip():
            spans.append(Span(para_start, end))
        pos = match.end() if match else len(text)
    return spans


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of `text`, never crossing a paragraph or list item."""
    punkt = _punkt()
    out: list[Span] = []
    for block in _blocks(text):
        chunk = text[block.start : block.end]
        for s, e in punkt.span_tokenize(chunk):
            piece = chunk[s:e]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            if e - trail > s + lead:
                out.append(Span(block.start + s + lead, block.start + e - trail))
    return out


# A few function words per language: enough to tell which language a paragraph is in.
_STOPWORDS = {
    "en": "the and of to in is that for on with was as by at from are be this have it not he said".split(),
    "tr": "ve bir bu ile için da de olan veya gibi daha çok ama ancak olarak kadar sonra içeren yorumlar değil".split(),
    "ro": "și în de cu că pe din este pentru nu care sunt mai au fost despre dar sau ce cum unde când".split(),
    "de": "der die und das ist nicht mit den sich von auf für ein eine dem zu auch wird".split(),
    "fr": "le la les et des est une pour dans que qui pas sur avec du au sont été quoi comment pourquoi".split(),
    "es": "el la los las y del que en por con una para es se no como su al sobre qué cómo dónde cuándo dijo".split(),
    "it": "il di che è la per non una sono gli della con del le anche".split(),
    "pt": "o os da do que em para com não uma um por mais como dos das".split(),
    "nl": "de het een en van is dat op te niet met voor zijn aan ook".split(),
    "ru": "и в не на что с по это как он его но из к для от".split(),
}
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


_STOPWORDS_SETS = {lang: set(words) for lang, words in _STOPWORDS.items()}


def language_counts(text: str) -> dict[str, int]:
    """How many of each language's function words the text uses."""
    words = [w.lower() for w in WORD.findall(text)]
    return {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS_SETS.items()}


def main_language(text: str) -> str:
    """The language whose function words the text uses most ('en' when it cannot tell)."""
    counts = language_counts(text)
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "en"


def date_int(iso: str) -> int:
    """20221207 for '2022-12-07'; 0 when unknown."""
    return int(iso.replace("-", "")) if iso else 0


def normalize_date(value: object) -> str:
    """ISO YYYY-MM-DD from a date, datetime or common date string; '' when it cannot be read."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    raw = str(value or "").strip()
    if not raw:
        return ""
    iso = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", raw)
    try:
        if iso:
            return dt.date(*map(int, iso.groups())).isoformat()
        from dateutil import parser

        return parser.parse(raw, fuzzy=False, default=dt.datetime(1900, 1, 1)).date().isoformat()
    except (ValueError, OverflowError, TypeError):
        return ""


MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")

_NAME_RUN = re.compile(r"\b[A-Z][\w'’.&-]*(?:\s+(?:of|de|der|van|von|al|bin|la|le|du|for)?\s*[A-Z][\w'’.&-]*)*")
_NOT_NAMES = {"the", "a", "an", "in", "on", "at", "it", "he", "she", "they", "we", "i", "but", "and", "or", "so", "this", "that", "these",
              "those", "his", "her", "their", "its", "our", "after", "before", "when", "while", "if", "as", "by", "for", "from", "with",
              "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
              "may", "june", "july", "august", "september", "october", "november", "december", "mr", "mrs", "ms", "dr",
              "what", "who", "whom", "whose", "where", "why", "how", "which", "did", "does", "do", "is", "are", "was", "were",
              "has", "have", "had", "will", "can", "could", "should", "would", "according"}


def entity_names(text: str) -> list[str]:
    """Runs of capitalised words that name someone or something ("Kestrel Marine Logistics"), in text
    order, without a leading article or weekday; longest first among equals is not implied."""
    out: list[str] = []
    for m in _NAME_RUN.finditer(text):
        words = m.group(0).split()
        while words and words[0].lower().strip(".") in _NOT_NAMES:
            words = words[1:]
        name = re.sub(r"['’]s$", "", " ".join(words)).rstrip(".’'")
        if name and name.lower() not in _NOT_NAMES and name not in out:
            out.append(name)
    return out


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE_DATE = re.compile(
    r"\b(today|yesterday|tomorrow|(?:(?:last|this|next|on|early|late)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:last|next|this)\s+(?:week|month|year))\b",
    re.I,
)
_FUTURE = re.compile(r"\b(will|would|is due|are due|is expected|are expected|plans? to|is set to|are set to|next|upcoming|scheduled)\b", re.I)
# A weekday right after a past-tense verb ("said on Wednesday it would lift …") dates that verb: the past.
_PAST_VERB_BEFORE = re.compile(r"\b(said|told|announced|reported|added|stated|confirmed|met|was|were|had|did|\w+ed)\s*$", re.I)


def resolve_relative_dates(sentence: str, published: str) -> list[tuple[str, str]]:
    """Relative dates in a sentence of an article ("on Monday", "last week", "yesterday") resolved against
    the article's publication date: (phrase, what it means) pairs, e.g. ("on Monday", "10 February 2025").
    A weekday points back to the latest such day on or before publication, or forward when the sentence
    speaks of the future ("will", "is due")."""
    try:
        day = dt.date.fromisoformat(published)
    except ValueError:
        return []
    out: list[tuple[str, str]] = []
    for m in _RELATIVE_DATE.finditer(sentence):
        phrase = m.group(0)
        # The future counts only when it governs the phrase: said before it, in the same clause, and the
        # phrase does not follow a verb in the past ("said on Wednesday it would lift …" is last Wednesday).
        before = re.split(r"[,;:]", sentence[: m.start()])[-1]
        past = _PAST_VERB_BEFORE.search(before.rstrip()) and not re.search(r"\b(is|are|be|been)\s+\w+\s*$", before.rstrip())
        future = bool(_FUTURE.search(before)) and not past
        words = phrase.lower().split()
        last = words[-1]
        if last in ("today", "yesterday", "tomorrow"):
            when = day + dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[last])
            meaning = f"{when.day} {when:%B %Y}"
        elif last in _WEEKDAYS:
            target = _WEEKDAYS.index(last)
            if words[0] == "next" or (future and words[0] != "last"):
                when = day + dt.timedelta(days=(target - day.weekday()) % 7 or 7)
            else:
                when = day - dt.timedelta(days=(day.weekday() - target) % 7 or (7 if words[0] == "last" else 0))
            meaning = f"{when.day} {when:%B %Y}"
        elif last == "week":
            start = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks={"last": -1, "this": 0, "next": 1}[words[0]])
            meaning = f"the week of {start.day} {start:%B %Y}"
        elif last == "month":
            month = (day.month - 1 + {"last": -1, "this": 0, "next": 1}[words[0]]) % 12 + 1
            year = day.year + (day.month - 1 + {"last": -1, "this": 0, "next": 1}[words[0]]) // 12
            meaning = f"{dt.date(year, month, 1):%B %Y}"
        else:  # year
            meaning = str(day.year + {"last": -1, "this": 0, "next": 1}[words[0]])
        out.append((phrase, meaning))
    return out


_FIGURE = re.compile(r"\d[\d,.]*\d|\d")


def figures(text: str) -> set[str]:
    """The numbers a text states ("1,200" and "1200" alike, "3.5"), for telling whether two reports agree."""
    return {f.replace(",", "").rstrip(".") for f in _FIGURE.findall(text)}

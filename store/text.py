"""Text handling shared by ingest/ and qa/: dates, names (and, below, sentences and language)."""

from __future__ import annotations

import datetime as dt
import re


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


_NAME_RUN = re.compile(r"\b[A-Z][\w'’.&-]*(?:\s+(?:of|de|der|van|von|al|bin|la|le|du|for)?\s*[A-Z][\w'’.&-]*)*")
_NOT_NAMES = {"the", "a", "an", "in", "on", "at", "it", "he", "she", "they", "we", "i", "but", "and", "or", "so", "this", "that", "these",
              "those", "his", "her", "their", "its", "our", "after", "before", "when", "while", "if", "as", "by", "for", "from", "with",
              "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
              "may", "june", "july", "august", "september", "october", "november", "december", "mr", "mrs", "ms", "dr"}


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

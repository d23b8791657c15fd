"""Text handling shared by ingest/ and qa/: dates (and, below, sentences and language)."""

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

"""Filters on retrieval: outlets and a date range, parsed once and applied by Chroma and BM25 alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from store.errors import BadQuestion
from store.text import date_int, normalize_date


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval to these outlets and this date range (ISO dates, inclusive).

    Build from what a person typed with `Filters.parse`, which checks the dates once."""

    sources: tuple[str, ...] = ()
    since: str = ""
    until: str = ""
    exclude: tuple[str, ...] = ()  # article ids left out (a follow-up asking what came after them)

    @classmethod
    def parse(cls, sources: Sequence[str] = (), since: object = "", until: object = "") -> "Filters":
        """Filters from raw input; BadQuestion names the value that is not a date."""
        dates = []
        for name, value in (("since", since), ("until", until)):
            iso = normalize_date(value)
            if value and not iso:
                raise BadQuestion(f"--{name} {value!r} is not a date; use YYYY-MM-DD.")
            dates.append(iso)
        return cls(tuple(s for s in sources if s), dates[0], dates[1])

    @property
    def since_int(self) -> int:
        return date_int(self.since)

    @property
    def until_int(self) -> int:
        return date_int(self.until)

    def __bool__(self) -> bool:
        return bool(self.sources or self.since or self.until or self.exclude)

    def where(self) -> dict | None:
        """The Chroma `where` clause for chunks within these filters (None when there are none)."""
        clauses: list[dict] = []
        if self.sources:
            clauses.append({"source": {"$in": list(self.sources)}})
        if self.since:
            clauses.append({"date_int": {"$gte": self.since_int}})
        if self.until:
            clauses.append({"date_int": {"$lte": self.until_int}})
        if self.exclude:
            clauses.append({"article_id": {"$nin": list(self.exclude)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

"""Composing an extractive answer from the evidence gathered for each part of a question.

Every claim is a verbatim quote with [n], attributed to its outlet and dated. A sentence the answer
states beyond the quotes (which came first, that the reports are set side by side, what the
articles do not cover) is derived only from the cited quotes and their articles' metadata, and says
so ("Going by the reports' dates, ...").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from qa.models import Citation
from qa.understand import BRIDGE, CHANGE, COMPARE, LATEST, ORDER, SHARED
from store.text import resolve_relative_dates

DIFFER = "differ"  # not a kind of question: what the evidence turned out to be (outlets giving another figure, date or claim)

if TYPE_CHECKING:
    from qa.answer import Candidate


@dataclass
class PartEvidence:
    """The sentences chosen for one part of a question (a side, a hop), or none when the articles lack it."""

    part: str
    chosen: list["Candidate"] = field(default_factory=list)


def human_date(iso: str) -> str:
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {d.strftime('%B %Y')}"


def outlet(c: "Candidate") -> str:
    chunk = c.hit.chunk
    return chunk.source or f"“{chunk.title}”"


def citation(n: int, chunk, start: int, end: int) -> Citation:
    """Citation n of article text [start, end) found in `chunk`, with the speaker the article gives those words."""
    from ingest.speakers import quotes_from_json, speaker_at

    speaker, direct = speaker_at(quotes_from_json(chunk.quotes), start, end)
    return Citation(n, chunk.article_id, chunk.title, chunk.source, chunk.date, chunk.url, chunk.text[start - chunk.start : end - chunk.start],
                    start, end, chunk.text, chunk.start, speaker, direct)


class Composer:
    """Numbers citations as it quotes; one Composer per answer."""

    def __init__(self, also_in: dict[str, list[dict]] | None = None) -> None:
        self.citations: list[Citation] = []
        self._numbers: dict[tuple[str, int, int], int] = {}
        self.also_in = also_in or {}  # article_id -> the other outlets that carried the same story

    def cite(self, c: "Candidate") -> str:
        """The quote followed by its [n] (a quote used twice keeps its number)."""
        key = (c.hit.chunk.article_id, c.start, c.end)
        if key not in self._numbers:
            self.citations.append(citation(len(self.citations) + 1, c.hit.chunk, c.start, c.end))
            self.citations[-1].also_in = [{k: o[k] for k in ("source", "url", "date")} for o in self.also_in.get(c.hit.chunk.article_id, [])]
            self._numbers[key] = len(self.citations)
        return f"{c.text} [{self._numbers[key]}]"

    def according_to(self, chosen: Sequence["Candidate"]) -> str:
        """'According to Outlet (date): quote [1] quote [2]', one such statement per article, its quotes in text order."""
        statements = []
        for group in by_article(chosen):
            ordered = sorted(group, key=lambda c: c.start)
            chunk = ordered[0].hit.chunk
            notes = [human_date(chunk.date)] if chunk.date else []
            others = self.also_in.get(chunk.article_id, [])
            if others:  # the same story at other outlets, stored once
                notes.append("also carried by " + ", ".join(_carried(o) for o in others))
            head = outlet(ordered[0]) + (f" ({'; '.join(notes)})" if notes else "")
            statement = f"According to {head}: " + " ".join(self.cite(c) for c in ordered)
            resolved = [pair for c in ordered for pair in resolve_relative_dates(c.text, c.hit.chunk.date)]
            if resolved:  # derived from the report's date, and said to be
                statement += " (Going by the report's date, " + "; ".join(f"“{p}” is {m}" for p, m in dict(resolved).items()) + ".)"
            statements.append(statement)
        return " ".join(statements)


def by_article(chosen: Sequence["Candidate"]) -> list[list["Candidate"]]:
    groups: dict[str, list[Candidate]] = {}
    for c in chosen:
        groups.setdefault(c.hit.chunk.article_id, []).append(c)
    return list(groups.values())


def _date_key(c: "Candidate") -> str:
    return c.hit.chunk.date or "9999-99-99"


def _carried(o: dict) -> str:
    return o["source"] + (f" ({human_date(o['date'])})" if o.get("date") else "") if o.get("source") else o.get("url", "")


def compose_fact(chosen: Sequence["Candidate"], in_date_order: bool = False, also_in: dict | None = None) -> tuple[str, list[Citation]]:
    """Short attributed statements grouped by article (relevance order, or date order for change over time)."""
    composer = Composer(also_in)
    groups = by_article(chosen)
    if in_date_order:
        groups.sort(key=lambda g: _date_key(g[0]))
    return "\n\n".join(composer.according_to(g) for g in groups), composer.citations


def _missing(parts: Sequence[PartEvidence]) -> str:
    lacking = [p.part for p in parts if not p.chosen]
    if not lacking:
        return ""
    return "The articles do not cover " + "; nor ".join(f"“{p}”" for p in lacking) + "."


def compose_parts(kind: str, parts: Sequence[PartEvidence], bridge_entity: str = "", also_in: dict | None = None) -> tuple[str, list[Citation]]:
    """An answer for a question of several parts: ordered, side by side, changing over time, or hopping."""
    composer = Composer(also_in)
    found = [p for p in parts if p.chosen]
    paragraphs: list[str] = []
    if kind == DIFFER:
        from qa.disagree import lead  # qa.disagree builds on this module

        paragraphs.append(lead(found))
        for p in found:
            paragraphs.append(composer.according_to(p.chosen))
    elif kind == LATEST:
        found.sort(key=lambda p: _date_key(p.chosen[0]) if p.chosen[0].hit.chunk.date else "", reverse=True)
        newest = found[0].chosen[0] if found else None
        if newest is not None and newest.hit.chunk.date:
            paragraphs.append(f"The most recent report cited is {outlet(newest)}'s of {human_date(newest.hit.chunk.date)}; newer reports first.")
        for p in found:
            paragraphs.append(composer.according_to(p.chosen))
    elif kind in (ORDER, CHANGE):
        found.sort(key=lambda p: _date_key(p.chosen[0]))
        dated_parts = [p for p in found if p.chosen[0].hit.chunk.date]
        days = sorted({p.chosen[0].hit.chunk.date for p in dated_parts})
        if len(days) >= 2:  # reports of one day are one step: their dates cannot order them
            groups = [[p for p in dated_parts if p.chosen[0].hit.chunk.date == day] for day in days]
            steps = [_step(g, kind) for g in groups]
            verb = ("came first" if kind == ORDER else "is the earliest") if len(groups[0]) == 1 else ("came first" if kind == ORDER else "are the earliest")
            paragraphs.append(f"Going by the dates of the reports cited, {steps[0]} {verb}; then " + "; then ".join(steps[1:]) + ".")
        elif len(dated_parts) >= 2:
            paragraphs.append("The reports cited carry the same date, so their dates cannot tell which came first.")
        for p in found:
            paragraphs.append(composer.according_to(p.chosen))
    elif kind == BRIDGE and found:
        if bridge_entity:
            paragraphs.append(f"Going by the first report below, “{found[0].part}” is {bridge_entity}.")
        for p in found:
            paragraphs.append(composer.according_to(p.chosen))
    else:  # COMPARE, SHARED: side by side, each side in its own words
        if len(found) >= 2 and (kind == SHARED or not any(p.part for p in found)):
            paragraphs.append("Side by side, each report in its own words:")
        for p in found:
            prefix = f"On {p.part}: " if kind == COMPARE and p.part else ""
            paragraphs.append(prefix + composer.according_to(p.chosen))
    missing = _missing(parts)
    if missing:
        paragraphs.append(missing)
    return "\n\n".join(paragraphs), composer.citations


def _step(group: Sequence[PartEvidence], kind: str) -> str:
    """One step of an order: a report and its date, or the reports of one day together."""
    day = human_date(group[0].chosen[0].hit.chunk.date)
    if len(group) == 1:
        return f"{_label(group[0], kind)}, reported by {outlet(group[0].chosen[0])} on {day}"
    labels = [f"{_label(p, kind)} ({outlet(p.chosen[0])})" if kind == ORDER and p.part else _label(p, kind) for p in group]
    return f"{', '.join(labels[:-1])} and {labels[-1]}, {'both' if len(labels) == 2 else 'all'} reported on {day}"


def _label(p: PartEvidence, kind: str) -> str:
    if kind == ORDER and p.part:
        return f"“{p.part}”"
    return f"the {re.sub(r'^the ', '', outlet(p.chosen[0]), flags=re.I)} report"


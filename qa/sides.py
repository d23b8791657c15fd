"""Choosing the evidence for each named side of a question ("which came first: A or B", "how did A and B differ").

Each side is searched on its own (qa.assistant), but the sentences that match one side best are often
the story's lead, which names both sides and tells neither apart: the court ruling that mentions both
bidders, the April report that mentions the January rise and the expected cut. A side's evidence
should be about that side rather than the others, so a sentence scores for a side by how well it
answers it (the calibrated score) plus how much closer it is to this side than to any other
(`distinct`). One sentence is never quoted for two sides; it goes to the side it is closest to.

For an order of events a side is dated by the report it is quoted from, so its sentences come from
one article: among the side's strong matches, the earliest report (an event is dated by its first
report, not by the follow-up that recalls it).
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from qa.answer import Candidate

DISTINCT = 0.5  # weight of how much closer a sentence is to its side than to the others
EARLIEST_WITHIN = 0.85  # an order's side is dated by the earliest report scoring this share of its best
MONTH_BONUS = 0.05  # a side that names a month ("the January rise"): reports of that month, or naming it

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
_MONTH = re.compile(r"\b(" + "|".join(m for m in _MONTHS if m != "may") + r")\b", re.I)


def _key(c: Candidate) -> tuple[str, int, int]:
    return (c.hit.chunk.article_id, c.start, c.end)


def month_of(side: str) -> int:
    """The month a side names (1-12), or 0. "May" is left out: it is more often the verb."""
    m = _MONTH.search(side)
    return _MONTHS.index(m.group(1).lower()) + 1 if m else 0


def _in_month(c: Candidate, month: int) -> bool:
    date = c.hit.chunk.date
    return (len(date) >= 7 and date[5:7].isdigit() and int(date[5:7]) == month) or _MONTHS[month - 1] in c.text.lower()


def side_scores(sides: Sequence[str], side_vectors: np.ndarray, ranked: Sequence[Sequence[Candidate]]) -> list[dict]:
    """For each side, {sentence key: (adjusted score, distinct, candidate)}: its calibrated score, plus
    DISTINCT times how much closer the sentence is to this side than to the closest other side."""
    out: list[dict] = []
    for i, cands in enumerate(ranked):
        month = month_of(sides[i])
        scores: dict = {}
        for c in cands:
            if c.vector is None:
                continue
            sims = side_vectors @ c.vector
            distinct = float(sims[i] - max(s for j, s in enumerate(sims) if j != i)) if len(sims) > 1 else 0.0
            bonus = MONTH_BONUS if month and _in_month(c, month) else 0.0
            scores[_key(c)] = (c.score + DISTINCT * distinct + bonus, distinct, c)
        out.append(scores)
    return out


def choose_sides(sides: Sequence[str], side_vectors: np.ndarray, ranked: Sequence[Sequence[Candidate]], gate: float,
                 per_side: int, one_article: bool = False) -> list[list[Candidate]]:
    """Up to `per_side` sentences for each side, none shared between sides, each passing `gate` on its own
    calibrated score. `one_article`: a side's sentences come from the earliest of its strong reports."""
    scored = side_scores(sides, side_vectors, ranked)
    owner: dict = {}  # a sentence wanted by several sides goes to the one it is most distinct for
    for i, scores in enumerate(scored):
        for key, (_, distinct, c) in scores.items():
            if c.score >= gate and (key not in owner or distinct > scored[owner[key]][key][1]):
                owner[key] = i
    chosen: list[list[Candidate]] = []
    for i, scores in enumerate(scored):
        mine = sorted((v for k, v in scores.items() if owner.get(k) == i), key=lambda v: -v[0])
        if not mine:
            chosen.append([])
            continue
        if one_article:
            best = mine[0][0]
            strong = [v for v in mine if v[0] >= best * EARLIEST_WITHIN and v[2].hit.chunk.date]
            if strong:
                first = min(strong, key=lambda v: (v[2].hit.chunk.date, -v[0]))[2].hit.chunk.article_id
                mine = [v for v in mine if v[2].hit.chunk.article_id == first]
        top = mine[0][0]
        picked = [mine[0][2]] + [v[2] for v in mine[1:] if v[0] >= top * 0.8][: per_side - 1]
        chosen.append(picked)
    return chosen

"""Choosing the evidence for each named side of a question ("which came first: A or B", "how did A and B differ").

Each side is searched on its own (qa.assistant), but the sentences that match one side best are often
the story's lead, which names both sides and tells neither apart: the court ruling that mentions both
bidders, the April report that mentions the January rise and the expected cut. A side's evidence
should be about that side rather than the others, so a sentence scores for a side by how well it
answers it (the calibrated score) plus how much closer it is to this side than to any other
(`distinct`). One sentence is never quoted for two sides; it goes to the side it is closest to.

For an order of events a side is dated by the report it is quoted from, so its sentences come from
one article, the one its best sentence is from. (Preferring the earliest of several close matches was
tried: "the first rate cut" then went to the earlier report of a vote *for* a cut, found in the app.)
"""

from __future__ import annotations

import math
import re
from typing import Callable, Sequence

import numpy as np

from qa.answer import SPEECH, Candidate
from store.text import MONTHS

DISTINCT = 0.5  # weight of how much closer a sentence is to its side than to the others
AGREE = 0.5  # what several reports share: weight of a sentence's closeness to the other reports' sentences
ASPECT = 0.2  # weight of a sentence's closeness to what the sides share (what a comparison compares)
ASPECT_WORDS = 0.3  # weight of the share of what is compared ("vote", "bid") a sentence names in words
HEADLINE = 0.5  # an ordered event: weight of the closeness of the sentence's report's headline to the side
SUBJECT = 0.1  # compared parties: bonus for a sentence that starts with the side's party (what it says is about it)

_MONTH = re.compile(r"\b(" + "|".join(m for m in MONTHS if m != "may") + r")\b", re.I)


def _key(c: Candidate) -> tuple[str, int, int]:
    return (c.hit.chunk.article_id, c.start, c.end)


def month_of(side: str) -> int:
    """The month a side names (1-12), or 0. "May" is left out: it is more often the verb."""
    m = _MONTH.search(side)
    return MONTHS.index(m.group(1).lower()) + 1 if m else 0


def _dated_in(c: Candidate, month: int) -> bool:
    date = c.hit.chunk.date
    return len(date) >= 7 and date[5:7].isdigit() and int(date[5:7]) == month


_STOP = frozenset("a an the of on in at to for by with and or from about its their his her this that these those".split())


def aspect(sides: Sequence[str]) -> str:
    """What every side has in common: what is being compared ("bids for the Port Ilse terminal" in
    "Kestrel's and Solano's bids for the Port Ilse terminal"), or '' when the sides share no content word."""
    words = [re.findall(r"[\w'’-]+", s) for s in sides]
    others = [{w.lower() for w in ws} for ws in words[1:]]
    common = [w for w in words[0] if all(w.lower() in o for o in others)]
    return " ".join(common) if any(w.lower() not in _STOP for w in common) else ""


def identifiers(sides: Sequence[str], shared: str) -> list[str]:
    """What tells each side apart: its words less the aspect all sides share ("Kestrel Marine's", "sacking of
    the manager"); a side whose words are all shared keeps them all."""
    common = {w.lower() for w in re.findall(r"[\w'’-]+", shared)}
    out = []
    for side in sides:
        own = [w for w in re.findall(r"[\w'’-]+", side) if w.lower() not in common]
        out.append(" ".join(own) if any(w.lower() not in _STOP for w in own) else side)
    return out


def tells_event(identifier: str) -> bool:
    """Does what tells a side apart say what happened ("the sacking of the manager", "Terhaar's message when Cardelix
    was recalled"), not only who ("Kestrel Marine's")? A lower-case word beyond the names says it."""
    return any(w[:1].islower() and w.lower() not in _STOP for w in re.findall(r"[\w'’-]+", identifier) if not re.fullmatch(r"['’]s?", w))


_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+(?:,[^—–\n]{0,40}?)?\s+[—–-]+\s+")
_LEADING_NAME = re.compile(r"(?:The\s+)?([A-Z][\w'’.&-]*(?:\s+(?:of\s+)?[A-Z][\w'’.&-]*)*)")


def starts_with(text: str, names: Sequence[str]) -> bool:
    """Does the sentence start with one of `names`, after any dateline ("Solano Ports Group, which operates …",
    "Kestrel's chief executive said …")? Its subject is then that party, not the story both sides are in."""
    m = _LEADING_NAME.match(_DATELINE.sub("", text))
    if not m:
        return False
    lead = {w.lower() for w in re.findall(r"\w+", re.sub(r"['’]s\b", "", m.group(1)))}
    return any(lead & {w.lower() for w in re.findall(r"\w+", n)} for n in names)


def aspect_terms(shared: str, stems: Callable[[str], list[str]]) -> dict[str, bool]:
    """The stems of what a comparison compares, less the names every sentence of the story carries ("vote",
    "board" of "Bank of Caldora board's vote on the"), each with whether it is what someone said ("response")."""
    words = [w for w in re.findall(r"[\w'’-]+", shared) if w[:1].islower() and w.lower() not in _STOP]
    return {t: bool(SPEECH.fullmatch(w)) for w in words for t in stems(w)}


def aspect_shares(cands: Sequence[Candidate], terms: dict[str, bool], stems: Callable[[str], list[str]]) -> dict:
    """For each sentence (by key), the share of the aspect terms it holds, each weighted by how rare it is among
    these sentences (the story's own words count little). A compared response, view or reaction is held by
    the words the article gives to the side's person (see qa.answer.said_by), not anyone's."""
    held = {}
    for c in cands:
        words = set(stems(c.text))
        held[_key(c)] = {t for t, speech in terms.items() if t in words or (speech and c.said_by > 0)}
    n = len(held)
    weight = {t: math.log(1 + n / (1 + sum(t in h for h in held.values()))) for t in terms}
    total = sum(weight.values()) or 1.0
    return {k: sum(weight[t] for t in h) / total for k, h in held.items()}


def agreement(c: Candidate, others: Sequence[Sequence[Candidate]]) -> float:
    """How closely another report says the same: the best cosine to a sentence of each other pool, averaged."""
    if c.vector is None or not others:
        return 0.0
    article = c.hit.chunk.article_id
    best = [max((float(c.vector @ o.vector) for o in pool if o.vector is not None and o.hit.chunk.article_id != article), default=0.0)
            for pool in others]
    return sum(best) / len(best)


def agreeing(pools: Sequence[Sequence[Candidate]], gate: float, per: int) -> list[list[Candidate]]:
    """What several reports share, one pool of sentences per report: in each, the sentences that pass `gate`
    and score best with AGREE times how closely the other reports say the same."""
    out = []
    for i, pool in enumerate(pools):
        others = [p for j, p in enumerate(pools) if j != i]
        ranked = sorted((c for c in pool if c.score >= gate), key=lambda c: -(c.score + AGREE * agreement(c, others)))
        out.append(ranked[:per])
    return out


def side_scores(sides: Sequence[str], side_vectors: np.ndarray, ranked: Sequence[Sequence[Candidate]],
                aspect_vector: np.ndarray | None = None, shared: bool = False, terms: dict[str, bool] | None = None,
                stems: Callable[[str], list[str]] | None = None, headlines: dict[str, np.ndarray] | None = None,
                parties: Sequence[Sequence[str]] = ()) -> list[dict]:
    """For each side, {sentence key: (adjusted score, distinct, candidate)}: its calibrated score, plus
    DISTINCT times how much closer the sentence is to this side than to the closest other side, plus
    ASPECT times its closeness to what the sides share (what is compared), plus ASPECT_WORDS times the share of
    what is compared it names (`terms`, see aspect_terms: the lead names the story, the detail what is compared).
    A side that names a month keeps to the reports of that month (or sentences naming it) when it has any.
    `headlines`: article id -> its headline's vector, for events in order: plus HEADLINE times the closeness of the
    sentence's headline to the side (the report that tells the event, not one that mentions it on the way).
    `parties`: for each side, the names that tell it apart (compared parties): plus SUBJECT for a sentence that
    starts with one (see starts_with)."""
    out: list[dict] = []
    # An article's closeness to each side: its closest sentence's. A sentence of the article that reports
    # one side's event ("the sacking of the manager") belongs to that side even when it does not name it.
    article_sims: dict[str, np.ndarray] = {}
    for cands in ranked:
        for c in cands:
            if c.vector is not None:
                sims = side_vectors @ c.vector
                a = c.hit.chunk.article_id
                article_sims[a] = np.maximum(article_sims[a], sims) if a in article_sims else sims
    for i, cands in enumerate(ranked):
        month = month_of(sides[i])
        named = aspect_shares(cands, terms, stems) if terms and stems else {}
        scores: dict = {}
        for c in cands:
            if c.vector is None:
                continue
            sims = side_vectors @ c.vector
            if aspect_vector is not None:  # sides that differ in an event or a party: the article's too
                sims = 0.5 * sims + 0.5 * article_sims[c.hit.chunk.article_id]
                if headlines and c.hit.chunk.article_id in headlines:  # compared events: the report whose headline tells it
                    sims = (2 * sims + side_vectors @ headlines[c.hit.chunk.article_id]) / 3
            distinct = float(sims[i] - max(s for j, s in enumerate(sims) if j != i)) if len(sims) > 1 else 0.0
            closeness = float(aspect_vector @ c.vector) if aspect_vector is not None else 0.0
            agree = AGREE * agreement(c, [p for j, p in enumerate(ranked) if j != i]) if shared else 0.0
            if shared:  # what both reports say: the same thing in each, not what tells them apart
                distinct = 0.0
            words = ASPECT_WORDS * named.get(_key(c), 0.0)
            headline = c.hit.chunk.article_id in (headlines or {}) and HEADLINE * float(side_vectors[i] @ headlines[c.hit.chunk.article_id])
            subject = SUBJECT * (bool(parties) and starts_with(c.text, parties[i]))
            scores[_key(c)] = (c.score + DISTINCT * distinct + ASPECT * closeness + words + agree + headline + subject, distinct, c)
        if month:  # that month's reports; else sentences that name the month; else all
            dated = {k: v for k, v in scores.items() if _dated_in(v[2], month)}
            naming = {k: v for k, v in scores.items() if MONTHS[month - 1] in v[2].text.lower()}
            scores = dated or naming or scores
        out.append(scores)
    return out


def choose_sides(sides: Sequence[str], side_vectors: np.ndarray, ranked: Sequence[Sequence[Candidate]], gate: float,
                 per_side: int, one_article: bool = False, aspect_vector: np.ndarray | None = None,
                 shared: bool = False, terms: dict[str, bool] | None = None,
                 stems: Callable[[str], list[str]] | None = None, headlines: dict[str, np.ndarray] | None = None,
                 parties: Sequence[Sequence[str]] = ()) -> list[list[Candidate]]:
    """Up to `per_side` sentences for each side, none shared between sides, each passing `gate` on its own
    calibrated score. `one_article`: a side's sentences come from one report, its best sentence's."""
    scored = side_scores(sides, side_vectors, ranked, aspect_vector, shared, terms, stems, headlines, parties)
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
        if one_article:  # an ordered event is dated by one report: the one its best sentence is from
            mine = [v for v in mine if v[2].hit.chunk.article_id == mine[0][2].hit.chunk.article_id]
        top = mine[0][0]
        picked = [mine[0][2]] + [v[2] for v in mine[1:] if v[0] >= top * 0.8][: per_side - 1]
        chosen.append(picked)
    return chosen

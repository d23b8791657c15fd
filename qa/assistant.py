"""`Assistant.ask`: a question (and the conversation so far) in, an Answer with verbatim citations out.

Steps, in this order: understand the question (qa.understand: its kind and parts; qa.conversation:
what a follow-up leans on), gather evidence for each part (`gather`: retrieval, then the candidate
sentences with their features), let the calibrated gate refuse weak evidence, then compose the
answer (qa.compose), extractively or by the LLM with its sentences checked.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field, replace
from typing import Any, Generator, Sequence

import numpy as np

from qa.answer import REFUSAL, Candidate, ExtractiveAnswerer, Scoring, near_duplicate, own_words_next, revised_figure
from qa.compose import DIFFER, PartEvidence, compose_fact, compose_parts
from qa.conversation import Context, asks_for_more, context, quoted_pieces, time_direction, user_turns
from qa.disagree import FUNCTION_WORDS, differing_parts
from qa.disagree import guidance as differ_guidance
from qa.lexical import LexicalIndex
from qa.metadata_answer import metadata_answer
from qa.models import Answer, AnswerStream, Passage
from qa.retrieve import Mode, Retriever
from qa.sides import agreeing, aspect, aspect_terms, choose_sides, identifiers, month_of, tells_event
from qa.understand import BRIDGE, CHANGE, COMPARE, LATEST, METADATA, ORDER, SHARED, Plan, understand
from store.errors import BadQuestion
from store.filters import Filters
from store.models import Hit
from store.store import Store
from store.text import entity_names, main_language

MAX_QUESTION_CHARS = 2000
NO_ARTICLES = "There are no articles yet. Add some first: python -m ingest add PATH_OR_URL (or the app's Library page)."
NOT_SEARCHABLE = ("The library lists articles, but none of their passages can be searched: an earlier ingest was interrupted. "
                  "Run `python -m ingest repair` to rebuild them, or add them again.")
_LANGUAGES = {"tr": "Turkish", "ro": "Romanian", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "ru": "Russian"}


def check_question(question: str) -> str:
    """The question stripped, or BadQuestion with what to do about it."""
    question = (question or "").strip()
    if not question:
        raise BadQuestion("The question is empty: type a question about the articles.")
    if len(question) > MAX_QUESTION_CHARS:
        raise BadQuestion(f"The question is {len(question):,} characters long; keep it under {MAX_QUESTION_CHARS:,} (a sentence or two works best).")
    return question


def language_notice(question: str) -> str:
    """A note for a question that looks like another language than English, else ''."""
    language = main_language(question)
    if language != "en" and len(question.split()) >= 3:
        return f"This question looks like {_LANGUAGES.get(language, 'another language')}; the articles are searched best in English."
    return ""


def nothing_to_search(store: Store) -> str:
    """Why no passage can be searched: an empty library, or listed articles whose chunks are missing."""
    return NOT_SEARCHABLE if store.count() else NO_ARTICLES


@dataclass
class Evidence:
    """What `gather` found for one query: the retrieved chunks and the scored candidate sentences."""

    query: str  # what was searched
    hits: list[Hit] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)  # embedded candidates with their features


class Assistant:
    """Answers questions from a Store: hybrid retrieval, then an extractive (or checked LLM) answer with citations.

    Build it with `qa.services.build(settings)`, which also sets up the LLM when one is configured."""

    LLM_PASSAGES = 5  # passages an LLM reads: enough evidence, short enough for small models
    PER_ARTICLE = 3  # articles an answer about change over time, or without named sides, sets side by side
    PER_PART = 2  # sentences quoted for each named side of a comparison or an ordering
    PART_FLOOR = 0.75  # share of the gate a side must reach once another side passed it whole
    HEADLINE_SHARE = 0.5  # share of a follow-up's own words (by rarity) another report's headline must name for the follow-up to turn to it

    def __init__(self, store: Store, scoring: Scoring | None = None, k: int = 8, llm: Any = None, llm_name: str = ""):
        self.store = store
        self.retriever = Retriever(store)
        self.answerer = ExtractiveAnswerer(store.embedder, scoring)
        self.k = k
        self.llm = llm  # a llama-index LLM, or None for extractive answers
        self.llm_name = llm_name

    # -- gather ------------------------------------------------------------------------------
    def gather(self, question: str, history: Sequence[dict] = (), filters: Filters = Filters(), mode: Mode = "hybrid",
               query: str | None = None, thread: Sequence[str] = (), lexical: LexicalIndex | None = None) -> Evidence:
        """Retrieve for `query` (the question, with the conversation's subject for a follow-up) and score the
        candidate sentences against the question; `thread`: articles the answer a follow-up continues cited."""
        lexical = lexical or self.retriever.sync()
        if query is None:
            ctx = context(question, history)
            query, thread = ctx.query, thread or self.cited_articles(lexical, ctx)
        if not lexical.chunks:
            return Evidence(query)
        vectors = self.store.embedder.embed([question] if query == question else [question, query])
        hits = self.retriever.retrieve(query, vectors[-1], k=self.k, filters=filters, mode=mode, prefer=thread, prefer_vector=vectors[0])
        said = [str(t.get("content", "")) for t in history if t.get("role") == "assistant"] if asks_for_more(question) else []
        earlier = " ".join(str(t.get("content", "")) for t in history[-2:]) if query != question else ""
        units = revised_figure(question, history) if query != question else set()
        leads = lead_hits(hits[: self.answerer.scoring.candidate_chunks], lexical)
        continued = article_hits(thread, lexical, filters)
        candidates = self.answerer.features(question, query, vectors[0], lexical, self.answerer.candidates(hits, thread, leads, continued), said,
                                            context_vec=vectors[-1], earlier=earlier, units=units)
        return Evidence(query, hits, candidates)

    def cited_articles(self, lexical: LexicalIndex, ctx: Context) -> list[str]:
        """The articles the previous answer cited: from its turn's citations, else by finding its verbatim quotes."""
        if not ctx.follow_up:
            return []
        if ctx.cited_ids:
            return list(ctx.cited_ids)
        found: list[str] = []
        for piece in quoted_pieces(ctx.last_answer):
            for chunk, _ in lexical.search(piece, 3):
                if piece in chunk.text and chunk.article_id not in found:
                    found.append(chunk.article_id)
        return found

    def _turned_to(self, question: str, ctx: Context, thread: Sequence[str], lexical: LexicalIndex, filters: Filters) -> list[str]:
        """Reports a follow-up turns to: the headline names what the follow-up asks about and the headlines of the
        reports it continues do not ("How much was the fine?" after answers about the chief executive's resignation,
        beside "Regulator fines Brightline ..."). Only a report of the same story, one naming what the conversation
        named (a fine in another story is no answer). They join the thread; the sentences decide."""
        if not ctx.follow_up or not thread:
            return []
        words = " ".join(w for w in re.findall(r"[\w'’-]+", question) if w.lower() not in FUNCTION_WORDS)
        own = set(lexical.stems(words)) - set(lexical.stems(" ".join(lexical.article_titles.get(a, "") for a in thread)))
        weights = lexical.idf(sorted(own))
        total = sum(weights.values())
        names = story_names(ctx.query)
        if not total or not names:
            return []
        turned: list[str] = []
        for chunk, _ in lexical.search(question, self.k, filters):
            article = chunk.article_id
            if article in thread or article in turned:
                continue
            headline = set(lexical.stems(chunk.title))
            named = sum(w for t, w in weights.items() if t in headline)
            if named >= self.HEADLINE_SHARE * total and names_any(names, chunk):
                turned.append(article)
        return turned

    def _annotate(self, citations: Sequence, also_in: dict[str, list[dict]]) -> None:
        """What the sources panel shows beside a quote: the article's author and the other outlets that carried it."""
        authors = {a.article_id: a.author for a in self.store.get_articles(sorted({c.article_id for c in citations}))}
        for c in citations:
            c.author = authors.get(c.article_id, "")
            c.also_in = c.also_in or [{k: o[k] for k in ("source", "url", "date")} for o in also_in.get(c.article_id, [])]

    def _move_in_time(self, question: str, ctx: Context, thread: list[str], lexical: LexicalIndex,
                      filters: Filters) -> tuple[Filters, list[str]]:
        """A follow-up asking what happened later (or earlier) than the reports the last answer stood on is searched
        after the earliest of them (before the latest), among the other articles: a later report that answer also
        cited stays in reach ("How did that change by 2024?" after an answer quoting the 2022 report first and the
        2024 one second; "Who disputed those estimates later?" after one quoting the audit first and the minister's
        earlier estimate second). Without such articles, as asked."""
        direction = time_direction(question) if ctx.follow_up and thread else ""
        later = direction == "later"
        dated = [d for d in (lexical.article_dates.get(a, "") for a in thread) if d]
        anchor = (min(dated) if later else max(dated)) if dated else ""
        if not direction or not anchor:
            return filters, thread

        def beyond(date: str, strictly: bool = False) -> bool:
            """Dated after the anchor for "later" (before it for "earlier"); its own day too unless `strictly`."""
            return bool(date) and (not strictly if date == anchor else (date > anchor) == later)

        dates = lexical.article_dates
        passed = tuple(a for a in thread if not beyond(dates.get(a, ""), strictly=True))  # what the last answer stood on
        if not any(beyond(d) for a, d in dates.items() if a not in passed):
            return filters, thread
        since, until = (max(filters.since, anchor), filters.until) if later else (filters.since, min(filters.until or "9999-12-31", anchor))
        return Filters(filters.sources, since, until, passed), []

    def _best(self, evidence: Evidence, per_article: int = 0, floor: float = 1.0) -> list[Candidate]:
        """The gate's choice for one part: the calibrated selection, or the best sentence of each of the
        top `per_article` articles that pass the gate. `floor` scales the gate for one side of a question
        whose other side passed it whole (a side is searched with fewer words than the question)."""
        scoring = self.answerer.scoring if floor == 1.0 else replace(self.answerer.scoring, refuse_below=self.answerer.scoring.refuse_below * floor)
        ranked = self.answerer.rank(evidence.candidates, scoring)
        if not per_article:
            return self.answerer.select(ranked, scoring)
        return self._per_article(ranked, per_article, scoring.refuse_below)

    def _later_report(self, evidence: Evidence, subject: str) -> list[Candidate]:
        """A follow-up that moved past the reports it continues ("What did they settle on in the end?") has few words
        of its own to match the later report by: a sentence needs a share of the gate, from a report of the same
        story, one that names what the conversation names (the end of another dispute is no answer)."""
        names = story_names(subject)
        on_subject = [c for c in evidence.candidates if names_any(names, c.hit.chunk)]
        return self._best(replace(evidence, candidates=on_subject), floor=self.PART_FLOOR) if on_subject else []

    @staticmethod
    def _per_article(ranked: Sequence[Candidate], n: int, gate: float) -> list[Candidate]:
        """The best sentence of each of the top `n` articles among `ranked` that pass `gate`."""
        best: dict[str, Candidate] = {}
        for c in ranked:
            if c.score >= gate and c.hit.chunk.article_id not in best:
                best[c.hit.chunk.article_id] = c
        return list(best.values())[:n]

    def _article_sentences(self, best: Candidate, ranked: Sequence[Candidate], per: int) -> list[Candidate]:
        """`best` and up to `per - 1` more sentences of its article that score close to it (not near-copies)."""
        out = [best]
        for c in ranked:
            if len(out) >= per:
                break
            if (c.hit.chunk.article_id == best.hit.chunk.article_id and c is not best and c.score >= best.score * self.answerer.scoring.keep_ratio
                    and not any(near_duplicate(c, x) for x in out)):
                out.append(c)
        return out

    # -- answer ------------------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[dict] = (), filters: Filters = Filters(), mode: Mode = "hybrid") -> Answer:
        """Answer `question`; `history` is the conversation so far ([{"role", "content"}, ...])."""
        return self.ask_stream(question, history, filters, mode).answer

    def ask_stream(self, question: str, history: Sequence[dict] = (), filters: Filters = Filters(), mode: Mode = "hybrid") -> AnswerStream:
        """Like `ask`, but an LLM answer's text can be read piece by piece as it streams (see AnswerStream)."""
        question = check_question(question)
        return AnswerStream(self._answer(question, history, filters, mode))

    def _answer(self, question: str, history: Sequence[dict], filters: Filters, mode: Mode) -> Generator[str, None, Answer]:
        notice = language_notice(question)
        t0 = time.perf_counter()
        lexical = self.retriever.sync()
        if not lexical.chunks:
            return Answer(question, nothing_to_search(self.store), True, timings_ms={"retrieve": 0.0, "answer": 0.0}, notice=notice)
        ctx = context(question, history)
        thread = self.cited_articles(lexical, ctx)
        thread += self._turned_to(question, ctx, thread, lexical, filters)
        plan = understand(question)
        moved_filters, moved_thread = self._move_in_time(question, ctx, thread, lexical, filters)
        moved = moved_filters != filters
        filters_before, filters = filters, moved_filters

        def ask(query: str, part_filters: Filters | None = None, about: str = "") -> Evidence:
            """Evidence for `query`, its sentences scored against `about` (a part of the question) or the question."""
            if part_filters is None:  # a search of the question itself: past the cited reports when it moved in time
                return self.gather(about or question, history, filters, mode, query, moved_thread, lexical)
            return self.gather(about or question, history, part_filters, mode, query, thread, lexical)

        main = ask(ctx.query)
        period = plan_period(plan, lexical)
        if period:  # "in 2022", "in October": that time's reports, unless none of them answers
            in_period = ask(ctx.query, main_filters(filters, period))
            main = in_period if self._best(in_period) else main
        sides = plan.kind in (ORDER, COMPARE, SHARED) and len(plan.parts) >= 2  # each side names its own outlet
        named = filters if sides else narrow(filters, question, lexical)
        floor = 1.0  # share of the gate the answer must reach
        if named.sources != filters.sources:  # "Does The Courier National give the same figure?": that outlet's reports,
            in_outlet = ask(ctx.query, replace(main_filters(filters, period), sources=named.sources))  # unless none answers
            if self._best(in_outlet):
                main = in_outlet
            elif self._best(in_outlet, floor=self.PART_FLOOR):  # the outlet's name is no word of its report: a share
                main, floor = in_outlet, self.PART_FLOOR  # of the gate, like one side of a question
        hits = list(main.hits)
        t1 = time.perf_counter()
        if plan.kind == METADATA:
            if plan.topic:  # the article the question describes, found by its description alone, not "who wrote it"
                described = ask(plan.topic, main_filters(filters, period), plan.topic)
                main = described if self._best(described) else main
                hits = list(main.hits)
            found = metadata_answer(self.store, plan, main.hits, self._best(main))
            if found:
                text, citations = found
                return Answer(question, text, False, citations, [Passage.from_hit(h) for h in hits], _timings(t0, t1), notice)
        parts, entity = self._parts(plan, ctx, main, ask, lexical, filters, thread if moved else [], filters_before, floor)
        for p in parts:
            hits += [c.hit for c in p.chosen if c.hit.chunk.chunk_id not in {h.chunk.chunk_id for h in hits}]
        passages = [Passage.from_hit(h) for h in hits]
        if not any(p.chosen for p in parts):  # the calibrated gate: weak evidence refuses, LLM or not
            text = REFUSAL + (" " + notice if notice else "")
            return Answer(question, text, True, [], passages, _timings(t0, t1), notice, self.llm_name)
        also_in = self.store.also_in_of(sorted({c.hit.chunk.article_id for p in parts for c in p.chosen}))
        if self.llm is None:
            if len(parts) == 1:
                text, citations = compose_fact(parts[0].chosen, in_date_order=plan.kind == CHANGE, also_in=also_in)
            elif entity == DIFFER:
                text, citations = compose_parts(DIFFER, parts, "", also_in)
            else:
                text, citations = compose_parts(plan.kind, parts, entity, also_in)
            self._annotate(citations, also_in)
            return Answer(question, text, False, citations, passages, _timings(t0, t1), notice)
        from qa.llm import checked_answer, stream_answer

        chosen_hits = [c.hit for p in parts for c in p.chosen]
        llm_hits = list({h.chunk.chunk_id: h for h in chosen_hits + main.hits}.values())[: max(self.LLM_PASSAGES, len(chosen_hits))]
        # A follow-up is asked with the question it follows, so the LLM knows what "he" or "respond" refers to.
        llm_question = question if not ctx.follow_up else f"Earlier question: {user_turns(history)[-1]}\nQuestion now: {question}"
        pieces = []
        for piece in stream_answer(self.llm, llm_question, llm_hits, guidance(plan, parts, entity)):
            pieces.append(piece)
            yield piece
        checked = checked_answer("".join(pieces), llm_hits, self.store.embedder)
        self._annotate(checked.citations, self.store.also_in_of(sorted({c.article_id for c in checked.citations})))
        return Answer(question, checked.text, False, checked.citations, passages, _timings(t0, t1), notice, self.llm_name,
                      checked.sentences, checked.dangling, checked.written)

    def _parts(self, plan: Plan, ctx: Context, main: Evidence, ask, lexical: LexicalIndex, filters: Filters,
               thread: Sequence[str] = (), unmoved: Filters = Filters(), floor: float = 1.0) -> tuple[list[PartEvidence], str]:
        """Evidence for each part the plan names; one part for a plain fact. Also the entity a bridge resolved to.
        `thread`: the articles a follow-up that moved in time moved from (searched with `unmoved` filters).
        `floor`: the share of the gate a plain fact's answer must reach (less for a named outlet's reports)."""
        if plan.kind in (ORDER, COMPARE, SHARED) and len(plan.parts) >= 2:
            abouts, ranked = [], []
            for part in plan.parts:
                part_filters = narrow(filters, part, lexical)
                about = content_of(part, part_filters) or part
                query = part if not ctx.follow_up else f"{ctx.query} {part}"
                evidence = ask(query, part_filters, about)
                period = month_period(month_of(part), 0, lexical) if month_of(part) and part_filters == filters else None
                if period:  # "the breach in June": more of that month's reports (see qa.sides), unless none answers
                    in_month = ask(query, main_filters(part_filters, period), about)
                    side_gate = self.answerer.scoring.refuse_below * self.PART_FLOOR
                    evidence = in_month if any(c.score >= side_gate for c in self.answerer.rank(in_month.candidates)) else evidence
                abouts.append(about)
                ranked.append(self.answerer.rank(evidence.candidates))
            gate = self.answerer.scoring.refuse_below
            shared = aspect(abouts) if plan.kind != ORDER else ""  # events in order share no aspect to weigh
            told = identifiers(abouts, shared)
            vectors = self.store.embedder.embed(told + [shared] if shared else abouts)
            headlines = None
            events = plan.kind == COMPARE and all(tells_event(i) for i in told)
            # Compared parties ("Kestrel's and Solano's bids"): a sentence whose subject is the side's party is about it.
            parties = [entity_names(i) for i in told] if plan.kind == COMPARE and not events and all(entity_names(i) for i in told) else []
            if plan.kind == ORDER or events:  # an event is told by its report: its headline says what that is
                articles = sorted({c.hit.chunk.article_id for r in ranked for c in r if c.vector is not None})
                titles = self.store.embedder.embed_cached([lexical.article_titles.get(a, "") for a in articles])
                headlines = dict(zip(articles, titles, strict=True))
            chosen = choose_sides(abouts, vectors[: len(abouts)], ranked, gate * self.PART_FLOOR, self.PER_PART,
                                  one_article=plan.kind == ORDER, aspect_vector=vectors[-1] if shared else None,
                                  shared=plan.kind == SHARED, terms=aspect_terms(shared, lexical.stems), stems=lexical.stems,
                                  headlines=headlines, parties=parties)
            # A side's further sentences keep to its story; asked for someone's words, the quotation the article gives
            # them next comes with their reported words.
            parts = [PartEvidence(part, own_words_next(of_story(c, part), r)) for part, c, r in zip(plan.parts, chosen, ranked, strict=True)]
            # The question as a whole, or one side of it, must pass the gate; then each side its share of it.
            if self._best(main) or any(p.chosen and p.chosen[0].score >= gate for p in parts):
                return parts, ""
            return [PartEvidence(p.part) for p in parts], ""
        if plan.kind == CHANGE and thread:  # "how did that change later?": the cited report, then the later ones
            moved_from = filters.exclude or tuple(thread)  # the cited reports it moved past (a later one it cited is after)
            before = [c for c in self._best(ask(ctx.query, unmoved), per_article=self.PER_ARTICLE) if c.hit.chunk.article_id in moved_from]
            after = self._best(main, per_article=self.PER_ARTICLE, floor=self.PART_FLOOR)
            if before and after:
                return [PartEvidence("", [c]) for c in before[:1] + after], ""
        if plan.kind in (ORDER, COMPARE, SHARED, CHANGE, LATEST):  # no named sides: each article's best, side by side / by date
            # Scored against what the question is about ("talks with the West"), not "how do the two articles differ".
            gate = self.answerer.scoring.refuse_below
            about = plan.aspect or plan.topic  # sentences are scored on what the reports are asked about
            source = ask(plan.topic if not ctx.follow_up else f"{ctx.query} {plan.topic}", filters, about) if plan.topic else main
            ranked = self.answerer.rank(source.candidates)
            chosen = self._per_article(ranked, self.PER_ARTICLE, gate)
            if len(chosen) < 2 and source is not main:
                ranked = self.answerer.rank(main.candidates)
                chosen = self._per_article(ranked, self.PER_ARTICLE, gate)
            if len(chosen) >= 2:
                per = self.PER_PART if plan.kind in (COMPARE, SHARED, CHANGE) else 1  # a second sentence may hold the detail
                if plan.kind == SHARED:  # in each report, what the others say too
                    pools = [[c for c in ranked if c.hit.chunk.article_id == best.hit.chunk.article_id] for best in chosen]
                    return [PartEvidence("", c) for c in agreeing(pools, gate * self.PART_FLOOR, per)], ""
                if plan.kind == LATEST:  # the newest report may need a second sentence to say where things stand
                    newest = max(chosen, key=lambda c: c.hit.chunk.date or "")
                    return [PartEvidence("", self._article_sentences(c, ranked, self.PER_PART if c is newest else 1)) for c in chosen], ""
                return [PartEvidence("", self._article_sentences(c, ranked, per)) for c in chosen], ""
        if plan.kind == BRIDGE:
            hop = self.answerer.rank(ask(plan.bridge, filters, plan.bridge).candidates)
            first, entity = identify(plan, hop, self.answerer.scoring.refuse_below)
            if entity:
                resolved = plan.question.replace(plan.bridge, entity)
                second = []
                if time_direction(plan.question) == "later":  # "what did <she> say later": reports after the one that named her
                    after = Filters(filters.sources, max(filters.since, day_after(first[0].hit.chunk.date)), filters.until, filters.exclude)
                    second = self._best(ask(resolved, after, resolved))
                named_by = {(c.hit.chunk.article_id, c.start) for c in first}  # quoted once, for the first hop
                second = [c for c in second or self._best(ask(resolved, filters, resolved)) if (c.hit.chunk.article_id, c.start) not in named_by]
                if second:
                    return [PartEvidence(plan.bridge, first), PartEvidence(plan.question.replace(plan.bridge, entity), second)], entity
        chosen = (self._later_report(main, ctx.query) if thread else []) or self._best(main, floor=floor)
        differing = differing_parts(plan.question, chosen, self.answerer.rank(main.candidates), self.answerer.scoring.refuse_below)
        if differing:  # other outlets give another figure, date or claim for what is asked: each, side by side
            return differing, DIFFER
        return [PartEvidence(plan.question, chosen)], ""


_GUIDANCE = {
    ORDER: "Say which came first, going by the dates given with the passages, then what each passage says.",
    CHANGE: "Say how it changed from the earliest passage to the latest, going by their dates.",
    COMPARE: "Set the sides next to each other: what each passage says, with its outlet and date.",
    SHARED: "Say what the passages have in common, citing each of them.",
    LATEST: "Lead with the most recent passage and say its date; older passages after it.",
}


def guidance(plan: Plan, parts: Sequence[PartEvidence], entity: str = "") -> str:
    """How the question wants the LLM to compose its answer: the same understanding the extractive answer uses."""
    if plan.kind == BRIDGE and entity:
        return f"First say that {plan.bridge} is {entity}, then answer the question about {entity}."
    if entity == DIFFER:
        return differ_guidance(parts)
    lacking = [p.part for p in parts if not p.chosen and p.part]
    missing = f" The passages do not cover: {'; '.join(lacking)}; say so." if lacking else ""
    return (_GUIDANCE.get(plan.kind, "") + missing).strip()


def identify(plan: Plan, ranked: Sequence[Candidate], gate: float) -> tuple[list[Candidate], str]:
    """A bridge's first hop: the entity the description names, as the name (not in the question) that
    the best-matching sentences agree on; and the sentence that names it."""
    from collections import Counter

    question = plan.question.lower()
    top = [c for c in ranked[:3] if c.score >= gate * 0.9]
    votes: Counter[str] = Counter()
    for rank, c in enumerate(top):
        for name in entity_names(c.text):
            if name.lower() not in question and not name.isupper():  # "HALVIK —", "(NWS)": datelines, not entities
                votes[name] += 3 - rank
    if not votes:
        return [], ""
    entity = votes.most_common(1)[0][0]
    return [next(c for c in top if entity in c.text)], entity


def story_names(subject: str) -> list[str]:
    """The names `subject` gives (not acronyms, lower case): a report naming one of them is of the same story."""
    return [n.lower() for n in entity_names(subject) if not n.isupper()]


def names_any(names: Sequence[str], chunk) -> bool:
    """Does the chunk, headline or text, name one of `names` (see story_names)?"""
    return any(n in f"{chunk.title} {chunk.text}".lower() for n in names)


def of_story(chosen: Sequence[Candidate], part: str) -> list[Candidate]:
    """A side's best sentence, and those after it that are of its story: that name what the side names (a rail strike
    is no reaction to a city's budget cuts). A side naming nothing keeps them all."""
    names = story_names(part)
    return [c for i, c in enumerate(chosen) if i == 0 or not names or names_any(names, c.hit.chunk)]


def lead_hits(hits: Sequence[Hit], lexical: LexicalIndex) -> dict[str, Hit]:
    """Article id -> a hit of its first chunk (its lead), for the articles of `hits`, with its best hit's score and rank."""
    leads: dict[str, Hit] = {}
    for h in hits:
        rows = lexical.article_rows.get(h.chunk.article_id)
        if rows and h.chunk.article_id not in leads:
            first = min(rows, key=lambda r: lexical.chunks[r].n)
            leads[h.chunk.article_id] = Hit(lexical.chunks[first], h.score, h.rank)
    return leads


def article_hits(articles: Sequence[str], lexical: LexicalIndex, filters: Filters = Filters()) -> list[Hit]:
    """Every chunk of `articles` (those the filters keep), in article order, as hits of no score."""
    out = []
    for article in articles:
        rows = np.array(sorted(lexical.article_rows.get(article, ()), key=lambda r: lexical.chunks[r].n), dtype=int)
        out += [Hit(lexical.chunks[r], 0.0, 0) for r in rows[lexical.within(filters, rows)]] if rows.size else []
    return out


def day_after(date: str) -> str:
    """The ISO day after `date` ('' when it is no date)."""
    try:
        return (dt.date.fromisoformat(date) + dt.timedelta(days=1)).isoformat()
    except ValueError:
        return ""


def main_filters(filters: Filters, period: tuple[str, str] | None) -> Filters:
    """`filters` within the question's period, if it names one."""
    if not period:
        return filters
    return Filters(filters.sources, max(filters.since, period[0]), min(filters.until or "9999-12-31", period[1]), filters.exclude)


def plan_period(plan: Plan, lexical: LexicalIndex) -> tuple[str, str] | None:
    """The dates a question's year or month selects: "in 2022" is that year; "in September 2025" that month
    and the week after it (a report of 2 October may tell of 30 September); "in October" without a year is
    the latest October the library has reports of."""
    if not plan.month:
        return (f"{plan.year}-01-01", f"{plan.year}-12-31") if plan.year else None
    return month_period(plan.month, plan.year, lexical)


def month_period(month: int, year: int, lexical: LexicalIndex) -> tuple[str, str] | None:
    """A month's dates and the week after; without a year, the latest such month the library has reports of."""
    import calendar

    years = [year] if year else sorted({d[:4] for d in lexical.article_dates.values() if d[5:7] == f"{month:02d}"}, reverse=True)
    if not years:
        return None
    year = int(years[0])
    last = calendar.monthrange(year, month)[1]
    end = dt.date(year, month, last) + dt.timedelta(days=7)
    return f"{year}-{month:02d}-01", end.isoformat()


def narrow(filters: Filters, part: str, lexical: LexicalIndex) -> Filters:
    """A side that names an outlet of the library ("the Anadolu report") or a report's year ("the 2022
    report") is searched in that outlet / that year only, within the filters already set."""
    sources = tuple(src for src in sorted(set(lexical.sources.tolist())) if src and names_outlet(part, src))
    year = re.search(r"\b((?:19|20)\d\d)\b(?=[^?]*\b(report|article|story|piece|interview|statement)s?\b)", part, re.I)
    since, until = filters.since, filters.until
    if year:
        since, until = max(since, f"{year.group(1)}-01-01"), min(until or "9999-12-31", f"{year.group(1)}-12-31")
    if not sources and not year:
        return filters
    return Filters(tuple(s for s in sources if not filters.sources or s in filters.sources) or filters.sources, since, until, filters.exclude)


_REPORT_NOUN = r"(?:['’]s\s+)?(?:\w+\s+)?(?:reports?|articles?|stor(?:y|ies)|coverage|pieces?|accounts?|versions?|interview|headline)\b"


def names_outlet(part: str, source: str) -> bool:
    """Does a side of a question name this outlet? By its whole name ("the Dorran Evening Post"), or by a
    distinctive word of it used as an outlet ("the Anadolu report", "HotNews's article"); "the explosion at
    the Dorran plant" names a town, not the Dorran Evening Post."""
    name = re.sub(r"\.(com|ro|org|net|co\.uk|uk|de|fr|tr|example)\b", "", source).strip()
    if re.search(rf"\b{re.escape(name)}\b", part, re.I):
        return True
    return any(re.search(rf"\b{re.escape(w)}\w*\s*{_REPORT_NOUN}", part, re.I) for w in _outlet_words(source))


_META_WORDS = re.compile(r"\b(reports?|articles?|stor(?:y|ies)|coverage|pieces?|accounts?|versions?|(?:19|20)\d\d)\b", re.I)


def content_of(part: str, narrowed: Filters) -> str:
    """What a side of a question is about, without the words that chose its outlet or year ("the 2022
    HotNews report on talks" -> "on talks"): those name metadata, not the words of the passage."""
    text = _META_WORDS.sub(" ", part)
    for source in narrowed.sources:
        for word in _outlet_words(source):
            text = re.sub(rf"\b{re.escape(word)}\w*['’]?s?\b", " ", text, flags=re.I)
    text = " ".join(text.split())
    return text if len(re.findall(r"\w{3,}", text)) >= 2 else ""


_GENERIC_OUTLET_WORDS = {"news", "agency", "times", "daily", "post", "press", "the", "herald", "journal", "courier", "tribune", "gazette",
                         "world", "network", "media", "online", "today", "weekly", "report", "wire", "review", "evening", "morning"}


def _outlet_words(source: str) -> set[str]:
    """The distinctive words of an outlet's name ('HotNews.ro' -> {'hotnews'}; 'Anadolu Agency' -> {'anadolu'})."""
    words = {w.lower() for w in re.findall(r"[A-Za-z][\w'’-]+", re.sub(r"\.(com|ro|org|net|co\.uk|uk|de|fr|tr|example)\b", "", source))}
    return {w for w in words if len(w) >= 4 and w not in _GENERIC_OUTLET_WORDS}


def _timings(t0: float, t1: float) -> dict:
    """Milliseconds spent retrieving (t0 to t1) and answering (t1 to now)."""
    return {"retrieve": round(1000 * (t1 - t0), 2), "answer": round(1000 * (time.perf_counter() - t1), 2)}

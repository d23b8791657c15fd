"""Extractive answers: the evidence sentences that answer the question, each quoted verbatim with [n]."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from qa.lexical import LexicalIndex
from store.embedder import Embedder
from store.models import Hit
from store.text import ENDS_LINE, MONTHS, entity_names, split_sentences

REFUSAL = "The articles do not cover this: no passage answers it closely enough."
# What kind of answer the question wants, and how a sentence shows it has one.
_WANTS_NUMBER = re.compile(r"\b(how (many|much|high|long|big|far|large|old)|what (percentage|share|rate|level|number|amount|price|figure|sum|total|fee|value|cost)|by how)\b"
                           r"|\bhow (did|has|have|does)\b[^?]*\b(cost|price|level|toll|budget|turnout|figure|estimate|number|rate|share|total|"
                           r"amount|count)s?\b[^?]*\b(change|rise|rose|fall|fell|grow|grew|shift|move|develop)", re.I)
_HAS_NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|hundred|thousand|million|billion|dozen|half|quarter|third)\b", re.I)
# Numbers that tell a time, not a quantity ("seven weeks after", "in 2011", "Feb 10"): no answer to "how much did he pay?"
_TIME_NUMBER = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several)\s+(?:seconds?|minutes?|hours?|"
                          r"days?|weeks?|months?|years?|decades?)\b|\b(?:1[89]|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
                          r"[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)
_ASKS_TIME_SPAN = re.compile(r"\b(how long|how old|seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b", re.I)


def _has_number_for(question: str):
    """How a sentence shows the number the question asks for: a time span or date counts only when it asks about time."""
    if _ASKS_TIME_SPAN.search(question):
        return _HAS_NUMBER.search
    return lambda text: _HAS_NUMBER.search(_TIME_NUMBER.sub(" ", text))


# "When did it open?", "Who was fined, and when?"; not "What did she say when the regulator fined them?"
_WANTS_TIME = re.compile(r"^\W*(?:and\s+|but\s+|so\s+)?when\b|\band when\b|\bwhen\W*$|\bwhat (year|date|day|month|time)\b", re.I)
# A time the answer can be: a year, a month, a season, "next week"; or one told from another ("in two years", "three
# years late"), a weaker fit to "when".
_HAS_DATE = re.compile(  # "may" is the verb more often than the month: only "May" counts
    r"\b(?:1[89]\d\d|20\d\d|(?i:" + "|".join(m for m in MONTHS if m != "may") + r")|May|"
    r"(?i:spring|summer|autumn|winter)|(?i:(?:next|last|this|coming|previous|following|same)\s+(?:week|month|year|decade)))\b"
)
_COUNT = r"(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few)"
_HAS_SPAN_TIME = re.compile(rf"\b{_COUNT}\s+(?:days?|weeks?|months?|years?|decades?)\s+(?:ago|later|earlier|late|early|after|before|"
                            rf"from now|behind)\b|\b(?:within|in)\s+{_COUNT}\s+(?:days?|weeks?|months?|years?)\b", re.I)
# The day a report happened ("on Wednesday", "today"): a time, but seldom the one asked for, so half a fit.
_REPORT_DAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|tonight)\b", re.I)


def _has_time(text: str) -> float:
    """How far a sentence has a time that answers "when": a year, month or season (1.0); a time told from another
    ("three years late", 0.75); only a day of the week or "today" (0.5): in news that is mostly the day of the report,
    not when the thing asked about happens."""
    if _HAS_DATE.search(text):
        return 1.0
    if _HAS_SPAN_TIME.search(text):
        return 0.75
    return 0.5 if _REPORT_DAY.search(text) else 0.0


# "Why did he resign?", "What caused the delay?": a sentence that gives a cause or a reason.
_WANTS_REASON = re.compile(r"^\W*(?:and\s+|but\s+|so\s+)?why\b|\bwhat (?:caused|led to|prompted|triggered|was behind)\b|\breasons? (?:for|why|behind)\b", re.I)
_HAS_REASON = re.compile(r"\b(because|due to|owing to|as a result|result of|caused by|blam\w*|reasons?|citing|cited|after|since|following|amid|"
                         r"so that|in order to|led to|leading to|decisive|responsib\w*|prompted|triggered)\b", re.I)
# "Who replaced him?", "Which board member voted for a cut?", "Which company was removed?": a name the question lacks.
_WANTS_NAME = re.compile(r"^\W*(?:and\s+|but\s+|so\s+)?(?:who|whom)\b|^\W*(?:and\s+)?which\s+(?!(?:year|years|day|days|month|months|date|time|"
                         r"week|weeks|one|ones|came|happened|of|figure|number|share|rate|amount|way|kind|part)\b)\w+", re.I)
_WORDS = re.compile(r"\w+")
# "Did they revise it later?", "Did that figure change?": the same kind of answer as the question that named "it".
_REVISED = re.compile(r"\b(change|changed|revise|revised|update|updated|correct|corrected|alter|altered|raise|raised|lower|lowered|rise|rose|"
                      r"fall|fell|go (?:up|down)|went (?:up|down))\b", re.I)
_FIGURE_WORDS = re.compile(r"\b(figure|figures|estimate|estimates|forecast|toll|number|count|total|tally|price|cost|amount|sum)\b", re.I)


def figure_units(text: str) -> set[str]:
    """What the figures of `text` count, as qa.disagree reads them ("400 million euros" -> "money:euro", "2.1 million
    customers" -> "count:custom", "40 percent" -> "percent")."""
    from qa.disagree import quantities

    return {m.key for m in quantities(text)}


def revised_figure(question: str, history: Sequence[dict]) -> set[str]:
    """For a follow-up asking whether a figure was revised or changed ("Did they revise it later?", "Did that figure
    change?"): what the figure counted, from the first quote of the answer to the question that asked for it. A
    revised figure counts the same thing (euros, customers, percent); another figure of the later report is no revision."""
    if not _REVISED.search(question) or _WANTS_NAME.search(question) or _WANTS_TIME.search(question) or _WANTS_REASON.search(question):
        return set()
    from qa.conversation import quoted_pieces

    turns = list(history)
    for i in range(len(turns) - 1, -1, -1):
        if turns[i].get("role") == "user" and _WANTS_NUMBER.search(str(turns[i].get("content", ""))):
            answer = next((str(t.get("content", "")) for t in turns[i + 1:] if t.get("role") == "assistant"), "")
            for piece in quoted_pieces(answer):
                units = figure_units(piece)
                if units:
                    return units
            return set()
    return set()


NEAR = 4  # stems apart (stopwords left out) at most for two of the question's words to count as close


def word_pairs(question: str, stems) -> list[tuple[str, str]]:
    """The question's neighbouring content words, as stem pairs in order ("What did the minister offer?" ->
    [("minist", "offer")]); the words of one name count as one ("Oskar Lind" is no relation)."""
    names = {t for n in entity_names(question) for t in stems(n)}
    terms = stems(question)
    return [(a, b) for a, b in zip(terms, terms[1:], strict=False) if a != b and not (a in names and b in names)]


def near_share(pairs: Sequence[tuple[str, str]], terms: Sequence[str]) -> float:
    """The share of `pairs` whose first stem is followed by its second within NEAR stems in `terms`."""
    if not pairs:
        return 0.0
    where: dict[str, list[int]] = {}
    for i, t in enumerate(terms):
        where.setdefault(t, []).append(i)
    found = sum(any(0 < j - i <= NEAR for i in where.get(a, ()) for j in where.get(b, ())) for a, b in pairs)
    return found / len(pairs)


def _degree(found) -> float:
    """How far a sentence has what is wanted: a test's number (1.0, or less for a near fit), else whether it found any."""
    return float(found) if isinstance(found, (int, float)) else float(found is not None and found is not False)


def wanted_types(question: str, context_query: str = "") -> list:
    """How a sentence shows the kind of answer `question` asks for (a number, a time, a reason): tests every
    sentence that answers must pass. A follow-up asking whether "it" was revised or changed asks for what the
    question that named it asked: the number ("How much could the drought cost?" ... "Did they revise it later?")."""
    wants = [(_WANTS_NUMBER, _has_number_for(question)), (_WANTS_TIME, _has_time), (_WANTS_REASON, _HAS_REASON.search)]
    wanted = [has for want, has in wants if want.search(question)]
    if wanted or context_query == question or not _REVISED.search(question) or _WANTS_NAME.search(question):
        return wanted
    if _FIGURE_WORDS.search(question):
        return [_has_number_for(question)]
    earlier = [q for q in re.split(r"(?<=\?)\s+", context_query.replace(question, "")) if q.strip()]
    for q in reversed(earlier):  # the nearest question before it that asked for a number or a time
        if _WANTS_NUMBER.search(q):
            return [_has_number_for(q)]
        if _WANTS_TIME.search(q):
            return [_has_time]
    return []


@dataclass
class Candidate:
    """A sentence of a retrieved chunk that may answer the question, with the features it is scored on."""

    hit: Hit
    start: int  # offsets in the article text
    end: int
    text: str
    lexical: float = 0.0  # share of the question's (rarity-weighted) terms it holds
    prior: float = 0.0  # 1 for the best-ranked chunk, falling with rank
    dense: float = 0.0  # embedding similarity to the question (and the conversation's subject)
    typed: float = 0.0  # 1 when it has the kind of answer the question asks for
    repeated: bool = False  # quoted in an earlier answer, and the question asks for something more
    thread: float = 0.0  # 1 when its article was cited in the answer a follow-up continues
    near: float = 0.0  # share of the question's neighbouring word pairs it holds close together, in order ("minister ... offered")
    said_by: float = 0.0  # asked what X said: 1 when the article gives these words to X, -1 when to someone else
    words_asked: bool = False  # the question asks for someone's words (said, responded, reacted)
    speaker: str = ""  # who the article gives these words to, if anyone ("We accept the findings," she said)
    score: float = 0.0
    vector: np.ndarray | None = field(default=None, repr=False)


@dataclass
class Scoring:
    """Weights and thresholds, calibrated on tests/data/qa.jsonl by bench/calibrate.py (docs/BENCHMARKS.md)."""

    dense: float = 0.5
    lexical: float = 0.2
    prior: float = 0.05
    answer_type: float = 0.05  # bonus when a sentence has the kind of answer asked for (a number, a time)
    repeated: float = 0.6  # factor on a sentence already quoted when the question asks for more ("what else")
    thread: float = 0.2  # bonus for a follow-up's sentence from an article the previous answer cited
    near: float = 0.1  # the question's words close together and in order: the relation asked about, not the words apart
    speaker: float = 0.1  # asked what a person said: their words up, someone else's words down (calibrated: tune flat over 0.05-0.15)
    refuse_below: float = 0.28  # best sentence score under this: refuse
    min_lexical: float = 0.0  # best sentence holding less of the question's weighted terms than this: refuse
    keep_ratio: float = 0.7  # further sentences need this share of the best score
    lead_sentences: int = 2  # sentences of an article's lead that are candidates when a hit is from further down the article
    typed_ratio: float = 0.6  # the best sentence with what the question asks for joins at this share, when none chosen has it
    other_article_ratio: float = 0.75  # another article's best sentence joins at this share
    max_sentences: int = 4
    dense_budget: int = 24  # sentences embedded per question (vectors are cached, see the embedder)
    candidate_chunks: int = 6

    def combine(self, c: Candidate) -> float:
        """A candidate's score from its features: the one formula answering and calibration share."""
        score = self.dense * c.dense + self.lexical * c.lexical + self.prior * c.prior + self.answer_type * c.typed + self.thread * c.thread
        score += self.speaker * c.said_by + self.near * c.near
        return score * (self.repeated if c.repeated else 1.0)


@functools.lru_cache(maxsize=8192)  # calibration compares the same candidates thousands of times
def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORDS.findall(text))


def _names_other_than(known: frozenset[str], text: str) -> bool:
    """Does the sentence name someone or something the question (and conversation) does not? A dateline
    ("DORRAN, Feb 10 (NWS)") names no one."""
    return any(not n.isupper() and not {w.lower() for w in _WORDS.findall(n)} <= known for n in entity_names(text))


def near_duplicate(a: Candidate, b: Candidate) -> bool:
    wa, wb = _words(a.text), _words(b.text)
    jaccard = len(wa & wb) / max(len(wa | wb), 1)
    cosine = float(a.vector @ b.vector) if a.vector is not None and b.vector is not None else 0.0
    return jaccard >= 0.6 or cosine >= 0.92


# Asking for someone's words. Whole word forms: "replaced", "responsible", "reactor" and "quota" ask for no one's words.
SPEECH = re.compile(r"\b(say|says|said|tell|tells|told|claim(?:s|ed|ing)?|warn(?:s|ed|ing|ings)?|argu(?:e|es|ed|ing|ments?)|"
                    r"accus(?:e|es|ed|ing|ations?)|describ(?:e|es|ed|ing)|respon(?:d|ds|ded|ding|se|ses)|repl(?:y|ies|ied|ying)|"
                    r"react(?:s|ed|ing|ions?)?|views?|stance|position|statements?|announc(?:e|es|ed|ing|ements?)|insist(?:s|ed|ing)?|"
                    r"den(?:y|ied|ies)|comment(?:s|ed|ing)?|call\w* for|demand(?:s|ed|ing)?|promis(?:e|es|ed|ing)|quot(?:e|es|ed|ing)|words?|"
                    r"messages?|answer(?:s|ed|ing)?)\b", re.I)


_HE_SHE = re.compile(r"\b(he|she)\b", re.I)  # the one who speaks; not "her lawyer"


def asked_speakers(question: str, earlier: str = "") -> list[str]:
    """The people a question asks the words of ("What did Pashinyan say about …" -> ["Pashinyan"]). A follow-up
    asking what "she" said asks the words of the women the turn before (`earlier`: its question and answer) named,
    by a given name we know to be a woman's; likewise "he". One asking how "the minister" responded asks the
    words of the minister the turn before named ("Transport Minister Sofia Brandt")."""
    if not SPEECH.search(question):
        return []
    return people_asked_about(question, earlier)


def people_asked_about(question: str, earlier: str = "") -> list[str]:
    """Those a question names, or the people its "he", "she" or "the minister" are in `earlier` (see asked_speakers)."""
    from ingest.given_names import gender_of_given_name

    named = entity_names(question)
    pronoun = _HE_SHE.search(question)
    if named or not earlier:
        return named
    if not pronoun:  # "How did the minister respond?": the minister the turn before named
        role = _ROLE.search(question)
        return role_holders(role.group(1), earlier) if role else []
    gender = "f" if pronoun.group(1).lower() == "she" else "m"
    if _WANTS_NAME.search(question):  # "Who led the firefighting and what did she say?": she is whoever the answer names
        return []
    people = {n: gender_of_given_name(n.split()[0]) for n in entity_names(earlier) if len(n.split()) >= 2}
    # Known to be theirs; else a given name we do not know ("Gerrit"), not one known to be the other's.
    return [n for n, g in people.items() if g == gender] or [n for n, g in people.items() if not g]


# A person asked about by their role, not their name.
_ROLE = re.compile(r"\bthe\s+(minister|mayor|chairman|chairwoman|chair|president|prime minister|governor|director|chief executive|"
                   r"ceo|spokesman|spokeswoman|spokesperson|judge|prosecutor|senator|councill?or|head|secretary|auditor general|"
                   r"manager|coach|owner|founder|ambassador|commissioner|chancellor|premier)\b", re.I)


def role_holders(role: str, text: str) -> list[str]:
    """The people `text` names with a role: "Transport Minister Sofia Brandt" or "Sofia Brandt, the transport
    minister" for "minister" -> ["Sofia Brandt"]."""
    out = []
    role_words = role.lower().split()
    for n in entity_names(text):
        words = n.split()
        lowered = [w.lower() for w in words]
        for i in range(len(words) - len(role_words) + 1):
            if lowered[i : i + len(role_words)] == role_words and len(words) - i - len(role_words) >= 2:
                out.append(" ".join(words[i + len(role_words) :]))  # the name after the title
                break
    name = r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+)"
    for pattern in (rf"{name},\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,4}}?(?i:{re.escape(role)})\b",  # "Sofia Brandt, the transport minister"
                    rf"\b(?i:{re.escape(role)}),\s+{name},"):  # "Brennick's mayor, Carla Voss,"
        out += [m.group(1) for m in re.finditer(pattern, text)]
    return list(dict.fromkeys(out))


def reason_givers(question: str, earlier: str = "") -> list[str]:
    """Whose own words a "why" question asks for as well: those it names ("Why did Oskar Lind resign?" -> ["Oskar
    Lind"]), or whom its "he" or "she" is (see people_asked_about). In news the reasons for what someone did are
    mostly their own, quoted; others' reasons still answer."""
    if SPEECH.search(question) or not _WANTS_REASON.search(question):
        return []
    return people_asked_about(question, earlier)


def said_by(c: Candidate, asked: Sequence[str]) -> float:
    """1 when the article gives the candidate's words to an asked person, -1 when to another named person, else 0."""
    from ingest.speakers import same_speaker

    speaker = c.speaker or speaker_of(c.hit, c.start, c.end)
    if not speaker:
        return 0.0
    return 1.0 if any(same_speaker(speaker, name) for name in asked) else -1.0


@functools.lru_cache(maxsize=1024)
def _quotes(raw: str) -> tuple:
    from ingest.speakers import quotes_from_json

    return tuple(quotes_from_json(raw))


def speaker_of(hit: Hit, start: int, end: int) -> str:
    """The person the article gives the words at [start, end) to, or ''."""
    from ingest.speakers import speaker_at

    return speaker_at(_quotes(hit.chunk.quotes), start, end)[0] or "" if hit.chunk.quotes else ""


_BROKEN_END = re.compile(r"\s[.,;:!?]$|[,;:(–-]$")  # "…whether this meant ." / a sentence cut at a comma


QUOTE_SENTENCES = 3  # sentences one quotation may join into a single span at most (a source's stray mark opens no essay)


def _inside_quote(text: str, inside: bool) -> bool:
    """Whether a quotation is still open at the end of `text`, given whether one was open at its start."""
    for ch in text:
        if ch == '"':
            inside = not inside
        elif ch == "“":
            inside = True
        elif ch == "”":
            inside = False
    return inside


def whole_thoughts(text: str) -> list[tuple[int, int]]:
    """Sentence spans, with a sentence the source's broken punctuation cut short joined to what finishes
    it (the next starts in lower case or with a comma, or this one ends in a stray mark), and a quotation of
    several sentences kept whole ("I want to apologise to every one of our customers. We have let you down,"
    Lind said.), so that a quote starts where the speaker's words start: still one verbatim span."""
    spans = [(s.start, s.end) for s in split_sentences(text)]
    out: list[tuple[int, int]] = []
    joined = 0  # sentences a quotation has joined into the last span
    inside = False  # a quotation is open at the end of the last span
    for start, end in spans:
        if out:
            prev_start, prev_end = out[-1]
            between = text[prev_end:start]
            broken = _BROKEN_END.search(text[prev_start:prev_end]) or text[start:start + 1].islower() or text[start:start + 1] in ",;:"
            quoted = inside and joined < QUOTE_SENTENCES - 1
            if (broken or quoted) and "\n" not in between:
                out[-1] = (prev_start, end)
                joined += 1
                inside = _inside_quote(text[prev_end:end], inside)
                continue
            if "\n" in between:
                inside = False
        out.append((start, end))
        joined = 0
        inside = _inside_quote(text[start:end], inside)
    return out


class ExtractiveAnswerer:
    """Scores the sentences of the retrieved chunks against the question and quotes the best."""

    def __init__(self, embedder: Embedder, scoring: Scoring | None = None):
        self.embedder = embedder
        self.scoring = scoring or Scoring()

    def candidates(self, hits: Sequence[Hit], thread: Sequence[str] = (), leads: dict[str, Hit] | None = None,
                   continued: Sequence[Hit] = ()) -> list[Candidate]:
        """The claim-like sentences of the best `candidate_chunks` hits; `thread`: articles a follow-up continues.
        `leads`: article id -> the hit of its first chunk. A report's lead says what happened, and when: the first
        sentences of the lead of each article a hit is from are candidates too, with the prior of its best hit.
        `continued`: the other chunks of the articles a follow-up continues, all of whose sentences are in reach
        ("What did the union say it had warned about?" is answered further down the report the last answer quoted)."""
        out = []
        hits = list(hits)[: self.scoring.candidate_chunks]
        found = {h.chunk.chunk_id for h in hits}
        added = []
        rank: dict[str, int] = {}  # an article's best rank among the hits
        for i, hit in enumerate(hits):
            rank.setdefault(hit.chunk.article_id, i)
            lead = (leads or {}).get(hit.chunk.article_id)
            if lead is not None and lead.chunk.chunk_id not in found:
                found.add(lead.chunk.chunk_id)
                added.append((i, lead, self.scoring.lead_sentences))
        for hit in continued:
            if hit.chunk.chunk_id not in found:
                found.add(hit.chunk.chunk_id)
                added.append((rank.get(hit.chunk.article_id, len(hits)), hit, None))
        for i, hit, limit in [(i, h, None) for i, h in enumerate(hits)] + added:
            prior = 1.0 - i / max(len(hits), 1)
            in_thread = float(hit.chunk.article_id in thread)
            for start, end in whole_thoughts(hit.chunk.text)[:limit]:
                text = hit.chunk.text[start:end]
                words = len(text.split())
                if words < 4 or (words < 12 and not ENDS_LINE.search(text)):
                    continue  # headings and fragments are not claims
                a, b = hit.chunk.start + start, hit.chunk.start + end
                out.append(Candidate(hit, a, b, text, prior=prior, thread=in_thread, speaker=speaker_of(hit, a, b)))
        return out

    def features(self, question: str, context_query: str, question_vec, lexical: LexicalIndex, candidates: list[Candidate],
                 already_said: Sequence[str] = (), context_vec=None, earlier: str = "", units: set[str] | frozenset = frozenset()) -> list[Candidate]:
        """Fill in each candidate's features; returns the `dense_budget` candidates that were embedded.
        `already_said`: earlier answers, whose sentences count as repeated (pass them only when the
        question asks for more: a follow-up may well be answered by a sentence already quoted).

        `context_vec` is the embedding of `context_query` when it differs from the question (a follow-up);
        `earlier`: the turn it follows, question and answer (whose words "she" asks for; see asked_speakers);
        `units`: what a revised figure counts (see revised_figure): a sentence has the answer when a figure of it counts that."""
        s = self.scoring
        terms = set(lexical.stems(question))
        context_terms = set(lexical.stems(context_query)) - terms if context_query != question else set()
        # Words a person is quoted saying are theirs: the speaker's name counts as part of the sentence.
        stemmed = {id(c): lexical.stems(f"{c.speaker} {c.text}") for c in candidates}  # in order: for near_share too
        present = [set(stemmed[id(c)]) & (terms | context_terms) for c in candidates]
        # A term's weight: rare in the corpus (global IDF) and rare among these candidates (local IDF),
        # so the story's topic words count less than the detail the question asks about. Terms that
        # only the earlier conversation brings count half.
        n = len(candidates)
        weight = {
            t: w * math.log(1 + n / (1 + sum(t in p for p in present))) * (0.5 if t in context_terms else 1.0)
            for t, w in lexical.idf(sorted(terms | context_terms)).items()
        }
        total = sum(weight.values()) or 1.0
        for c, p in zip(candidates, present, strict=False):
            c.lexical = sum(weight[t] for t in p) / total
        pre = sorted(candidates, key=lambda c: -(0.6 * c.lexical + 0.4 * c.prior))[: s.dense_budget]
        if pre:
            vectors = self.embedder.embed_cached([c.text for c in pre])  # the same sentences come back question after question
            qv = np.asarray(question_vec, dtype=np.float32)
            ctx_vec = None
            if context_query != question:
                ctx_vec = context_vec if context_vec is not None else self.embedder.embed([context_query])[0]
            # A follow-up's own words count most, unless it has almost none ("How did that change by 2024?").
            own = 0.6 if len(terms) > 2 else 0.35
            for c, v in zip(pre, vectors, strict=False):
                c.vector = v
                c.dense = float(v @ qv)
                if ctx_vec is not None:  # a follow-up: the conversation's subject counts too
                    c.dense = own * c.dense + (1 - own) * float(v @ ctx_vec)
        wanted = wanted_types(question, context_query)
        if units:  # a revised figure: one counting what the first did; a figure whose count is unsaid ("the toll to five") half
            has_number = _has_number_for(question)
            wanted = [lambda text: 1.0 if figure_units(text) & units else 0.5 * bool(has_number(text))]
        if _WANTS_NAME.search(question):
            wanted.append(functools.partial(_names_other_than, frozenset(w.lower() for w in _WORDS.findall(context_query))))
        asked = asked_speakers(question, earlier)
        words_asked = bool(SPEECH.search(question))
        reasons_of = reason_givers(question, earlier)
        pairs = word_pairs(question, lexical.stems)
        for c in pre:
            c.near = near_share(pairs, stemmed[id(c)])
            c.typed = min((_degree(has(c.text)) for has in wanted), default=0.0)
            c.repeated = any(c.text in said for said in already_said)
            c.words_asked = words_asked
            if asked:
                c.said_by = said_by(c, asked)
            elif reasons_of:  # their own words up; another's reasons are no worse than any sentence
                c.said_by = max(said_by(c, reasons_of), 0.0)
        return pre

    def rank(self, candidates: list[Candidate], scoring: Scoring | None = None) -> list[Candidate]:
        """Score each candidate with `scoring` (the answerer's own by default); best first."""
        s = scoring or self.scoring
        for c in candidates:
            c.score = s.combine(c)
        return sorted(candidates, key=lambda c: -c.score)

    def select(self, ranked: list[Candidate], scoring: Scoring | None = None) -> list[Candidate]:
        """The best sentence, others close to it, and the best of other articles when they speak to it.

        `ranked` must have been ranked with the same `scoring` (calibration tries several)."""
        s = scoring or self.scoring
        if not ranked or ranked[0].score < s.refuse_below or ranked[0].lexical < s.min_lexical:
            return []
        best = ranked[0].score
        chosen: list[Candidate] = [ranked[0]]
        for c in ranked[1:]:
            if len(chosen) >= s.max_sentences:
                break
            other_article = all(c.hit.chunk.article_id != x.hit.chunk.article_id for x in chosen)
            needed = best * (s.other_article_ratio if other_article else s.keep_ratio)
            if c.score >= max(needed, s.refuse_below) and not any(near_duplicate(c, x) for x in chosen):
                chosen.append(c)
        if not any(c.typed >= 1 for c in chosen):  # what the question asks for (a name, a number, a time) is in none of them:
            typed = next((c for c in ranked if c.typed >= 1), None)  # the best sentence that has it, when it comes close enough
            if typed is not None and typed.score >= max(best * s.typed_ratio, s.refuse_below):
                chosen = [chosen[0], typed] + chosen[1 : s.max_sentences - 1]
        return own_words_next(chosen, ranked)


def own_words_next(chosen: Sequence[Candidate], ranked: Sequence[Candidate]) -> list[Candidate]:
    """Asked what someone said: a chosen sentence giving their words is followed by the quotation the article gives
    them next, in the same paragraph ("Mortensen said the company would not appeal. "We accept the authority's
    findings in full," she said."): news reports a speaker's point, then quotes it. A chosen sentence that names
    someone without giving words of its own ("Reinholt, the director of the harbour authority, rejected the
    accusation.") is followed by the next sentence, when that gives their words ("He said the rules had not changed.")."""
    from ingest.speakers import same_speaker

    out: list[Candidate] = []
    for c in chosen:
        out.append(c)
        introduces = c.words_asked and not c.speaker and c.said_by >= 0
        if c.said_by <= 0 and not introduces:
            continue
        named = entity_names(c.text) if introduces else []
        after = [n for n in ranked if n.hit.chunk.chunk_id == c.hit.chunk.chunk_id and n.start >= c.end]
        n = min(after, key=lambda n: n.start, default=None)  # only the sentence right after it, in the same paragraph
        between = c.hit.chunk.text[c.end - c.hit.chunk.start : n.start - c.hit.chunk.start] if n is not None else "x"
        if between.strip() or "\n" in between:
            continue
        theirs = n.speaker == c.speaker and n.text[:1] in "\"“"  # their next quotation
        introduced = introduces and n.speaker and any(same_speaker(n.speaker, name) for name in named)
        if (theirs or introduced) and all(n is not x for x in [*chosen, *out]):
            out.append(n)
    return out

"""Outlets that disagree: reports from other outlets, a few days apart at most, that give a different
figure, date or claim for the thing a question asks about.

Only a small bi-encoder is at hand offline (no NLI model), so what differs is read from the sentences:
- figures by what they count (the word after the number: "firefighters", "percent", "million euros")
  and the range they state ("about 90" is 81 to 99, "more than 35 million" has no upper end), with
  years, days of a date and times of day left out;
- dates after resolving weekdays and relative dates against each report's own publication date
  ("on Monday" in a Saturday report and in a Sunday report is the same day), leaving out the dates of
  datelines and of statements ("police said on Saturday");
- claims through a small table of incompatible predicates (resigned / was dismissed, arson /
  electrical fault, approved / rejected, ...) and through negation ("had not been working" / "worked").
A difference counts only on what the question asks: a figure for "how many", a date for "when", a
claim whose topic the question names, and in each sentence only the mention closest to the question's
words. Two reports that differ on something else, or where one merely adds a detail, are not flagged.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Sequence

from qa.compose import PartEvidence, human_date, outlet
from store.text import MONTHS, entity_names, resolve_relative_dates

if TYPE_CHECKING:
    from qa.answer import Candidate

FIGURE, DATE, CLAIM = "figure", "date", "claim"
WINDOW_DAYS = 7  # reports further apart tell of a change over time, not a disagreement
RIVAL_SHARE = 0.8  # another outlet's sentence needs this share of the gate to be set beside the best one
SAME_TOPIC = 0.35  # two sentences less similar than this (cosine) are about different things
MAX_RIVALS = 2  # other outlets set beside the best report
CONTEXT = 6  # content words either side of a mention that say what it is about
FOCUS_WORDS = 2  # of the question's words around a figure or date that answers it
NEAR = 2  # content words either side that two differently worded counts must share (the verb that counts them)

# -- words -----------------------------------------------------------------------------------------------
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*\d|\d")
FUNCTION_WORDS = frozenset("""a an the of to in on at for with by from and or but nor is are was were be been being am has have had having
will would shall should could can may might must do does did done that this these those it its he she they his her their them him
we our us you your i me my as than then there here what which who whom whose when where why how not no any anyone all some
about after before into onto over under up down out off also more most other such only just very so if while whether said says say
told tell according per each both either neither own same one many much""".split())
# A clause ends at these: what lies beyond is about something else ("..., while Northline's offer stands at 4.5 percent").
_CLAUSE_BREAK = re.compile(r"[;:()\[\]—–]|\s-\s|,\s+(?=(?:while|but|whereas|although|though|and|according|arguing|saying)\b)"
                           r"|\s+(?=(?:while|whereas|but)\s)", re.I)


@functools.lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


# Past forms of irregular verbs common in news, which a stemmer leaves apart from their present ("stolen" / "steal").
_IRREGULAR = {past: verb for verb, pasts in (
    ("steal", "stole stolen"), ("break", "broke broken"), ("fall", "fell fallen"), ("rise", "rose risen"), ("win", "won"),
    ("lose", "lost"), ("leave", "left"), ("take", "took taken"), ("begin", "began begun"), ("fight", "fought"), ("say", "said"),
    ("tell", "told"), ("give", "gave given"), ("sell", "sold"), ("buy", "bought"), ("pay", "paid"), ("make", "made"),
    ("hold", "held"), ("lead", "led"), ("meet", "met"), ("send", "sent"), ("spend", "spent"), ("build", "built"),
    ("strike", "struck"), ("grow", "grew grown"), ("drive", "drove driven"), ("choose", "chose chosen"), ("run", "ran"),
    ("write", "wrote written"), ("see", "saw seen"), ("go", "went gone"), ("come", "came"), ("keep", "kept"), ("find", "found"),
    ("bring", "brought"), ("catch", "caught"), ("flee", "fled"), ("shoot", "shot"), ("speak", "spoke spoken"), ("stand", "stood"),
    ("withdraw", "withdrew withdrawn"), ("sink", "sank sunk"), ("blow", "blew blown"), ("fly", "flew flown"), ("draw", "drew drawn"),
    ("swear", "swore sworn"), ("hurt", "hurt"), ("hit", "hit"), ("cut", "cut"), ("shut", "shut"), ("set", "set"), ("quit", "quit"),
    ("freeze", "froze frozen"), ("hide", "hid hidden"), ("tear", "tore torn"), ("shake", "shook shaken"), ("sweep", "swept"),
) for past in pasts.split()}


@functools.lru_cache(maxsize=4096)
def stem(word: str) -> str:
    word = word.lower().strip("'’-")
    return _stemmer().stem(_IRREGULAR.get(word, word))


def _is_content(word: str) -> bool:
    return word[0].isalpha() and word.lower() not in FUNCTION_WORDS and len(word) > 1


def content_stems(text: str) -> set[str]:
    """The stems of a text's content words ("Was the sprinkler system working?" -> {sprinkler, system, work})."""
    return {stem(w) for w in _TOKEN.findall(text) if _is_content(w)}


@functools.lru_cache(maxsize=1024)  # the same sentence is cut for every mention in it
def _clauses(text: str) -> tuple[tuple[int, int], ...]:
    cuts = [0, *(p for m in _CLAUSE_BREAK.finditer(text) for p in (m.start(), m.end())), len(text)]
    return tuple((cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2))


def _clause_at(text: str, start: int) -> tuple[int, int]:
    """The (start, end) of the clause holding position `start`; the whole text when none does."""
    return next(((s, e) for s, e in _clauses(text) if s <= start < max(e, s + 1)), (0, len(text)))


def context_of(text: str, start: int, end: int, lo: int = 0, hi: int | None = None, width: int = CONTEXT) -> frozenset[str]:
    """Content stems of the words around text[start:end] within its clause (and within [lo, hi)): what the
    mention there is about."""
    clause = _clause_at(text, start)
    lo, hi = max(lo, clause[0]), min(len(text) if hi is None else hi, clause[1])
    words = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text) if _is_content(m.group(0))]
    before = [stem(w) for s, e, w in words if s >= lo and e <= start][-width:]
    after = [stem(w) for s, e, w in words if s >= end and e <= hi][:width]
    return frozenset(before + after)


@dataclass(frozen=True)
class Mention:
    """Something a sentence states that two reports can disagree on: a figure, a date or a claim."""

    kind: str
    text: str  # the sentence's own words for it ("about 90 firefighters", "will begin on Tuesday")
    start: int  # offsets within the sentence
    end: int
    key: str  # what it is about: a figure's unit ("firefight", "percent"), "date", a claim's topic
    low: float  # the range it states: a figure's values, a date's days (ordinals); a claim's side (0 or 1)
    high: float
    meaning: str = ""  # what it means when that is not in its words: the day a weekday resolves to
    context: frozenset[str] = frozenset()

    def overlaps(self, other: "Mention") -> bool:
        return self.low <= other.high and other.low <= self.high


# -- figures ---------------------------------------------------------------------------------------------
_NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                                            "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
                      "dozen": 12})
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6, "bn": 1e9, "k": 1e3}
_CURRENCY_SIGNS = {"€": "money:euro", "$": "money:dollar", "£": "money:pound"}
_CURRENCY_WORDS = {"euro": "money:euro", "eur": "money:euro", "dollar": "money:dollar", "usd": "money:dollar", "pound": "money:pound",
                   "sterl": "money:pound", "franc": "money:franc", "yen": "money:yen", "kroner": "money:krone", "krone": "money:krone",
                   "lei": "money:leu", "leu": "money:leu", "lira": "money:lira", "ruble": "money:ruble", "roubl": "money:ruble"}
_PEOPLE = {"peopl", "person", "other", "individu", "resid"}  # "14 others", "17 people": counts of people alike
# Units of measure must match ("4 kilometres" is not "4 years"); counts of things may be worded differently
# ("2.1 million customers", "3.4 million people") and are compared when both answer the question.
_MEASURES = frozenset("year month week day hour minut second kilometr km metr mile tonn ton kilogram kg litr hectar acr degre point "
                      "percentag time".split())
_MONTHS = {m: i for i, m in enumerate(MONTHS, 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())} | {"sept": 9})
_MONTH_NAMES = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
_QUANTITY = re.compile(
    r"(?:\b(?P<qual>about|around|almost|nearly|roughly|approximately|some|more than|over|at least|fewer than|less than|under|up to|"
    r"at most|as many as|as much as)\s+)?(?P<cur>[€$£])?\s?"
    r"(?P<num>(?<![\w.-])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|m|k)\b)?(?P<pct>\s?%|\s+percent\b|\s+per\s+cent\b|\s+percentage points?\b)?",
    re.I)
_NOT_UNITS = frozenset({"first", "last", "next", "more", "less", "fewer", "new", "old", "times", "time", "year-old", "years-old"})
_TIME_AFTER = re.compile(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock|gmt\b|h\b|hours? local)", re.I)
_DAY_OF_MONTH = re.compile(rf"\b{_MONTH_NAMES}\.?\s*$")
_MONTH_AFTER = re.compile(rf"\s*(?:st|nd|rd|th)?\s+{_MONTH_NAMES}\b")


def _value(num: str) -> float | None:
    word = _NUMBER_WORDS.get(num.lower())
    if word is not None:
        return float(word)
    try:
        return float(num.replace(",", ""))
    except ValueError:
        return None


def quantities(text: str) -> list[Mention]:
    """The figures a sentence states with what they count: "2.1 million customers" and "2,100,000 customers"
    alike, "five" as 5; years, days of a date, times of day, ages and bare numbers left out."""
    out: list[Mention] = []
    for m in _QUANTITY.finditer(text):
        num, scale, pct, cur = m.group("num"), m.group("scale"), m.group("pct"), m.group("cur")
        value = _value(num)
        after = text[m.end():]
        if value is None or (num.lower() in ("one", "zero") and not scale):  # "one of", "no one": not counts
            continue
        if num.isdigit() and len(num) == 4 and 1800 <= value <= 2100 and not (scale or pct or cur):
            continue  # a year
        if not (scale or pct) and (_DAY_OF_MONTH.search(text[: m.start("num")]) or _MONTH_AFTER.match(after) or _TIME_AFTER.match(after)):
            continue  # "14 March", "Nov 14", "6 a.m."
        if not (scale or pct) and re.match(r"[A-Za-z]", after):  # "19th", "50km": an ordinal or a unit run in
            continue
        value *= _SCALES.get((scale or "").lower(), 1.0)
        unit, end = _unit(text, m, pct, cur)
        if not unit:
            continue
        low, high = _range(value, (m.group("qual") or "").lower())
        start = m.start()
        words = [stem(w) for w in _TOKEN.findall(text[m.end() : end]) if _is_content(w)]
        measured = frozenset(words if pct or cur else words[1:])  # "percent of the vote": the vote (not the unit itself)
        out.append(Mention(FIGURE, text[start:end].strip(), start, end, unit, low, high, context=measured))
    return _in_context(text, out)


def _in_context(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions with their contexts, the words between two mentions of one clause shared half and half: in
    "the strike planned for next week as the company agreed to reopen talks, which will start on Monday",
    "talks ... start" is Monday's."""
    ordered = sorted(mentions, key=lambda m: m.start)  # each keeps the context it came with (what a figure measures)
    clause = [next((i for i, (s, e) in enumerate(_clauses(text)) if s <= m.start < max(e, s + 1)), 0) for m in ordered]
    cuts = []  # where the words of mention i stop and those of mention i + 1 start
    for i in range(len(ordered) - 1):
        between = [t.start() for t in _TOKEN.finditer(text, ordered[i].end, ordered[i + 1].start)]
        cuts.append(between[len(between) // 2] if between and clause[i] == clause[i + 1] else None)
    out = []
    for i, m in enumerate(ordered):
        lo = cuts[i - 1] if i and cuts[i - 1] is not None else 0
        hi = cuts[i] if i < len(cuts) and cuts[i] is not None else len(text)
        out.append(replace(m, context=m.context | context_of(text, m.start, m.end, lo, hi)))
    return out


def _unit(text: str, m: re.Match, pct: str | None, cur: str | None) -> tuple[str, int]:
    """What a figure counts, and where its words end: 'percent', 'money:euro', or the stem of the next noun."""
    of = re.match(r"\s+of\s+(?:the|its|their|his|her|all)\s+[A-Za-z]+", text[m.end():])  # "52.4 percent of the vote"
    if pct:
        return "percent", m.end() + (of.end() if of else 0)
    if cur:
        return _CURRENCY_SIGNS[cur], m.end()
    # "120 firefighters", "a 48-hour strike", "2.1 million of its customers"
    rest = re.match(r"(-|\s+(?:of\s+(?:its|their|the|his|her|our|those|these)\s+)?)([A-Za-z][A-Za-z'’]*)", text[m.end():])
    if not rest:
        return "", m.end()
    word = rest.group(2).lower()
    if word in FUNCTION_WORDS or word in _NOT_UNITS or word in _MONTHS:
        return "", m.end()
    unit = stem(word)
    if unit in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[unit], m.end() + rest.end()
    if unit in _MEASURES:
        return unit, m.end() + rest.end()
    return "count:" + ("people" if unit in _PEOPLE else unit), m.end() + rest.end()


def _range(value: float, qualifier: str) -> tuple[float, float]:
    """The values a figure allows: 'about 90' is 81 to 99, 'more than 35' anything from 35, a bare figure itself."""
    if qualifier in ("about", "around", "roughly", "approximately", "some"):
        return value * 0.9, value * 1.1
    if qualifier in ("almost", "nearly"):
        return value * 0.9, value
    if qualifier in ("more than", "over", "at least", "as many as", "as much as"):
        return value, float("inf")
    if qualifier in ("fewer than", "less than", "under", "up to", "at most"):
        return 0.0, value
    return value * 0.995, value * 1.005


_ASKS_MONEY = re.compile(r"\b(how much|cost|costs|price|pay|paid|spend|spent|worth|fine[ds]?|damage|budget|value|bid|sum|euros?|dollars?|pounds?)\b", re.I)
_ASKS_PERCENT = re.compile(r"\b(percent|percentage|share|rate|rise|increase|cut|turnout|proportion|raise|inflation)\b", re.I)


def _asked(unit: str, question: str, asked: set[str]) -> int:
    """How plainly the question asks for this unit: named ("how many firefighters"), or in its wording ("how
    much" for money, "what share" for a percentage), or as people ("how many people": workers are people too)."""
    if unit.startswith("money:"):
        return 2 if _ASKS_MONEY.search(question) else 0
    if unit == "percent":
        return 2 if _ASKS_PERCENT.search(question) else 0
    if unit == "count:people":
        return 1 if asked & _PEOPLE else 0
    return 3 if unit.removeprefix("count:") in asked else 0


def _kind_of_unit(unit: str) -> str:
    return "count" if unit.startswith("count:") else unit


# -- dates -----------------------------------------------------------------------------------------------
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EXPLICIT_DATE = re.compile(
    rf"\b(?:(?:{'|'.join(_WEEKDAYS)}),?\s+)?(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH_NAMES})\.?(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    rf"|(?P<m2>{_MONTH_NAMES})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y2>(?:19|20)\d\d))?)")
_MONTH_OR_YEAR = re.compile(rf"\bin\s+(?:(?:early|late|mid)[\s-]+)?(?:(?P<m>{_MONTH_NAMES})(?:\s+(?P<y>(?:19|20)\d\d))?|(?P<year>(?:19|20)\d\d))\b")
_DATELINE_AFTER = re.compile(r"\s*(?:\([^)]{1,20}\))?\s*[-–—]")
_SPEECH = re.compile(r"\b(said|says|say|told|tell|announced|announces|confirmed|reported|stated|added|wrote|warned|insisted|explained|"
                     r"claimed|admitted|denied|declared|revealed|disclosed)\b", re.I)
_RESOLVED = re.compile(r"^(?:the week of )?(\d{1,2}) (\w+) (\d{4})$|^(\w+) (\d{4})$|^(\d{4})$")
_MODIFIER_BEFORE = re.compile(r"(?:\b(?:late|early|shortly after|just after|just before|before|after|until|by|from)\s+)+$", re.I)


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")[:4] if name.lower().startswith("sept") else name.lower().rstrip(".")[:3]]


def _day_range(year: int, month: int, day: int | None = None) -> tuple[dt.date, dt.date] | None:
    try:
        if day is not None:
            d = dt.date(year, month, day)
            return d, d
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
        return dt.date(year, month, 1), last
    except ValueError:
        return None


def _near_year(month: int, day: int, published: dt.date) -> int:
    """The year of a date given without one: the publication's, or the next or previous one when that is nearer."""
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append((abs((dt.date(year, month, day) - published).days), year))
        except ValueError:
            continue
    return min(candidates)[1] if candidates else published.year


def event_dates(text: str, published: str, statements: bool = False) -> list[Mention]:
    """The dates a sentence gives for what happened, as day ranges: explicit dates ("10 March", "March 10,
    2025", "in April 2024"), and weekdays and relative dates resolved against the report's publication date
    (store.text.resolve_relative_dates). A dateline ("BRENNICK, Nov 14 (NWS) -") or the date of a statement
    ("police said on Saturday", "told reporters on Sunday") is when it was reported, not when it happened
    (unless `statements`: a question about when something was said)."""
    try:
        pub = dt.date.fromisoformat(published)
    except ValueError:
        pub = None
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in _EXPLICIT_DATE.finditer(text):
        month = _month(m.group("m1") or m.group("m2"))
        day = int(m.group("d1") or m.group("d2"))
        year_text = m.group("y1") or m.group("y2")
        if not year_text and pub is None:
            continue
        year = int(year_text) if year_text else _near_year(month, day, pub)  # type: ignore[arg-type]
        span = _day_range(year, month, day)
        taken.append((m.start(), m.end()))
        if span and not (m.start() < 40 and _DATELINE_AFTER.match(text, m.end())):
            out.append(_date_mention(text, m.start(), m.end(), span, "" if year_text else _say_date(span[0])))
    for m in _MONTH_OR_YEAR.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        if m.group("year"):
            span = _day_range(int(m.group("year")), 1), _day_range(int(m.group("year")), 12)
            span = (span[0][0], span[1][1]) if span[0] and span[1] else None  # type: ignore[assignment]
        else:
            month = _month(m.group("m"))
            year = int(m.group("y")) if m.group("y") else (pub.year if pub else 0)
            span = _day_range(year, month) if year else None
        if span:
            taken.append((m.start(), m.end()))
            out.append(_date_mention(text, m.start(), m.end(), span, ""))
    pos = 0
    for phrase, meaning in resolve_relative_dates(text, published) if pub else []:
        start = text.find(phrase, pos)
        if start < 0:
            continue
        pos = end = start + len(phrase)
        span = _parse_resolved(meaning)
        if span and not any(s < end and start < e for s, e in taken):
            out.append(_date_mention(text, start, end, span, meaning if span[0] != span[1] else _say_date(span[0])))
    return _in_context(text, [d for d in out if statements or not _SPEECH.search(" ".join(_TOKEN.findall(text[: d.start])[-3:]))])


def _parse_resolved(meaning: str) -> tuple[dt.date, dt.date] | None:
    m = _RESOLVED.match(meaning)
    if not m:
        return None
    if m.group(1):
        first = _day_range(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
        if first and meaning.startswith("the week of"):
            return first[0], first[0] + dt.timedelta(days=6)
        return first
    if m.group(4):
        return _day_range(int(m.group(5)), _month(m.group(4)))
    year = int(m.group(6))
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _say_date(d: dt.date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


def _date_mention(text: str, start: int, end: int, span: tuple[dt.date, dt.date], meaning: str) -> Mention:
    """A date with the words that say what happened then: up to three words before it ("will begin on Tuesday")."""
    lo = _clause_at(text, start)[0]
    modifier = _MODIFIER_BEFORE.search(text[lo:start])
    words_start = lo + modifier.start() if modifier else start
    before = list(_TOKEN.finditer(text, lo, words_start))[-3:]
    shown = before[0].start() if before else words_start
    return Mention(DATE, text[shown:end], start, end, "date", span[0].toordinal(), span[1].toordinal(), meaning)


# -- claims ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Contrast:
    """Two ways of telling one thing that cannot both be true ("she resigned" / "he dismissed her"), and the
    words by which a question asks about it."""

    topic: str  # what it is about, for the answer ("how the minister left")
    asks: re.Pattern
    sides: tuple[re.Pattern, re.Pattern]


def _words(pattern: str) -> re.Pattern:
    return re.compile(rf"\b(?:{pattern})\b", re.I)


# A small table for English news; each side a pattern of its wordings. Kept to predicates that exclude each
# other whatever the context; near-synonyms that outlets use loosely ("suspended" / "called off") are not here.
CONTRASTS: tuple[Contrast, ...] = (
    Contrast("how they left", _words(r"resign\w*|dismiss\w*|sack\w*|fired|oust\w*|quit|step(?:ped|s)? down|leav\w*|left|depart\w*|forced out"),
             (_words(r"resign(?:s|ed|ing|ation)?|stepp(?:ed|ing) down|steps? down|stood down|quit"),
              _words(r"dismiss(?:ed|es|al)?(?! (?:the |as |an? |those |these |his |her |their )?(?:claims?|criticism|reports?|suggestions?|"
                     r"concerns?|allegations?|idea|calls?|questions?|fears?|case|appeal|charges?|complaints?))|sack(?:ed|ing|s)?|fired|"
                     r"oust(?:ed|s)?|forced out|pushed out|removed from (?:office|(?:his|her|the) post)"))),
    Contrast("the cause", _words(r"caus\w*|why|start\w*|origin\w*|blam\w*|behind|responsib\w*|arson\w*|accident\w*|deliberate\w*"),
             (_words(r"arson|arsonists?|deliberately|started on purpose|set (?:alight|on fire) (?:deliberately|on purpose)|sabotage"),
              _words(r"accident(?:al|ally)?|electrical fault|short[- ]circuit|faulty wiring|technical fault|mechanical failure|"
                     r"lightning strike|natural causes"))),
    Contrast("whether it was confirmed", _words(r"confirm\w*|den(?:y|ied|ies)|true|admit\w*"),
             (_words(r"confirm(?:ed|s)"), _words(r"den(?:ied|ies|y)"))),
    Contrast("the decision", _words(r"approv\w*|reject\w*|pass(?:ed)?|vot\w*|decid\w*|decision|accept\w*|veto\w*|block\w*|uph[eo]ld|"
                                    r"overturn\w*|rul(?:ed|ing)|outcome"),
             (_words(r"approv(?:ed|es|al)|ratified|upheld|endorsed|passed"),
              _words(r"reject(?:ed|s)|block(?:ed|s)|veto(?:ed|es)|turned down|overturned|struck down|voted down"))),
    Contrast("the verdict", _words(r"guilty|convict\w*|acquit\w*|verdict|innocent|cleared"),
             (_words(r"(?<!not )guilty|convicted"), _words(r"acquitted|not guilty|cleared of"))),
    Contrast("whether it went ahead", _words(r"cancel\w*|call(?:ed)? off|go(?:ing|es)? ahead|went ahead|take place|took place|scrap\w*|happen\w*"),
             (_words(r"cancell?ed|called off|scrapped|abandoned"), _words(r"went ahead|going ahead|took place|held as planned"))),
    Contrast("the direction", _words(r"rise|rose|risen|fall|fell|fallen|increas\w*|decreas\w*|drop\w*|grow\w*|grew|up or down|declin\w*"),
             (_words(r"rose|risen|increased|grew|grown|climbed|jumped"), _words(r"fell|fallen|decreased|dropped|declined|shrank|shrunk"))),
)
_NEGATORS = frozenset({"not", "never", "no", "nobody", "none", "neither", "nor", "without"})


def _negated(text: str, start: int) -> bool:
    """Is the word at `start` under a negation: 'not', 'never', 'no one', "didn't" up to three words before it, in its clause."""
    lo = _clause_at(text, start)[0]
    return any(_is_negator(w) for w in _TOKEN.findall(text[lo:start])[-3:])


def _is_negator(word: str) -> bool:
    return word.lower() in _NEGATORS or word.lower().endswith(("n't", "n’t"))


def _affirmed(pattern: re.Pattern, text: str) -> list[re.Match]:
    return [m for m in pattern.finditer(text) if not _negated(text, m.start())]


def claims(text: str, question: str) -> list[Mention]:
    """The claims a sentence makes on topics the question asks about: one side of a contrast of the table, or
    a word of the question said with or without a negation ("had not been working" / "worked")."""
    out: list[Mention] = []
    for contrast in CONTRASTS:
        if not contrast.asks.search(question):
            continue
        for side, pattern in enumerate(contrast.sides):
            for m in _affirmed(pattern, text):
                # "not guilty" is one side only, though "guilty" is in it
                if not any(other.search(m.group(0)) for other in contrast.sides if other is not pattern):
                    out.append(_claim(text, m.start(), m.end(), contrast.topic, side))
    asked = content_stems(question)
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        if word[0].isalpha() and word.lower() not in FUNCTION_WORDS and not word[0].isupper() and stem(word) in asked:
            out.append(_claim(text, m.start(), m.end(), "not:" + stem(word), 0 if _negated(text, m.start()) else 1))
    return out


def _claim(text: str, start: int, end: int, key: str, side: int) -> Mention:
    """A claim with a few of its words around it: from three words before it (or before its negation) to four
    after, within its clause, trailing function words cut."""
    lo, hi = _clause_at(text, start)
    before = list(_TOKEN.finditer(text, lo, start))
    negator = next((i for i in range(len(before) - 1, max(len(before) - 4, -1), -1) if _is_negator(before[i].group(0))), None)
    before = before[max(0, negator - 3):] if negator is not None else before[-3:]  # "sprinkler system had not been working"
    comma = text.find(",", end)
    after = list(_TOKEN.finditer(text, end, comma if 0 <= comma < hi else hi))[:4]
    while after and after[-1].group(0).lower() in FUNCTION_WORDS:
        after.pop()
    shown_start = before[0].start() if before else start
    shown_end = after[-1].end() if after else end
    words = text[shown_start:shown_end].strip(" ,")
    return Mention(CLAIM, words, start, end, key, side, side)


# -- what the question asks ----------------------------------------------------------------------------------
_ASKS_NUMBER = re.compile(
    r"\b(how (many|much|high|low|long|big|far|large|old|deep|tall|heavy|fast|often)|by how|(what|which)\b(?:\W+\w+){0,3}?\W+(percentage|share|"
    r"proportion|rate|level|number|amount|price|figure|size|sum|total|toll|turnout|fine|rise|increase|cut|salary|wage|budget|cost|bid|"
    r"offer|estimate|damage|majority|margin|count|tally|score|value|valuation)s?)\b", re.I)
# "When ...?" asks a date; "Was it working when the fire broke out?" does not.
_ASKS_DATE = re.compile(r"^\W*(?:(?:and|so|but|then)\s+)?(?:since |until )?when\b|\b(what|which) (year|date|day|month|time)\b|\bon what day\b", re.I)


def asks(question: str) -> str:
    """What a question asks for, when two reports may differ on it: a FIGURE ("how many"), a DATE ("when"), or '' (a claim)."""
    if _ASKS_DATE.search(question):
        return DATE
    if _ASKS_NUMBER.search(question):
        return FIGURE
    return ""


# -- comparing two reports ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Difference:
    """Reports that differ on what the question asks: each side's sentence and what it says."""

    kind: str  # FIGURE, DATE or CLAIM
    sides: tuple[tuple["Candidate", Mention], ...]  # the best report's first


def _focus(mentions: Sequence[Mention], asked: set[str], bonus=lambda m: 0) -> list[Mention]:
    """The mentions of a sentence that answer the question: those with most of its words around them (or the
    unit it asks for), and at least FOCUS_WORDS of them; a date or figure tied to one word may be of another thing."""
    scored = [(len(m.context & asked) + bonus(m), m) for m in mentions]
    top = max((s for s, _ in scored), default=0)
    return [m for s, m in scored if s == top and s >= FOCUS_WORDS]


def _cosine(a: "Candidate", b: "Candidate") -> float | None:
    if a.vector is None or b.vector is None:
        return None
    return float(a.vector @ b.vector)


def _opposed(mine: Sequence[Mention], theirs: Sequence[Mention], kind_of=lambda key: key) -> tuple[Mention, Mention] | None:
    """The first pair of mentions of one thing (one unit, the date, one claim) that cannot both hold, provided
    no other pair of mentions of that thing agrees: "8.5 and 4.5 percent" against "4.5 percent" agrees.
    `kind_of` groups keys that may be compared (counts of differently worded things); the same key first."""
    for kind in dict.fromkeys(kind_of(m.key) for m in mine):
        pairs = [(x, y) for x in mine for y in theirs if kind_of(x.key) == kind == kind_of(y.key)]
        pairs = [(x, y) for x, y in pairs if x.key == y.key] or pairs
        if pairs and not any(x.overlaps(y) for x, y in pairs):
            return pairs[0]
    return None


def _finest(dates: Sequence[Mention]) -> list[Mention]:
    """The most precise of a sentence's dates: a day named beats the week or month it falls in ("next week's strike")."""
    narrowest = min((d.high - d.low for d in dates), default=0)
    return [d for d in dates if d.high - d.low == narrowest]


def compare(question: str, a: "Candidate", b: "Candidate") -> Difference | None:
    """How sentence `b` of another report differs from `a` on what the question asks, or None when they agree
    (or speak of different things, or one only adds what the other does not say). Asked "when", only dates
    count; "how many", only figures; otherwise a claim, or a figure tied to the question's words."""
    cosine = _cosine(a, b)
    if cosine is not None and cosine < SAME_TOPIC:
        return None
    wanted = asks(question)
    checks = {DATE: [_dates], FIGURE: [_figures]}.get(wanted, [_claims, _figures])
    for check in checks:
        found = check(question, a, b)
        if found:
            return found
    return None


def _figures(question: str, a: "Candidate", b: "Candidate") -> Difference | None:
    asked = content_stems(question)

    def bonus(m: Mention) -> int:
        return _asked(m.key, question, asked)

    found = _opposed(_focus(quantities(a.text), asked, bonus), _focus(quantities(b.text), asked, bonus), _kind_of_unit)
    if not found:
        return None
    x, y = found
    if x.key == y.key and _generic(x.key) and not x.context & y.context:
        return None  # "people", "percent", euros say little: the words around both must share one ("waiting", "vote")
    if x.key != y.key and not (context_of(a.text, x.start, x.end, width=NEAR) & context_of(b.text, y.start, y.end, width=NEAR)):
        return None  # counts of differently worded things, told with other words: "killed three workers", "17 people were treated"
    return Difference(FIGURE, ((a, found[0]), (b, found[1])))


def _dates(question: str, a: "Candidate", b: "Candidate") -> Difference | None:
    asked = content_stems(question)
    statements = bool(_SPEECH.search(question))  # "when did X announce ...": the statement's date is the point
    mine, theirs = (event_dates(c.text, c.hit.chunk.date, statements) for c in (a, b))
    found = _opposed(_finest(_focus(mine, asked)), _finest(_focus(theirs, asked)))
    return Difference(DATE, ((a, found[0]), (b, found[1]))) if found else None


def _claims(question: str, a: "Candidate", b: "Candidate") -> Difference | None:
    found = _opposed(claims(a.text, question), claims(b.text, question))
    if found and _same_subject(question, a, b, found):
        return Difference(CLAIM, ((a, found[0]), (b, found[1])))
    return None


def _generic(unit: str) -> bool:
    return unit in ("count:people", "percent") or unit.startswith("money:")


def _same_subject(question: str, a: "Candidate", b: "Candidate", claim: tuple[Mention, Mention]) -> bool:
    """Do both sentences speak of something the question names, besides the claim's own words?"""
    x, y = claim
    predicate = content_stems(a.text[x.start : x.end]) | content_stems(b.text[y.start : y.end])
    subject = (content_stems(question) - predicate) & content_stems(a.text) & content_stems(b.text)
    names = set(entity_names(question)) & set(entity_names(a.text)) & set(entity_names(b.text))
    return bool(subject or names)


def _within_days(a: str, b: str, days: int = WINDOW_DAYS) -> bool:
    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days) <= days
    except ValueError:
        return False


# "What did Jorund Velde say about the cause?" asks one person's words, not what the reports say happened.
_ASKS_WORDS = re.compile(r"\b(?:what|how) (?:did|does|do|has|have|had) (?P<who>.+?) (?:say|tell|claim|announce|argue|warn|respond|reply|"
                         r"react|comment|describe|explain)\b", re.I)
_REPORTS = re.compile(r"\b(reports?|outlets?|articles?|papers?|newspapers?|stor(?:y|ies)|sources?|media|press|coverage|accounts?)\b", re.I)


def asks_for_words(question: str) -> bool:
    """Does the question ask what a person said (not what the reports say)?"""
    m = _ASKS_WORDS.search(question)
    return bool(m) and not _REPORTS.search(m.group("who"))


def find(question: str, chosen: Sequence["Candidate"], ranked: Sequence["Candidate"], gate: float) -> Difference | None:
    """Other outlets' sentences, reported within WINDOW_DAYS of the best one, that differ from what the best
    report's chosen sentences say on what the question asks. None when the reports agree, or when the
    question asks what a person said."""
    if not chosen or asks_for_words(question):
        return None
    best = chosen[0]
    home = [c for c in chosen if c.hit.chunk.article_id == best.hit.chunk.article_id]
    seen: set[tuple[str, int]] = set()
    rivals = []
    for c in [*chosen, *ranked]:
        key = (c.hit.chunk.article_id, c.start)
        if key in seen or c.score < gate * RIVAL_SHARE or c.hit.chunk.source in ("", best.hit.chunk.source):
            continue
        seen.add(key)
        if _within_days(c.hit.chunk.date, best.hit.chunk.date):
            rivals.append(c)
    found: list[Difference] = []
    for b in rivals:
        if len(found) >= MAX_RIVALS or any(d.sides[1][0].hit.chunk.source == b.hit.chunk.source for d in found):
            continue
        for a in home if not found else [found[0].sides[0][0]]:
            d = compare(question, a, b)
            if d is not None and (not found or d.kind == found[0].kind):
                found.append(d)
                break
    if not found:
        return None
    return Difference(found[0].kind, (found[0].sides[0], *(d.sides[1] for d in found)))


def parts(question: str, chosen: Sequence["Candidate"], difference: Difference) -> list[PartEvidence]:
    """The answer's parts: the best report's sentence that differs (and its other chosen ones), then each other outlet's."""
    first = difference.sides[0][0]
    home = [first, *(c for c in chosen if c.hit.chunk.article_id == first.hit.chunk.article_id and c is not first)]
    return [PartEvidence(question, home), *(PartEvidence(question, [c]) for c, _ in difference.sides[1:])]


def differing_parts(question: str, chosen: Sequence["Candidate"], ranked: Sequence["Candidate"], gate: float) -> list[PartEvidence] | None:
    """The parts of an answer that sets differing reports side by side, or None when the reports agree."""
    difference = find(question, chosen, ranked, gate)
    return parts(question, chosen, difference) if difference else None


# -- saying so -------------------------------------------------------------------------------------------
def describe(found: Sequence[PartEvidence]) -> Difference | None:
    """The difference between the parts `differing_parts` made (their first sentences), found again."""
    if len(found) < 2 or not found[0].chosen:
        return None
    a, question = found[0].chosen[0], found[0].part
    differences = [compare(question, a, p.chosen[0]) for p in found[1:] if p.chosen]
    if not differences or None in differences:
        return None
    first = differences[0]
    return Difference(first.kind, (first.sides[0], *(d.sides[1] for d in differences if d is not None)))


_VERB = {FIGURE: "gives", DATE: "says", CLAIM: "says"}


def _on(difference: Difference) -> str:
    """What the reports differ on, in words: " on the date", " on the cause", or '' for a claim negated by one of them."""
    key = difference.sides[0][1].key
    if difference.kind != CLAIM:
        return f" on the {difference.kind}"
    return "" if key.startswith("not:") else f" on {key}"


def _side(c: "Candidate", m: Mention, kind: str) -> str:
    dated = f" ({human_date(c.hit.chunk.date)})" if c.hit.chunk.date else ""
    meaning = f", that is {m.meaning}" if m.meaning and kind == DATE else ""
    return f"{outlet(c)}{dated} {_VERB[kind]} “{m.text}”{meaning}"


def lead(found: Sequence[PartEvidence]) -> str:
    """The answer's first sentence: the reports differ, which outlet (and date) says what, from the quotes below."""
    difference = describe(found)
    if difference is None:
        return "The reports differ (as quoted below)."
    sides = "; ".join(_side(c, m, difference.kind) for c, m in difference.sides)
    how = ", weekdays resolved against each report's date" if difference.kind == DATE else ""
    return f"The reports differ{_on(difference)}: {sides} (from the quotes below{how})."


def guidance(found: Sequence[PartEvidence]) -> str:
    """What the LLM is told: that the reports differ, on what, and to set them side by side rather than pick one."""
    difference = describe(found)
    said = f"{_on(difference)}: " + "; ".join(_side(c, m, difference.kind) for c, m in difference.sides) if difference else ""
    return f"The reports differ{said}. Give each version with its outlet and date, side by side, say that the reports differ, and do not choose one."

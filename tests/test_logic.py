"""Fast tests of pure logic: no model, no Chroma. Run alone with `pytest -m "not slow"`."""

from __future__ import annotations

import numpy as np
import pytest

from qa.answer import Candidate, ExtractiveAnswerer, Scoring, whole_thoughts
from qa.compose import PartEvidence, compose_fact, compose_parts
from qa.conversation import is_follow_up, retrieval_query
from qa.models import Answer, AnswerStream, Passage
from qa.retrieve import RRF_K, fuse
from qa.understand import understand
from store.errors import BadQuestion
from store.filters import Filters
from store.models import Chunk, Hit


def chunk(cid: str, article: str = "a", text: str = "", date: str = "", source: str = "") -> Chunk:
    return Chunk(cid, article, 0, text or f"text of {cid}", 0, len(text or f"text of {cid}"), f"title {article}", source, "", date)


def hit(cid: str, score: float = 1.0, **kw) -> Hit:
    return Hit(chunk(cid, **kw), score)


def candidate(text: str, article: str = "a", dense=0.0, lexical=0.0, prior=0.0, typed=0.0, repeated=False, date="", vector=None) -> Candidate:
    h = hit(f"{article}:{abs(hash(text)) % 1000}", article=article, text=text, date=date)
    return Candidate(h, 0, len(text), text, lexical=lexical, prior=prior, dense=dense, typed=typed, repeated=repeated,
                     vector=None if vector is None else np.asarray(vector, dtype=np.float32))


# -- fusion ----------------------------------------------------------------------------------
def test_fusion_rewards_agreement_and_keeps_each_side():
    dense = [hit("x", 0.9), hit("y", 0.8), hit("z", 0.7)]
    bm25 = [hit("z", 12.0), hit("x", 9.0)]
    fused = fuse(dense, bm25)
    assert [h.chunk.chunk_id for h in fused] == ["x", "z", "y"]  # x: 1st + 2nd beats z: 3rd + 1st
    assert fused[0].score == pytest.approx(1 / (RRF_K + 1) + 1 / (RRF_K + 2))
    assert fused[0].extra == {"dense": 0.9, "dense_rank": 1, "bm25": 9.0, "bm25_rank": 2}
    assert [h.rank for h in fused] == [1, 2, 3] and "bm25" not in fused[2].extra


def test_fusion_of_nothing_is_nothing():
    assert fuse([], []) == []


# -- scoring and selection ---------------------------------------------------------------------
def test_combine_is_the_weighted_sum_and_repeats_are_discounted():
    s = Scoring(dense=0.5, lexical=0.2, prior=0.1, answer_type=0.05, repeated=0.5)
    c = candidate("Some sentence that answers.", dense=0.8, lexical=0.5, prior=1.0, typed=1.0)
    assert s.combine(c) == pytest.approx(0.5 * 0.8 + 0.2 * 0.5 + 0.1 * 1.0 + 0.05)
    c.repeated = True
    assert s.combine(c) == pytest.approx(0.5 * (0.5 * 0.8 + 0.2 * 0.5 + 0.1 * 1.0 + 0.05))


def test_select_refuses_weak_evidence_and_keeps_close_runners_up():
    answerer = ExtractiveAnswerer(embedder=None, scoring=Scoring(refuse_below=0.4, keep_ratio=0.8, other_article_ratio=0.7))
    weak = answerer.rank([candidate("A weak sentence about something else.", dense=0.5)])
    assert answerer.select(weak) == []
    ranked = answerer.rank([
        candidate("The minister resigned on Monday after the vote.", dense=1.0),  # 0.5
        candidate("Parliament voted to dismiss the whole cabinet.", dense=0.9),  # 0.45 >= 0.8 * 0.5
        candidate("The weather in the capital was mild and sunny.", dense=0.7),  # 0.35: under the threshold
        candidate("Another outlet said the vote was close.", article="b", dense=0.72),  # 0.36 >= 0.7 * 0.5 but < 0.4
    ])
    assert [c.text[:14] for c in answerer.select(ranked)] == ["The minister r", "Parliament vot"]


def test_select_takes_another_articles_best_at_a_lower_share():
    answerer = ExtractiveAnswerer(embedder=None, scoring=Scoring(refuse_below=0.3, keep_ratio=0.9, other_article_ratio=0.7))
    ranked = answerer.rank([
        candidate("The port strike began on Monday morning.", dense=1.0),
        candidate("Dockers walked out over pay, the union said.", dense=0.8),  # same article, 0.8 < 0.9: left out
        candidate("The strike halted all container traffic.", article="b", dense=0.8),  # other article, 0.8 >= 0.7: in
    ])
    chosen = answerer.select(ranked)
    assert [c.hit.chunk.article_id for c in chosen] == ["a", "b"]


def test_select_drops_near_duplicates():
    answerer = ExtractiveAnswerer(embedder=None, scoring=Scoring(refuse_below=0.1))
    ranked = answerer.rank([
        candidate("The central bank cut its main rate to 3 percent on Thursday.", dense=1.0, vector=[1, 0]),
        candidate("The central bank cut its main rate to 3 percent on Thursday, officials said.", article="b", dense=0.95, vector=[1, 0]),
    ])
    assert len(answerer.select(ranked)) == 1


def test_calibration_trials_change_the_outcome_through_the_same_code():
    answerer = ExtractiveAnswerer(embedder=None, scoring=Scoring(refuse_below=0.45))
    cands = [candidate("Only a middling match for the question here.", dense=0.8)]  # 0.4
    assert answerer.select(answerer.rank(cands)) == []
    trial = Scoring(refuse_below=0.3)
    assert len(answerer.select(answerer.rank(cands, trial), trial)) == 1


def test_compose_groups_by_article_numbers_citations_and_orders_by_date_for_change():
    new = candidate("By 2024 the ministry had doubled the subsidy.", article="new", date="2024-03-01")
    old = candidate("In 2022 the ministry set a small subsidy.", article="old", date="2022-05-01")
    text, citations = compose_fact([new, old], in_date_order=True)
    assert text.index("2022") < text.index("2024")  # earlier first for a change-over-time question
    assert [c.n for c in citations] == [1, 2] and citations[0].article_id == "old"
    assert "[1]" in text and "[2]" in text and "(1 May 2022)" in text
    text, citations = compose_fact([new, old])
    assert citations[0].article_id == "new"  # relevance order otherwise


def test_order_answer_leads_with_the_order_of_the_reports_dates_and_says_so():
    late = candidate("The bank cut its rate to 3.75 percent.", article="cut", date="2025-09-18")
    early = candidate("The bank raised its rate to 4.25 percent.", article="hike", date="2025-01-30")
    text, citations = compose_parts("order", [PartEvidence("the rate cut", [late]), PartEvidence("the rate rise", [early])])
    lead = text.split("\n\n")[0]
    assert lead.startswith("Going by the dates of the reports cited")
    assert lead.index("the rate rise") < lead.index("the rate cut") and "came first" in lead
    assert [c.article_id for c in citations] == ["hike", "cut"]  # quoted in that order too


def test_reports_of_one_day_are_one_step_of_a_change_not_all_said_to_share_a_date():
    # Two reports of 22 September and one of 3 October: the lead said all "carry the same date".
    first = candidate("About 600 homes had been flooded.", article="a", date="2025-09-22")
    same_day = candidate("About 850 homes had been damaged.", article="b", date="2025-09-22")
    later = candidate("1,150 homes had been damaged.", article="c", date="2025-10-03")
    text, _ = compose_parts("change", [PartEvidence("", [later]), PartEvidence("", [first]), PartEvidence("", [same_day])])
    lead = text.split("\n\n")[0]
    assert "same date" not in lead and "both reported on 22 September 2025 are the earliest" in lead
    assert lead.index("22 September 2025") < lead.index("3 October 2025")


def test_a_part_the_articles_lack_is_said_not_guessed():
    side = candidate("Kestrel Marine offered 1.1 billion euros.", article="k", date="2025-03-01")
    text, citations = compose_parts("compare", [PartEvidence("Kestrel's bid", [side]), PartEvidence("Solano's bid", [])])
    assert "do not cover “Solano's bid”" in text and len(citations) == 1


def test_a_quote_is_extended_over_a_broken_sentence_boundary():
    text = "He did not say whether this meant . this expression refers to four regions. Next sentence here."
    spans = [text[a:b] for a, b in whole_thoughts(text)]
    assert spans[0] == "He did not say whether this meant . this expression refers to four regions."
    assert spans[1] == "Next sentence here."
    cut = "Lavrov spoke about the conflict. , for the solution of which he said Russia is ready to talk. Then he left."
    assert [cut[a:b] for a, b in whole_thoughts(cut)][0] == "Lavrov spoke about the conflict. , for the solution of which he said Russia is ready to talk."


def test_a_quotation_of_several_sentences_is_one_span_from_where_the_speakers_words_start():
    text = ('"I want to apologise to our customers. We have let you down," Lind said. "We are calling every customer."\n'
            '“It was a week. A long one. Nobody knew. Nobody cared,” she said. Then she left.')
    spans = [text[a:b] for a, b in whole_thoughts(text)]
    assert spans[0] == '"I want to apologise to our customers. We have let you down," Lind said.'
    assert spans[1] == '"We are calling every customer."'  # a paragraph ends any quotation
    assert spans[2] == "“It was a week. A long one. Nobody knew."  # a quotation joins at most QUOTE_SENTENCES sentences
    assert spans[-1] == "Then she left."
    assert spans[3] == "Nobody cared,” she said."
    stray = 'The word "alarm appeared in the log. The plant kept running. Workers went home. Police came.'  # a mark never closed
    assert [stray[a:b] for a, b in whole_thoughts(stray)][1] == "Police came."


@pytest.mark.parametrize(
    ("sentence", "degree"),
    [
        ("The line would now open in 2031 rather than 2028.", 1.0),
        ("The strike will start in May.", 1.0),
        ("Prices may rise.", 0.0),  # "may" is no month
        ("The line will open three years late.", 0.75),
        ("The minister told parliament on Wednesday.", 0.5),
        ("Every year without the line is a year lost.", 0.0),
    ],
)
def test_a_when_question_weighs_a_date_over_the_day_of_the_report(sentence, degree):
    from qa.answer import wanted_types

    (has_time,) = wanted_types("When will the line open?")
    assert has_time(sentence) == degree


@pytest.mark.parametrize("question, kind, parts", [
    ("Which happened first: the Bank of Caldora's rate rise or its first rate cut?", "order", ("Bank of Caldora's rate rise", "Bank of Caldora's first rate cut")),
    ("Did the strike come before or after the vote?", "order", ("strike", "vote")),
    ("How did Kestrel's and Solano's bids for the terminal differ?", "compare", ("Kestrel's bids for the terminal", "Solano's bids for the terminal")),
    ("How did the first report differ from the second?", "compare", ("first report", "second")),
    ("How did Russia's position change by 2024?", "change", ()),
    ("Did they revise it later?", "change", ()),
    ("Was the estimate corrected afterwards?", "change", ()),
    ("Did he change his mind?", "fact", ()),
    ("Who wrote the article about the floods?", "metadata", ()),
    ("What did the company that won the harbour contract report about its profit?", "bridge", ()),
    ("What do both reports say about the alarms?", "shared", ()),
    ("What did the councillor who voted against the cuts say afterwards?", "bridge", ()),
    ("What did the prosecutor who charged him say?", "bridge", ()),
    ("What conditions did Lavrov set for negotiations?", "fact", ()),
    ("What did the firm report about its first-quarter profit?", "fact", ()),
])
def test_understanding_questions(question, kind, parts):
    plan = understand(question)
    assert plan.kind == kind and plan.parts == parts and plan.why


def test_bridge_names_the_describing_clause():
    plan = understand("What sentence did the former mayor who took bribes from the consortium receive?")
    assert plan.bridge == "the former mayor who took bribes from the consortium"


# -- conversation ------------------------------------------------------------------------------
HISTORY = [{"role": "user", "content": "What did Lavrov say about NATO?"}, {"role": "assistant", "content": "He said ... [1]"}]


@pytest.mark.parametrize("question, follow_up", [
    ("How did he respond?", True),
    ("And what about China?", True),
    ("When?", True),
    ("What did the Helio Systems chief executive say about the Karsk plant closure?", False),
])
def test_follow_up_detection(question, follow_up):
    assert is_follow_up(question, HISTORY) is follow_up
    assert is_follow_up(question, []) is False  # nothing to follow


def test_follow_up_query_carries_the_subject():
    assert retrieval_query("How did he respond?", HISTORY) == "What did Lavrov say about NATO? How did he respond?"
    assert retrieval_query("Who won the presidential election in Maravia?", HISTORY) == "Who won the presidential election in Maravia?"


# -- filters -----------------------------------------------------------------------------------
def test_filters_parse_once_and_build_chroma_where():
    f = Filters.parse(["Reuters", ""], "2022-1-5", "31 December 2022")
    assert f == Filters(("Reuters",), "2022-01-05", "2022-12-31")
    assert (f.since_int, f.until_int) == (20220105, 20221231)
    assert f.where() == {"$and": [{"source": {"$in": ["Reuters"]}}, {"date_int": {"$gte": 20220105}}, {"date_int": {"$lte": 20221231}}]}
    assert Filters().where() is None and not Filters()
    assert Filters(since="2024-01-01").where() == {"date_int": {"$gte": 20240101}}


def test_filters_reject_what_is_not_a_date():
    with pytest.raises(BadQuestion, match="--until 'soon' is not a date"):
        Filters.parse((), "", "soon")


def test_lexical_index_applies_the_same_filters():
    from qa.lexical import LexicalIndex

    chunks = [chunk("a:0", "a", "The harbour strike ended in March.", "2022-03-02", "Ledger"),
              chunk("b:0", "b", "The harbour strike resumed in May.", "2024-05-02", "Gazette")]
    index = LexicalIndex(chunks)
    ids = lambda f: [c.chunk_id for c, _ in index.search("harbour strike", 5, f)]  # noqa: E731
    assert sorted(ids(Filters())) == ["a:0", "b:0"]
    assert ids(Filters(since="2023-01-01")) == ["b:0"]
    assert ids(Filters(sources=("Ledger",))) == ["a:0"]
    assert ids(Filters(until="2021-01-01")) == []


# -- results -----------------------------------------------------------------------------------
def test_answer_stream_gives_pieces_then_the_answer():
    def steps():
        yield "Lavrov "
        yield "said so [1]."
        return Answer("q", "Lavrov said so [1].", False)

    stream = AnswerStream(steps())
    assert list(stream) == ["Lavrov ", "said so [1]."]
    assert stream.answer.answer == "Lavrov said so [1]."
    assert AnswerStream(steps()).answer.answer == "Lavrov said so [1]."  # reading the answer first runs the stream


def test_passage_json_shape():
    h = Hit(chunk("a:3", text="Some passage."), 0.123456789, rank=2)
    answer = Answer("q", "text", False, passages=[Passage.from_hit(h)])
    assert answer.to_json()["passages"] == [{"rank": 2, "article_id": "a", "chunk_id": "a:3", "score": 0.12346, "text": "Some passage."}]


# -- LLM providers -----------------------------------------------------------------------------
def test_providers_table_drives_errors_and_help():
    from qa.llm import PROVIDERS, make_llm, providers_help

    with pytest.raises(Exception) as err:
        make_llm("llamafile:x")
    for provider in PROVIDERS.values():
        assert provider.form in str(err.value) and provider.form in providers_help()
    with pytest.raises(Exception, match=r"needs a model name after '\|'"):
        make_llm("openai-compatible:http://127.0.0.1:9/v1")


def test_a_question_naming_its_own_subject_starts_a_new_topic():
    history = [{"role": "user", "content": "When will the Corvale–Brennick line open?"}, {"role": "assistant", "content": "… [1]"}]
    assert not is_follow_up("What pay rise did Ashford nurses accept in April?", history)
    assert is_follow_up("What did the court decide in the end?", history)  # names nothing: it leans on the conversation
    assert is_follow_up("Does The Courier National give the same figure?", history)  # "the same" points back
    assert not is_follow_up("What did the company that won the Port Ilse contract report?", history)  # relative "that"
    assert not is_follow_up("Why was the Greyhaven ferry strike called off?", history)  # "why" alone does not continue
    # "its" points inside a question that names its own, new subject
    assert not is_follow_up("Which happened first: the Bank of Caldora's rate rise or its first rate cut?", history)
    assert is_follow_up("When will it open on the Corvale line?", history)  # names only what the conversation had


def test_a_follow_up_chain_carries_the_thread_back_two_questions():
    history = [{"role": "user", "content": "Why did a court freeze the Port Ilse terminal deal?"}, {"role": "assistant", "content": "…"},
               {"role": "user", "content": "Who is that company's chairman?"}, {"role": "assistant", "content": "…"}]
    assert retrieval_query("Will he appeal?", history) == (
        "Why did a court freeze the Port Ilse terminal deal? Who is that company's chairman? Will he appeal?")


def test_a_long_follow_up_chain_keeps_the_question_that_named_its_subject():
    turns = ["How many nurses joined the Ashford strike?", "What are they demanding?", "What did the minister offer?"]
    history = [m for q in turns for m in ({"role": "user", "content": q}, {"role": "assistant", "content": "…"})]
    assert retrieval_query("What did they settle on in the end?", history) == (
        "How many nurses joined the Ashford strike? What did the minister offer? What did they settle on in the end?")


def test_quotes_are_recovered_from_an_answer_text():
    from qa.conversation import quoted_pieces

    answer = ("According to HotNews.ro (7 December 2022): Russia is ready to negotiate if its demands are met. [1] "
              "Lavrov said the West hopes to destroy Russia. [2]\n\nAccording to Anadolu Agency (5 December 2024): No such document has been received [3]")
    assert quoted_pieces(answer) == ["Russia is ready to negotiate if its demands are met.", "Lavrov said the West hopes to destroy Russia.",
                                     "No such document has been received"]


def test_entity_names():
    from store.text import entity_names

    sentence = "On Tuesday the port authority of Port Ilse awarded the concession to Kestrel Marine Logistics, the West’s favourite."
    assert entity_names(sentence) == ["Port Ilse", "Kestrel Marine Logistics", "West"]


def test_filters_can_leave_articles_out():
    from qa.lexical import LexicalIndex

    f = Filters(since="2024-01-01", exclude=("a",))
    assert f.where() == {"$and": [{"date_int": {"$gte": 20240101}}, {"article_id": {"$nin": ["a"]}}]}
    index = LexicalIndex([chunk("a:0", "a", "The harbour strike ended.", "2024-03-02"), chunk("b:0", "b", "The harbour strike resumed.", "2024-05-02")])
    assert [c.chunk_id for c, _ in index.search("harbour strike", 5, Filters(exclude=("a",)))] == ["b:0"]


@pytest.mark.parametrize("question, direction", [
    ("How did that change later?", "later"), ("Did they revise it two months later?", "later"), ("What did the court decide in the end?", "later"),
    ("How did his message compare two years earlier?", "earlier"), ("What had he said at first?", "earlier"), ("Who paid for it?", ""),
    ("What had he said right after the blast?", "earlier"), ("What had the company promised?", "earlier"),
    ("What was inflation at the time?", ""), ("What did she say after the vote?", ""),
])
def test_follow_ups_that_move_in_time(question, direction):
    from qa.conversation import time_direction

    assert time_direction(question) == direction


def test_each_quote_is_attributed_to_its_own_article():
    a = candidate("The harbour authority awarded the concession to Kestrel.", article="a", date="2025-03-04")
    b = candidate("The court rejected the challenge by Solano.", article="b", date="2025-09-10")
    text, citations = compose_parts("compare", [PartEvidence("Kestrel's bid", [a, b]), PartEvidence("Solano's bid", [b])])
    first = text.split("\n\n")[0]
    assert first.count("According to") == 2 and "[2]" in text.split("\n\n")[1]  # b keeps its number when quoted again
    assert len(citations) == 2


def test_the_readers_table_drives_uploads_folders_and_messages(tmp_path):
    from ingest.load import READERS, expand, load_path, supported, upload_types
    from store.errors import UnreadableArticle

    assert set(upload_types()) == {s.lstrip(".") for r in READERS for s in r.suffixes}
    for reader in READERS:
        (tmp_path / f"a{reader.suffixes[0]}").write_text("x")
    (tmp_path / "notes.docx").write_text("x")
    assert sorted(expand([str(tmp_path)])) == sorted(str(tmp_path / f"a{r.suffixes[0]}") for r in READERS)
    with pytest.raises(UnreadableArticle) as err:
        load_path(str(tmp_path / "notes.docx"))
    assert supported() in str(err.value) and all(r.kind in str(err.value) for r in READERS)


@pytest.mark.parametrize("sentence, published, expected", [
    ("Nurses walked out on Tuesday at the start of a strike.", "2025-03-18", [("on Tuesday", "18 March 2025")]),
    ("The firm said on Monday it had been hacked.", "2025-06-05", [("on Monday", "2 June 2025")]),
    ("Talks will resume on Monday, the union said.", "2025-06-05", [("on Monday", "9 June 2025")]),
    ("The government said on Wednesday it would lift the restrictions.", "2025-10-02", [("on Wednesday", "1 October 2025")]),
    ("The ruling is expected on Friday.", "2025-10-02", [("on Friday", "3 October 2025")]),
    ("Talks are due to resume on Monday after the minister said on Tuesday that he would attend.", "2025-10-02",
     [("on Monday", "6 October 2025"), ("on Tuesday", "30 September 2025")]),
    ("Inflation slowed last month, the office said yesterday.", "2025-01-05", [("last month", "December 2024"), ("yesterday", "4 January 2025")]),
    ("The vote is due next week.", "2025-03-19", [("next week", "the week of 24 March 2025")]),
    ("The vote was on Monday.", "", []),
])
def test_relative_dates_resolve_against_the_publication_date(sentence, published, expected):
    from store.text import resolve_relative_dates

    assert resolve_relative_dates(sentence, published) == expected


def test_an_answer_says_what_a_relative_date_means_and_where_that_comes_from():
    c = candidate("The strike began on Tuesday, the union said.", date="2025-03-18")
    text, _ = compose_fact([c])
    assert "[1] (Going by the report's date, “on Tuesday” is 18 March 2025.)" in text


def test_latest_questions_lead_with_the_newest_report_and_its_date():
    old = candidate("The rate stood at 4.25 percent after the rise.", article="a", date="2025-01-30")
    new = candidate("The bank cut the rate to 3.75 percent.", article="b", date="2025-09-18")
    assert understand("What is the bank's current interest rate?").kind == "latest"
    text, citations = compose_parts("latest", [PartEvidence("", [old]), PartEvidence("", [new])])
    assert text.startswith("The most recent report cited is") and "18 September 2025" in text.split("\n\n")[0]
    assert citations[0].article_id == "b"


def test_a_year_in_the_question_is_a_date_filter():
    assert understand("What did Lavrov say about NATO in 2022?").year == "2022"
    assert understand("What did Lavrov say about NATO?").year == ""


def test_a_question_about_what_a_person_said_prefers_their_words():
    import json

    from qa.answer import asked_speakers, said_by

    text = "Pashinyan said ties had reached a point of no return. Lavrov said no document had been received."
    ch = Chunk("a:0", "a", 0, text, 0, len(text), quotes=json.dumps([[0, 53, "Nikol Pashinyan", False], [54, len(text), "Sergey Lavrov", False]]))
    first = Candidate(Hit(ch, 1.0), 0, 53, text[:53])
    second = Candidate(Hit(ch, 1.0), 54, len(text), text[54:])
    asked = asked_speakers("What did Lavrov say about the CSTO?")
    assert "Lavrov" in asked and asked_speakers("When was the CSTO founded?") == []
    assert (said_by(first, asked), said_by(second, asked)) == (-1.0, 1.0)  # never another person's words as his


def test_citations_name_the_speaker_the_article_gives():
    import json

    from qa.compose import citation

    text = "“No such document has been received,” Lavrov said."
    ch = Chunk("a:0", "a", 0, text, 100, 100 + len(text), quotes=json.dumps([[101, 135, "Sergey Lavrov", True]]))
    c = citation(1, ch, 100, 100 + len(text))
    assert (c.speaker, c.direct, c.quote) == ("Sergey Lavrov", True, text)


# -- outlets that disagree (qa/disagree.py) -----------------------------------------------------------
def report(text: str, source: str, date: str, score: float = 0.5, article: str = "", vector=None) -> Candidate:
    """A candidate sentence of `source`'s report of `date` (its own article unless `article` is given)."""
    c = candidate(text, article=article or f"{source}-{date}", date=date, vector=vector)
    c.hit.chunk.source, c.score = source, score
    return c


def test_figures_are_read_with_what_they_count_and_in_any_spelling():
    from qa.disagree import quantities

    said = {(q.key, q.low) for q in quantities("Hackers stole the data of 2.1 million customers and five engineers left.")}
    assert said == {("count:custom", 2.1e6 * 0.995), ("count:engin", 5 * 0.995)}
    same = quantities("The data of 2,100,000 customers was stolen.")[0]
    assert same.key == "count:custom" and same.overlaps(quantities("about 2.1 million customers")[0])
    assert [q.key for q in quantities("a 48-hour strike, 14 others, 9 percent, 35 million euros, €2m, 4 kilometres")] == [
        "hour", "count:people", "percent", "money:euro", "money:euro", "kilometr"]
    assert quantities("about 7,000 nurses")[0].overlaps(quantities("6,400 nurses")[0])  # "about" allows 6,300 to 7,700
    assert not quantities("about 20 million euros")[0].overlaps(quantities("more than 35 million euros")[0])
    # years, the day of a date, times of day, ages, ordinals and bare numbers are not counts of anything
    none = ("On 14 March 2025, at 6 a.m., Varga, 52, finished 19th for the first time since 2009, up from 176,000 a year earlier, "
            "on the COVID-19 ward.")
    assert quantities(none) == []


@pytest.mark.parametrize("sentence, published, day", [
    ("Talks on a new deal will begin on Tuesday.", "2025-11-15", "2025-11-18"),  # a Saturday report: the coming Tuesday
    ("Talks will start on Monday, the union said.", "2025-11-14", "2025-11-17"),
    ("The bridge reopened on Monday.", "2025-06-16", "2025-06-16"),  # a Monday report: that day
    ("Cars crossed the bridge on Monday.", "2025-06-17", "2025-06-16"),  # a Tuesday report: the day before
    ("The talks open on Monday 10 March.", "2025-03-03", "2025-03-10"),  # an explicit date wins over the weekday
    ("The hearing is set for March 4, 2026.", "2025-11-01", "2026-03-04"),
])
def test_dates_resolve_against_each_reports_date(sentence, published, day):
    import datetime as dt

    from qa.disagree import event_dates

    (date,) = event_dates(sentence, published)
    assert date.low == date.high == dt.date.fromisoformat(day).toordinal()


def test_datelines_and_the_dates_of_statements_are_not_when_it_happened():
    from qa.disagree import event_dates

    dates = event_dates("BRENNICK, Nov 14 (NWS) - A fire broke out late on Friday, and police said on Saturday it was arson.", "2025-11-15")
    assert [d.text for d in dates] == ["fire broke out late on Friday"]
    assert len(event_dates("Police said on Saturday that it was arson.", "2025-11-15", statements=True)) == 1


def test_claims_of_the_table_and_negations_are_read_on_what_the_question_asks():
    from qa.disagree import claims

    def said(text, question):
        return {(m.key, m.low) for m in claims(text, question)}

    assert ("how they left", 0.0) in said("Varga resigned as health minister on Monday.", "Did Varga resign?")
    assert ("how they left", 1.0) in said("The premier dismissed his health minister on Monday.", "Why did Varga leave?")
    assert said("The premier dismissed the claims as nonsense.", "Did Varga resign?") == set()  # not a sacking
    assert said("Varga resigned on Monday.", "Who will replace Varga?") == set()  # not asked
    assert said("The sprinkler system had not been working.", "Was the sprinkler system working?") >= {("not:work", 0.0)}
    assert said("The sprinklers worked as designed.", "Was the sprinkler system working?") >= {("not:work", 1.0)}


@pytest.mark.parametrize("question, first, second, kind", [
    ("How many firefighters fought the fire?", "About 120 firefighters fought the fire through the night.",
     "The fire was reported after 1 a.m., and about 90 firefighters worked until dawn.", "figure"),
    ("What pay rise is the union demanding?", "The union is demanding a pay rise of 9 percent for its 14,000 members.",
     "The union is seeking a rise of 8.5 percent this year, while the company's offer stands at 4.5 percent.", "figure"),
    ("When do the pay talks start?", "The company agreed to reopen pay negotiations, which will start on Monday.",
     "Talks on a new pay deal will begin on Tuesday at the mediation service.", "date"),
    ("Did Varga resign as health minister, or was she dismissed?", "Ilona Varga resigned as health minister on Monday.",
     "The premier dismissed his health minister, Ilona Varga, on Monday.", "claim"),
    ("What caused the warehouse fire?", "Police said the warehouse fire had been started deliberately.",
     "The company said an electrical fault was the most likely cause of the warehouse fire.", "claim"),
    ("Was the sprinkler system working?", "The warehouse's sprinkler system had not been working when the fire started.",
     "The sprinklers worked as they were designed to.", "claim"),
    ("Was the new law approved by parliament?", "Parliament approved the new law on Tuesday.", "Parliament rejected the new law on Tuesday.", "claim"),
    # counts worded differently, both answering the question; the count of what the question asks, not another
    ("How many customers had their data stolen?", "Hackers stole the data of about 2.1 million of its customers.",
     "The regulator said data was stolen from 3.4 million people.", "figure"),
    ("How many workers were killed in the blast?", "The blast killed three workers and injured 14 others.",
     "The blast killed five workers, the hospital said.", "figure"),
    # not asked "how many", but a figure tied to the question's words
    ("What did the reports say about the firefighters who fought the blaze?", "About 120 firefighters fought the blaze.",
     "About 90 firefighters fought the blaze until dawn.", "figure"),
    # the words between two dates go to the nearer one ("talks ... start" to Monday, not to next week's strike)
    ("When do the rail pay talks start?", "The union suspended the rail strike planned for next week as the company agreed to reopen pay talks, "
     "which will start on Monday.",
     "The union called off next week's rail strike, and talks on pay will begin on Tuesday.", "date"),
    ("When do the pay talks start?", "Pay talks will start next week, on Tuesday.",  # a day named beats the week it is in
     "Pay talks will begin on Monday.", "date"),
])
def test_reports_that_differ_on_what_is_asked_are_found(question, first, second, kind):
    from qa.disagree import compare

    a, b = report(first, "Wire", "2025-11-14"), report(second, "Review", "2025-11-15")
    difference = compare(question, a, b)
    assert difference is not None and difference.kind == kind


@pytest.mark.parametrize("question, first, second", [
    # the same figure, spelled differently; the same day told by a Monday and a Tuesday report
    ("How many workers were killed?", "Five workers were killed in the blast.", "The blast killed 5 workers."),
    ("How many customers were affected?", "The breach affected 2.1 million customers.", "The breach affected 2,100,000 customers."),
    ("When did the bridge reopen?", "The Skellan Bridge reopened on Monday after 14 months.", "Cars crossed the Skellan Bridge on Monday, as it reopened."),
    # one report adds a detail the other does not give: no disagreement
    ("How many firefighters fought the fire?", "About 120 firefighters fought the fire.", "Firefighters fought the fire through the night."),
    ("What has the company offered?", "The company has offered 4.5 percent.",
     "The union is seeking a rise of 8.5 percent this year, while the company's offer stands at 4.5 percent."),
    # a difference on something not asked
    ("Who will replace Varga as health minister?", "Varga resigned; Lindahl will take office on Wednesday.",
     "The premier dismissed Varga; Lindahl will be sworn in on Thursday."),
    ("How much damage did the fire cause?", "Police said the fire had been started deliberately.", "An electrical fault caused the fire."),
    ("Was anyone injured in the fire?", "No one was injured in the fire.", "No one was hurt in the fire."),
    ("When was Halloran elected mayor?", "Halloran was elected mayor of Velmora on Sunday.",
     "The defeat set off an argument about whether the party can win next year's general election."),  # another election
    ("Did the health minister resign?", "The health minister resigned on Monday.", "The football coach was sacked after six defeats."),
    # figures of different things: what they count differs, or a unit of measure differs
    ("How many people work at the warehouse?", "About 300 people work at the warehouse.", "About 90 firefighters fought the warehouse fire."),
    ("How long is the tunnel?", "The tunnel will be 4 kilometres long.", "The tunnel will take 6 years to build."),
    ("How many people died in the chemical plant explosion according to the first reports?",
     "An explosion at the chemical plant killed three workers, the first reports said.",
     "The hospital said 17 people had been treated after the chemical plant explosion, more than first reported."),
    # a share is of the vote it is said to be of, not the runner-up's beside it
    ("What share of the vote did he get?", "Halloran won 52.4 percent of the vote against 47.6 percent for Adeyemi.",
     "Halloran beat the mayor with 52.4 percent of the vote, the count showed."),
])
def test_reports_that_agree_or_only_add_detail_are_not_said_to_differ(question, first, second):
    from qa.disagree import compare

    assert compare(question, report(first, "Wire", "2025-06-16"), report(second, "Review", "2025-06-17")) is None


@pytest.mark.parametrize("question, asks_words", [
    ("What did Halden's managing director Jorund Velde say about the cause of the fire?", True),
    ("How did Varga respond?", True),
    ("What did the reports say about the cause of the fire?", False),
    ("What caused the fire?", False),
])
def test_a_question_about_one_persons_words_is_not_about_reports_that_differ(question, asks_words):
    from qa.disagree import asks_for_words, find

    assert asks_for_words(question) is asks_words
    a = report("Police said the fire had been started deliberately.", "Times", "2025-03-08", 0.6)
    b = report("The company said an electrical fault caused the fire.", "Observer", "2025-03-09", 0.5)
    assert (find(question, [a], [a, b], gate=0.3) is None) is asks_words


def test_only_other_outlets_within_a_week_are_set_beside_the_best_report():
    from qa.disagree import find

    best = report("About 120 firefighters fought the fire.", "Harbour Times", "2025-03-08", score=0.6)
    same_outlet = report("About 90 firefighters fought the fire.", "Harbour Times", "2025-03-09", score=0.5)
    months_later = report("About 80 firefighters fought the fire.", "Observer", "2025-09-09", score=0.5)
    weak = report("About 70 firefighters fought the fire.", "Gazette", "2025-03-09", score=0.1)
    rival = report("About 90 firefighters fought the fire.", "Observer", "2025-03-09", score=0.4)
    question = "How many firefighters fought the fire?"
    assert find(question, [best], [best, same_outlet, months_later, weak], gate=0.3) is None
    found = find(question, [best], [best, same_outlet, months_later, weak, rival], gate=0.3)
    assert found is not None and [c for c, _ in found.sides] == [best, rival]


def test_the_answer_leads_with_who_says_what_and_when():
    from qa.disagree import differing_parts, guidance

    question = "When do the pay talks start?"
    a = report("The company agreed to reopen pay negotiations, which will start on Monday.", "Northern Wire", "2025-11-14", score=0.6)
    b = report("Talks on a new pay deal will begin on Tuesday at the mediation service.", "Rail Review", "2025-11-15", score=0.5)
    parts = differing_parts(question, [a], [a, b], gate=0.3)
    text, citations = compose_parts("differ", parts)
    lead = text.split("\n\n")[0]
    assert lead == ("The reports differ on the date: Northern Wire (14 November 2025) says “which will start on Monday”, that is Monday "
                    "17 November 2025; Rail Review (15 November 2025) says “deal will begin on Tuesday”, that is Tuesday 18 November 2025 "
                    "(from the quotes below, weekdays resolved against each report's date).")
    assert [c.source for c in citations] == ["Northern Wire", "Rail Review"]
    assert "differ on the date" in guidance(parts) and "Rail Review (15 November 2025)" in guidance(parts)
    from qa.assistant import guidance as llm_guidance

    assert llm_guidance(understand(question), parts, "differ") == guidance(parts)  # what the LLM is told
    figure = differing_parts("How many workers were killed?", [report("Five workers were killed.", "Wire", "2025-02-10", score=0.6)],
                             [report("The blast killed 7 workers.", "Post", "2025-02-12", score=0.5)], gate=0.3)
    assert compose_parts("differ", figure)[0].startswith(
        "The reports differ on the figure: Wire (10 February 2025) gives “Five workers”; Post (12 February 2025) gives “7 workers”")
    claim = differing_parts("Was the sprinkler system working?",
                            [report("He said the sprinkler system had not been working when the fire started.", "Times", "2025-03-08", 0.6)],
                            [report("The sprinklers worked as they were designed to, the company said.", "Observer", "2025-03-09", 0.5)], 0.3)
    assert compose_parts("differ", claim)[0].startswith(
        "The reports differ: Times (8 March 2025) says “sprinkler system had not been working when the fire started”; "
        "Observer (9 March 2025) says “The sprinklers worked as they were designed”")
    left = differing_parts("Did Varga resign?", [report("Ilona Varga resigned as health minister on Monday.", "Gazette", "2025-06-10", 0.6)],
                           [report("The premier sacked Ilona Varga on Monday.", "Courier", "2025-06-10", 0.5)], 0.3)
    assert compose_parts("differ", left)[0].startswith("The reports differ on how they left: Gazette (10 June 2025) says “Ilona Varga resigned")


# -- the sides of a comparison or an ordering ---------------------------------------------------
def test_a_sentence_that_names_both_sides_loses_to_one_about_its_own_side():
    from qa.sides import choose_sides

    sides = np.eye(3, dtype=np.float32)[:2]  # side A and side B, orthogonal
    lead = candidate("The court ruled for A against B.", article="lead", vector=[0.7, 0.7, 0.14])
    detail_a = candidate("A offered a bigger terminal.", article="a", vector=[0.8, 0.1, 0.59])
    detail_b = candidate("B offered a higher fee.", article="b", vector=[0.1, 0.8, 0.59])
    for c, score in ((lead, 0.5), (detail_a, 0.42), (detail_b, 0.4)):
        c.score = score
    chosen = choose_sides(["A", "B"], sides, [[lead, detail_a, detail_b], [lead, detail_b, detail_a]], gate=0.2, per_side=1)
    assert [[c.text for c in side] for side in chosen] == [[detail_a.text], [detail_b.text]]


def test_one_sentence_is_never_quoted_for_two_sides():
    from qa.sides import choose_sides

    only = candidate("A and B both happened.", vector=[0.6, 0.8, 0.0])
    only.score = 0.5
    chosen = choose_sides(["A", "B"], np.eye(3, dtype=np.float32)[:2], [[only], [only]], gate=0.2, per_side=2)
    assert chosen == [[], [only]]  # it goes to the side it is closest to


def test_an_ordered_side_is_dated_by_the_report_of_its_best_sentence():
    """Found in the app: "the first rate cut" went to an earlier report of a vote *for* a cut, scoring just
    under the report of the cut itself, when the earliest of several close matches was preferred."""
    from qa.sides import choose_sides

    cut = candidate("The bank cut its rate to 3.75 percent.", article="cut", date="2025-09-18", vector=[1.0, 0.0, 0.0])
    board = candidate("The board voted unanimously for the cut.", article="cut", date="2025-09-18", vector=[1.0, 0.0, 0.0])
    vote_for = candidate("One member voted for a cut.", article="hold", date="2025-04-24", vector=[1.0, 0.0, 0.0])
    cut.score, board.score, vote_for.score = 0.65, 0.6, 0.63
    chosen = choose_sides(["rate cut", "rate rise"], np.eye(3, dtype=np.float32)[:2], [[cut, vote_for, board], []], 0.2, 2, one_article=True)
    assert chosen[0] == [cut, board]


@pytest.mark.parametrize("side, outlet, named", [
    ("explosion at the Dorran chemical plant", "Dorran Evening Post", False),
    ("the Dorran Evening Post report", "Dorran Evening Post", True),
    ("the 2022 HotNews report on talks", "HotNews.ro", True),
    ("Anadolu's story on talks", "Anadolu Agency", True),
    ("the Anadolu region's farmers", "Anadolu Agency", False),
])
def test_a_side_names_an_outlet_only_as_an_outlet(side, outlet, named):
    from qa.assistant import names_outlet

    assert names_outlet(side, outlet) is named


def test_a_quote_counts_its_speakers_name_among_its_words():
    from qa.lexical import LexicalIndex

    said = candidate("“We accept the findings in full,” she said.")
    other = candidate("The regulator fined the company on Tuesday.")
    said.speaker = "Freya Mortensen"
    lexical = LexicalIndex([c.hit.chunk for c in (said, other)])
    answerer = ExtractiveAnswerer(embedder=None, scoring=Scoring(dense_budget=0))
    question = "What was Mortensen's response to the fine?"
    answerer.features(question, question, None, lexical, [said, other])
    assert said.lexical > 0


@pytest.mark.parametrize("question, topic", [
    ("How do the two articles differ on talks with the West?", "talks with the West"),
    ("What is the latest on the Brightline breach?", "Brightline breach"),
    ("How do the reports differ?", ""),
])
def test_what_a_question_without_named_sides_is_about(question, topic):
    assert understand(question).topic == topic


def test_what_both_reports_say_is_what_each_says_that_the_other_also_says():
    from qa.sides import agreeing

    a_lead = candidate("Nurses walked out at 14 hospitals.", article="a", vector=[0.0, 1.0, 0.0])
    a_pay = candidate("Pay fell 15 percent since 2019, the union says.", article="a", vector=[1.0, 0.0, 0.0])
    b_pay = candidate("Members lost about 15 percent of their pay since 2019.", article="b", vector=[0.98, 0.0, 0.2])
    b_ops = candidate("Hospitals postponed 1,400 operations.", article="b", vector=[0.0, 0.2, 0.98])
    for c, score in ((a_lead, 0.5), (a_pay, 0.4), (b_pay, 0.4), (b_ops, 0.5)):
        c.score = score
    chosen = agreeing([[a_lead, a_pay], [b_ops, b_pay]], gate=0.2, per=1)
    assert [c[0].text for c in chosen] == [a_pay.text, b_pay.text]


@pytest.mark.parametrize("question, parts", [
    ("Which came first — the strike or the pay deal?", ("strike", "pay deal")),
    ("Did the explosion happen before the strike?", ("explosion", "strike")),
    ("Did Brightline disclose the breach after Lind resigned?", ("Brightline disclose the breach", "Lind resigned")),
    ("Of the terminal award and the court freeze, which came first?", ("terminal award", "court freeze")),
    ("Which came first: the opening of the Halvik trial or the verdict?", ("opening of the Halvik trial", "Halvik verdict")),
    ("Which came later: the strike or the pay deal?", ("strike", "pay deal")),
])
def test_questions_about_the_order_of_events_in_other_words(question, parts):
    plan = understand(question)
    assert (plan.kind, plan.parts) == ("order", parts)


def test_a_question_asking_for_anything_before_an_event_is_not_an_order_of_two():
    assert understand("Did Lavrov say anything before the forum?").kind != "order"
# -- evaluation of the recency, disagree and said sets ------------------------------------------


def _cite(n: int, article_id: str, quote: str):
    from qa.models import Citation

    return Citation(n, article_id, "t", "s", "2025-03-08", "u", quote, 0, len(quote), quote)


def test_eval_scores_the_optional_fields_of_an_item():
    from qa.evaluate import field_checks

    older = "Some say the accounts differ on this."  # words of an article, not the answer's own
    text = (f"The reports differ: Harbour Times (8 March 2025) and Marrick Observer (9 March 2025).\n\n"
            f"“A fire broke out late on Friday.” [1] “It started after 1 a.m. on Saturday.” [2] “{older}” [3]")
    answer = Answer("q", text, False, [_cite(1, "id-new", "A fire broke out late on Friday."),
                                       _cite(2, "id-old", "It started after 1 a.m. on Saturday."), _cite(3, "id-x", older)])
    ids = {"id-new": "new.md", "id-old": "old.md"}
    item = {"facts": [["broke out late on Friday"], ["after 1 a.m. on Saturday"]], "first_article": "new.md",
            "date_words": [["8 March 2025"], ["9 March 2025", "March 9, 2025"]], "outlets": ["Harbour Times", "Marrick Observer"],
            "must_say": [["differ", "disagree"]], "not_facts": ["police treat it as arson"]}
    assert field_checks(item, answer, ids) == {"facts": True, "first_article": True, "date_words": True, "outlets": True,
                                               "must_say": True, "not_facts": True}

    failing = {**item, "first_article": "old.md", "date_words": [["7 March 2025"]], "outlets": ["Northern Wire Service"],
               "not_facts": ["after 1 a.m. on Saturday"], "must_not_say": ["reports differ"]}
    assert field_checks(failing, answer, ids) == {"facts": True, "first_article": False, "date_words": False, "outlets": False,
                                                  "must_say": True, "not_facts": False, "must_not_say": False}

    # "differ" inside a quote is the article's word: an answer that does not say so itself fails must_say
    quiet = Answer("q", f"Harbour Times (8 March 2025): “{older}” [1]", False, [_cite(1, "id-x", older)])
    assert field_checks({"facts": [["accounts differ"]], "must_say": [["differ"]], "must_not_say": ["differ"]}, quiet, ids) == {
        "facts": True, "must_say": False, "must_not_say": True}
    # a refused answer holds no fact, whatever else it avoids
    assert field_checks({"facts": [["x"]], "not_facts": ["y"]}, Answer("q", "The articles do not cover this.", True), ids) == {
        "facts": False, "not_facts": True}


def test_eval_figures_per_kind_and_check():
    from qa.evaluate import check_figures

    rows = [{"split": "tune", "kind": "latest", "ok": True, "checks": {"facts": True, "first_article": True}},
            {"split": "heldout", "kind": "latest", "ok": False, "checks": {"facts": True, "first_article": False}},
            {"split": "tune", "kind": "year", "ok": False, "checks": {"facts": False, "not_facts": True}}]
    figures = check_figures(rows)
    assert figures["all"]["latest"]["first_article"] == [1, 2] and figures["all"]["latest"]["all"] == [1, 2]
    assert figures["tune"]["year"]["not_facts"] == [1, 1] and figures["tune"]["year"]["first_article"] == [0, 0]
    assert figures["heldout"]["latest"]["facts"] == [1, 1]
    assert check_figures([{"split": "tune", "kind": "order", "ok": True, "checks": {"facts": True}}]) == {}


def test_a_month_in_a_question_selects_that_months_reports():
    from qa.assistant import plan_period

    class Library:  # what plan_period reads of the lexical index: each article's date
        article_dates = {"a": "2024-10-03", "b": "2025-10-02", "c": "2025-07-08"}

    october = understand("What did the government announce about water restrictions in October?")
    assert (october.month, october.year) == (10, "")
    assert plan_period(october, Library()) == ("2025-10-01", "2025-11-07")  # the latest October with reports
    september = understand("What did the court decide in September 2025?")
    assert plan_period(september, Library()) == ("2025-09-01", "2025-10-07")
    assert plan_period(understand("What did Lavrov say in 2022?"), Library()) == ("2022-01-01", "2022-12-31")
    assert understand("What may the bank do next?").month == 0


def test_a_change_in_a_cost_wants_a_number_and_an_outlet_is_named_once():
    from qa.answer import _WANTS_NUMBER
    from qa.compose import _label

    assert _WANTS_NUMBER.search("How did the estimated cost of the tram extension change?")
    assert not _WANTS_NUMBER.search("How did the mayor's view of the tram change?")
    c = candidate("The council cancelled the extension.", date="2025-07-24")
    c.hit.chunk.source = "The Courier National"
    assert _label(PartEvidence("", [c]), "change") == "the Courier National report"


def test_a_common_word_weighs_little_whatever_its_stem():
    # The stem of "Ukraine" ("ukrain") is no word of the text; it was looked up among the words, not found,
    # and weighed as the rarest term there is.
    from qa.lexical import LexicalIndex

    texts = ["Ukraine said the talks failed.", "Ukraine rejected the offer.", "Ukraine and the envoy met.", "The envoy left Ukraine on Monday."]
    index = LexicalIndex([chunk(f"a:{i}", f"a{i}", t) for i, t in enumerate(texts)])
    weights = index.idf(index.stems("Ukraine envoy offer absentword"))
    assert weights["ukrain"] < weights["envoy"] < weights["offer"] < weights["absentword"]


def test_what_reports_are_asked_about_apart_from_the_words_choosing_them():
    plan = understand("What do both reports from the first day of the Ashford nurses' strike say about the union's argument on pay?")
    assert plan.kind == "shared" and plan.aspect == "the union's argument on pay"
    assert understand("How do the two articles differ on talks with the West?").aspect == "talks with the West"
    assert understand("What did the minister say?").aspect == ""


@pytest.mark.parametrize("question, wants", [
    ("Who replaced him?", True), ("Which Bank of Caldora board member voted for a cut?", True), ("And who won?", True),
    ("Which came first: the fine or the resignation?", False), ("Which year did the line open?", False), ("What did he say?", False),
])
def test_questions_asking_for_a_name(question, wants):
    from qa.answer import _WANTS_NAME

    assert bool(_WANTS_NAME.search(question)) == wants


@pytest.mark.parametrize("question, wants", [
    ("Why was it so lenient?", True), ("And why did he resign?", True), ("What caused the delay?", True),
    ("What was the reason for the cut?", True), ("What did he say about why he resigned?", False), ("What happened?", False),
])
def test_questions_asking_for_a_reason(question, wants):
    from qa.answer import _WANTS_REASON

    assert bool(_WANTS_REASON.search(question)) == wants


@pytest.mark.parametrize("question, wants", [
    ("When did the bank cut?", True), ("And when will it open?", True), ("Who was fined, and when?", True),
    ("What year did the line open?", True), ("What did she say when the regulator fined the company?", False),
])
def test_questions_asking_for_a_time(question, wants):
    from qa.answer import _WANTS_TIME

    assert bool(_WANTS_TIME.search(question)) == wants


@pytest.mark.parametrize("question", ["What figure did the Echo give?", "What sum was paid?", "How much was the fine?"])
def test_questions_asking_for_a_number(question):
    from qa.answer import _WANTS_NUMBER

    assert _WANTS_NUMBER.search(question)


def test_a_time_is_no_number_unless_the_question_asks_about_time():
    from qa.answer import _has_number_for

    has = _has_number_for("How much did the consortium pay?")
    assert not has("The takeover was approved in 2025, seven weeks after the deal (DORRAN, Feb 10).")
    assert has("It paid 140 million euros.") and has("It paid a third of the price.")
    assert _has_number_for("How many weeks did the strike last?")("It lasted seven weeks.")


@pytest.mark.parametrize("text, units", [
    ("could lose up to 400 million euros this year", {"money:euro"}), ("about 2.1 million customers", {"count:custom"}),
    ("from 40 percent to 15 per cent", {"percent"}), ("killed three workers", {"count:worker"}), ("in 2011", set()),
])
def test_what_a_figure_counts(text, units):
    from qa.answer import figure_units

    assert figure_units(text) == units


def test_a_follow_up_asking_if_it_was_revised_wants_what_the_figures_question_got():
    from qa.answer import revised_figure

    history = [{"role": "user", "content": "How much could the drought cost farmers?"},
               {"role": "assistant", "content": "According to X (1 July 2025): Farmers could lose up to 400 million euros this year. [1]"},
               {"role": "user", "content": "Who made that estimate?"},
               {"role": "assistant", "content": "According to X (1 July 2025): The growers' union said so on Monday. [1]"}]
    assert revised_figure("Did they revise it later?", history) == {"money:euro"}
    assert revised_figure("Who revised it later?", history) == set()  # a name is asked, not the figure
    assert revised_figure("What did the union say later?", history) == set()


@pytest.mark.parametrize("question, asks", [
    ("Who replaced him?", False), ("Who is responsible for the delay?", False), ("What did the reactor operator find?", False),
    ("How did she respond?", True), ("What was his reaction?", True), ("What did Lind reply?", True), ("What did he say?", True),
])
def test_questions_asking_for_someones_words(question, asks):
    from qa.answer import SPEECH

    assert bool(SPEECH.search(question)) == asks


def test_she_in_a_follow_up_asks_the_words_of_the_women_the_turn_before_named():
    from qa.answer import asked_speakers

    earlier = "Who replaced him? The chair, Cecilia Amundsen, said chief operating officer Freya Mortensen would take over from Oskar Lind."
    assert asked_speakers("What did she say about the fine?", earlier) == ["Cecilia Amundsen", "Freya Mortensen"]
    assert asked_speakers("What did he say about the fine?", earlier) == ["Oskar Lind"]
    assert asked_speakers("What did Lind say?", earlier) == ["Lind"]  # a name asked is the one asked
    assert asked_speakers("What did she decide?", earlier) == []  # no one's words
    assert asked_speakers("What did her lawyer say?", earlier) == []  # the lawyer's words, not hers


def test_the_sentence_with_what_is_asked_joins_when_none_chosen_has_it():
    lead = candidate("One member of the board voted for a cut.", dense=0.8, lexical=0.6, prior=1.0)
    named = candidate("Board member Pieter Aalst voted for a cut of a quarter point.", dense=0.4, lexical=0.45, prior=0.8, typed=1.0)
    answerer = ExtractiveAnswerer(None)
    chosen = answerer.select(answerer.rank([lead, named]))
    assert chosen == [lead, named] and named.score < lead.score * answerer.scoring.keep_ratio  # joined for its name alone
    named.typed = 0.0  # a sentence without a name the question lacks stays out at that share
    assert answerer.select(answerer.rank([lead, named])) == [lead]


def test_word_pairs_keep_the_questions_order_and_treat_a_name_as_one():
    import Stemmer

    from qa.answer import near_share, word_pairs

    stemmer = Stemmer.Stemmer("english")

    def stems(text):
        import re

        stop = {"what", "why", "did", "the", "has", "was", "a", "and", "of", "to", "by"}
        return stemmer.stemWords([w for w in re.findall(r"\w\w+", text.lower()) if w not in stop])

    pairs = word_pairs("What did the minister offer?", stems)
    assert pairs == [("minist", "offer")]
    assert word_pairs("Why did Oskar Lind resign?", stems) == [("lind", "resign")]  # "Oskar Lind" is one name, not a relation
    assert near_share(pairs, stems("Health Minister Daniel Ferreira has offered 4 percent this year.")) == 1.0
    assert near_share(pairs, stems("The union said the offer was an insult and the minister should resign.")) == 0.0  # wrong order
    assert near_share(pairs, stems("The minister, speaking after a long day of talks in the capital, later offered")) == 0.0  # too far
    assert near_share([], stems("anything")) == 0.0


def test_asked_what_someone_said_their_quotation_follows_their_reported_words():
    from qa.answer import own_words_next

    text = ('Mortensen said the company would not appeal. "We accept the findings in full," she said.\n\n'
            '"We will do better," Mortensen added.')
    h = hit("c1", article="fine", text=text)

    def span(piece: str, speaker: str, said_by: float) -> Candidate:
        start = text.index(piece)
        return Candidate(h, start, start + len(piece), piece, speaker=speaker, said_by=said_by)

    reported = span("Mortensen said the company would not appeal.", "Freya Mortensen", 1.0)
    quote = span('"We accept the findings in full," she said.', "Freya Mortensen", 1.0)
    later = span('"We will do better," Mortensen added.', "Freya Mortensen", 1.0)
    assert own_words_next([reported], [reported, later, quote]) == [reported, quote]  # the next quotation, not a later paragraph's
    assert own_words_next([quote], [reported, later, quote]) == [quote]  # the next paragraph is another thought
    other = span('"We accept the findings in full," she said.', "Cecilia Amundsen", 1.0)
    assert own_words_next([reported], [other]) == [reported]  # someone else's words
    unasked = span("Mortensen said the company would not appeal.", "Freya Mortensen", 0.0)
    assert own_words_next([unasked], [quote]) == [unasked]  # nobody's words were asked for


def test_a_side_tells_an_event_when_it_says_what_happened_not_only_who():
    from qa.sides import tells_event

    assert not tells_event("Kestrel Marine's") and not tells_event("Solano Ports Group's")  # parties: told in one report
    assert tells_event("sacking of the manager") and tells_event("'s message when Cardelix was recalled")


def test_a_message_or_an_answer_asks_for_someones_words():
    from qa.answer import asked_speakers

    assert asked_speakers("Magnus Terhaar's message when the drug was recalled") == ["Magnus Terhaar"]
    assert asked_speakers("the way Magnus Terhaar answered the regulator") == ["Magnus Terhaar"]


def test_a_compared_stance_carries_to_the_second_event():
    parts = understand("How did the union react to the proposed cuts, compared with the budget that finally passed?").parts
    assert parts == ("union react to the proposed cuts", "union react to budget that finally passed")
    assert understand("How did Lind's response to the breach differ from Mortensen's response to the fine?").parts == (
        "Lind's response to the breach", "Mortensen's response to the fine")


def test_he_after_a_name_the_question_gives_itself_starts_a_new_topic():
    history = [{"role": "user", "content": "What did the minister offer?"}, {"role": "assistant", "content": "Ferreira offered 4 percent."}]
    new = "How did Magnus Terhaar's message when Cardelix was recalled differ from the way he answered the regulator?"
    assert is_follow_up(new, history) is False
    assert is_follow_up("What did Ferreira's deputy say when he met them?", history) is True  # a name the conversation had
    assert is_follow_up("How did he respond?", history) is True
    assert is_follow_up("Does The Courier National give the same figure?", history) is True  # "the same" is no person


@pytest.mark.parametrize(
    ("sentence", "starts"),
    [
        ("Solano Ports Group, which operates terminals in three southern cities, had offered a higher fee.", True),
        ("Solano's chairman, Viktor Sandell, said the company would not appeal.", True),
        ("PORT ILSE — Solano Ports Group said on Monday it would appeal.", True),  # after a dateline
        ("PORT ILSE — A regional court on Thursday suspended the contract after Solano Ports Group complained.", False),
        ("The harbour authority awarded the concession to Kestrel Marine.", False),
    ],
)
def test_a_sentence_about_a_compared_party_starts_with_it(sentence, starts):
    from qa.sides import starts_with

    assert starts_with(sentence, ["Solano Ports Group"]) is starts


@pytest.mark.parametrize(
    ("question", "earlier", "asked"),
    [
        ("How did the minister respond?", "The audit contradicted Transport Minister Sofia Brandt.", ["Sofia Brandt"]),
        ("What did the mayor say?", "Brennick's mayor, Carla Voss, said the city would hold the government to it.", ["Carla Voss"]),
        ("How did the minister react?", "Daniel Ferreira, the regional health minister, offered 4 percent.", ["Daniel Ferreira"]),
        ("How did the minister respond?", "The union rejected the offer.", []),  # no minister named: no one's words
    ],
)
def test_a_follow_up_asking_for_the_words_of_a_role_asks_for_the_person_named_with_it(question, earlier, asked):
    from qa.answer import asked_speakers

    assert asked_speakers(question, earlier) == asked


@pytest.mark.parametrize(
    ("question", "earlier", "asked"),
    [
        # A given name we do not know the gender of is "he" when no one named is known to be a man.
        ("What had he said right after the blast?", "Plant manager Gerrit Hollis left the company in March.", ["Gerrit Hollis"]),
        ("What did he say?", "Gerrit Hollis met Stefan Brecht.", ["Stefan Brecht"]),
        ("What did he say?", "Plant manager Lena Korhonen left the company.", []),
        # "she" is whoever the answer to "who" names, not someone named before.
        ("Who led the firefighting and what did she say?", "Mayor Lena Korhonen visited the site.", []),
    ],
)
def test_he_or_she_asks_for_the_words_of_someone_the_turn_before_named(question, earlier, asked):
    from qa.answer import asked_speakers

    assert asked_speakers(question, earlier) == asked

"""Answers with verbatim citations, against a real store holding the samples and the test articles."""

import json

import pytest
from conftest import DATA, SAMPLES
from helpers import json_out, run_cli

from qa.assistant import NO_ARTICLES, Assistant
from qa.evaluate import evidences, load_set
from store.errors import BadQuestion
from store.filters import Filters

pytestmark = pytest.mark.slow

QA_SET = DATA / "qa.jsonl"


@pytest.fixture(scope="module")
def library(tmp_path_factory, embedder):
    """One store for the module: the samples, tests/data/articles and tests/data/pages."""
    from qa.services import build
    from store.settings import Settings

    nd = build(Settings(data_dir=tmp_path_factory.mktemp("library")), embedder)
    report = nd.ingestor.add([str(SAMPLES), str(DATA / "articles"), str(DATA / "pages")])
    assert report.ok and len(report.added) == 9
    return nd.assistant


def assert_well_formed(answer, store):
    """Every quote verbatim at its offsets; markers [n] match citations[n-1] exactly."""
    import re

    markers = {int(m) for m in re.findall(r"\[(\d+)\]", answer.answer)}
    assert markers == set(range(1, len(answer.citations) + 1))
    for i, c in enumerate(answer.citations, 1):
        assert c.n == i
        article = store.get_article(c.article_id)
        assert article.text[c.start : c.end] == c.quote
        assert c.quote in c.passage and c.title == article.title and c.date == article.date


def test_lavrov_conditions(library):
    answer = library.ask("What conditions did Lavrov set for negotiations?")
    assert not answer.refused
    assert any("“serious proposal”" in c.quote for c in answer.citations)
    assert answer.citations[0].source == "HotNews.ro"
    assert_well_formed(answer, library.store)
    assert set(answer.timings_ms) == {"retrieve", "answer"}


@pytest.mark.parametrize("item", load_set(QA_SET), ids=lambda item: item["question"][:50])
def test_labelled_set_answers_are_well_formed(library, item):
    answer = library.ask(item["question"], item.get("history", []))
    assert_well_formed(answer, library.store)
    if not item.get("evidence") and not item.get("paraphrase"):  # off-topic questions; on-topic ones are measured, not asserted
        assert answer.refused and not answer.citations and "do not cover" in answer.answer


def test_quality_on_the_labelled_set(library):
    """Regression gate for the whole pipeline (measured figures are in docs/BENCHMARKS.md)."""
    items = [q for q in load_set(QA_SET) if q.get("split", "tune") == "tune"]
    answerable = [q for q in items if q.get("evidence")]
    cited = sum(any(any(e in c.quote or c.quote in e for e in evidences(q)) for c in library.ask(q["question"], q.get("history", [])).citations) for q in answerable)
    off_topic = [q for q in items if not q.get("evidence") and not q.get("paraphrase")]
    assert cited / len(answerable) >= 0.85
    assert all(library.ask(q["question"]).refused for q in off_topic)


def test_follow_up_finds_the_response(library):
    history = [{"role": "user", "content": "What did Pashinyan say about the CSTO?"}]
    first = library.ask(history[0]["content"])
    history.append({"role": "assistant", "content": first.answer})
    answer = library.ask("How did Lavrov respond?", history)
    assert not answer.refused
    assert any("No such document has been received" in c.quote or "imposing anything" in c.quote for c in answer.citations)


def conversation(library, *questions):
    """Ask in turn, the history holding only question and answer texts (as CHAT.json does); the answers."""
    history, answers = [], []
    for q in questions:
        answer = library.ask(q, history)
        assert_well_formed(answer, library.store)
        answers.append(answer)
        history += [{"role": "user", "content": q}, {"role": "assistant", "content": answer.answer}]
    return answers


def test_a_follow_up_may_be_answered_by_the_sentence_already_quoted(library):
    _, follow = conversation(library, "What did Russia demand about NATO's military infrastructure?", "To which year's positions?")
    assert not follow.refused and any("1997" in c.quote for c in follow.citations)


def test_how_did_that_change_moves_to_the_later_article(library):
    first, later = conversation(library, "What conditions did Lavrov set for negotiations?", "How did that change by 2024?")
    assert first.citations[0].source == "HotNews.ro"
    assert not later.refused and "Anadolu Agency" in {c.source for c in later.citations}


def test_a_pronoun_stays_in_the_article_of_the_conversation(library):
    _, follow = conversation(library, "What did Lavrov say at the international forum in Moscow about Asia?", "What did he say about diplomats there?")
    assert not follow.refused and follow.citations[0].source == "HotNews.ro"
    assert any("diplomats" in c.quote for c in follow.citations)


def test_which_came_first_names_the_reports_in_date_order(library):
    answer = library.ask("Which came first: Lavrov's turn of Russian foreign policy to Asia, or his remarks on normalising relations with the West?")
    assert_well_formed(answer, library.store)
    lead = answer.answer.split("\n\n")[0]
    assert lead.startswith("Going by the dates of the reports cited") and lead.index("2022") < lead.index("2024")
    assert [c.source for c in answer.citations][:1] == ["HotNews.ro"] and "Anadolu Agency" in {c.source for c in answer.citations}


def test_comparing_two_outlets_cites_both(library):
    answer = library.ask("How do the HotNews and Anadolu reports differ on talks with the West?")
    assert_well_formed(answer, library.store)
    assert {c.source for c in answer.citations} >= {"HotNews.ro", "Anadolu Agency"}


def test_who_wrote_it_is_answered_from_the_byline(library):
    answer = library.ask("Who wrote the Anadolu Agency article about Lavrov and normalising relations with the West?")
    assert_well_formed(answer, library.store)
    assert not answer.refused and "Burc Eruygur" in answer.answer
    assert any(c.quote.startswith("By Burc Eruygur") for c in answer.citations)


def test_change_over_time_is_in_date_order(library):
    answer = library.ask("How has Nordmark's interest rate changed over time?")
    dates = [c.date for c in answer.citations]
    assert len(set(dates)) == 2 and dates == sorted(dates)


def test_filters_restrict_sources_and_dates(library):
    q = "What did Lavrov say?"
    only_aa = library.ask(q, filters=Filters(sources=("Anadolu Agency",)))
    assert only_aa.citations and {c.source for c in only_aa.citations} == {"Anadolu Agency"}
    only_2022 = library.ask(q, filters=Filters(since="2022-01-01", until="2022-12-31"))
    assert only_2022.citations and {c.date for c in only_2022.citations} == {"2022-12-07"}
    nothing = library.ask(q, filters=Filters(since="2030-01-01"))
    assert nothing.refused and not nothing.passages


@pytest.mark.parametrize("question", ["What did Lavrov say about NATO?", "How large is the wind farm?", "Who won the election?"])
def test_search_within_a_follow_ups_articles_is_chromas_filtered_query(library, question):
    """The thread ranking is computed from the chunks' stored vectors: the same chunks in the same order, with
    the same scores, as Chroma's query filtered to those articles (and to the other filters)."""
    retriever, store = library.retriever, library.store
    lexical = retriever.sync()
    articles = sorted({c.article_id for c in lexical.chunks})
    vector = store.embedder.embed([question])[0]
    cases = [(articles[:2], Filters()), (articles, Filters()), (articles[:5], Filters(since="2023-01-01")),
             (articles, Filters(sources=("Anadolu Agency", "HotNews.ro"))), (articles[:3], Filters(exclude=tuple(articles[1:3])))]
    for prefer, filters in cases:
        where = {"article_id": {"$in": prefer}}
        narrowed = filters.where()
        expected = store.search(vector, k=retriever.depth, where={"$and": [where, narrowed]} if narrowed else where, token=lexical.token)
        got = retriever.nearest_in(lexical, vector, prefer, filters)
        assert [h.chunk.chunk_id for h in got] == [h.chunk.chunk_id for h in expected]
        assert [h.rank for h in got] == [h.rank for h in expected]
        assert all(abs(a.score - b.score) < 1e-5 and a.chunk == b.chunk for a, b in zip(got, expected, strict=True))
    assert len(retriever.nearest_in(lexical, vector, articles, Filters())) == min(retriever.depth, len(lexical.chunks))


@pytest.mark.parametrize("question", ["", "   ", "x" * 20_000])
def test_bad_questions_get_a_clear_message(library, question):
    with pytest.raises(BadQuestion) as err:
        library.ask(question)
    assert "question" in str(err.value).lower()


def test_question_in_another_language_gets_a_notice(library):
    answer = library.ask("¿Qué dijo Lavrov sobre la OTAN y las negociaciones?")
    assert "Spanish" in answer.notice
    assert_well_formed(answer, library.store)


def test_empty_store_says_so(store):
    answer = Assistant(store).ask("What did Lavrov say?")
    assert answer.refused and answer.answer == NO_ARTICLES


def test_lexical_index_follows_adds_and_removes(store, ingestor, tmp_path):
    assistant = Assistant(store)
    path = tmp_path / "vote.txt"
    path.write_text("Parliament backs solar subsidy\n\nThe parliament of Linden approved a subsidy of 400 euros for every household that installs solar panels, the speaker announced on Friday.")
    assert Assistant(store).ask("How large is the solar panel subsidy in Linden?").answer == NO_ARTICLES
    assistant.ask("anything")  # warm: the index is built for the empty store
    (aid,) = ingestor.add([str(path)]).added
    answer = assistant.ask("How large is the solar panel subsidy in Linden?")
    assert not answer.refused and "400 euros" in answer.citations[0].quote
    store.remove(aid)
    assert assistant.ask("How large is the solar panel subsidy in Linden?").answer == NO_ARTICLES


def test_another_process_adding_is_seen_without_restart(store, tmp_path):
    assistant = Assistant(store)
    (tmp_path / "a.txt").write_text("Harbour tunnel opens\n\nThe new harbour tunnel in Greyhaven opened to traffic on Monday, cutting the crossing time to four minutes, the transport ministry said.")
    (tmp_path / "b.txt").write_text("Museum reopens\n\nThe city museum of Karsk reopened on Saturday after a two-year renovation that cost 30 million euros, its director said.")
    assert run_cli("ingest", "add", str(tmp_path / "a.txt")).returncode == 0
    assert "four minutes" in assistant.ask("How long does the harbour tunnel crossing take?").citations[0].quote
    assert run_cli("ingest", "add", str(tmp_path / "b.txt")).returncode == 0  # while this process holds the store open
    answer = assistant.ask("How much did the Karsk museum renovation cost?")
    assert not answer.refused and "30 million euros" in answer.citations[0].quote


def test_cli_ask_json_file_and_history(tmp_path):
    assert run_cli("ingest", "add", str(SAMPLES)).returncode == 0
    proc = run_cli("qa", "ask", "What conditions did Lavrov set for negotiations?", "--json")
    out = json_out(proc)
    assert set(out) >= {"question", "answer", "refused", "citations", "passages", "timings_ms"}
    assert set(out["citations"][0]) == {"n", "article_id", "title", "source", "date", "url", "quote", "start", "end", "passage", "speaker", "also_in"}
    assert set(out["passages"][0]) == {"rank", "article_id", "chunk_id", "score", "text"}

    questions = tmp_path / "q.txt"
    questions.write_text("Where is Russia refocusing its foreign policy?\n\nWhat is the recipe for apple pie?\n")
    lines = run_cli("qa", "ask", "--file", str(questions), "--json").stdout.strip().splitlines()
    assert [json.loads(line)["refused"] for line in lines] == [False, True]

    chat = tmp_path / "chat.json"
    chat.write_text(json.dumps([{"role": "user", "content": "What did Pashinyan say about the CSTO?"}]))
    follow = json_out(run_cli("qa", "ask", "How did Lavrov respond?", "--history", str(chat), "--json"))
    assert not follow["refused"]


def test_cli_errors_are_messages_not_tracebacks(tmp_path):
    empty = run_cli("qa", "ask", "   ", "--json")
    assert empty.returncode == 1 and "empty" in empty.stderr and "Traceback" not in empty.stderr
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    broken = run_cli("qa", "ask", "What did Lavrov say?", env={"NEWSDESK_DATA_DIR": str(blocker)})
    assert broken.returncode == 1 and "Cannot open the Chroma store" in broken.stderr and "Traceback" not in broken.stderr
    bad_history = run_cli("qa", "ask", "Why?", "--history", str(blocker))
    assert bad_history.returncode == 2 and "history" in bad_history.stderr

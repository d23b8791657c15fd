"""The app's pages through Streamlit's AppTest: real store, real model, no browser."""

import re

import pytest
from conftest import ROOT, SAMPLES
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.slow


def plain(markdown: str) -> str:
    """What the reader sees of our escaped Markdown."""
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.fixture
def app(ingestor):
    ingestor.add([str(SAMPLES)])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    return at


def test_chat_answers_with_citations_and_new_chat_clears(app):
    app.chat_input(key="question").set_value("What conditions did Lavrov set for negotiations?").run()
    assert not app.exception
    assistant = app.chat_message[1]
    assert "[1]" in plain(assistant.markdown[0].value)
    assert any("serious proposal" in h.proto.body for h in app.get("html"))
    assert app.button(key="open_1_1")  # each source has its "Open article"
    app.button(key="new_chat").click().run()
    assert len(app.chat_message) == 0


def test_refusal_looks_like_a_notice_not_an_error(app):
    app.chat_input(key="question").set_value("What is the recipe for apple pie?").run()
    assert not app.exception and not app.error
    assert "do not cover" in app.info[0].value


def test_sidebar_shows_count_and_filters_reach_retrieval(app):
    assert app.metric[0].value == "2"
    app.multiselect(key="filter_sources").set_value(["Anadolu Agency"]).run()
    app.chat_input(key="question").set_value("What did Lavrov say about negotiations?").run()
    answer = plain(app.chat_message[1].markdown[0].value)
    assert "Anadolu Agency" in answer and "HotNews" not in answer


def test_library_paste_adds_an_article_that_chat_can_cite(app):
    app.sidebar.radio(key="page").set_value("Library").run()
    app.text_area(key="paste_text").input(
        "Linden bans cars from its old town\n\nThe city council of Linden voted on Thursday to ban private cars from the old town from next April, "
        "with exceptions for residents and delivery vans before 10 a.m., the mayor said."
    )
    app.text_input(key="paste_source").input("Linden Daily")
    next(b for b in app.button if b.label == "Add article").click().run()  # the form's submit button
    assert not app.exception
    assert "Added 1" in app.success[0].value
    assert any("Linden bans cars" in plain(m.value) for m in app.markdown)
    app.sidebar.radio(key="page").set_value("Chat").run()
    app.chat_input(key="question").set_value("When will cars be banned from Linden's old town?").run()
    assert "Linden Daily" in plain(app.chat_message[1].markdown[0].value)


def test_library_remove(app, store):
    app.sidebar.radio(key="page").set_value("Library").run()
    first = store.list_articles()[0]
    app.button(key=f"remove_{first.article_id}").click().run()
    assert not app.exception and store.count() == 1


def test_store_unavailable_is_a_message(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(blocker))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    assert "Cannot open the Chroma store" in at.error[0].value


def test_sources_name_the_author_and_the_speaker(app):
    app.chat_input(key="question").set_value("What did Lavrov say about Armenia's withdrawal from the CSTO?").run()
    assert not app.exception
    reply = app.chat_message[1]
    headings = [plain(m.value) for m in reply.markdown]
    assert any("Anadolu Agency · by Burc Eruygur" in h for h in headings), headings
    assert any("Sergey Lavrov" in plain(c.value) for c in reply.caption)

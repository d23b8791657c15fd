"""Front matter, headlines, bylines, dates, URLs and article identity."""

import pytest

from ingest.metadata import article_id_for, canonical_url, content_hash, split_front_matter, split_headline
from store.text import normalize_date


def test_front_matter_with_aliases():
    meta, body = split_front_matter("---\ntitle: A headline\noutlet: Daily Example\ndate: 2024-05-01\nauthors: [Ann, Bob]\n---\nBody text.")
    assert meta["title"] == "A headline" and meta["source"] == "Daily Example" and meta["author"] == "Ann, Bob"
    assert normalize_date(meta["date"]) == "2024-05-01" and body == "Body text."


def test_text_without_front_matter_is_untouched():
    text = "---\nnot: [valid yaml\n---\nBody"
    assert split_front_matter(text) == ({}, text)


def test_headline_is_taken_out_and_the_byline_names_the_author():
    title, author, body = split_headline("Storm hits the coast\n\nBy Jane Roe and John Poe\n\nThe storm arrived on Monday.")
    # the byline stays in the text: "who wrote it?" is answered by quoting it
    assert (title, author, body) == ("Storm hits the coast", "Jane Roe and John Poe", "By Jane Roe and John Poe\n\nThe storm arrived on Monday.")


def test_a_first_paragraph_is_not_a_headline():
    text = "The storm arrived on Monday, flooding streets.\n\nMore rain is expected."
    assert split_headline(text) == ("", "", text)


@pytest.mark.parametrize(
    "raw, iso",
    [("2022-12-07", "2022-12-07"), ("2022-12-07T10:00:00Z", "2022-12-07"), ("December 7, 2022", "2022-12-07"), ("7 Dec 2022", "2022-12-07"), ("soon", ""), ("", "")],
)
def test_dates(raw, iso):
    assert normalize_date(raw) == iso


def test_canonical_url_drops_tracking_and_fragment():
    assert canonical_url("HTTPS://News.Example/a/b/?utm_source=x&id=3#top") == "https://news.example/a/b?id=3"


def test_identity_prefers_url_then_path_then_content():
    h = content_hash("Some  text\nhere")
    assert h == content_hash("Some text here")
    by_url = article_id_for("https://news.example/a?utm_medium=rss", "/tmp/a.txt", h)
    assert by_url == article_id_for("https://news.example/a", "", "")
    assert article_id_for("", "/tmp/a.txt", h) != article_id_for("", "/tmp/b.txt", h)
    assert article_id_for("", "", h) == article_id_for("", "", content_hash("Some text here"))

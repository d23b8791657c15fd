"""Cleaning keeps the article and drops page furniture, on the shipped samples and on realistic pages."""

import pytest
from conftest import DATA, SAMPLES

from ingest.clean import clean_text
from ingest.load import load_path
from ingest.metadata import split_front_matter
from store.text import main_language


def _sample(name: str) -> str:
    return clean_text(split_front_matter((SAMPLES / name).read_text(encoding="utf-8"))[1])


def test_hotnews_sample_loses_credit_and_livetext_promo():
    text = _sample("hotnews-lavrov-asia.txt")
    assert "Photo:" not in text and "Profimedia" not in text
    assert "LIVETEXT" not in text and "___" not in text
    assert "“We are transferring people" in text
    assert text.endswith("especially Ukraine. .")  # the last real paragraph survives, verbatim


def test_anadolu_sample_loses_comment_block_and_section_footer():
    text = _sample("aa-lavrov-normalization.txt")
    assert "Be the first to comment" not in text
    assert "UYARI" not in text and "yorumlar" not in text
    assert not text.rstrip().endswith("Politics News")
    assert "“No such document has been received,” Lavrov said" in text
    assert text.endswith('"closing the door" on Yerevan.')


@pytest.mark.parametrize(
    "page, dropped, kept",
    [
        ("harbor-strike.html", ["Read more:", "Sign up for our", "Photo:", "All rights reserved", "Be the first"], ["4,000 dock workers", "6 percent raise"]),
        ("central-bank.html", ["Follow us on X", "Getty Images", "AVISO", "Share on Facebook"], ["3.75 percent", "two cuts this year"]),
    ],
)
def test_realistic_pages_keep_only_the_article(page, dropped, kept):
    text = clean_text(load_path(str(DATA / "pages" / page)).text)
    for phrase in dropped:
        assert phrase not in text
    for phrase in kept:
        assert phrase in text


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Inflation eases for a third month",
        "• Subscribe to our daily newsletter",
        "The finance minister at the summit in Brussels. Photo: Jane Doe / AFP",
        "(Photo by John Smith/Getty Images)",
        "12 comments",
        "Leave a comment",
        "© 2024 Daily Example Media",
        "* * *",
        "Tags: economy, inflation, Europe",
    ],
)
def test_furniture_lines_are_dropped(line):
    body = "The government said on Monday it would raise the minimum wage by 5 percent next year. Unions welcomed the move."
    assert clean_text(f"{body}\n\n{line}\n\n{body}") == f"{body}\n\n{body}"


@pytest.mark.parametrize(
    "line",
    [
        "Following the vote, the opposition said it would challenge the result in court.",
        "Read the full statement below, the ministry told reporters.",
        "Photographs taken by residents showed the flooded streets.",
        "He said the share of renewable power had doubled since 2020.",
    ],
)
def test_article_sentences_that_look_alike_are_kept(line):
    body = "The government said on Monday it would raise the minimum wage by 5 percent next year."
    assert line in clean_text(f"{body}\n\n{line}")


def test_foreign_language_block_is_dropped_but_a_quoted_phrase_is_not():
    english = "The prime minister said the talks would continue next week in the capital, and that he expected an agreement."
    quote = 'Protesters chanted "¡No pasarán!" as the motorcade passed, according to witnesses at the scene.'
    spanish = "Los comentarios ofensivos no serán publicados y la cuenta del usuario puede ser suspendida por los moderadores."
    german = "Die Kommentare werden von der Redaktion geprüft und nicht sofort mit dem Artikel veröffentlicht."
    text = clean_text("\n\n".join([english, quote, spanish, english, german]))
    assert quote in text and "Los comentarios" not in text and "Kommentare" not in text


def test_non_english_article_is_kept_whole():
    article = (
        "Der Bundestag hat am Donnerstag ein neues Gesetz zur Energieeffizienz beschlossen.\n\n"
        "Die Regierung will damit den Verbrauch bis 2030 um ein Viertel senken, sagte die Ministerin."
    )
    assert main_language(article) == "de"
    assert clean_text(article) == article


def test_whitespace_is_normalised():
    assert clean_text("A  line\u00a0here.\r\n\r\n\r\n\r\nNext   one.  ") == "A line here.\n\nNext one."

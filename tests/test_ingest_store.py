"""Identity, update, duplicate, remove and crash-consistency against a real Chroma and the real model."""


import pytest
from conftest import DATA, SAMPLES

from ingest.pipeline import Overrides

pytestmark = pytest.mark.slow


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


ARTICLE = """Port strike ends after nine days

By Ana Weiss

Dock workers at the Port of Valmora returned to work on Sunday after union members approved a deal with a 7 percent raise over two years.

The nine-day strike had halted most container traffic and cost exporters an estimated 100 million euros, according to the chamber of commerce.

"This is a fair outcome for both sides," Labour Minister Petra Lind said in a statement.
"""


def test_samples_land_with_their_metadata(ingestor, store):
    report = ingestor.add([str(SAMPLES)])
    assert len(report.added) == 2 and report.ok
    by_source = {a.source: a for a in store.list_articles()}
    assert by_source["HotNews.ro"].date == "2022-12-07" and by_source["Anadolu Agency"].date == "2024-12-05"
    aa = store.get_article(by_source["Anadolu Agency"].article_id)
    assert aa.title.startswith("Russia says normalization with West") and aa.author == "Burc Eruygur"
    for chunk in store.chunks_of(aa.article_id):
        assert aa.text[chunk.start : chunk.end] == chunk.text


def test_readding_same_text_changes_nothing(ingestor, store, tmp_path):
    path = _write(tmp_path / "strike.txt", ARTICLE)
    first = ingestor.add([path])
    token = store.change_token()
    again = ingestor.add([path])
    assert again.unchanged == first.added and not again.added and not again.updated
    assert store.change_token() == token


def test_edited_text_replaces_all_chunks(ingestor, store, tmp_path, settings):
    path = _write(tmp_path / "strike.txt", ARTICLE * 3)  # long: several chunks
    (aid,) = ingestor.add([path]).added
    before = store.chunks_of(aid)
    assert len(before) > 1
    _write(tmp_path / "strike.txt", ARTICLE.replace("7 percent", "8 percent"))
    report = ingestor.add([path])
    assert report.updated == [aid]
    after = store.chunks_of(aid)
    article = store.get_article(aid)
    assert len(after) < len(before)  # no stale chunk survives the shorter text
    assert all(article.text[c.start : c.end] == c.text for c in after)
    assert "8 percent" in article.text and not any("7 percent" in c.text for c in store.all_chunks())


def test_same_text_from_another_source_is_a_duplicate(ingestor, store, tmp_path):
    (aid,) = ingestor.add([_write(tmp_path / "a.txt", ARTICLE)]).added
    copy = _write(tmp_path / "copy.txt", ARTICLE.replace("\n\n", "\n\n\n"))  # same text, other whitespace
    report = ingestor.add([copy])
    assert report.unchanged == [aid] and report.duplicates == [{"path": copy, "article_id": aid}]
    assert store.count() == 1


def test_duplicates_within_one_batch(ingestor, store, tmp_path):
    a = _write(tmp_path / "a.txt", ARTICLE)
    b = _write(tmp_path / "b.txt", ARTICLE)
    report = ingestor.add([a, b, a])
    assert len(report.added) == 1 and report.unchanged == [report.added[0], report.added[0]]
    assert store.count() == 1


def test_remove_deletes_article_and_chunks(ingestor, store, tmp_path):
    (aid,) = ingestor.add([_write(tmp_path / "a.txt", ARTICLE)]).added
    assert store.remove(aid)
    assert store.get_article(aid) is None and store.chunks_of(aid) == [] and store.all_chunks() == []
    assert not store.remove(aid)


def test_pasted_text_and_overrides(ingestor, store):
    report = ingestor.add_text(ARTICLE, Overrides(title="Strike over", source="Valmora Post", date="2025-03-23"))
    (aid,) = report.added
    article = store.get_article(aid)
    assert (article.title, article.source, article.date) == ("Strike over", "Valmora Post", "2025-03-23")
    assert ingestor.add_text(ARTICLE).unchanged == [aid]


def test_a_bad_file_fails_alone(ingestor, store, tmp_path):
    good = _write(tmp_path / "good.txt", ARTICLE)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    report = ingestor.add([str(tmp_path / "empty.txt"), good, str(tmp_path / "blob.txt"), "/no/such/file.txt", str(DATA / "pages")])
    assert len(report.added) == 3  # good.txt and the two HTML pages
    assert [f["path"].rsplit("/", 1)[-1] for f in report.failed] == ["empty.txt", "blob.txt", "file.txt"]
    assert all(f["error"].endswith(".") and "Traceback" not in f["error"] for f in report.failed)
    assert store.count() == 3


def test_half_written_article_is_invisible_and_rerun_completes_it(ingestor, store, tmp_path, embedder):
    from ingest.load import load_path
    from ingest.pipeline import prepare

    path = _write(tmp_path / "a.txt", ARTICLE)
    prepared = prepare(load_path(path), Overrides(), embedder.count_tokens_many, 128)
    # What a crash after the chunk write and before the article record leaves behind:
    vectors = embedder.embed([c.text for c in prepared.chunks])
    store._col("chunks").upsert(
        ids=[c.chunk_id for c in prepared.chunks],
        documents=[c.text for c in prepared.chunks],
        metadatas=[store._chunk_meta(prepared.article, c) for c in prepared.chunks],
        embeddings=vectors.tolist(),
    )
    assert store.all_chunks() == [] and store.search(vectors[0], k=5) == []
    assert store.count() == 0
    report = ingestor.add([path])
    assert report.added == [prepared.article.article_id]
    assert len(store.all_chunks()) == len(prepared.chunks)
    assert store.search(vectors[0], k=5)[0].chunk.chunk_id == prepared.chunks[0].chunk_id


def test_search_and_filters(ingestor, store, embedder):
    from store.filters import Filters

    ingestor.add([str(SAMPLES), str(DATA / "pages")])
    q = embedder.embed(["How did Lavrov respond to Pashinyan about the CSTO?"])[0]
    hits = store.search(q, k=3)
    assert "CSTO" in hits[0].chunk.text and hits[0].score > hits[-1].score
    only_2022 = store.search(q, k=10, where=Filters(since="2022-01-01", until="2022-12-31").where())
    assert only_2022 and {h.chunk.date for h in only_2022} == {"2022-12-07"}
    ledger = store.search(q, k=10, where=Filters(sources=("The Coastal Ledger",)).where())
    assert {h.chunk.source for h in ledger} == {"The Coastal Ledger"}


def test_change_token_is_seen_by_another_store_on_the_same_path(ingestor, store, settings, embedder, tmp_path):
    from store.store import Store

    other = Store.open(settings, embedder)
    q = embedder.embed(["dock workers strike raise"])[0]
    assert other.search(q, k=3) == []
    other.refresh()
    ingestor.add([_write(tmp_path / "a.txt", ARTICLE)])
    assert other.refresh() is True
    assert other.search(q, k=3)


def test_store_in_an_unusable_folder_gives_a_clear_error(tmp_path, embedder):
    from store.errors import StoreUnavailable
    from store.settings import Settings
    from store.store import Store

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreUnavailable, match="Cannot open the Chroma store"):
        Store.open(Settings(data_dir=blocker), embedder).count()

"""A news-aware library, through the CLI and the assistant: a wire copy from another outlet is one story
(stored once, every outlet kept), the earliest outlet leads it, removing one outlet keeps the story, and
citations say who spoke the quoted words."""

import shutil

import pytest
from conftest import DATA, SAMPLES
from helpers import json_out, run_cli

pytestmark = pytest.mark.slow

ORIGINAL = DATA / "news" / "dorran-chemical-plant-explosion.md"  # Northern Wire Service, 10 February 2025
COPY = DATA / "news_copies" / "dorran-explosion-harbourtimes-wire.md"  # Harbour Times' copy of it, same day
OTHER = DATA / "news" / "dorran-explosion-toll-rises.md"  # the same event, a different story: stays apart


def _story(listing, source):
    return next(a for a in listing if a["source"] == source)


def test_a_wire_copy_joins_its_story_and_removing_one_outlet_keeps_it(tmp_path):
    added = json_out(run_cli("ingest", "add", str(ORIGINAL), str(OTHER), "--json"))
    assert len(added["added"]) == 2
    copy = json_out(run_cli("ingest", "add", str(COPY), "--json"))
    story_id = next(a["article_id"] for a in json_out(run_cli("ingest", "list", "--json")) if a["source"] == "Northern Wire Service")
    assert copy["duplicates"] == [{"path": str(COPY), "article_id": story_id}] and copy["unchanged"] == [story_id]
    again = json_out(run_cli("ingest", "add", str(COPY), "--json"))  # re-adding a copy changes nothing
    assert again["duplicates"] == copy["duplicates"] and not again["added"] and not again["updated"]

    listing = json_out(run_cli("ingest", "list", "--json"))
    assert len(listing) == 2  # the copy is not a third article competing in every answer
    story = _story(listing, "Northern Wire Service")
    assert [o["source"] for o in story["also_in"]] == ["Harbour Times"] and {"source", "url", "date"} <= set(story["also_in"][0])

    answer = json_out(run_cli("qa", "ask", "How many workers were killed in the first reports of the Dorran blast?", "--json"))
    cited = [c for c in answer["citations"] if c["article_id"] == story_id]
    assert cited and cited[0]["also_in"][0]["source"] == "Harbour Times" and "also carried by Harbour Times" in answer["answer"]

    removed = json_out(run_cli("ingest", "remove", story_id, "--json"))
    assert removed["removed"] == [story_id]
    listing = json_out(run_cli("ingest", "list", "--json"))
    assert {a["source"] for a in listing} == {"Harbour Times", "Dorran Evening Post"}  # Harbour Times' copy now tells it
    answer = json_out(run_cli("qa", "ask", "How many workers were killed in the first reports of the Dorran blast?", "--json"))
    assert not answer["refused"] and "Harbour Times" in {c["source"] for c in answer["citations"]}


def test_the_earliest_outlet_leads_the_story(tmp_path, ingestor, store):
    late = tmp_path / "late.md"
    late.write_text(COPY.read_text(encoding="utf-8").replace("date: 2025-02-10", "date: 2025-02-11"), encoding="utf-8")
    early = tmp_path / "early.md"
    shutil.copy(ORIGINAL, early)
    (late_id,) = ingestor.add([str(late)]).added
    report = ingestor.add([str(early)])
    (early_id,) = report.added
    listing = store.list_articles()
    assert [a.article_id for a in listing] == [early_id]
    assert [o["article_id"] for o in listing[0].also_in] == [late_id]
    assert store.get_article(late_id).copy_of == early_id and not store.chunks_of(late_id)


def test_citations_name_who_spoke(ingestor, assistant):
    ingestor.add([str(SAMPLES)])
    answer = assistant.ask("What did Lavrov say about Armenia withdrawing from the CSTO?")
    assert not answer.refused
    spoken = [c for c in answer.citations if c.speaker]
    assert spoken and all("Lavrov" in c.speaker or "Pashinyan" in c.speaker for c in spoken)
    assert not any("Pashinyan" in (c.speaker or "") and "No such document" in c.quote for c in answer.citations)
    out = answer.to_json()["citations"][0]
    assert "speaker" in out and "also_in" in out


def test_outlets_that_disagree_are_set_side_by_side(ingestor, assistant):
    ingestor.add([str(DATA / "news" / "velmora-mayor-election.md"), str(DATA / "news" / "velmora-election-national.md")])
    answer = assistant.ask("What share of the vote did Marek Halloran win in the Velmora mayoral election?")
    assert answer.answer.startswith("The reports differ on the figure:")
    assert {c.source for c in answer.citations} == {"Velmora Herald", "The Courier National"}
    assert "52.4" in answer.answer and "51.8" in answer.answer


def test_copies_are_found_across_ingest_processes_and_after_removing_the_original():
    """Each `ingest add` is its own process: the copy index it uses is the one saved beside the store by the
    process before, brought up to date (ingest/copy_cache.py). Removing the story in between (`ingest remove`
    does not touch the saved index) must not leave it there."""
    (original_id,) = json_out(run_cli("ingest", "add", str(ORIGINAL), "--json"))["added"]
    copy = json_out(run_cli("ingest", "add", str(COPY), "--json"))
    assert copy["duplicates"] == [{"path": str(COPY), "article_id": original_id}]
    (other_id,) = json_out(run_cli("ingest", "add", str(OTHER), "--json"))["added"]  # the same event, another story
    assert json_out(run_cli("ingest", "remove", original_id, "--json"))["removed"] == [original_id]
    listing = json_out(run_cli("ingest", "list", "--json"))
    heir = _story(listing, "Harbour Times")["article_id"]  # the copy tells the story now
    again = json_out(run_cli("ingest", "add", str(COPY), "--json"))
    assert again["unchanged"] == [heir] and not again["added"] and not again["duplicates"]
    back = json_out(run_cli("ingest", "add", str(ORIGINAL), "--json"))  # the removed original comes back: a copy of its heir
    assert back["duplicates"] == [{"path": str(ORIGINAL), "article_id": heir}] and not back["added"]
    listing = json_out(run_cli("ingest", "list", "--json"))
    assert sorted(a["article_id"] for a in listing) == sorted([heir, other_id])
    assert [o["source"] for o in _story(listing, "Harbour Times")["also_in"]] == ["Northern Wire Service"]


# -- the saved copy index (ingest/copy_cache.py) against the store it was saved for ---------------------


def _rebuilt(store):
    from ingest import copy_cache
    from ingest.dedup import CopyIndex

    index = CopyIndex()
    copy_cache.apply(index, store.records())
    return index


def _contents(index) -> dict:
    ids, values, sizes = index.arrays()
    return {aid: (tuple(int(v) for v in values[i]), int(sizes[i])) for i, aid in enumerate(ids)}


def test_the_saved_copy_index_follows_every_change_another_process_makes(settings, embedder, store, tmp_path, monkeypatch):
    """After adds, a copy, a removal (the copy takes over), an edited text and a repair, each made by another
    Newsdesk on the same data folder, the saved index brought up to date holds exactly what a rebuild from
    every record holds, whether this process starts from the saved file or from its own last snapshot."""
    from ingest import copy_cache
    from qa.services import build
    from store.cache import cache_dir

    monkeypatch.setattr(copy_cache, "MARGIN", 0.0)  # read only the records written since each snapshot: the update is what is tested
    root = cache_dir(settings, "copies")
    other = build(settings, embedder).ingestor  # another process's Newsdesk: its own Store on the same folder
    mine = copy_cache.sync(store, None, root)
    assert mine.made == "rebuilt" and len(mine.index) == 0
    edited = tmp_path / "toll.md"
    shutil.copy(OTHER, edited)

    def check():
        nonlocal mine
        from_file = copy_cache.sync(store, None, root)
        assert from_file.made == "updated" and _contents(from_file.index) == _contents(_rebuilt(store))
        mine = copy_cache.sync(store, mine, root)  # this process's snapshot from before, not the file
        assert mine.made == "unchanged" and _contents(mine.index) == _contents(_rebuilt(store))

    (original_id, toll_id) = other.add([str(ORIGINAL), str(edited)]).added
    check()
    assert other.add([str(COPY)]).duplicates  # a copy: a record without chunks, not a story of the index
    check()
    assert other.remove(original_id)  # the copy becomes the story
    check()
    assert original_id not in mine.index and len(mine.index) == 2
    edited.write_text(OTHER.read_text(encoding="utf-8").replace("\n\n", "\n\nAn updated paragraph says that the plant stays closed for months.\n\n", 1),
                      encoding="utf-8")
    assert other.add([str(edited)]).updated == [toll_id]
    check()
    store._col("chunks").delete(where={"article_id": toll_id})  # an interrupted write, then a repair
    assert other.repair(everything=True).incomplete == [toll_id]
    check()
    assert copy_cache.sync(store, None, root).made == "unchanged"  # nothing changed: nothing read


def test_a_damaged_or_foreign_saved_copy_index_is_rebuilt(settings, store, ingestor, monkeypatch):
    from ingest import copy_cache
    from store.cache import cache_dir

    monkeypatch.setattr(copy_cache, "MARGIN", 0.0)
    root = cache_dir(settings, "copies")
    ingestor.add([str(ORIGINAL)])
    assert copy_cache.sync(store, None, root).made == "updated"
    saved = root / copy_cache.FILE
    older = saved.read_bytes()
    ingestor.add([str(OTHER)])
    newer = copy_cache.sync(store, None, root)
    assert newer.made == "updated" and len(newer.index) == 2
    for damage in (b"not a zip file", saved.read_bytes()[: saved.stat().st_size // 2], older):  # garbage, cut short, another snapshot
        saved.write_bytes(damage)
        again = copy_cache.sync(store, None, root)
        assert again.made == "rebuilt" and _contents(again.index) == _contents(newer.index)
        assert copy_cache.load(root, store.cache_stamp(copy_cache.NAME)) is not None  # saved whole again

    # the store restored to an older state together with its snapshot: the pair is consistent, and the records
    # written since that snapshot are read again (by their time: MARGIN is 0 here)
    ingestor.add([str(COPY)])
    stamp = store.cache_stamp(copy_cache.NAME)
    at_copy = saved.read_bytes()
    (added,) = ingestor.add([str(DATA / "news" / "velmora-mayor-election.md")]).added
    saved.write_bytes(at_copy)
    store.set_cache_stamp(copy_cache.NAME, stamp)
    restored = copy_cache.sync(store, None, root)
    assert restored.made == "updated" and added in restored.index and _contents(restored.index) == _contents(_rebuilt(store))

    # the store restored from a backup (an older text of a story, written long before the saved index), the
    # data folder's newer index kept: the store's stamp names an older index, so this one is not trusted
    articles, meta = store._col("articles"), store._col("meta")
    backup = articles.get(ids=[added], include=["metadatas", "documents"]), meta.get(ids=["change", "cache:copies"], include=["documents"])
    edited = DATA / "news" / "velmora-mayor-election.md"
    (tmp := settings.data_dir.parent / "velmora.md").write_text(
        edited.read_text(encoding="utf-8").replace("\n\n", "\n\nThe count was confirmed by the electoral commission on Tuesday evening after a recount.\n\n", 1),
        encoding="utf-8")
    assert ingestor.add([str(tmp)]).updated == [added]  # the same article (its URL), a new text
    newer = copy_cache.sync(store, None, root)
    assert newer.made == "updated" and _contents(newer.index)[added] != _contents(restored.index)[added]
    articles.upsert(ids=backup[0]["ids"], documents=backup[0]["documents"], embeddings=[[1.0]],
                    metadatas=[{**backup[0]["metadatas"][0], "written_at": 0.0}])  # written long ago
    meta.upsert(ids=backup[1]["ids"], documents=backup[1]["documents"], embeddings=[[1.0]] * 2, metadatas=[{"kind": "change"}, {"kind": "cache"}])
    after_restore = copy_cache.sync(store, None, root)
    assert after_restore.made == "rebuilt" and _contents(after_restore.index) == _contents(_rebuilt(store))


def test_a_copy_is_found_through_the_cli_when_the_saved_index_is_damaged(settings):
    from ingest import copy_cache
    from store.cache import cache_dir

    (original_id,) = json_out(run_cli("ingest", "add", str(ORIGINAL), "--json"))["added"]
    saved = cache_dir(settings, "copies") / copy_cache.FILE
    assert saved.is_file()
    saved.write_bytes(saved.read_bytes()[:100])
    copy = json_out(run_cli("ingest", "add", str(COPY), "--json"))
    assert copy["duplicates"] == [{"path": str(COPY), "article_id": original_id}]


def _report(folder, name: str, source: str, date: str, title: str, body: str):
    path = folder / name
    path.write_text(f"---\ntitle: {title}\nsource: {source}\ndate: {date}\nurl: https://{name[:-3]}.example/news\n---\n{body}\n",
                    encoding="utf-8")
    return path


def test_outlets_that_differ_on_a_date_and_agree_on_another_through_the_cli(tmp_path):
    """Two outlets, a day apart: "on Monday" in a Saturday and a Sunday report is the same day (no
    disagreement); "on Tuesday" against "on Wednesday" for the talks is one, named with outlets and dates."""
    saturday = _report(tmp_path, "coast-wire.md", "Coast Wire", "2025-10-04", "Ferry strike called off as talks are agreed",
                     "PORT ARLEN — The ferry workers' union called off Monday's strike at Arlen Ferries after the company agreed to "
                     "new pay talks, which will start on Tuesday at the mediation service.\n\n"
                     "The Arlen harbour bridge, closed for repairs since May, will reopen on Monday, the city said. "
                     "The union wants a rise of 7 percent.")
    sunday = _report(tmp_path, "harbour-post.md", "Harbour Post", "2025-10-05", "Arlen ferry talks to open midweek",
                       "PORT ARLEN — Pay talks between Arlen Ferries and the ferry workers' union will begin on Wednesday, "
                       "both sides said, after the union dropped its planned strike.\n\n"
                       "The city said the Arlen harbour bridge would reopen on Monday after five months of repairs.")
    assert len(json_out(run_cli("ingest", "add", str(saturday), str(sunday), "--json"))["added"]) == 2

    talks = json_out(run_cli("qa", "ask", "When do the Arlen ferry pay talks start?", "--json"))
    lead = talks["answer"].split("\n\n")[0]
    assert lead.startswith("The reports differ on the date:")
    assert "Coast Wire (4 October 2025)" in lead and "Tuesday 7 October 2025" in lead
    assert "Harbour Post (5 October 2025)" in lead and "Wednesday 8 October 2025" in lead
    assert {c["source"] for c in talks["citations"]} == {"Coast Wire", "Harbour Post"}

    bridge = json_out(run_cli("qa", "ask", "When will the Arlen harbour bridge reopen?", "--json"))
    assert not bridge["refused"] and "differ" not in bridge["answer"]  # both mean Monday 6 October

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

"""Every format loads, and every kind of bad input fails alone with a sentence a person can act on."""

import pytest
from conftest import DATA
from helpers import make_pdf, serve_folder

from ingest.load import expand, load, load_path
from store.errors import FetchFailed, UnreadableArticle
from store.settings import Settings

BODY = [
    "Wildfire forces thousands to flee in southern hills",
    "Firefighters battled a wildfire that forced about 3,000 residents to leave their homes on Saturday, officials said.",
    "Strong winds pushed the flames towards two villages overnight, and the regional governor declared a state of emergency.",
]


def test_markdown_with_front_matter(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Fire\nsource: Hill Times\n---\n# Fire\n\nText here is long enough.", encoding="utf-8")
    loaded = load_path(str(path))
    assert loaded.meta == {"title": "Fire", "source": "Hill Times"} and loaded.text.startswith("# Fire")
    assert loaded.path == str(path.resolve())


def test_pdf(tmp_path):
    path = tmp_path / "fire.pdf"
    path.write_bytes(make_pdf(BODY, title="Wildfire report"))
    loaded = load_path(str(path))
    assert loaded.meta["title"] == "Wildfire report"
    assert "about 3,000 residents to leave their homes on Saturday" in loaded.text  # wrapped lines joined


def test_html_page_metadata():
    loaded = load_path(str(DATA / "pages" / "harbor-strike.html"))
    assert loaded.meta["source"] == "The Coastal Ledger" and loaded.meta["date"] == "2025-03-14"
    assert loaded.meta["author"] == "Marta Quinlan"
    assert not loaded.text.startswith("Dock workers walk out")  # the headline is the title, not body


def test_url_through_a_local_server(tmp_path, monkeypatch):
    (tmp_path / "page.html").write_bytes((DATA / "pages" / "central-bank.html").read_bytes())
    with serve_folder(tmp_path) as base:
        with pytest.raises(FetchFailed, match="private or local address"):
            load(f"{base}/page.html", Settings())
        loaded = load(f"{base}/page.html", Settings(allow_private_urls=True))
        assert loaded.meta["source"] == "Baltic Wire" and "3.75 percent" in loaded.text
        with pytest.raises(FetchFailed, match="404"):
            load(f"{base}/missing.html", Settings(allow_private_urls=True))
        with pytest.raises(FetchFailed, match="limit"):
            load(f"{base}/page.html", Settings(allow_private_urls=True, fetch_max_bytes=100))


def test_unreachable_url():
    with pytest.raises(FetchFailed, match="Could not fetch"):
        load("http://127.0.0.1:9/nothing", Settings(allow_private_urls=True, fetch_timeout=3))


def test_folder_is_walked_for_known_formats(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ["a.txt", "sub/b.md", "c.html", "d.pdf", "e.jpg", ".hidden.txt"]:
        (tmp_path / name).write_text("x")
    assert [p.split("/")[-1] for p in expand([str(tmp_path)])] == ["a.txt", "c.html", "d.pdf", "b.md"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "is empty"),
        ("blank.md", b"  \n\n ", "is empty"),
        ("binary.txt", bytes(range(256)) * 20, "binary file"),
        ("latin.txt", b"\x81\x8d\x8f\x90\x9d" * 50, "not readable text"),
        ("nothing.html", b"<html><body><nav>Home | News</nav><p>Log in</p></body></html>", "no article text"),
        ("fake.pdf", b"this is not a pdf at all", "not a valid PDF"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj garbage", "PDF"),
        ("photo.jpg", b"\xff\xd8\xff", "unknown kind of file"),
    ],
)
def test_bad_files_fail_with_a_clear_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableArticle, match=message):
        load_path(str(path))


def test_missing_path():
    with pytest.raises(UnreadableArticle, match="no such file or folder"):
        load_path("/nonexistent/article.txt")


def test_windows_1252_text_is_read(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("The minister’s plan costs €5 billion, officials said.".encode("cp1252"))
    assert "€5 billion" in load_path(str(path)).text

"""Loading: a path, URL or pasted text becomes raw main text plus the metadata found with it."""

from __future__ import annotations

import logging
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit

from store.errors import UnreadableArticle
from store.settings import Settings
from store.text import ENDS_LINE


@dataclass(frozen=True)
class Reader:
    """How one kind of file becomes a Loaded article: `read(data, origin, resolved_path)`."""

    kind: str  # what a person calls it: "text", "HTML", "PDF"
    suffixes: tuple[str, ...]
    read: Callable[[bytes, str, str], "Loaded"]


def _read_text(data: bytes, origin: str, path: str) -> "Loaded":
    return from_text(decode_text(data, origin), origin, path)


def _read_html(data: bytes, origin: str, path: str) -> "Loaded":
    return from_html(decode_text(data, origin), origin, path)


def _read_pdf(data: bytes, origin: str, path: str) -> "Loaded":
    return from_pdf(data, origin, path)


# The readers: the files a folder is walked for, the app's upload types and the "Newsdesk reads …"
# messages all come from this table. A new format is a reader function and a row here.
READERS: tuple[Reader, ...] = (
    Reader("text", (".txt", ".md", ".markdown", ".text"), _read_text),
    Reader("HTML", (".html", ".htm", ".xhtml"), _read_html),
    Reader("PDF", (".pdf",), _read_pdf),
)
BY_SUFFIX = {suffix: reader for reader in READERS for suffix in reader.suffixes}
KNOWN_SUFFIXES = frozenset(BY_SUFFIX)


def upload_types() -> list[str]:
    """File types for an upload widget ("txt", "md", …), from the readers table."""
    return [suffix.lstrip(".") for reader in READERS for suffix in reader.suffixes]


def supported() -> str:
    """What Newsdesk reads, for messages."""
    kinds = ", ".join(f"{r.kind} ({' '.join(r.suffixes)})" for r in READERS)
    return f"Newsdesk reads {kinds} files, folders of them, and http(s) URLs"
_LATIN = {"cp1252", "latin_1", "iso8859_15", "ascii"}  # read as Windows-1252, its superset in practice
# 8-bit charsets still met in news files: Windows code pages, KOI8 and ISO-8859 (Mac and Asian ones guess wrong too often).
_CANDIDATES = ["cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "koi8_r", "koi8_u", "iso8859_2", "iso8859_7"]
log = logging.getLogger("newsdesk.ingest")


@dataclass
class Loaded:
    """Main text (not yet cleaned) with what was found about it; `plain` texts may start with a headline."""

    origin: str  # what the person gave: a path, a URL or "pasted text"
    text: str
    meta: dict = field(default_factory=dict)  # title, date, source, url, author when found
    path: str = ""
    plain: bool = True


def is_url(source: str) -> bool:
    return bool(re.match(r"^https?://", source, re.I))


def _inside(path: Path, folder: Path) -> bool:
    """True when `path`, with every link resolved, lies inside `folder` (also resolved)."""
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError):
        return False


def expand(sources: list[str]) -> list[str]:
    """Folders become the article files inside them (sorted); other sources pass through.

    A link inside a folder that points outside it is skipped: adding a folder adds that folder."""
    out: list[str] = []
    for source in sources:
        path = Path(source).expanduser()
        if not is_url(source) and path.is_dir():
            found = []
            for p in sorted(path.rglob("*")):
                if not p.is_file() or p.suffix.lower() not in KNOWN_SUFFIXES or any(part.startswith(".") for part in p.relative_to(path).parts):
                    continue
                if not _inside(p, path):
                    log.warning("Skipped %s: it links to a file outside %s.", p, source)
                    continue
                found.append(p)
            out.extend(str(p) for p in found)
        else:
            out.append(source)
    return out


def _codec(name: str) -> str:
    import codecs

    try:
        return codecs.lookup(name).name.replace("-", "_")
    except (LookupError, TypeError):
        return ""


def _detect_8bit(data: bytes) -> str | None:
    """The text of `data` in the 8-bit charset charset-normalizer finds most likely among the common ones;
    Windows-1252 when it reads the same or fits as well (short Western texts fit several charsets)."""
    from charset_normalizer import from_bytes

    results = from_bytes(data[:200_000], cp_isolation=_CANDIDATES)
    best = results.best()
    if best is None:
        return None
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    tied = {_codec(r.encoding) for r in results if round(r.chaos, 3) == round(best.chaos, 3) and round(r.coherence, 3) == round(best.coherence, 3)}
    if western is not None and ("cp1252" in tied or western[:1000] == str(best)[:1000]):
        return western
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_text(data: bytes, origin: str, declared: str = "") -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, the charset the server declared, or the 8-bit charset the
    bytes are in (charset-normalizer: Cyrillic, Greek, Central European, Windows-1252...); else a clear error."""
    if not data.strip():
        raise UnreadableArticle(f"{origin} is empty: there is no text to add.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise UnreadableArticle(f"{origin} looks like a binary file, not text. {supported()}.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _codec(declared)
    if declared and declared not in ("utf_8", "ascii"):
        try:
            return data.decode("cp1252" if declared in _LATIN else declared)
        except (UnicodeDecodeError, LookupError):
            pass
    text = _detect_8bit(data)
    if text is not None:
        printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
        if printable / len(text) > 0.98:
            return text
    raise UnreadableArticle(f"{origin} is not readable text (its character set could not be told). Save it as UTF-8 and add it again.")


def from_text(raw: str, origin: str, path: str = "") -> Loaded:
    from ingest.metadata import split_front_matter

    try:
        meta, body = split_front_matter(raw)
    except UnreadableArticle as exc:
        raise UnreadableArticle(f"{origin}: {exc}") from None
    return Loaded(origin, body, meta, path, plain=True)


def from_html(raw: str, origin: str, path: str = "", url: str = "") -> Loaded:
    import trafilatura

    doc = trafilatura.bare_extraction(raw, url=url or None, with_metadata=True, include_comments=False, include_tables=False)
    text = (doc.text if doc else "") or ""
    if len(text.split()) < 20:
        raise UnreadableArticle(f"{origin} has no article text that Newsdesk could find (is it a front page or a login wall?).")
    meta = {
        "title": doc.title or "",
        "author": doc.author or "",
        "date": doc.date or "",
        "source": doc.sitename or doc.hostname or "",
        "url": doc.url or url or "",
    }
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    if paragraphs and meta["title"] and paragraphs[0].strip().lower() == meta["title"].strip().lower():
        paragraphs = paragraphs[1:]  # the headline is the title, not body text
    return Loaded(origin, "\n\n".join(paragraphs), {k: v for k, v in meta.items() if v}, path, plain=False)


def _unwrap_pdf_lines(page: str) -> str:
    """Join the hard line breaks of PDF text into paragraphs (a short line ending a sentence ends one)."""
    lines = [ln.strip() for ln in page.split("\n")]
    width = max((len(ln) for ln in lines), default=0)
    paragraphs: list[str] = []
    current = ""
    for ln in lines:
        if not ln:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if not current:
            current = ln
        elif current.endswith("-") and ln[:1].islower():
            current = current[:-1] + ln  # a word hyphenated across lines
        else:
            current += " " + ln
        if ENDS_LINE.search(ln) and len(ln) < 0.8 * width:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)


def from_pdf(data: bytes, origin: str, path: str = "") -> Loaded:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.startswith(b"%PDF"):
        raise UnreadableArticle(f"{origin} is not a valid PDF file (it does not start like one).")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableArticle(f"{origin} is a password-protected PDF; save an unprotected copy and add that.")
        pages = [_unwrap_pdf_lines(page.extract_text() or "") for page in reader.pages]
        info = reader.metadata
    except UnreadableArticle:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableArticle(f"{origin} is a damaged PDF that cannot be read ({exc}).") from None
    text = "\n\n".join(p for p in pages if p.strip())
    if not text.strip():
        raise UnreadableArticle(f"{origin} has no extractable text (a scanned PDF needs OCR first).")
    meta = {}
    if info:
        if info.title:
            meta["title"] = str(info.title)
        if info.author:
            meta["author"] = str(info.author)
    return Loaded(origin, text, meta, path, plain=True)


def _read_regular(path: Path, source: str, limit: int) -> bytes:
    """The bytes of a regular file, at most `limit`; a FIFO, device or socket is refused without blocking."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UnreadableArticle(f"{source} cannot be read: {exc.strerror}.") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableArticle(f"{source} is not a regular file (a pipe, device or socket); save the article to a file and add that.")
        if info.st_size > limit:
            raise UnreadableArticle(f"{source} is {info.st_size:,} bytes, over the {limit:,}-byte limit (NEWSDESK_MAX_INPUT_BYTES).")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise UnreadableArticle(f"{source} cannot be read: {exc.strerror}.") from None
    if len(data) > limit:
        raise UnreadableArticle(f"{source} is over the {limit:,}-byte limit (NEWSDESK_MAX_INPUT_BYTES).")
    return data


def load_path(source: str, settings: Settings | None = None) -> Loaded:
    settings = settings or Settings()
    path = Path(source).expanduser()
    if not path.exists():
        raise UnreadableArticle(f"{source}: no such file or folder. Check the path.")
    if path.is_dir():
        raise UnreadableArticle(f"{source} is a folder with no articles in it. {supported()}.")
    reader = BY_SUFFIX.get(path.suffix.lower())
    if reader is None:
        raise UnreadableArticle(f"{source}: unknown kind of file ({path.suffix.lower() or 'no extension'}). {supported()}.")
    data = _read_regular(path, source, settings.max_input_bytes)
    return reader.read(data, source, str(path.resolve()))


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def same_site(url: str, other: str) -> bool:
    """True when both URLs are http(s) on the same host (a leading 'www.' aside)."""
    return bool(_site(url)) and _site(url) == _site(other) and urlsplit(url).scheme.lower() in ("http", "https")


def load_url(url: str, settings: Settings) -> Loaded:
    from ingest.fetch import fetch

    got = fetch(url, settings)
    if got.content_type == "application/pdf" or got.body.startswith(b"%PDF"):
        loaded = from_pdf(got.body, url)
    elif got.content_type in ("text/plain", "text/markdown"):
        loaded = from_text(decode_text(got.body, url, got.charset), url)
    else:
        loaded = from_html(decode_text(got.body, url, got.charset), url, url=got.url)
    # Identity is the URL fetched; the page's own canonical or url: counts only on the same site (DESIGN.md).
    claimed = urljoin(got.url, str(loaded.meta.get("url", "")).strip()) if loaded.meta.get("url") else ""
    if claimed and same_site(claimed, got.url):
        loaded.meta["url"] = claimed
    if not claimed or not same_site(claimed, got.url):
        if claimed:
            log.info("%s names %s as its address, on another site; kept %s.", url, claimed, got.url)
        loaded.meta["url"] = got.url
    return loaded


def load(source: str, settings: Settings) -> Loaded:
    """Load one file or URL (folders are expanded beforehand by `expand`)."""
    return load_url(source, settings) if is_url(source) else load_path(source, settings)

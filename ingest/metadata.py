"""Metadata: front matter, headline and byline of plain text, dates, canonical URLs and identity."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_BYLINE = re.compile(r"^(by|from)\s+([A-Z][\w.'’-]+(?:[ ,]+(?:and\s+)?[A-Z][\w.'’-]+){0,6})\s*$", re.I)
_KEY_ALIASES = {
    "title": "title", "headline": "title",
    "date": "date", "published": "date", "published_at": "date", "pubdate": "date",
    "source": "source", "outlet": "source", "publisher": "source", "site": "source", "sitename": "source",
    "url": "url", "link": "url", "canonical": "url",
    "author": "author", "authors": "author", "byline": "author",
}
_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|ocid)$", re.I)


_FRONT_MATTER_MAX = 20_000  # characters; article metadata is a few lines


def _load_yaml(source: str) -> object:
    """YAML without aliases: `yaml.safe_load` expands `*alias` references, so a few hundred bytes of nested
    aliases become gigabytes ("billion laughs"); front matter has no use for them, so any alias is refused."""
    import yaml

    class _NoAliases(yaml.SafeLoader):
        def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(None, None, "aliases are not allowed in front matter", event.start_mark)
            return super().compose_node(parent, index)

    return yaml.load(source, Loader=_NoAliases)  # noqa: S506 (a SafeLoader that also refuses aliases)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """(metadata, body) from optional YAML front matter between '---' lines (no aliases, at most 20,000 characters)."""
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match or len(match.group(1)) > _FRONT_MATTER_MAX:
        return {}, text
    import yaml

    try:
        data = _load_yaml(match.group(1)) or {}
    except yaml.composer.ComposerError as exc:
        if "aliases are not allowed" in str(exc):
            from store.errors import UnreadableArticle

            raise UnreadableArticle(
                "its front matter uses YAML aliases (*name), which Newsdesk does not expand; write the values out and add it again."
            ) from None
        return {}, text
    except (yaml.YAMLError, RecursionError):
        return {}, text  # not front matter after all: keep the text whole
    if not isinstance(data, dict):
        return {}, text
    meta: dict[str, str] = {}
    for key, value in data.items():
        field = _KEY_ALIASES.get(str(key).strip().lower())
        if field and value not in (None, ""):
            if isinstance(value, list):
                value = ", ".join(map(str, value))
            meta[field] = value if isinstance(value, (dt.date, dt.datetime)) else str(value).strip()
    return meta, text.lstrip("\ufeff")[match.end() :]


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 30 and not re.search(r"[.,;:]$", line) and not _BYLINE.match(line)


def split_headline(text: str) -> tuple[str, str, str]:
    """(title, author, body): a leading headline line ('# Title' too) taken out of plain text, and the
    author named by a byline. The byline stays in the body, so an answer about who wrote it can quote it."""
    paragraphs = text.split("\n\n")
    title = author = ""
    if paragraphs:
        first = paragraphs[0].strip()
        if first.startswith("#"):
            first = first.lstrip("#").strip()
        if "\n" not in first and _looks_like_headline(first) and len(paragraphs) > 1:
            title = first
            paragraphs = paragraphs[1:]
    for para in paragraphs[:3]:  # a byline sits just under the headline/standfirst
        match = _BYLINE.match(para.strip())
        if match:
            author = match.group(2).strip()
            break
    return title, author, "\n\n".join(paragraphs).strip()


def fallback_title(text: str, limit: int = 90) -> str:
    """The first sentence, cut at a word boundary to `limit` characters."""
    first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, no trailing slash."""
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)])
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def content_hash(text: str) -> str:
    """Hash of the cleaned text with whitespace folded: the same text from anywhere hashes alike."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def article_id_for(url: str = "", path: str = "", text_hash: str = "") -> str:
    """Identity from where the article came from: canonical URL, else resolved path, else content."""
    if url:
        key = "url:" + canonical_url(url)
    elif path:
        key = "file:" + path
    else:
        key = "text:" + text_hash
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

"""Fetching a URL: a timeout, a size limit, and no private or loopback addresses unless allowed."""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from store.errors import FetchFailed
from store.settings import Settings

_USER_AGENT = "Mozilla/5.0 (compatible; Newsdesk/0.1; +local article reader)"


@dataclass
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str


def check_address(url: str, allow_private: bool) -> None:
    """Refuse URLs that are not http(s) or that resolve to private, loopback or link-local addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchFailed(f"{url} is not an http(s) URL.")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        raise FetchFailed(f"Could not fetch {url}: the host {parts.hostname!r} was not found. Check the address.") from None
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified:
            raise FetchFailed(
                f"Refused to fetch {url}: {parts.hostname} is a private or local address ({ip}). "
                "Set NEWSDESK_ALLOW_PRIVATE_URLS=1 to allow it."
            )


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allow_private: bool):
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_address(newurl, self.allow_private)  # a redirect must not lead to a private address either
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, settings: Settings) -> Fetched:
    """Download `url` (at most settings.fetch_max_bytes, within settings.fetch_timeout seconds)."""
    check_address(url, settings.allow_private_urls)
    opener = urllib.request.build_opener(_CheckedRedirects(settings.allow_private_urls))
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT, "Accept": "text/html,application/pdf,text/plain;q=0.9,*/*;q=0.5"})
    limit = settings.fetch_max_bytes
    try:
        with opener.open(request, timeout=settings.fetch_timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise FetchFailed(f"Could not fetch {url}: it is {int(length):,} bytes, over the {limit:,}-byte limit (NEWSDESK_FETCH_MAX_BYTES).")
            body = response.read(limit + 1)
            if len(body) > limit:
                raise FetchFailed(f"Could not fetch {url}: it is over the {limit:,}-byte limit (NEWSDESK_FETCH_MAX_BYTES).")
            return Fetched(response.geturl(), body, response.headers.get_content_type())
    except urllib.error.HTTPError as exc:
        raise FetchFailed(f"Could not fetch {url}: the server answered {exc.code} {exc.reason}.") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, socket.timeout) or "timed out" in str(reason):
            raise FetchFailed(f"Could not fetch {url}: no answer within {settings.fetch_timeout:g} s.") from None
        raise FetchFailed(f"Could not fetch {url}: {reason}. Check the address and your connection.") from None
    except (TimeoutError, socket.timeout):
        raise FetchFailed(f"Could not fetch {url}: no answer within {settings.fetch_timeout:g} s.") from None
    except (ConnectionError, OSError) as exc:
        raise FetchFailed(f"Could not fetch {url}: {exc}.") from None

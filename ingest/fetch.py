"""Fetching a URL: one deadline, a size limit, and only public addresses unless private ones are allowed.

Written on http.client rather than urllib's opener because of what the opener cannot promise: the
address that was checked is the address connected to (urllib resolves the name again, so a DNS answer
that changes between the check and the connection, "DNS rebinding", reaches the local network), one
deadline covers the whole fetch (urllib's timeout is per socket read, so a server sending a byte a
second holds it forever), and proxies from the environment are not used (a page the person asked for
goes straight to its server). Each redirect is checked and pinned the same way.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from store.errors import FetchFailed
from store.settings import Settings

_USER_AGENT = "Mozilla/5.0 (compatible; Newsdesk/0.1; +local article reader)"
_ACCEPT = "text/html,application/pdf,text/plain;q=0.9,*/*;q=0.5"
_MAX_REDIRECTS = 5
_READ_SIZE = 65536

# Special-purpose blocks (IANA registries) that are not the public internet. Python 3.11's `is_global`
# misses some of them (192.0.0.0/24 counts as global there), so they are listed here as well.
_NOT_PUBLIC = [
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
        "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7", "fe80::/10",
        "fec0::/10", "ff00::/8",
    )
]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str
    charset: str = ""  # declared by the server, if any


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, Teredo client, NAT64), if any."""
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for a globally routable unicast address (an IPv6 form of an IPv4 address is judged by that address)."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None and not is_public(inner):
            return False
        if ip.ipv4_mapped:
            return True  # judged by its IPv4 address above
    if any(ip in net for net in _NOT_PUBLIC if net.version == ip.version):
        return False
    return ip.is_global and not ip.is_multicast


def resolve(url: str, allow_private: bool) -> list[str]:
    """The addresses to connect to for `url`, all checked; FetchFailed when any is not public (unless allowed)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchFailed(f"{url} is not an http(s) URL.")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise FetchFailed(f"Could not fetch {url}: the host {parts.hostname!r} was not found. Check the address.") from None
    addresses: list[str] = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if not allow_private and not is_public(ip):
            raise FetchFailed(
                f"Refused to fetch {url}: {parts.hostname} is a private or local address ({ip}). "
                "Set NEWSDESK_ALLOW_PRIVATE_URLS=1 to allow it."
            )
        if str(ip) not in addresses:
            addresses.append(str(ip))
    if not addresses:
        raise FetchFailed(f"Could not fetch {url}: the host {parts.hostname!r} has no address. Check the address.")
    return addresses


def check_address(url: str, allow_private: bool) -> None:
    """Refuse URLs that are not http(s) or that resolve to an address that is not public."""
    resolve(url, allow_private)


class _Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            raise TimeoutError
        return left


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to one checked address; the Host header still names the host."""

    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPS(_PinnedHTTP):
    """HTTPS to one checked address, with the certificate checked against the host name (SNI too)."""

    default_port = 443

    def connect(self) -> None:
        super().connect()
        self.sock = ssl.create_default_context().wrap_socket(self.sock, server_hostname=self.host)


def _clean_reason(reason: str) -> str:
    """A server's reason phrase, reduced to a short line of plain words (it is shown to the person)."""
    words = "".join(ch if ch.isalnum() or ch in " -'" else " " for ch in str(reason)[:60])
    return " ".join(words.split())


def _get(url: str, address: str, deadline: _Deadline, limit: int):
    """One request to `address`; (status, headers, body or None for a redirect)."""
    parts = urlsplit(url)
    kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    conn = kind(parts.hostname or "", parts.port or kind.default_port, address, timeout=deadline.left())
    response = None
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.request("GET", path, headers={"User-Agent": _USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "identity"})
        sock = conn.sock  # the response may take it over (conn.sock becomes None); timeouts are set on it
        sock.settimeout(deadline.left())
        response = conn.getresponse()
        if response.status in (301, 302, 303, 307, 308):
            return response.status, response.headers, None, response.reason
        if response.status >= 400:
            return response.status, response.headers, b"", response.reason
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > limit:
            raise FetchFailed(f"Could not fetch {url}: it is {int(length):,} bytes, over the {limit:,}-byte limit (NEWSDESK_FETCH_MAX_BYTES).")
        body = bytearray()
        while True:
            sock.settimeout(deadline.left())
            piece = response.read1(_READ_SIZE) if hasattr(response, "read1") else response.read(_READ_SIZE)
            if not piece:
                break
            body += piece
            if len(body) > limit:
                raise FetchFailed(f"Could not fetch {url}: it is over the {limit:,}-byte limit (NEWSDESK_FETCH_MAX_BYTES).")
        return response.status, response.headers, bytes(body), response.reason
    finally:
        if response is not None:
            response.close()  # the response may own the socket (a server that closes after answering)
        conn.close()


def fetch(url: str, settings: Settings) -> Fetched:
    """Download `url` (at most settings.fetch_max_bytes, all within settings.fetch_timeout seconds)."""
    deadline = _Deadline(settings.fetch_timeout)
    current = url
    try:
        for _ in range(_MAX_REDIRECTS + 1):
            addresses = resolve(current, settings.allow_private_urls)
            error: OSError | None = None
            for address in addresses:  # every address was checked; connect to them in turn
                try:
                    status, headers, body, reason = _get(current, address, deadline, settings.fetch_max_bytes)
                    break
                except (ConnectionError, socket.gaierror) as exc:
                    error = exc
            else:
                raise error or ConnectionError("no address answered")
            if body is None:
                location = headers.get("Location", "")
                if not location:
                    raise FetchFailed(f"Could not fetch {url}: the server redirected without saying where.")
                current = urljoin(current, location.strip())
                continue
            if status >= 400:
                raise FetchFailed(f"Could not fetch {url}: the server answered {status} {_clean_reason(reason)}.".replace(" .", "."))
            return Fetched(current, body, headers.get_content_type(), headers.get_content_charset() or "")
        raise FetchFailed(f"Could not fetch {url}: more than {_MAX_REDIRECTS} redirects.")
    except FetchFailed:
        raise
    except (TimeoutError, socket.timeout):
        raise FetchFailed(f"Could not fetch {url}: no complete answer within {settings.fetch_timeout:g} s (NEWSDESK_FETCH_TIMEOUT).") from None
    except ssl.SSLError as exc:
        raise FetchFailed(f"Could not fetch {url}: its secure connection failed ({_clean_reason(exc.reason or exc)}).") from None
    except (http.client.HTTPException, ConnectionError, OSError) as exc:
        detail = _clean_reason(getattr(exc, "strerror", None) or type(exc).__name__)
        raise FetchFailed(f"Could not fetch {url}: {detail}. Check the address and your connection.") from None

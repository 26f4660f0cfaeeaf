"""The one guarded HTTP fetcher: every URL the service fetches goes through :func:`fetch`.

A URL given by a client must not become a way into the machine's own network
(server-side request forgery). So, for the URL and for every redirect (at most
``max_redirects``):

- only ``http`` and ``https``;
- the host is resolved once, and *every* address it resolves to must be public: not
  loopback, private, link-local (the cloud metadata address 169.254.169.254 among
  them), CGNAT 100.64/10, multicast, reserved or unspecified, nor an IPv6 form that
  wraps such an IPv4 address (IPv4-mapped, -compatible, 6to4, NAT64);
- the connection goes to the address that was checked (the URL is rewritten to the
  IP; ``Host`` and TLS SNI keep the name), so a second DNS answer cannot differ.

One deadline covers the whole fetch (resolution, connection, redirects, every read),
so a server sending a byte a second is cut at the deadline; the body is streamed and
refused past ``max_bytes``. Every refusal and every failure raises :class:`FetchError`
with the same text, so a client cannot tell a refused address from a closed port or a
timeout; the reason goes to the log. ``BRIEFING_FETCH__ALLOW_HOSTS`` names hosts or
networks that may be private (an intranet, a test server).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import httpx

from service.config import FetchSettings
from service.errors import FetchError

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
T = TypeVar("T")

USER_AGENT = "briefing/0.1 (+https://github.com/briefing)"
GENERIC_ERROR = "the URL could not be fetched"
_REDIRECTS = {301, 302, 303, 307, 308}
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


class _Refused(Exception):
    """Internal: why a fetch was refused or failed (logged, never shown to clients)."""


@dataclass(frozen=True)
class Page:
    url: str  # the final URL, after redirects
    body: bytes
    charset: str | None  # from Content-Type, if the server declared one
    status: int = 200  # 304 when a conditional fetch found nothing new (body empty)
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Allowlist:
    names: frozenset[str]
    networks: tuple[IPNetwork, ...]

    @classmethod
    def parse(cls, spec: str) -> Allowlist:
        names: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in (part.strip() for part in spec.split(",")):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                names.add(entry.lower().rstrip("."))
        return cls(frozenset(names), tuple(networks))

    def allows_name(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.names

    def allows_address(self, address: IPAddress) -> bool:
        return any(address in network for network in self.networks)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address wraps (mapped, 6to4, NAT64, compatible), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64 or address in _IPV4_COMPATIBLE:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: IPAddress) -> bool:
    """True for an address the open internet routes to, and nothing else."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return False
        inner = _embedded_ipv4(address)
        if inner is not None:
            # "::" and "::1" are IPv4-compatible in form but are IPv6's own.
            return address not in _IPV4_COMPATIBLE and is_public(inner)
    if address in _METADATA or (isinstance(address, ipaddress.IPv4Address) and address in _CGNAT):
        return False
    return address.is_global and not (
        address.is_multicast
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
    )


async def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return [literal]
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise _Refused(f"cannot resolve {host!r}: {exc}") from exc
    addresses: list[IPAddress] = []
    for *_, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]))
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise _Refused(f"{host!r} resolves to no address")
    return addresses


async def check_url(url: httpx.URL, allow: Allowlist) -> IPAddress:
    """Check a URL against the rules and return the one address to connect to."""
    if url.scheme not in ("http", "https"):
        raise _Refused(f"scheme {url.scheme!r} is not http or https")
    host = url.host
    if not host:
        raise _Refused("no host")
    port = url.port or (443 if url.scheme == "https" else 80)
    addresses = await _resolve(host, port)
    if not allow.allows_name(host):
        refused = [a for a in addresses if not (is_public(a) or allow.allows_address(a))]
        if refused:
            raise _Refused(f"{host!r} resolves to a non-public address {refused[0]}")
    return addresses[0]


async def _get(
    client: httpx.AsyncClient,
    url: httpx.URL,
    address: IPAddress,
    extra: dict[str, str] | None = None,
) -> httpx.Response:
    """Send a GET for ``url`` to ``address``: the URL holds the IP, Host and SNI the name."""
    pinned = url.copy_with(host=str(address))
    request = client.build_request(
        "GET",
        pinned,
        headers={"Host": url.netloc.decode("ascii"), "User-Agent": USER_AGENT, **(extra or {})},
        extensions={"sni_hostname": url.host},
    )
    return await client.send(request, stream=True)


async def _read(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _Refused(f"Content-Length {declared} is over {max_bytes} bytes")
    body = bytearray()
    async for piece in response.aiter_bytes():
        body += piece
        if len(body) > max_bytes:
            raise _Refused(f"body is over {max_bytes} bytes")
    return bytes(body)


async def _fetch(
    url: str, settings: FetchSettings, allow: Allowlist, extra: dict[str, str] | None = None
) -> Page:
    current = httpx.URL(url)
    # No proxies from the environment (they would bypass the pinned address), no
    # automatic redirects (each one is checked here), certificates verified.
    async with httpx.AsyncClient(
        trust_env=False, follow_redirects=False, timeout=settings.timeout_s
    ) as client:
        for _hop in range(settings.max_redirects + 1):
            address = await check_url(current, allow)
            response = await _get(client, current, address, extra)
            try:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    current = current.join(response.headers["location"])
                    continue
                validators = {
                    "etag": response.headers.get("etag"),
                    "last_modified": response.headers.get("last-modified"),
                }
                if response.status_code == 304 and extra:
                    return Page(str(current), b"", None, status=304, **validators)
                if response.status_code >= 400:
                    raise _Refused(f"status {response.status_code}")
                body = await _read(response, settings.max_bytes)
                return Page(str(current), body, response.charset_encoding, **validators)
            finally:
                await response.aclose()
    raise _Refused(f"more than {settings.max_redirects} redirects")


async def fetch(
    url: str,
    settings: FetchSettings,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Page:
    """Fetch one URL under the rules above, or raise FetchError with the generic text.

    With ``etag`` or ``last_modified`` (a feed's last answer) the GET is conditional,
    and a 304 comes back as a Page with ``status`` 304 and no body.
    """
    allow = Allowlist.parse(settings.allow_hosts)
    extra = {}
    if etag:
        extra["If-None-Match"] = etag
    if last_modified:
        extra["If-Modified-Since"] = last_modified
    try:
        async with asyncio.timeout(settings.timeout_s):
            return await _fetch(url, settings, allow, extra)
    except TimeoutError:
        reason = f"no answer within {settings.timeout_s} s"
    except _Refused as exc:
        reason = str(exc)
    except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError, UnicodeError) as exc:
        reason = f"{exc.__class__.__name__}: {exc}"
    log.info("fetch of %s refused or failed: %s", url, reason)
    raise FetchError(GENERIC_ERROR)


async def gather_bounded(
    calls: Sequence[Callable[[], Awaitable[T]]], limit: int
) -> list[T | BaseException]:
    """Run the calls concurrently, at most ``limit`` at a time; results in order."""
    semaphore = asyncio.Semaphore(limit)

    async def run(call: Callable[[], Awaitable[T]]) -> T:
        async with semaphore:
            return await call()

    return await asyncio.gather(*(run(call) for call in calls), return_exceptions=True)

"""The guarded fetcher on its own: the address rules, and fetches from loopback servers."""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections.abc import Iterator

import pytest

from service.config import FetchSettings
from service.errors import FetchError
from service.fetch import GENERIC_ERROR, Allowlist, fetch, is_public
from tests.fetch_servers import ALLOWED_HOST, serve


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "0.0.0.0", "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1",
        "fc00::1", "fd00:ec2::254", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
        "::127.0.0.1", "2002:7f00:1::", "2002:a9fe:a9fe::", "64:ff9b::7f00:1",
        "64:ff9b::a9fe:a9fe", "2001:db8::1",
    ],
)  # fmt: skip
def test_non_public_addresses_are_refused(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address",
    ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "::ffff:1.1.1.1", "64:ff9b::101:101"],
)
def test_public_addresses_pass(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


def test_allowlist_takes_names_and_networks() -> None:
    allow = Allowlist.parse(" intranet.example. , 10.0.0.0/8,[fd00::1] ,")
    assert allow.allows_name("INTRANET.example")
    assert allow.allows_address(ipaddress.ip_address("10.9.9.9"))
    assert allow.allows_address(ipaddress.ip_address("fd00::1"))
    assert not allow.allows_address(ipaddress.ip_address("192.168.0.1"))


@pytest.fixture
def secret() -> Iterator[tuple[str, list[str]]]:
    with serve("127.0.0.1") as server:
        yield server


@pytest.fixture
def secret6() -> Iterator[tuple[str, list[str]] | None]:
    try:
        with serve("::1") as server:
            yield server
    except OSError:  # no IPv6 loopback here
        yield None


@pytest.fixture
def allowed(secret: tuple[str, list[str]]) -> Iterator[str]:
    with serve(ALLOWED_HOST, secret_base=secret[0]) as (base, _hits):
        yield base


def _settings(**extra: object) -> FetchSettings:
    return FetchSettings(allow_hosts=ALLOWED_HOST, timeout_s=2, **extra)  # type: ignore[arg-type]


def _refused(url: str, settings: FetchSettings) -> str:
    with pytest.raises(FetchError) as caught:
        asyncio.run(fetch(url, settings))
    return str(caught.value)


def test_loopback_in_every_spelling_is_refused_and_never_reached(
    secret: tuple[str, list[str]], secret6: tuple[str, list[str]] | None, allowed: str
) -> None:
    base, hits = secret
    port = base.rsplit(":", 1)[1]
    spellings = ["127.0.0.1", "localhost", "127.1", "2130706433", "0x7f000001"]
    urls = [f"http://{host}:{port}/story" for host in spellings] + [f"{allowed}/to-secret"]
    urls.append(f"{secret6[0]}/story" if secret6 else f"http://[::1]:{port}/story")
    messages = {_refused(url, _settings()) for url in urls}
    assert messages == {GENERIC_ERROR}
    assert hits == [] and (secret6 is None or secret6[1] == [])
    # A closed port, a 404, a timeout and a refused scheme all read the same.
    closed = _refused(f"http://{ALLOWED_HOST}:1/story", _settings())
    missing = _refused(f"{allowed}/gone", _settings())
    scheme = _refused("file:///etc/passwd", _settings())
    assert closed == missing == scheme == GENERIC_ERROR


def test_an_allowed_host_is_fetched_and_redirects_are_bounded(allowed: str) -> None:
    page = asyncio.run(fetch(f"{allowed}/hop/2", _settings()))
    assert b"Engineers finished the bridge" in page.body and page.url.endswith("/story")
    assert _refused(f"{allowed}/hop/3", _settings()) == GENERIC_ERROR  # 4 redirects
    by_network = FetchSettings(allow_hosts=f"{ALLOWED_HOST}/32", timeout_s=2)
    assert asyncio.run(fetch(f"{allowed}/story", by_network)).body
    assert _refused(f"{allowed}/story", FetchSettings(timeout_s=2)) == GENERIC_ERROR


def test_a_server_sending_a_byte_a_second_is_cut_at_the_deadline(allowed: str) -> None:
    started = time.monotonic()
    _refused(f"{allowed}/slow", _settings())
    # Each read gets a byte within a second, so only a total deadline stops it (at 2 s).
    assert time.monotonic() - started < 5


def test_bodies_past_the_cap_are_refused(allowed: str) -> None:
    assert _refused(f"{allowed}/big", _settings(max_bytes=100_000)) == GENERIC_ERROR
    assert len(asyncio.run(fetch(f"{allowed}/big", _settings())).body) > 1_000_000

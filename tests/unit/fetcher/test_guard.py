"""The address guard against hostile names: the check is on what a name resolves to."""

from __future__ import annotations

import asyncio
import socket

import pytest

from newsflow.services.fetcher.guard import (
    AddressPolicy,
    AddressRefused,
    GuardedResolver,
    parse_host_overrides,
    refusal_reason,
)

STRICT = AddressPolicy()


@pytest.mark.parametrize("address", [
    "10.1.2.3", "172.16.0.1", "192.168.1.1", "127.0.0.1", "127.8.8.8", "169.254.169.254",
    "::1", "fe80::1", "fc00::1", "0.0.0.0", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "100.64.0.1",
    "224.0.0.1",
])
def test_non_public_addresses_are_refused(address: str) -> None:
    assert refusal_reason(address, STRICT) is not None


@pytest.mark.parametrize("address", ["8.8.8.8", "203.162.0.11", "2001:4860:4860::8888"])
def test_public_addresses_pass(address: str) -> None:
    assert refusal_reason(address, STRICT) is None


def test_loopback_needs_its_own_permission() -> None:
    loopback_only = AddressPolicy(allow_loopback=True)
    assert refusal_reason("127.0.0.1", loopback_only) is None
    assert refusal_reason("::1", loopback_only) is None
    assert refusal_reason("10.0.0.1", loopback_only) is not None
    assert refusal_reason("169.254.169.254", loopback_only) is not None
    assert refusal_reason("10.0.0.1", AddressPolicy(allow_private=True)) is None


def fake_dns(table: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    async def lookup(host: str, port: int) -> list[tuple[int, str]]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(int(socket.AF_INET6 if ":" in a else socket.AF_INET), a) for a in table[host]]
    return lookup


@pytest.mark.parametrize(("name", "addresses"), [
    ("intranet.nhandan.vn", ["10.0.0.5"]),
    ("metadata.attacker.example", ["169.254.169.254"]),
    ("six.attacker.example", ["::1"]),
    ("mixed.attacker.example", ["93.184.216.34", "192.168.0.10"]),  # one bad address is enough
])
def test_names_resolving_to_private_addresses_are_refused(name: str, addresses: list[str]) -> None:
    resolver = GuardedResolver(STRICT, lookup=fake_dns({name: addresses}))
    with pytest.raises(AddressRefused, match=name):
        asyncio.run(resolver.resolve(name, 443))


def test_public_name_resolves() -> None:
    resolver = GuardedResolver(STRICT, lookup=fake_dns({"nhandan.vn": ["203.162.0.11"]}))
    [result] = asyncio.run(resolver.resolve("nhandan.vn", 443))
    assert (result["host"], result["port"]) == ("203.162.0.11", 443)


def test_overrides_are_checked_like_any_address() -> None:
    overrides = parse_host_overrides("nhandan.vn=127.0.0.1:8080, evil.example=10.0.0.1")
    assert overrides == {"nhandan.vn": ("127.0.0.1", 8080), "evil.example": ("10.0.0.1", None)}
    strict = GuardedResolver(STRICT, overrides, lookup=fake_dns({}))
    with pytest.raises(AddressRefused):
        asyncio.run(strict.resolve("nhandan.vn", 80))
    allowed = GuardedResolver(AddressPolicy(allow_loopback=True), overrides, lookup=fake_dns({}))
    [result] = asyncio.run(allowed.resolve("NhanDan.vn", 80))
    assert (result["host"], result["port"]) == ("127.0.0.1", 8080)
    with pytest.raises(AddressRefused):
        asyncio.run(allowed.resolve("evil.example", 80))


def test_bad_overrides_are_reported() -> None:
    with pytest.raises(ValueError):
        parse_host_overrides("nhandan.vn")
    with pytest.raises(ValueError):
        parse_host_overrides("nhandan.vn=not-an-ip")


@pytest.mark.parametrize("literal", ["10.0.0.1", "169.254.169.254", "::1", "127.0.0.1"])
def test_ip_literals_are_checked_too(literal: str) -> None:
    resolver = GuardedResolver(STRICT)  # the system resolver returns a literal as itself
    with pytest.raises(AddressRefused):
        asyncio.run(resolver.addresses(literal, 80))

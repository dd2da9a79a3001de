"""The address guard: no request to private, loopback or link-local addresses unless a
setting allows it. The check is on the resolved addresses (every one of them), made by
the resolver aiohttp connects through, so a public name that resolves to 10.0.0.1 is
refused as surely as the literal address."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp.abc import AbstractResolver, ResolveResult

from newsflow.settings import Settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: (host, port) -> [(family, address)]
Lookup = Callable[[str, int], Awaitable[list[tuple[int, str]]]]


class AddressRefused(OSError):
    """A name resolved to an address the guard does not allow (a reason, not a crash)."""


@dataclass(frozen=True)
class AddressPolicy:
    allow_loopback: bool = False
    allow_private: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> AddressPolicy:
        return cls(settings.fetch_allow_loopback, settings.fetch_allow_private)


def refusal_reason(address: str, policy: AddressPolicy) -> str | None:
    """Why a request to ``address`` is not allowed, or None when it is."""
    try:
        ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"{address!r} is not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return None if policy.allow_loopback else f"{ip} is a loopback address"
    if ip.is_unspecified or ip.is_multicast:
        return f"{ip} is not a unicast address"
    if ip.is_link_local:
        return None if policy.allow_private else f"{ip} is a link-local address"
    if ip.is_private or ip.is_reserved or not ip.is_global:
        return None if policy.allow_private else f"{ip} is a private or reserved address"
    return None


def parse_host_overrides(text: str) -> dict[str, tuple[str, int | None]]:
    """``"a.vn=127.0.0.1:8080,b.vn=::1"`` -> {"a.vn": ("127.0.0.1", 8080), "b.vn": ("::1", None)}."""
    overrides: dict[str, tuple[str, int | None]] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, target = item.partition("=")
        if not sep or not name.strip() or not target.strip():
            raise ValueError(f"host override {item!r} is not NAME=ADDRESS[:PORT]")
        target = target.strip()
        port: int | None = None
        if target.startswith("["):  # [v6]:port
            address, _, rest = target[1:].partition("]")
            port = int(rest[1:]) if rest.startswith(":") else None
        elif target.count(":") == 1:
            address, port_text = target.split(":")
            port = int(port_text)
        else:
            address = target
        ipaddress.ip_address(address)
        overrides[name.strip().lower()] = (address, port)
    return overrides


async def system_lookup(host: str, port: int) -> list[tuple[int, str]]:
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    return [(int(family), str(sockaddr[0])) for family, _, _, _, sockaddr in infos]


class GuardedResolver(AbstractResolver):
    """Resolves names (host overrides first, then the system), then refuses the whole name if
    any of its addresses is not allowed."""

    def __init__(self, policy: AddressPolicy, overrides: dict[str, tuple[str, int | None]] | None = None,
                 lookup: Lookup = system_lookup) -> None:
        self.policy = policy
        self.overrides = overrides or {}
        self.lookup = lookup

    async def addresses(self, host: str, port: int) -> list[tuple[int, str, int]]:
        """[(family, address, port)] of an allowed host; AddressRefused otherwise."""
        name = host.lower().rstrip(".")
        if name in self.overrides:
            address, override_port = self.overrides[name]
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            found = [(int(family), address, override_port or port)]
        else:
            try:
                found = [(f, a, port) for f, a in await self.lookup(name, port)]
            except socket.gaierror as exc:
                raise OSError(f"cannot resolve {host}: {exc.strerror}") from None
        if not found:
            raise OSError(f"{host} has no address")
        for _, address, _ in found:
            reason = refusal_reason(address, self.policy)
            if reason is not None:
                raise AddressRefused(f"{host} resolves to {address}: {reason}")
        return found

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        return [
            ResolveResult(hostname=host, host=address, port=found_port, family=fam,
                          proto=socket.IPPROTO_TCP, flags=socket.AI_NUMERICHOST)
            for fam, address, found_port in await self.addresses(host, port)
        ]

    async def close(self) -> None:
        return None

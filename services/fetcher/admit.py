"""Admission and politeness: the domain allowlist, robots.txt (fetched once per host and
cached; read by ``robots.py``), per-host concurrency and delay, and a global concurrency
limit."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from newsflow.services.fetcher.robots import RobotsTxt
from newsflow.services.fetcher.sources import SourcesFile
from newsflow.urls import host_of


def allowlist_refusal(sources: SourcesFile) -> Callable[[str], str | None]:
    """A hop check: None if the URL's host is on a source's allowlist, else the reason."""
    allowed = sources.allowed_hosts

    def check(url: str) -> str | None:
        host = host_of(url)
        return None if host in allowed else f"{host or url} is not on the allowlist"

    return check


@dataclass(frozen=True)
class RobotsRules:
    """robots.txt of one host, as the crawler must obey it."""

    robots: RobotsTxt | None  # None: no rules (no robots.txt)
    disallow_all: bool = False

    @property
    def crawl_delay(self) -> float | None:
        return None if self.robots is None else self.robots.crawl_delay

    def allows(self, url: str) -> bool:
        if self.disallow_all:
            return False
        return True if self.robots is None else self.robots.allows(url)


def robots_rules(status: int | None, body: bytes, user_agent: str) -> RobotsRules:
    """Rules from a robots.txt response, as RFC 9309 §2.3.1 says: a 2xx is parsed; a 4xx
    (401 and 403 included) means "unavailable": no rules; a 5xx or no answer means
    "unreachable": everything disallowed until it can be read. 429 is read as a server
    that is overloaded, like a 5xx (as Google does): a crawler told to slow down does not
    take it as leave to fetch everything."""
    if status is None or status == 429 or status >= 500:
        return RobotsRules(None, disallow_all=True)
    if 400 <= status < 500:
        return RobotsRules(None)
    if 200 <= status < 300:
        return RobotsRules(RobotsTxt.parse(body, user_agent))
    return RobotsRules(None, disallow_all=True)


class RobotsCache:
    """robots.txt per scheme and host, fetched on first use and kept for ``ttl`` seconds."""

    def __init__(self, load: Callable[[str], Awaitable[RobotsRules]], ttl: float = 3600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.load = load
        self.ttl = ttl
        self.clock = clock
        self._rules: dict[str, tuple[float, RobotsRules]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules_for(self, origin: str) -> RobotsRules:
        """``origin`` is ``scheme://host[:port]``."""
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            cached = self._rules.get(origin)
            if cached is not None and self.clock() - cached[0] < self.ttl:
                return cached[1]
            rules = await self.load(origin + "/robots.txt")
            self._rules[origin] = (self.clock(), rules)
            return rules


class Politeness:
    """A global limit on requests in flight, and per host: a limit and a pause between two
    requests (the larger of the configured delay and robots.txt's Crawl-delay)."""

    def __init__(self, global_limit: int, per_host_limit: int, default_delay: float,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self._global = asyncio.Semaphore(global_limit)
        self.per_host_limit = per_host_limit
        self.default_delay = default_delay
        self.clock = clock
        self.sleep = sleep
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._next_start: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def set_delay(self, host: str, delay: float) -> None:
        self._delays[host] = max(delay, self._delays.get(host, 0.0))

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        semaphore = self._hosts.setdefault(host, asyncio.Semaphore(self.per_host_limit))
        async with semaphore:
            delay = self._delays.get(host, self.default_delay)
            start = max(self.clock(), self._next_start.get(host, 0.0))
            self._next_start[host] = start + delay
            wait = start - self.clock()
            if wait > 0:
                await self.sleep(wait)
            async with self._global:
                yield

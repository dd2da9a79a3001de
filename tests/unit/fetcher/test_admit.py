from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from newsflow.events import FetchRecord
from newsflow.services.fetcher.admit import (
    Politeness,
    RobotsCache,
    RobotsRules,
    allowlist_refusal,
    robots_rules,
)
from newsflow.services.fetcher.sources import SourcesError, load_sources, parse_sources
from newsflow.services.fetcher.state import RefetchPolicy, conditional_headers
from newsflow.settings import Settings
from tests.fixtures.web.server import sources_toml

ROBOTS = b"User-agent: *\nDisallow: /private/\n\nUser-agent: newsflow\nDisallow: /only-for-us/\nCrawl-delay: 2\n"


def test_robots_rules_are_obeyed_for_our_user_agent() -> None:
    ours = robots_rules(200, ROBOTS, "newsflow/0.1 (news ingestion; polite crawler)")
    other = robots_rules(200, ROBOTS, "othercrawler/1.0")
    assert other.allows("http://nhandan.vn/private/x") is False
    assert ours.allows("http://nhandan.vn/only-for-us/x") is False
    assert ours.allows("http://nhandan.vn/private/x") is True  # our own group alone applies
    assert ours.allows("http://nhandan.vn/a-post1.html") is True
    assert ours.crawl_delay == 2.0 and other.crawl_delay is None


# RFC 9309 §2.3.1: 4xx (401 and 403 too) is "unavailable": no rules; 5xx or no answer is
# "unreachable": nothing; 429 is read as an overloaded server, like a 5xx.
@pytest.mark.parametrize(("status", "allowed"), [(200, True), (404, True), (410, True), (401, True),
                                                 (403, True), (429, False), (500, False), (503, False),
                                                 (None, False)])
def test_robots_status_rules(status: int | None, allowed: bool) -> None:
    assert robots_rules(status, b"", "newsflow").allows("http://x.vn/a") is allowed


def test_robots_cache_fetches_once_per_origin_until_ttl() -> None:
    loads: list[str] = []
    now = [0.0]

    async def load(url: str) -> RobotsRules:
        loads.append(url)
        return RobotsRules(None)

    async def go() -> None:
        cache = RobotsCache(load, ttl=100, clock=lambda: now[0])
        await asyncio.gather(*(cache.rules_for("http://nhandan.vn") for _ in range(5)))
        await cache.rules_for("http://sokhcn.haiphong.gov.vn")
        now[0] = 150
        await cache.rules_for("http://nhandan.vn")

    asyncio.run(go())
    assert loads == ["http://nhandan.vn/robots.txt", "http://sokhcn.haiphong.gov.vn/robots.txt",
                     "http://nhandan.vn/robots.txt"]


def test_politeness_spaces_requests_to_one_host() -> None:
    clock = [0.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock[0] += seconds

    async def go() -> None:
        polite = Politeness(global_limit=4, per_host_limit=1, default_delay=1.5,
                            clock=lambda: clock[0], sleep=sleep)
        for _ in range(3):
            async with polite.slot("nhandan.vn"):
                pass
        async with polite.slot("sokhcn.haiphong.gov.vn"):
            pass

    asyncio.run(go())
    assert waits == [1.5, 1.5]


def test_politeness_limits_concurrency() -> None:
    running = [0]
    peak = [0]

    async def go() -> None:
        polite = Politeness(global_limit=3, per_host_limit=2, default_delay=0)

        async def one(host: str) -> None:
            async with polite.slot(host):
                running[0] += 1
                peak[0] = max(peak[0], running[0])
                await asyncio.sleep(0.01)
                running[0] -= 1

        await asyncio.gather(*(one(h) for h in ["a"] * 6 + ["b"] * 6))

    asyncio.run(go())
    assert peak[0] == 3


def test_allowlist() -> None:
    check = allowlist_refusal(parse_sources(sources_toml()))
    assert check("http://nhandan.vn/a") is None
    assert check("http://sokhcn.haiphong.gov.vn/") is None
    assert "evil.example" in (check("http://evil.example/a") or "")
    assert check("http://sub.nhandan.vn/a") is not None


def test_default_sources_configure_both_sites() -> None:
    sources = load_sources(Settings())
    assert {"nhandan.vn", "sokhcn.haiphong.gov.vn"} <= sources.allowed_hosts
    nhandan = sources.source_for("https://nhandan.vn/x")
    assert nhandan is not None and nhandan.is_article(
        "https://nhandan.vn/doan-dai-bieu-cap-cao-cua-dang-cong-san-viet-nam-tham-va-lam-viec-tai-thung-lung-cong-nghe-cao-pangyo-post900276.html")
    assert not nhandan.is_article("https://nhandan.vn/chinhtri/")


def test_invalid_sources_are_reported_with_the_reason() -> None:
    with pytest.raises(SourcesError, match="not on one of the source's hosts"):
        parse_sources('[[source]]\nname="x"\nhosts=["a.vn"]\nfeeds=["https://b.vn/rss"]\narticle_patterns=["."]')
    with pytest.raises(SourcesError, match="regular expression"):
        parse_sources('[[source]]\nname="x"\nhosts=["a.vn"]\narticle_patterns=["("]')
    with pytest.raises(SourcesError, match="cannot read"):
        load_sources(Settings(fetch_sources_path="/nonexistent/sources.toml"))


def record(first_seen: datetime, last_fetched: datetime, etag: str | None = None) -> FetchRecord:
    return FetchRecord(url="http://nhandan.vn/a-post1.html", etag=etag, last_modified="Fri, 20 Nov 2026 01:30:00 GMT",
                       content_hash="h", first_seen=first_seen, last_fetched=last_fetched)


def test_refetch_policy() -> None:
    now = datetime(2026, 11, 22, tzinfo=UTC)
    policy = RefetchPolicy(window=timedelta(days=3), interval=timedelta(minutes=10))
    assert policy.due(None, now)
    assert policy.due(record(now - timedelta(days=1), now - timedelta(minutes=11)), now)
    assert not policy.due(record(now - timedelta(days=1), now - timedelta(minutes=5)), now)
    assert not policy.due(record(now - timedelta(days=4), now - timedelta(days=2)), now)


def test_conditional_headers() -> None:
    now = datetime(2026, 11, 22, tzinfo=UTC)
    assert conditional_headers(None) == {}
    assert conditional_headers(record(now, now, etag='"v1"')) == {
        "If-None-Match": '"v1"', "If-Modified-Since": "Fri, 20 Nov 2026 01:30:00 GMT"}

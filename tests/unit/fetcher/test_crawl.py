"""The crawler's chain against the fixture sites, with an in-memory publisher (the Kafka
path is covered by tests/integration/test_fetcher_live.py)."""

from __future__ import annotations

import asyncio
import logging
import socket
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from prometheus_client import REGISTRY

from newsflow.events import DeadLetter, FetchRecord, RawDocument
from newsflow.services.fetcher.admit import Politeness, allowlist_refusal
from newsflow.services.fetcher.crawl import Crawler, RoundSummary
from newsflow.services.fetcher.fetch import FetchLimits, HttpFetcher, make_session
from newsflow.services.fetcher.guard import AddressPolicy, GuardedResolver, parse_host_overrides
from newsflow.services.fetcher.sources import parse_sources
from newsflow.settings import Settings
from tests.fixtures.web import pages
from tests.fixtures.web.server import FixtureWeb, sources_toml


@dataclass
class MemoryPublisher:
    documents: list[RawDocument] = field(default_factory=list)
    records: list[FetchRecord] = field(default_factory=list)
    failures: list[DeadLetter] = field(default_factory=list)

    async def document(self, document: RawDocument) -> None:
        self.documents.append(document)

    async def state(self, record: FetchRecord) -> None:
        self.records.append(record)

    async def failure(self, dead_letter: DeadLetter) -> None:
        self.failures.append(dead_letter)


def crawl(web: FixtureWeb, publisher: MemoryPublisher, state: dict[str, FetchRecord],
          extra: list[str] | None = None, max_depth: int = 2,
          sources_text: str | None = None) -> tuple[RoundSummary, Crawler]:
    settings = Settings(fetch_host_overrides=web.overrides(), fetch_allow_loopback=True)
    sources = parse_sources(sources_text or sources_toml(max_depth))
    resolver = GuardedResolver(AddressPolicy.from_settings(settings),
                               parse_host_overrides(settings.fetch_host_overrides))

    async def go() -> tuple[RoundSummary, Crawler]:
        session = make_session(resolver, settings)
        try:
            fetcher = HttpFetcher(session, resolver,
                                  FetchLimits(read_timeout=0.3, total_timeout=1.0, max_body_bytes=500_000,
                                              backoff_base=0.01),
                                  user_agent="newsflow", check_hop=allowlist_refusal(sources))
            crawler = Crawler(sources, fetcher, publisher, Politeness(4, 2, 0.0), state,
                              user_agent="newsflow", refetch_window=timedelta(days=3),
                              max_pages_per_round=100)
            return await crawler.run_round(extra_urls=extra or []), crawler
        finally:
            await session.close()

    return asyncio.run(go())


#: What one round over the fixture sites publishes: nhandan's home page, home and section
#: feeds, google-news and the two most recent monthly sitemaps, a link inside an article and
#: a seed's source line; sokhcn's home page and listing, with pages 2 and 3 of its POST.
NHANDAN_PUBLISHED = [
    pages.LAST_MODIFIED_PATH, "/kinh-te-so-hai-phong-post1002.html", pages.ETAG_PATH, pages.FLAKY_PATH,
    pages.CP1258_PATH, "/hop-tac-dao-tao-nhan-luc-post1010.html", pages.SEED_ORIGIN_PATH,
    "/quoc-hoi-thao-luan-luat-khoa-hoc-cong-nghe-post1013.html",
    "/phong-thanh-cong-ve-tinh-quan-sat-trai-dat-post1014.html",
    "/nhieu-dia-phuong-ho-tro-nguoi-dan-vung-lu-post1015.html", "/dau-tu-ha-tang-so-thang-12-post1016.html"]
SOKHCN_PUBLISHED = [path for n in (1, 2, 3) for path in pages.SOKHCN_LISTING_PAGES[n]]


def _sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_one_round_follows_feeds_sitemaps_pages_and_links(fixture_web: FixtureWeb) -> None:
    fixture_web.slow_seconds = 1.5
    before = {"published": _sample("newsflow_fetcher_urls_total", host="nhandan.vn", outcome="published"),
              "timeout": _sample("newsflow_fetch_results_total", host="nhandan.vn", status="timeout")}
    publisher = MemoryPublisher()
    state: dict[str, FetchRecord] = {}
    summary, crawler = crawl(fixture_web, publisher, state,
                             extra=[f"http://nhandan.vn{pages.SEED_ORIGIN_PATH}", "https://elsewhere.example/x"])
    published = {d.url for d in publisher.documents}
    expected = {f"http://nhandan.vn{p}" for p in NHANDAN_PUBLISHED} | {
        f"http://sokhcn.haiphong.gov.vn{p}" for p in SOKHCN_PUBLISHED}
    assert published == expected
    assert summary.published == len(expected)
    # Never requested: robots-disallowed, off-allowlist (links and redirect target), other hosts.
    assert pages.DISALLOWED_PATH not in fixture_web.paths()
    assert fixture_web.hosts() <= {"nhandan.vn", "sokhcn.haiphong.gov.vn"}
    assert {"/robots.txt"} <= set(fixture_web.paths("nhandan.vn"))
    assert fixture_web.paths("nhandan.vn").count("/robots.txt") == 1
    failures = {d.key: d.error_class for d in publisher.failures}
    assert failures == {
        f"http://nhandan.vn{pages.SLOW_PATH}": "timeout",
        f"http://nhandan.vn{pages.BIG_PATH}": "too_large",
        f"http://nhandan.vn{pages.REDIRECT_PATH}": "redirect_not_allowed",
    }
    assert all(d.stage == "fetcher" and d.reason for d in publisher.failures)
    stats = crawler.stats
    assert stats.by_host[("nhandan.vn", "robots_disallowed")] == 1
    assert stats.by_host[("nhandan.vn", "timeout")] == 1
    assert stats.by_host[("nhandan.vn", "published")] == len(NHANDAN_PUBLISHED)
    assert stats.by_host[("elsewhere.example", "not_allowed")] == 1
    # ... and the same counts are Prometheus samples of the fetcher's /metrics.
    assert _sample("newsflow_fetcher_urls_total", host="nhandan.vn", outcome="published") \
        == before["published"] + len(NHANDAN_PUBLISHED)
    assert _sample("newsflow_fetch_results_total", host="nhandan.vn", status="timeout") \
        == before["timeout"] + 1
    # The raw document says what the fetch learned.
    etag_doc = next(d for d in publisher.documents if d.url.endswith(pages.ETAG_PATH))
    assert etag_doc.http is not None and etag_doc.http.etag and etag_doc.http.status == 200
    cp = next(d for d in publisher.documents if d.url.endswith(pages.CP1258_PATH))
    assert cp.charset == "windows-1258" and cp.origin == "http" and cp.content_encoding == "base64"


def test_second_round_is_conditional_and_publishes_nothing_unchanged(fixture_web: FixtureWeb) -> None:
    fixture_web.slow_seconds = 1.5
    first = MemoryPublisher()
    state: dict[str, FetchRecord] = {}
    crawl(fixture_web, first, state)
    before = len(fixture_web.requests)
    second = MemoryPublisher()
    summary, _ = crawl(fixture_web, second, dict(state))
    assert second.documents == []
    assert summary.unchanged >= 7
    later = fixture_web.requests[before:]
    etag_requests = [r for r in later if r.path == pages.ETAG_PATH]
    modified_requests = [r for r in later if r.path == pages.LAST_MODIFIED_PATH]
    assert etag_requests and all(r.headers.get("If-None-Match") for r in etag_requests)
    assert modified_requests and all(r.headers.get("If-Modified-Since") for r in modified_requests)


def test_an_updated_article_is_picked_up(fixture_web: FixtureWeb) -> None:
    fixture_web.slow_seconds = 1.5
    state: dict[str, FetchRecord] = {}
    crawl(fixture_web, MemoryPublisher(), state)
    fixture_web.updated.add("/kinh-te-so-hai-phong-post1002.html")
    second = MemoryPublisher()
    crawl(fixture_web, second, state)
    assert [d.url for d in second.documents] == ["http://nhandan.vn/kinh-te-so-hai-phong-post1002.html"]
    assert b"Updatedword" in second.documents[0].content_bytes()


def test_depth_limit(fixture_web: FixtureWeb) -> None:
    publisher = MemoryPublisher()
    fixture_web.slow_seconds = 1.5
    crawl(fixture_web, publisher, {}, max_depth=1)
    # Reached only through a link inside an article (depth 2).
    assert "/hop-tac-dao-tao-nhan-luc-post1010.html" not in fixture_web.paths()


def test_an_unreachable_host_is_tried_once_per_round_and_reported_once(
    fixture_web: FixtureWeb, caplog: pytest.LogCaptureFixture,
) -> None:
    offline = """
[[source]]
name = "offline"
hosts = ["offline.example"]
start_urls = ["http://offline.example/", "http://offline.example/a", "http://offline.example/b"]
feeds = ["http://offline.example/rss"]
article_patterns = ['-post\\\\d+\\\\.html$']
"""
    settings = Settings(fetch_host_overrides="offline.example=127.0.0.1:9", fetch_allow_loopback=True)
    sources = parse_sources(offline)
    resolver = GuardedResolver(AddressPolicy.from_settings(settings),
                               parse_host_overrides(settings.fetch_host_overrides))
    requested: list[str] = []

    async def go() -> RoundSummary:
        session = make_session(resolver, settings)
        try:
            fetcher = HttpFetcher(session, resolver, FetchLimits(max_retries=1, backoff_base=0.01),
                                  user_agent="newsflow", check_hop=allowlist_refusal(sources))
            real_fetch = fetcher.fetch

            async def counting_fetch(url: str, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
                requested.append(url)
                return await real_fetch(url, headers)

            fetcher.fetch = counting_fetch  # type: ignore[method-assign]
            crawler = Crawler(sources, fetcher, MemoryPublisher(), Politeness(4, 2, 0.0), {},
                              user_agent="newsflow", refetch_window=timedelta(days=3),
                              max_pages_per_round=100)
            return await crawler.run_round()
        finally:
            await session.close()

    with caplog.at_level(logging.WARNING, logger="newsflow.fetcher"):
        summary = asyncio.run(go())
    assert requested == ["http://offline.example/robots.txt"]
    assert summary.skipped == 4 and summary.failed == 0
    unreachable = [r.getMessage() for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(unreachable) == 1 and unreachable[0].startswith("offline.example is unreachable")


HOSTILE_SOURCES = f"""
poll_interval_seconds = 0
max_depth = 2

[[source]]
name = "nhandan"
hosts = ["nhandan.vn"]
start_urls = ["http://nhandan.vn{pages.HOSTILE_PATH}"]
article_patterns = ['-post\\d+\\.html']
delay_seconds = 0
"""


def test_a_page_of_malformed_links_does_not_stop_the_round(fixture_web: FixtureWeb) -> None:
    publisher = MemoryPublisher()
    summary, crawler = crawl(fixture_web, publisher, {}, sources_text=HOSTILE_SOURCES,
                             extra=["http://[::1", "mailto:toa-soan@nhandan.vn"])
    # The round went on: every good link was fetched and published ...
    published = {d.url for d in publisher.documents}
    assert published == {f"http://nhandan.vn{p}" for p in [
        pages.GOOD_TEST_PATH, "/kiem-thu/mat-khau-post1022.html", pages.CREDENTIALS_REDIRECT_PATH,
        "/kiem-thu/ma%2Fhoa~-post1025.html?q=m%E1%BB%99t%20hai+ba"]}
    assert fixture_web.paths().count(pages.GOOD_TEST_PATH) == 1  # two spellings, one page
    # ... and every malformed URL (links, the seed line, the redirect) is a failure event.
    failures = {(d.key, d.error_class) for d in publisher.failures}
    assert failures == {(link, "bad_link") for link in pages.BAD_LINKS} | {
        (f"http://nhandan.vn{pages.BAD_REDIRECT_PATH}", "bad_redirect")}
    assert all(d.reason and d.stage == "fetcher" for d in publisher.failures)
    redirect = next(d for d in publisher.failures if d.error_class == "bad_redirect")
    assert pages.BAD_REDIRECT_LOCATION in redirect.reason
    assert summary.failed == len(pages.BAD_LINKS) + 1
    assert crawler.stats.by_host[("nhandan.vn", "bad_link")] == len(pages.BAD_LINKS) - 1
    assert crawler.stats.by_host[("seeds", "bad_link")] == 1
    # Credentials are never sent, in a link or in a redirect.
    assert all("Authorization" not in r.headers for r in fixture_web.requests)
    assert pages.CREDENTIALS_TARGET_PATH in fixture_web.paths()
    # Requests go to the URL as found; the canonical form is only the page's key.
    assert pages.ENCODED_PATH in fixture_web.paths()
    encoded = next(d for d in publisher.documents if "ma%2Fhoa" in d.url)
    assert encoded.http is not None and encoded.http.final_url == f"http://nhandan.vn{pages.ENCODED_PATH}"


OFFLINE_SOURCES = """
[[source]]
name = "refused"
hosts = ["refused.example"]
start_urls = ["http://refused.example/"]
article_patterns = ['-post\\d+\\.html$']

[[source]]
name = "nxdomain"
hosts = ["nxdomain.example"]
start_urls = ["http://nxdomain.example/"]
article_patterns = ['-post\\d+\\.html$']

[[source]]
name = "private"
hosts = ["private.example"]
start_urls = ["http://private.example/"]
article_patterns = ['-post\\d+\\.html$']
"""


def test_offline_every_attempt_is_counted_by_host_and_outcome() -> None:
    # refused.example: nothing listens; nxdomain.example: the name does not resolve;
    # private.example: resolves to a private address, refused by the guard.
    expected = {("refused.example", "robots_connection_error"): 2,
                ("nxdomain.example", "robots_dns_error"): 2,
                ("private.example", "robots_blocked_address"): 1}
    before = {key: _sample("newsflow_fetch_results_total", host=key[0], status=key[1]) for key in expected}
    settings = Settings(fetch_host_overrides="refused.example=127.0.0.1:9,private.example=10.0.0.9:80",
                        fetch_allow_loopback=True)
    sources = parse_sources(OFFLINE_SOURCES)

    async def lookup(host: str, port: int) -> list[tuple[int, str]]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    resolver = GuardedResolver(AddressPolicy.from_settings(settings),
                               parse_host_overrides(settings.fetch_host_overrides), lookup=lookup)

    async def go() -> Crawler:
        session = make_session(resolver, settings)
        try:
            fetcher = HttpFetcher(session, resolver, FetchLimits(max_retries=1, backoff_base=0.001),
                                  user_agent="newsflow", check_hop=allowlist_refusal(sources))
            crawler = Crawler(sources, fetcher, MemoryPublisher(), Politeness(4, 2, 0.0), {},
                              user_agent="newsflow", refetch_window=timedelta(days=3),
                              max_pages_per_round=100)
            await crawler.run_round()
            return crawler
        finally:
            await session.close()

    crawler = asyncio.run(go())
    for key, count in expected.items():
        assert crawler.stats.by_host[key] == count, crawler.stats.as_dict()
        assert _sample("newsflow_fetch_results_total", host=key[0], status=key[1]) == before[key] + count


def test_a_sitemap_index_is_followed_to_its_recent_monthly_children_only(fixture_web: FixtureWeb) -> None:
    fixture_web.slow_seconds = 1.5
    crawl(fixture_web, MemoryPublisher(), {})
    sitemaps = [p for p in fixture_web.paths("nhandan.vn") if p.startswith("/sitemap")]
    assert sorted(sitemaps) == ["/sitemap.xml", "/sitemaps/google-news.xml", "/sitemaps/news-2026-11.xml",
                                "/sitemaps/news-2026-12.xml"]
    assert pages.OLD_MONTH_PATH not in fixture_web.paths()  # listed only in October's
    # every section feed is read once
    assert sorted(p for p in fixture_web.paths("nhandan.vn") if p.startswith("/rss/")) == sorted(
        ["/rss/home.rss", *(f"/rss/{s}.rss" for s in pages.SECTION_FEEDS)])


def test_a_vnpt_listing_is_read_through_its_pagination_post_within_the_page_limit(
    fixture_web: FixtureWeb, caplog: pytest.LogCaptureFixture,
) -> None:
    fixture_web.slow_seconds = 1.5
    publisher = MemoryPublisher()
    with caplog.at_level(logging.INFO, logger="newsflow.fetcher"):
        _, crawler = crawl(fixture_web, publisher, {})
    posts = fixture_web.posts("sokhcn.haiphong.gov.vn")
    assert {r.path for r in posts} == {pages.SOKHCN_PAGINATION_PATH}
    assert sorted(r.form["page"] for r in posts) == ["2", "3"]  # listing_pages = 3: not page 4
    for post in posts:  # the ids of the listing page's own script, sent as a form
        assert post.form["article_category_id"] == str(pages.SOKHCN_CATEGORY_ID)
        assert post.form["site_id"] == str(pages.SOKHCN_SITE_ID)
        assert post.form["page_size"] == str(pages.SOKHCN_PAGE_SIZE)
        assert post.headers["Content-Type"].startswith("application/x-www-form-urlencoded")
        assert post.headers["Referer"] == f"http://sokhcn.haiphong.gov.vn{pages.SOKHCN_LISTING_PATH}"
        assert post.headers["User-Agent"] == "newsflow"
    sokhcn = {d.url for d in publisher.documents if "sokhcn" in d.url}
    assert sokhcn == {f"http://sokhcn.haiphong.gov.vn{p}" for p in SOKHCN_PUBLISHED}
    assert pages.BEYOND_PAGES_PATH not in fixture_web.paths()
    # ?pageid= links are navigation, never fetched as articles
    assert not any("pageid=" in p for p in fixture_web.paths())
    # every POST attempt is counted like any fetch, by host and status
    assert crawler.stats.by_host[("sokhcn.haiphong.gov.vn", "200")] == len(fixture_web.paths("sokhcn.haiphong.gov.vn")) - 2
    # no sitemap on the portal: a calm "none", no failure, no dead letter
    assert not any("sokhcn" in (d.key or "") for d in publisher.failures)
    assert crawler.stats.by_host[("sokhcn.haiphong.gov.vn", "http_404")] == 1
    notes = [r for r in caplog.records if "sokhcn.haiphong.gov.vn/sitemap.xml" in r.getMessage()]
    assert [(r.levelno, r.getMessage().split(":")[0]) for r in notes] == [
        (logging.INFO, "no sitemap at http")]


def test_robots_txt_applies_to_the_pagination_post(fixture_web: FixtureWeb) -> None:
    fixture_web.slow_seconds = 1.5
    fixture_web.sokhcn_robots = "User-agent: *\nDisallow: /DesktopModule/\n"
    publisher = MemoryPublisher()
    _, crawler = crawl(fixture_web, publisher, {})
    assert fixture_web.posts() == []
    assert crawler.stats.by_host[("sokhcn.haiphong.gov.vn", "robots_disallowed")] == 2  # pages 2 and 3
    assert {d.url for d in publisher.documents if "sokhcn" in d.url} == {
        f"http://sokhcn.haiphong.gov.vn{p}" for p in pages.SOKHCN_LISTING_PAGES[1]}


def test_the_listing_pages_setting_bounds_the_pagination(fixture_web: FixtureWeb) -> None:
    fixture_web.slow_seconds = 1.5
    one_page = sources_toml().replace("listing_pages = 3", "listing_pages = 1")
    crawl(fixture_web, MemoryPublisher(), {}, sources_text=one_page)
    assert fixture_web.posts() == []
    many = sources_toml().replace("listing_pages = 3", "listing_pages = 50")
    crawl(fixture_web, MemoryPublisher(), {}, sources_text=many)
    # no further than the listing's own last page (maxPage = 4)
    assert sorted(r.form["page"] for r in fixture_web.posts()) == ["2", "3", "4"]

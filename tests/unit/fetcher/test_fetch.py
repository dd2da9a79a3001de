"""Fetching against the fixture server: limits, redirects, retries, conditional GET."""

from __future__ import annotations

import asyncio
import socket
import unicodedata
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

import pytest

from newsflow.services.fetcher.admit import allowlist_refusal
from newsflow.services.fetcher.fetch import (
    Fetched,
    FetchFailure,
    FetchLimits,
    HttpFetcher,
    backoff_delay,
    make_session,
    parse_retry_after,
    split_content_type,
)
from newsflow.services.fetcher.guard import AddressPolicy, GuardedResolver, parse_host_overrides
from newsflow.services.fetcher.sources import parse_sources
from newsflow.settings import Settings
from tests.fixtures.web import pages
from tests.fixtures.web.server import ETAG, LAST_MODIFIED, FixtureWeb, sources_toml

T = TypeVar("T")
BASE = "http://nhandan.vn"


def run_with_fetcher(web: FixtureWeb, body: Callable[[HttpFetcher], Awaitable[T]], *,
                     limits: FetchLimits | None = None, allow_loopback: bool = True,
                     sleeps: list[float] | None = None, overrides: str | None = None) -> T:
    settings = Settings(fetch_host_overrides=overrides or web.overrides(),
                        fetch_allow_loopback=allow_loopback)
    resolver = GuardedResolver(AddressPolicy.from_settings(settings),
                               parse_host_overrides(settings.fetch_host_overrides))

    async def fake_sleep(seconds: float) -> None:
        assert sleeps is not None
        sleeps.append(seconds)

    async def go() -> T:
        session = make_session(resolver, settings)
        try:
            fetcher = HttpFetcher(session, resolver, limits or FetchLimits(backoff_base=0.01),
                                  user_agent="newsflow-test",
                                  check_hop=allowlist_refusal(parse_sources(sources_toml())),
                                  sleep=fake_sleep if sleeps is not None else asyncio.sleep,
                                  jitter=lambda: 1.0)
            return await body(fetcher)
        finally:
            await session.close()

    return asyncio.run(go())


def test_a_page_is_fetched_with_its_headers(fixture_web: FixtureWeb) -> None:
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(BASE + pages.ETAG_PATH))
    assert isinstance(result, Fetched)
    assert (result.status, result.etag, result.content_type, result.charset) == \
        (200, ETAG, "text/html", "utf-8")
    assert "Bảo tồn di sản".encode() in result.body
    assert fixture_web.requests[-1].headers["User-Agent"] == "newsflow-test"


def test_conditional_requests_get_304(fixture_web: FixtureWeb) -> None:
    etag = run_with_fetcher(fixture_web, lambda f: f.fetch(BASE + pages.ETAG_PATH, {"If-None-Match": ETAG}))
    modified = run_with_fetcher(fixture_web, lambda f: f.fetch(
        BASE + pages.LAST_MODIFIED_PATH, {"If-Modified-Since": LAST_MODIFIED}))
    assert isinstance(etag, Fetched) and etag.not_modified and etag.body == b""
    assert isinstance(modified, Fetched) and modified.not_modified


def test_oversized_body_is_abandoned_while_streaming(fixture_web: FixtureWeb) -> None:
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(BASE + pages.BIG_PATH),
                              limits=FetchLimits(max_body_bytes=200_000))
    assert isinstance(result, FetchFailure)
    assert result.error_class == "too_large" and "200000" in result.reason
    assert not result.retryable


def test_slow_page_times_out(fixture_web: FixtureWeb) -> None:
    fixture_web.slow_seconds = 2.0
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(BASE + pages.SLOW_PATH),
                              limits=FetchLimits(read_timeout=0.3, total_timeout=1.0))
    assert isinstance(result, FetchFailure) and result.error_class == "timeout"
    assert fixture_web.paths().count(pages.SLOW_PATH) == 1  # a slow server is not hammered


def test_500_is_retried_with_backoff_then_succeeds(fixture_web: FixtureWeb) -> None:
    sleeps: list[float] = []
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(BASE + pages.FLAKY_PATH),
                              limits=FetchLimits(backoff_base=0.5), sleeps=sleeps)
    assert isinstance(result, Fetched) and result.status == 200
    assert fixture_web.paths().count(pages.FLAKY_PATH) == 2
    assert sleeps == [0.5]


def test_429_honours_retry_after(fixture_web: FixtureWeb) -> None:
    sleeps: list[float] = []
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(BASE + pages.LIMITED_PATH),
                              limits=FetchLimits(backoff_base=0.01), sleeps=sleeps)
    assert isinstance(result, Fetched)
    assert sleeps == [1.0]


def test_retries_give_up_with_a_reason(fixture_web: FixtureWeb) -> None:
    sleeps: list[float] = []
    # Nothing listens on the discard port: connection errors, retried, then a failure value.
    fixture_web.port = 9
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(BASE + "/x-post1.html"),
                              limits=FetchLimits(max_retries=3, backoff_base=0.1, backoff_max=0.3),
                              sleeps=sleeps)
    assert isinstance(result, FetchFailure)
    assert result.error_class == "connection_error" and result.attempts == 4
    assert sleeps == [0.1, 0.2, 0.3]


def test_redirect_outside_the_allowlist_is_never_followed(fixture_web: FixtureWeb) -> None:
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(BASE + pages.REDIRECT_PATH))
    assert isinstance(result, FetchFailure)
    assert result.error_class == "redirect_not_allowed" and "evil.example" in result.reason
    assert "evil.example" not in fixture_web.hosts()


def test_redirects_within_the_allowlist_are_followed(fixture_web: FixtureWeb) -> None:
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(BASE + pages.TO_WWW_PATH))
    assert isinstance(result, Fetched) and result.status == 200
    assert result.final_url == f"http://www.nhandan.vn{pages.ETAG_PATH}"
    assert result.redirects == [BASE + pages.TO_WWW_PATH]


def test_a_redirect_hop_to_an_allowlisted_name_on_a_private_address_is_refused(
    fixture_web: FixtureWeb,
) -> None:
    # www.nhandan.vn is on the allowlist, but (hostile DNS) resolves to a private address.
    overrides = f"nhandan.vn=127.0.0.1:{fixture_web.port},www.nhandan.vn=10.0.0.7:{fixture_web.port}"
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(BASE + pages.TO_WWW_PATH), overrides=overrides)
    assert isinstance(result, FetchFailure)
    assert result.error_class == "redirect_blocked_address" and "10.0.0.7" in result.reason
    assert fixture_web.hosts() == {"nhandan.vn"}


def test_too_many_redirects(fixture_web: FixtureWeb) -> None:
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(BASE + pages.REDIRECT_PATH),
                              limits=FetchLimits(max_redirects=0))
    assert isinstance(result, FetchFailure) and result.error_class == "too_many_redirects"


def test_loopback_is_refused_unless_allowed(fixture_web: FixtureWeb) -> None:
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(BASE + pages.ETAG_PATH), allow_loopback=False)
    assert isinstance(result, FetchFailure) and result.error_class == "blocked_address"
    assert "loopback" in result.reason
    assert fixture_web.requests == []


def test_off_allowlist_url_is_refused_before_any_request(fixture_web: FixtureWeb) -> None:
    result = run_with_fetcher(fixture_web, lambda f: f.fetch("http://evil.example/a-post1.html"))
    assert isinstance(result, FetchFailure) and result.error_class == "not_allowed"
    assert fixture_web.requests == []


def test_non_utf8_charset_is_reported(fixture_web: FixtureWeb) -> None:
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(BASE + pages.CP1258_PATH))
    assert isinstance(result, Fetched) and result.charset == "windows-1258"
    assert "Giáo dục đại học" in unicodedata.normalize("NFC", result.body.decode("cp1258"))


@pytest.mark.parametrize(("attempt", "jitter", "retry_after", "expected"), [
    (1, 1.0, None, 1.0), (2, 1.0, None, 2.0), (3, 1.0, None, 4.0), (3, 0.0, None, 2.0),
    (10, 1.0, None, 30.0), (1, 1.0, 7.0, 7.0), (1, 1.0, 120.0, 30.0),
])
def test_backoff_delay(attempt: int, jitter: float, retry_after: float | None, expected: float) -> None:
    assert backoff_delay(attempt, base=1.0, cap=30.0, retry_after=retry_after,
                         jitter=lambda: jitter) == expected


def test_parse_retry_after() -> None:
    now = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Fri, 20 Nov 2026 01:31:00 GMT", now) == 60.0
    assert parse_retry_after("Fri, 20 Nov 2026 01:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_split_content_type() -> None:
    assert split_content_type('text/HTML; charset="Windows-1258"') == ("text/html", "windows-1258")
    assert split_content_type("application/rss+xml") == ("application/rss+xml", None)
    assert split_content_type(None) == (None, None)


def test_an_allowlisted_ip_literal_is_still_guarded(fixture_web: FixtureWeb) -> None:
    resolver = GuardedResolver(AddressPolicy())

    async def go() -> object:
        session = make_session(resolver, Settings())
        try:
            fetcher = HttpFetcher(session, resolver, FetchLimits(), user_agent="t",
                                  check_hop=lambda url: None)  # everything on the allowlist
            return await fetcher.fetch(f"http://127.0.0.1:{fixture_web.port}/robots.txt")
        finally:
            await session.close()

    result = asyncio.run(go())
    assert isinstance(result, FetchFailure) and result.error_class == "blocked_address"
    assert fixture_web.requests == []


# --- the URL that is checked is the URL that is requested -------------------------------------


def test_credentials_in_the_url_are_never_sent(fixture_web: FixtureWeb) -> None:
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(f"http://user:secret@nhandan.vn{pages.ETAG_PATH}"))
    assert isinstance(result, Fetched) and result.status == 200
    assert result.final_url == BASE + pages.ETAG_PATH
    assert [r.path for r in fixture_web.requests] == [pages.ETAG_PATH]
    assert all("Authorization" not in r.headers for r in fixture_web.requests)


def test_credentials_in_a_redirect_are_never_sent(fixture_web: FixtureWeb) -> None:
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(BASE + pages.CREDENTIALS_REDIRECT_PATH))
    assert isinstance(result, Fetched) and result.status == 200
    assert result.final_url == BASE + pages.CREDENTIALS_TARGET_PATH
    assert fixture_web.paths() == [pages.CREDENTIALS_REDIRECT_PATH, pages.CREDENTIALS_TARGET_PATH]
    assert all("Authorization" not in r.headers for r in fixture_web.requests)


def test_the_url_is_requested_as_found_not_as_its_canonical_form(fixture_web: FixtureWeb) -> None:
    # Canonical: ma%2Fhoa~ ... (and "%2F" is not "/"); the server is asked for what the link said.
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(BASE + pages.ENCODED_PATH))
    assert isinstance(result, Fetched)
    assert fixture_web.paths() == [pages.ENCODED_PATH]
    assert result.final_url == BASE + pages.ENCODED_PATH


@pytest.mark.parametrize("url", ["http://[::1", "http://[evil.example]/x", "http://nhandan.vn:99999/x",
                                 "http://nhandan.vn:abc/x"])
def test_a_malformed_url_is_a_failure_not_an_exception(fixture_web: FixtureWeb, url: str) -> None:
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(url))
    assert isinstance(result, FetchFailure) and result.error_class == "bad_url" and result.reason
    assert fixture_web.requests == []


def test_a_redirect_to_a_malformed_url_is_a_failure(fixture_web: FixtureWeb) -> None:
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(BASE + pages.BAD_REDIRECT_PATH))
    assert isinstance(result, FetchFailure) and result.error_class == "bad_redirect"
    assert pages.BAD_REDIRECT_LOCATION in result.reason
    assert fixture_web.paths() == [pages.BAD_REDIRECT_PATH]


# --- every attempt is named, for the counters ---------------------------------------------------


def test_every_attempt_is_in_the_results(fixture_web: FixtureWeb) -> None:
    flaky = run_with_fetcher(fixture_web, lambda f: f.fetch(BASE + pages.FLAKY_PATH), sleeps=[])
    assert isinstance(flaky, Fetched) and flaky.results == ("http_500", "200")
    fixture_web.port = 9  # nothing listens there
    refused = run_with_fetcher(fixture_web, lambda f: f.fetch(BASE + "/x-post1.html"),
                               limits=FetchLimits(max_retries=2), sleeps=[])
    assert isinstance(refused, FetchFailure) and refused.results == ("connection_error",) * 3


def test_a_name_that_does_not_resolve_is_a_dns_error(fixture_web: FixtureWeb) -> None:
    async def no_such_name(host: str, port: int) -> list[tuple[int, str]]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    resolver = GuardedResolver(AddressPolicy(), lookup=no_such_name)

    async def go() -> object:
        session = make_session(resolver, Settings())
        try:
            fetcher = HttpFetcher(session, resolver, FetchLimits(max_retries=1), user_agent="t",
                                  check_hop=lambda url: None, sleep=lambda s: asyncio.sleep(0))
            return await fetcher.fetch("http://nxdomain.example/a")
        finally:
            await session.close()

    result = asyncio.run(go())
    assert isinstance(result, FetchFailure) and result.error_class == "dns_error"
    assert "cannot resolve nxdomain.example" in result.reason
    assert result.results == ("dns_error", "dns_error")

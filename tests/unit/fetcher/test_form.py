"""The form POST of a VNPT Portal listing's further pages: the same checks and limits as a GET."""

from __future__ import annotations

from newsflow.services.fetcher.discover import vnpt_pagination
from newsflow.services.fetcher.fetch import Fetched, FetchFailure, FetchLimits
from tests.fixtures.web import pages
from tests.fixtures.web.server import FixtureWeb
from tests.unit.fetcher.test_fetch import run_with_fetcher

SOKHCN = "http://sokhcn.haiphong.gov.vn"
ENDPOINT = SOKHCN + pages.SOKHCN_PAGINATION_PATH


def _form(page: int) -> dict[str, str]:
    pagination = vnpt_pagination(pages.sokhcn_listing_html().encode(), SOKHCN + pages.SOKHCN_LISTING_PATH)
    assert pagination is not None
    return pagination.form(page)


def test_a_page_of_the_listing_is_posted_and_answered(fixture_web: FixtureWeb) -> None:
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(ENDPOINT, form=_form(2)))
    assert isinstance(result, Fetched) and result.status == 200 and result.results == ("200",)
    assert pages.SOKHCN_LISTING_PAGES[2][0].encode() in result.body
    [request] = fixture_web.requests
    assert (request.method, request.path, request.form["page"]) == ("POST", pages.SOKHCN_PAGINATION_PATH, "2")
    assert request.headers["User-Agent"] == "newsflow-test"


def test_a_post_off_the_allowlist_is_never_sent(fixture_web: FixtureWeb) -> None:
    result = run_with_fetcher(fixture_web, lambda f: f.fetch("http://evil.example" + pages.SOKHCN_PAGINATION_PATH, form=_form(2)))
    assert isinstance(result, FetchFailure) and result.error_class == "not_allowed"
    assert fixture_web.requests == []


def test_a_post_to_a_loopback_address_is_refused_by_the_guard(fixture_web: FixtureWeb) -> None:
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(ENDPOINT, form=_form(2)), allow_loopback=False)
    assert isinstance(result, FetchFailure) and result.error_class == "blocked_address"
    assert fixture_web.requests == []


def test_a_refused_post_is_a_failure_with_its_status(fixture_web: FixtureWeb) -> None:
    wrong = dict(_form(2), site_id="1")
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(ENDPOINT, form=wrong))
    assert isinstance(result, FetchFailure) and result.error_class == "http_400" and result.status == 400


def test_the_body_limit_holds_for_a_post(fixture_web: FixtureWeb) -> None:
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(ENDPOINT, form=_form(2)),
                              limits=FetchLimits(max_body_bytes=100))
    assert isinstance(result, FetchFailure) and result.error_class == "too_large"


def test_credentials_in_the_endpoint_are_never_sent(fixture_web: FixtureWeb) -> None:
    endpoint = ENDPOINT.replace("http://", "http://user:secret@")
    result = run_with_fetcher(fixture_web, lambda f: f.fetch(endpoint, form=_form(3)))
    assert isinstance(result, Fetched) and result.final_url == ENDPOINT
    assert all("Authorization" not in r.headers for r in fixture_web.requests)
    assert [r.method for r in fixture_web.requests] == ["POST"]

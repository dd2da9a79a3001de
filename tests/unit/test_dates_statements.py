"""Stated times in the forms besides ISO 8601's extended one: ISO's basic format, RFC 2822 (as
e-mail, feeds and ``sailthru.date`` write it) and a date as people write it, in a meta tag, a
JSON-LD item or microdata."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from newsflow.services.parser.html.dates import page_dates, read_time
from newsflow.services.parser.html.dom import parse_tree

EAST = timezone(-timedelta(hours=4))


@pytest.mark.parametrize(("value", "expected", "date_only"), [
    ("Tue, 12 Mar 2024 08:15:00 GMT", datetime(2024, 3, 12, 8, 15, tzinfo=UTC), False),
    ("Tue, 12 Mar 2024 08:15:00 -0400", datetime(2024, 3, 12, 8, 15, tzinfo=EAST), False),
    ("12 Mar 2024 08:15 +0100", datetime(2024, 3, 12, 8, 15, tzinfo=timezone(timedelta(hours=1))), False),
    ("20240312", datetime(2024, 3, 12), True),
    ("20240312T081500Z", datetime(2024, 3, 12, 8, 15, tzinfo=UTC), False),
    ("20240312T0815+0100", datetime(2024, 3, 12, 8, 15, tzinfo=timezone(timedelta(hours=1))), False),
    ("March 12, 2024", datetime(2024, 3, 12), True),
    ("Tue, 12 Mar 2024", datetime(2024, 3, 12), True),
    ("Mar 12, 2024 8:15 PM ET", datetime(2024, 3, 12, 20, 15), False),
    ("12 Mar 2024 12:30 AM", datetime(2024, 3, 12, 0, 30), False),
    ("March 12, 2024, 3:05 p.m.", datetime(2024, 3, 12, 15, 5), False),
    ("12 mars 2024 à 08h15", datetime(2024, 3, 12, 8, 15), False),
    ("12. März 2024, 8:15 Uhr", datetime(2024, 3, 12, 8, 15), False),
])
def test_the_other_forms_of_a_stated_time(value: str, expected: datetime, date_only: bool) -> None:
    assert read_time(value) == (expected, date_only)


@pytest.mark.parametrize("value", ["20241332", "1710231300", "Tue, 31 Feb 2024 08:15:00 GMT", "the 12th", "2024"])
def test_what_is_no_stated_time(value: str) -> None:
    assert read_time(value) is None


def page(head: str = "", body: str = "") -> str:
    return (f"<html><head>{head}</head><body><div class='main'><h1>The headline of the story</h1>{body}"
            "<p>The first paragraph of the story, long enough to be a paragraph of text.</p></div></body></html>")


@pytest.mark.parametrize(("head", "body"), [
    ('<meta name="sailthru.date" content="Tue, 12 Mar 2024 08:15:00 -0400">', ""),
    ('<meta name="pubdate" content="20240312">', ""),
    ('<meta property="article:published_time" content="20240312T081500Z">', ""),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "March 12, 2024"}</script>', ""),
    ('<script type="application/ld+json">{"@type": "NewsArticle", '
     '"datePublished": "Tue, 12 Mar 2024 08:15:00 GMT"}</script>', ""),
    ("", '<span itemprop="datePublished" content="12 March 2024"></span>'),
])
def test_a_page_dated_by_such_a_statement_alone(head: str, body: str) -> None:
    dates = page_dates(parse_tree(page(head, body)), "https://news.example.com/story", use_htmldate=False)
    assert dates.published_at is not None
    assert dates.published_at.date() == date(2024, 3, 12)


def test_an_update_time_in_rfc_2822() -> None:
    head = ('<meta property="article:published_time" content="2024-03-12T08:15:00Z">'
            '<meta property="article:modified_time" content="Wed, 13 Mar 2024 10:05:00 GMT">')
    dates = page_dates(parse_tree(page(head)), "https://news.example.com/story", use_htmldate=False)
    assert dates.updated_at == datetime(2024, 3, 13, 10, 5, tzinfo=UTC)


@pytest.mark.parametrize("body", [
    '<div itemscope itemtype="https://schema.org/VideoObject"><span itemprop="uploadDate" content="2024-03-12">'
    "</span></div>",
    '<time itemprop="dateCreated" datetime="2024-03-12T08:15:00Z">Tuesday</time>',
])
def test_a_microdata_creation_or_upload_date_stands_in_for_none(body: str) -> None:
    dates = page_dates(parse_tree(page(body=body)), "https://news.example.com/story", use_htmldate=False)
    assert dates.published_at is not None
    assert dates.published_at.date() == date(2024, 3, 12)
    assert dates.decided_by == "loose"


def test_a_microdata_creation_date_yields_to_a_declared_one() -> None:
    body = ('<span itemprop="datePublished" content="2024-03-14"></span>'
            '<span itemprop="dateCreated" content="2024-03-12"></span>')
    dates = page_dates(parse_tree(page(body=body)), "https://news.example.com/story", use_htmldate=False)
    assert dates.published_at is not None
    assert dates.published_at.date() == date(2024, 3, 14)

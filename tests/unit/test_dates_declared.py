"""Machine-readable dates beyond an Article's datePublished: JSON-LD as a @graph or a list, a
creation date, a video's upload, the web page's date (its own or its mainEntity's), generic
meta tags, an update time alone, a zone other than UTC. htmldate is not asked: each case
tests our reading of the markup."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from newsflow.services.parser.html.dates import page_dates
from newsflow.services.parser.html.dom import parse_tree


def page(head: str, lang: str = "en") -> str:
    return (f"<html lang='{lang}'><head>{head}</head><body><article><h1>Headline of the story</h1>"
            "<p>The first paragraph of the story, long enough to be a paragraph of its text.</p>"
            "</article></body></html>")


def ld(data: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def day_of(head: str, url: str = "https://news.example.com/a") -> date | None:
    dates = page_dates(parse_tree(page(head)), url, use_htmldate=False)
    return dates.published_at.date() if dates.published_at else None


@pytest.mark.parametrize("head", [
    ld({"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "datePublished": "2010-01-01"},
        {"@type": ["NewsArticle"], "datePublished": "2024-03-12T08:00:00+07:00"}]}),
    ld([{"@type": "BreadcrumbList"}, {"@type": "ReportageNewsArticle", "datePublished": "2024-03-12"}]),
    ld({"@type": "NewsArticle", "dateCreated": "2024-03-12T08:00:00+07:00"}),
    ld({"@type": "VideoObject", "uploadDate": "2024-03-12T08:00:00+00:00"}),
    ld({"@type": "WebPage", "datePublished": "2024-03-12"}),
    ld({"@type": "WebPage", "mainEntity": {"@type": "NewsArticle", "datePublished": "2024-03-12"}}),
    '<meta itemprop="uploadDate" content="2024-03-12T08:00:00+00:00">',
    '<meta name="DC.date.issued" content="2024-03-12">',
    '<meta name="sailthru.date" content="2024-03-12 10:00:00">',
    '<meta name="parsely-pub-date" content="2024-03-12T10:00:00Z">',
    '<meta property="og:updated_time" content="2024-03-12T10:00:00+00:00">',
])
def test_the_date_the_markup_states(head: str) -> None:
    assert day_of(head) == date(2024, 3, 12)


def test_a_sites_or_a_comments_date_is_not_the_articles() -> None:
    head = ld([{"@type": "WebSite", "datePublished": "2010-01-01"},
               {"@type": "Organization", "foundingDate": "2001-01-01", "dateCreated": "2001-01-01"},
               {"@type": "Comment", "dateCreated": "2024-03-20"}])
    assert day_of(head) is None


def test_an_articles_published_date_comes_before_its_creation_and_the_web_pages() -> None:
    head = ld({"@graph": [{"@type": "WebPage", "datePublished": "2024-03-01"},
                          {"@type": "Article", "dateCreated": "2024-03-02", "datePublished": "2024-03-12"}]})
    assert day_of(head) == date(2024, 3, 12)


def test_a_time_with_its_own_offset_keeps_its_day() -> None:
    head = ld({"@type": "NewsArticle", "datePublished": "2024-03-12T23:30:00+09:00"})
    dates = page_dates(parse_tree(page(head, "ja")), "https://news.example.jp/a", use_htmldate=False)
    assert dates.published_at is not None
    assert dates.published_at.date() == date(2024, 3, 12)
    assert dates.published_at.utcoffset() == timedelta(hours=9)


def test_a_utc_time_is_the_day_in_the_sites_zone() -> None:
    head = '<meta property="article:published_time" content="2024-03-11T20:00:00Z">'
    assert day_of(head, "https://news.example.jp/a") == date(2024, 3, 12)  # 05:00 in Tokyo


def test_a_forum_threads_start_is_not_the_date_of_a_page_of_its_posts() -> None:
    head = ld({"@type": "DiscussionForumPosting", "headline": "Thread", "datePublished": "2011-02-21"})
    assert day_of(head, "https://forum.example.com/thread-34.html") is None

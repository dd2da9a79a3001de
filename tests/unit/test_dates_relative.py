"""Relative dates below the headline ("3 hours ago", "vor 2 Tagen", "2 giờ trước"): a day
counted back from the page's fetch time, in the page's zone; without a fetch time, no date."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta

import pytest

from newsflow.events import HttpFetchInfo, RawDocument, stable_id
from newsflow.services.parser.document import parse_document
from newsflow.services.parser.html.dates import ago_of, page_dates
from newsflow.services.parser.html.dom import parse_tree
from newsflow.services.parser.html.metadata import page_metadata


def page(lang: str, line: str, head: str = "") -> str:
    return (f"<html lang='{lang}'><head>{head}</head><body><article><h1>Headline of the story</h1>"
            f"<div class='meta'>{line}</div>"
            "<p>The first paragraph of the story, long enough to be a paragraph of its text.</p>"
            "</article></body></html>")


FETCHED = datetime(2024, 3, 12, 1, 30, tzinfo=UTC)  # 08:30 in Vietnam, 10:30 in Japan


def fetched_day(lang: str, line: str) -> tuple[date | None, str]:
    """The day ``page_dates`` gives a page with ``line`` below its headline, fetched at FETCHED,
    and what decided it."""
    dates = page_dates(parse_tree(page(lang, line)), "https://news.example.com/a", use_htmldate=False,
                       fetched_at=FETCHED)
    return (dates.published_at.date() if dates.published_at else None), dates.decided_by


@pytest.mark.parametrize(("lang", "line", "expected"), [
    ("en", "3 hours ago", date(2024, 3, 11)),  # UTC: 22:30 the day before
    ("de", "vor 2 Tagen", date(2024, 3, 10)),
    ("vi", "2 giờ trước", date(2024, 3, 12)),  # 06:30 in Vietnam
    ("vi", "12 giờ trước", date(2024, 3, 11)),
    ("tr", "5 saat önce", date(2024, 3, 11)),
    ("id", "3 jam yang lalu", date(2024, 3, 12)),  # 05:30 in Jakarta
    ("ru", "3 часа назад", date(2024, 3, 12)),  # 04:30 in Moscow, less 3 hours
    ("zh", "3 小时前", date(2024, 3, 12)),
    ("ja", "1時間前", date(2024, 3, 12)),
    ("ko", "3일 전", date(2024, 3, 9)),
    ("ar", "منذ ٣ أيام", date(2024, 3, 9)),
    ("pt", "há 2 semanas", date(2024, 2, 27)),
    ("es", "hace 10 minutos", date(2024, 3, 12)),
    ("fr", "il y a 3 heures", date(2024, 3, 11)),  # 23:30 in Paris the day before
    ("pl", "2 dni temu", date(2024, 3, 10)),
    ("hi", "3 घंटे पहले", date(2024, 3, 12)),  # 07:00 in India, less 3 hours
    ("th", "3 ชั่วโมงที่แล้ว", date(2024, 3, 12)),
])
def test_a_relative_date_counts_back_from_the_fetch_time(lang: str, line: str, expected: date) -> None:
    assert fetched_day(lang, line) == (expected, "relative")


def test_without_a_fetch_time_a_relative_date_is_no_date() -> None:
    dates = page_dates(parse_tree(page("en", "3 hours ago")), "https://news.example.com/a", use_htmldate=False)
    assert dates.published_at is None


def test_a_written_date_below_the_headline_wins_over_a_relative_one() -> None:
    dates = page_dates(parse_tree(page("en", "March 1, 2024 · updated 3 hours ago")), "https://news.example.com/a",
                       use_htmldate=False, fetched_at=FETCHED)
    assert dates.published_at is not None
    assert dates.published_at.date() == date(2024, 3, 1)


def test_a_declared_time_wins_over_a_relative_one() -> None:
    head = '<meta property="article:published_time" content="2024-03-05T10:00:00+00:00">'
    dates = page_dates(parse_tree(page("en", "3 hours ago", head)), "https://news.example.com/a",
                       use_htmldate=False, fetched_at=FETCHED)
    assert dates.published_at is not None
    assert dates.published_at.date() == date(2024, 3, 5)


def test_a_naive_fetch_time_is_utc_and_metadata_passes_it_on() -> None:
    naive = FETCHED.replace(tzinfo=None)
    meta = page_metadata(parse_tree(page("vi", "2 giờ trước")), "https://news.example.vn/a", fetched_at=naive)
    assert meta.published_at is not None
    assert meta.published_at.date() == date(2024, 3, 12)
    assert meta.published_at.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize("text", ["3 Tage Urlaub", "12 days", "Top 10 minutes of the match", "2 hours agony"])
def test_a_number_and_a_unit_alone_are_no_relative_date(text: str) -> None:
    assert ago_of(text) is None


def test_units_count_what_they_say() -> None:
    assert ago_of("10 phút trước") == timedelta(minutes=10)
    assert ago_of("vor 3 Wochen") == timedelta(weeks=3)
    assert ago_of("3時間前") == timedelta(hours=3)


@pytest.mark.parametrize(("lang", "line", "expected"), [
    ("de", "Heute, 14:05 Uhr", date(2024, 3, 12)),  # 02:30 in Berlin
    ("de", "Gestern um 14:05 Uhr", date(2024, 3, 11)),
    ("ru", "вчера в 14:05", date(2024, 3, 11)),
    ("en", "Yesterday at 2:05 PM", date(2024, 3, 11)),
    ("vi", "Hôm qua, 14:05", date(2024, 3, 11)),
    ("zh", "昨天 14:05", date(2024, 3, 11)),
    ("fr", "Aujourd'hui à 08h30", date(2024, 3, 12)),
    ("tr", "Dün 14:05", date(2024, 3, 11)),
])
def test_today_and_yesterday_before_a_time_of_day(lang: str, line: str, expected: date) -> None:
    assert fetched_day(lang, line)[0] == expected


@pytest.mark.parametrize("text", ["Today the council met again", "Gestern hat der Rat getagt", "Hier, il pleuvait"])
def test_today_or_yesterday_without_a_time_is_the_articles_text(text: str) -> None:
    assert ago_of(text) is None


def _fetched_page(html: str, url: str, fetched_at: datetime) -> RawDocument:
    return RawDocument(document_id=stable_id("http", url), origin="http", url=url, fetched_at=fetched_at,
                       media_type="text/html", content=base64.b64encode(html.encode()).decode(),
                       content_encoding="base64", http=HttpFetchInfo(status=200, final_url=url))


def test_a_fetched_pages_relative_date_is_counted_back_from_its_fetch_time() -> None:
    """The parser passes the raw document's fetch time down to the extractor's dates."""
    paragraphs = "".join(f"<p>The river rose through the night and the city opened its shelters, "
                         f"paragraph {n} of the report on the flood and what it changed.</p>" for n in range(6))
    html = (f"<html lang='vi'><head><title>Lũ lên</title></head><body><article><h1>Lũ lên trong đêm</h1>"
            f"<div class='meta'>5 giờ trước</div>{paragraphs}</article></body></html>")
    url = "https://news.example.vn/lu-len"
    for fetched_at, expected in ((FETCHED, date(2024, 3, 12)), (FETCHED - timedelta(days=30), date(2024, 2, 11))):
        article = parse_document(_fetched_page(html, url, fetched_at))
        assert article.published_at is not None
        assert article.published_at.date() == expected  # 08:30 or the day before's in Vietnam, less 5 hours

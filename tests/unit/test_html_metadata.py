"""Page metadata: times with zones, canonical URL, authors, tags, title without the site name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from newsflow.services.parser.html.dom import parse_tree
from newsflow.services.parser.html.metadata import VIETNAM_TIME, page_metadata, parse_time, strip_site_name

ICT = timezone(timedelta(hours=7))


def test_parse_time_forms() -> None:
    assert parse_time("2023-11-20T08:15:00+07:00") == datetime(2023, 11, 20, 8, 15, tzinfo=ICT)
    assert parse_time("2023-11-20T01:15:00Z") == datetime(2023, 11, 20, 1, 15, tzinfo=UTC)
    assert parse_time("2023-11-20 08:15", VIETNAM_TIME) == datetime(2023, 11, 20, 8, 15, tzinfo=ICT)
    assert parse_time("Ngày đăng: 20/11/2023 14:30", VIETNAM_TIME) == datetime(2023, 11, 20, 14, 30, tzinfo=ICT)
    assert parse_time("Thứ Hai, 20-11-2023, 08:15", VIETNAM_TIME) == datetime(2023, 11, 20, 8, 15, tzinfo=ICT)
    assert parse_time("08:15 | 20/11/2023", VIETNAM_TIME) == datetime(2023, 11, 20, 8, 15, tzinfo=ICT)
    # a time without a zone on a site that does not say its zone is dropped, not guessed
    assert parse_time("2023-11-20 08:15") is None
    assert parse_time("31/02/2023", VIETNAM_TIME) is None
    assert parse_time("soon") is None


def test_vietnamese_site_naive_times_get_plus_seven() -> None:
    root = parse_tree('<html><head><meta property="article:published_time" content="2023-11-20T08:15:00">'
                      "</head><body><p>x</p></body></html>")
    assert page_metadata(root, "https://baohaiphong.vn/a").published_at == datetime(2023, 11, 20, 8, 15, tzinfo=ICT)
    assert page_metadata(root, "https://example.com/a").published_at is None


def test_canonical_resolution_and_fallbacks() -> None:
    relative = parse_tree('<html><head><link rel="canonical" href="/news/a-1.html"></head><body></body></html>')
    assert page_metadata(relative, "https://site.example/x?utm=1").canonical_url == "https://site.example/news/a-1.html"
    og = parse_tree('<html><head><meta property="og:url" content="https://site.example/b"></head></html>')
    assert page_metadata(og, "https://site.example/x").canonical_url == "https://site.example/b"
    bogus = parse_tree('<html><head><link rel="canonical" href="javascript:void(0)"></head></html>')
    assert page_metadata(bogus, "https://site.example/x").canonical_url is None


def test_declared_language_authors_keywords() -> None:
    root = parse_tree('<html lang="vi-VN"><head><meta name="author" content="Thu Hà">'
                      '<meta name="keywords" content="Hải Phòng; khoa học, công nghệ">'
                      "<title>Hải Phòng tổ chức hội nghị khoa học - Cổng thông tin</title></head><body></body></html>")
    meta = page_metadata(root, "https://x.vn/a")
    assert meta.declared_language == "vi-VN"
    assert meta.authors == ["Thu Hà"]
    assert meta.tags == ["Hải Phòng", "khoa học", "công nghệ"]
    assert meta.title == "Hải Phòng tổ chức hội nghị khoa học"


def test_strip_site_name() -> None:
    assert strip_site_name("Hải Phòng khánh thành trung tâm - Báo Nhân Dân", "Báo Nhân Dân") == \
        "Hải Phòng khánh thành trung tâm"
    assert strip_site_name("Site | A much longer headline here", None) == "A much longer headline here"
    assert strip_site_name("A headline", "Site") == "A headline"

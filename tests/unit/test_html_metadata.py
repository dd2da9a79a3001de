"""Page metadata: times with zones, canonical URL, authors, tags, title without the site name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsflow.services.parser.html.dates import page_dates, read_time
from newsflow.services.parser.html.dom import parse_tree
from newsflow.services.parser.html.metadata import (
    VIETNAM_TIME,
    byline_authors,
    page_metadata,
    parse_time,
    strip_site_name,
)

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
    # .de names its country's zone (CET in November); a site that names none: the day as written, in UTC
    assert page_metadata(root, "https://zeitung.de/a").published_at == datetime(2023, 11, 20, 8, 15, tzinfo=timezone(timedelta(hours=1)))
    assert page_metadata(root, "https://example.com/a").published_at == datetime(2023, 11, 20, 8, 15, tzinfo=UTC)


def page_with(head: str, body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}<p>Text of the article.</p></body></html>"


def test_utc_times_are_read_in_the_pages_zone() -> None:
    # late evening in New York is the next day in UTC: the page's own offset gives the day
    root = parse_tree(page_with(
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-11-09T02:11:03+00:00"}'
        "</script>", '<article><time datetime="2023-11-08T21:11:03-05:00" class="published">Nov 8</time></article>'))
    published = page_metadata(root, "https://news.example.com/a").published_at
    assert published is not None and published.date().isoformat() == "2023-11-08"
    # 23:00 UTC is already the next day in Berlin
    root = parse_tree(page_with('<meta property="article:published_time" content="2021-11-04T23:00Z">'))
    published = page_metadata(root, "https://www.stiftung.de/bericht").published_at
    assert published is not None and published.date().isoformat() == "2021-11-05"


def test_declared_dates_that_agree_need_no_second_opinion() -> None:
    root = parse_tree(page_with(
        '<meta property="article:published_time" content="2022-03-01T10:00:00+01:00">'
        '<meta property="article:modified_time" content="2022-03-01T12:00:00+01:00">',
        '<article><h1>Headline</h1><time datetime="2022-03-01T10:00:00+01:00">1 March</time></article>'))
    dates = page_dates(root, "https://example.org/a", use_htmldate=False)
    assert dates.decided_by == "stated" and not dates.asked_htmldate
    assert dates.published_at == datetime(2022, 3, 1, 10, tzinfo=timezone(timedelta(hours=1)))
    assert dates.updated_at == datetime(2022, 3, 1, 12, tzinfo=timezone(timedelta(hours=1)))


def test_the_date_under_the_headline_settles_a_disagreement() -> None:
    # the page declares its first version and its update; the reader sees the update's day
    root = parse_tree(page_with(
        '<script type="application/ld+json">{"@type": "Article", "datePublished": "2023-01-10",'
        ' "dateModified": "2023-03-06"}</script>',
        "<h1>Was den Stoffwechsel bremst</h1><p>Von Anna Beispiel, 6. März 2023</p>"))
    dates = page_dates(root, "https://magazin.example/a")
    assert dates.decided_by == "headline"
    assert dates.published_at is not None and dates.published_at.date().isoformat() == "2023-03-06"


def test_htmldate_when_the_page_states_nothing() -> None:
    # no statement, and no date below the headline (it is written after a long paragraph)
    root = parse_tree("<html><body><h1>Title</h1><div>Posted in news</div>"
                      f"<p>{'Some text of the article. ' * 20}</p>"
                      "<p>Written on 2019-05-14 by me.</p></body></html>")
    dates = page_dates(root, "https://blog.example/post")
    assert dates.asked_htmldate
    assert dates.published_at is not None and dates.published_at.date().isoformat() == "2019-05-14"
    assert page_dates(root, "https://blog.example/post", use_htmldate=False).published_at is None


def test_update_before_publication_is_dropped_and_placeholders_ignored() -> None:
    root = parse_tree(page_with(
        '<meta property="article:published_time" content="2019-12-09T19:00:49+01:00">'
        '<meta property="article:modified_time" content="2019-12-09T17:14:32+01:00">'
        '<meta name="date" content="0001-01-01">'))
    dates = page_dates(root, "https://revue.example/a", use_htmldate=False)
    assert dates.published_at == datetime(2019, 12, 9, 19, 0, 49, tzinfo=timezone(timedelta(hours=1)))
    assert dates.updated_at is None


def test_read_time_forms() -> None:
    assert read_time("2022-1-26T14:32:06+02:00") == (datetime(2022, 1, 26, 14, 32, 6, tzinfo=timezone(timedelta(hours=2))), False)
    assert read_time("2020-01-20T09:49:32+0000") == (datetime(2020, 1, 20, 9, 49, 32, tzinfo=UTC), False)
    assert read_time("2019-10-18T20:00:25.850Z") == (datetime(2019, 10, 18, 20, 0, 25, tzinfo=UTC), False)
    assert read_time("2022-01-21") == (datetime(2022, 1, 21), True)
    assert read_time("Di., 25.01.2022 - 14:45") == (datetime(2022, 1, 25, 14, 45), False)
    assert read_time("2022-01-21T10:00+25:00") is None
    assert read_time("never") is None


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


def test_the_title_is_the_heading_the_declared_titles_agree_with() -> None:
    root = parse_tree('<html><head><meta property="og:title" content="Bridge stays closed | Town Gazette">'
                      "<title>Bridge stays closed - Town Gazette</title></head><body><h1>Town Gazette</h1>"
                      "<article><h1>Bridge stays closed</h1><p>Text.</p></article></body></html>")
    assert page_metadata(root, "https://towngazette.example/a").title == "Bridge stays closed"
    # a kicker before the headline in og:title; the page's <h1> is the headline
    root = parse_tree('<html><head><meta property="og:title" content="Klimaschutz: Bohren, bis es heiß wird">'
                      "</head><body><h1>Bohren, bis es heiß wird</h1></body></html>")
    assert page_metadata(root, "https://zeitung.example/a").title == "Bohren, bis es heiß wird"


@pytest.mark.parametrize(("page_title", "heading"), [
    ("港口防波堤将重建_港口新闻网", "港口防波堤将重建"),  # parts set apart without spaces
    ("港口防波堤将重建－港口日报", "港口防波堤将重建"),
    ("港口防波堤将重建-港口新闻_滚动新闻", "港口防波堤将重建"),
    ("港の防波堤を再建へ｜港湾新聞", "港の防波堤を再建へ"),
    ("港の防波堤を再建へ：港湾新聞デジタル", "港の防波堤を再建へ"),  # the heading agrees by its letters
    ("港口防波堤将重建——市议会通过预算_港口新闻网", "港口防波堤将重建——市议会通过预算"),  # a dash inside
])
def test_titles_in_scripts_without_spaces(page_title: str, heading: str | None) -> None:
    with_heading = parse_tree(f"<html><head><title>{page_title}</title></head><body><h1>{heading}</h1>"
                              "<p>正文。</p></body></html>")
    assert page_metadata(with_heading, "https://port.example.cn/a/1").title == heading
    if "：" not in page_title:  # a colon may set a kicker apart: without the heading, the title stays whole
        alone = parse_tree(f"<html><head><title>{page_title}</title></head><body><p>正文。</p></body></html>")
        assert page_metadata(alone, "https://port.example.cn/a/1").title == heading


@pytest.mark.parametrize(("page_title", "logo", "headline"), [
    ("港口防波堤将重建-港口新闻网站", "港口新闻网站", "港口防波堤将重建"),
    # a spaced title, and a site's name the host does not spell
    ("Harbour wall to be rebuilt | Port Daily", "Port Daily", "Harbour wall to be rebuilt"),
])
def test_a_site_name_heading_at_the_end_of_the_title_is_not_the_headline(page_title: str, logo: str,
                                                                          headline: str) -> None:
    root = parse_tree(f"<html><head><title>{page_title}</title></head><body><h1>{logo}</h1><p>Text.</p></body></html>")
    assert page_metadata(root, "https://hafen.example/a/1").title == headline


def test_the_site_name_is_found_from_the_host_when_the_page_does_not_name_it() -> None:
    root = parse_tree("<html><head><title>Amazon Liable for Defective Products - California Globe</title>"
                      "</head><body></body></html>")
    assert page_metadata(root, "https://californiaglobe.com/x").title == "Amazon Liable for Defective Products"
    root = parse_tree('<html><head><meta property="og:title" content="apolut.net: Interview mit einer Autorin">'
                      "</head><body></body></html>")
    assert page_metadata(root, "https://apolut.net/x").title == "Interview mit einer Autorin"


def test_authors_without_prefixes_and_without_the_site() -> None:
    root = parse_tree('<html><head><meta name="author" content="By Jane Doe and John Smith"></head></html>')
    assert page_metadata(root, "https://news.example/a").authors == ["Jane Doe", "John Smith"]
    root = parse_tree('<html><head><meta property="og:site_name" content="Town Gazette">'
                      '<meta name="author" content="Town Gazette"></head><body>'
                      '<div class="comments"><span class="author">A Reader says:</span></div>'
                      '<p class="byline">Von Anna Beispiel</p></body></html>')
    meta = page_metadata(root, "https://towngazette.example/a")
    assert meta.authors == [] and meta.site_authors == ["Town Gazette"]
    assert byline_authors(root, "https://towngazette.example/a", meta.site_name) == ["Anna Beispiel"]

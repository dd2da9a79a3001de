"""Dates as pages in many languages and scripts write them, each class on its own small page.

The page shows its date just below the headline and states none in its markup: the
written date alone decides (htmldate is not asked, so each case tests our reading).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from newsflow.services.parser.html.dates import (
    ascii_digits,
    headline_day,
    in_year_of,
    jalali_to_gregorian,
    page_dates,
    url_day,
    written_day,
)
from newsflow.services.parser.html.dom import parse_tree


def page_showing(line: str, head: str = "") -> str:
    return (f"<html><head>{head}</head><body><article><h1>Tiêu đề của bài báo</h1><div class='meta'>{line}</div>"
            "<p>Đoạn văn đầu tiên của bài báo, đủ dài để là một đoạn văn.</p></article></body></html>")


WRITTEN = [
    ("Thứ Ba, 12/03/2024 - 08:15", date(2024, 3, 12)),  # Vietnamese, day first
    ("Đăng ngày 12/3/2024", date(2024, 3, 12)),
    ("12 มีนาคม 2567", date(2024, 3, 12)),  # Thai month name, Buddhist-era year
    ("วันอังคารที่ 12 มีนาคม พ.ศ. 2567 เวลา 08:15 น.", date(2024, 3, 12)),
    ("12 มี.ค. 67", date(2024, 3, 12)),  # abbreviated month, two-digit Buddhist year
    ("๑๒ มีนาคม ๒๕๖๗", date(2024, 3, 12)),  # Thai digits
    ("2024年3月12日 08:15", date(2024, 3, 12)),  # Chinese / Japanese
    ("2024年03月12日", date(2024, 3, 12)),
    ("令和6年3月12日 8時15分", date(2024, 3, 12)),  # Japanese era year (Reiwa 6)
    ("令和元年5月1日", date(2019, 5, 1)),  # its first year
    ("平成30年5月1日", date(2018, 5, 1)),  # Heisei
    ("民國113年3月12日", date(2024, 3, 12)),  # Taiwan (Republic of China year)
    ("Thứ Ba, ngày 12 tháng 3 năm 2024 08:15", date(2024, 3, 12)),  # Vietnamese day and month words
    ("12 Tháng 3, 2024", date(2024, 3, 12)),
    ("2024년 3월 12일 오전 8:15", date(2024, 3, 12)),  # Korean
    ("입력 2024.03.12 08:15", date(2024, 3, 12)),
    ("2024/03/12", date(2024, 3, 12)),
    ("١٢ مارس ٢٠٢٤", date(2024, 3, 12)),  # Arabic-Indic digits
    ("٢٠٢٤/٠٣/١٢", date(2024, 3, 12)),
    ("۲۲ اسفند ۱۴۰۲", date(2024, 3, 12)),  # Persian calendar, Persian digits
    ("۱۴۰۲/۱۲/۲۲", date(2024, 3, 12)),
    ("12 марта 2024 г., 08:15", date(2024, 3, 12)),  # Russian genitive
    ("12 березня 2024", date(2024, 3, 12)),  # Ukrainian
    ("12 de marzo de 2024", date(2024, 3, 12)),  # Spanish
    ("12 de março de 2024", date(2024, 3, 12)),  # Portuguese
    ("12 mars 2024", date(2024, 3, 12)),
    ("12. března 2024", date(2024, 3, 12)),  # Czech
    ("12 Μαρτίου 2024", date(2024, 3, 12)),  # Greek
    ("2024. március 12.", date(2024, 3, 12)),  # Hungarian, year first
    ("12 Mart 2024", date(2024, 3, 12)),  # Turkish
    ("12 Maret 2024", date(2024, 3, 12)),  # Indonesian
    ("12 मार्च 2024", date(2024, 3, 12)),  # Hindi
    ("१२ मार्च २०२४", date(2024, 3, 12)),  # Devanagari digits
    ("March 12, 2024", date(2024, 3, 12)),
    ("Di., 12.03.2024 - 14:45", date(2024, 3, 12)),
]


@pytest.mark.parametrize(("line", "expected"), WRITTEN)
def test_the_date_under_the_headline_in_any_script(line: str, expected: date) -> None:
    root = parse_tree(page_showing(line))
    assert headline_day(root) == expected
    dates = page_dates(root, "https://example.org/bai-bao", use_htmldate=False)
    assert dates.published_at is not None and dates.published_at.date() == expected
    assert dates.decided_by == "headline"


@pytest.mark.parametrize("line", ["2 hours ago", "3 giờ trước", "vor 5 Minuten", "5 分钟前", "Hôm qua",
                                  "2 ชั่วโมงที่แล้ว", "Cập nhật 12 phút trước"])
def test_relative_dates_are_left_alone(line: str) -> None:
    assert headline_day(parse_tree(page_showing(line))) is None


def test_impossible_and_out_of_range_dates_are_no_date() -> None:
    assert written_day("31/02/2024") is None
    assert written_day("12 มีนาคม 2610") is None  # 2067 in the common era: not yet
    assert written_day("1445/09/01") is None  # a Hijri year in Arabic digits is not the Persian calendar's
    assert written_day("12 March 1990") is None  # before the web's news


def test_digits_of_every_script_read_as_ascii() -> None:
    assert ascii_digits("١٢٣ ۴۵۶ ७८९ ๑๒ ０９") == "123 456 789 12 09"


def test_persian_calendar() -> None:
    assert jalali_to_gregorian(1403, 1, 1) == date(2024, 3, 20)  # Nowruz 1403
    assert jalali_to_gregorian(1402, 1, 1) == date(2023, 3, 21)
    assert jalali_to_gregorian(1399, 12, 30) == date(2021, 3, 20)  # the last day of a leap year
    assert jalali_to_gregorian(1404, 7, 1) == date(2025, 9, 23)


def test_a_buddhist_era_year_in_the_markup_is_read_in_the_common_era() -> None:
    root = parse_tree(page_showing("", '<meta property="article:published_time" content="2567-03-12T08:15:00+07:00">'))
    published = page_dates(root, "https://example.co.th/a", use_htmldate=False).published_at
    assert published is not None and published.date() == date(2024, 3, 12)


def test_a_date_element_away_from_the_headline_but_not_a_header_widget() -> None:
    page = ("<html><body><header><span class='today-date'>Thứ Tư, 02/12/2026</span></header>"
            "<div class='breadcrumbs'>Tin tức</div><h1 class='ArticleHeader'>Tiêu đề</h1>"
            + "<p>Một đoạn văn của bài báo, đủ dài để lấp đầy khung sau tiêu đề.</p>" * 8
            + "<div class='PostDate'>12/03/2024 08:15</div></body></html>")
    dates = page_dates(parse_tree(page), "https://example.gov.vn/a", use_htmldate=False)
    assert dates.decided_by == "shown"
    assert dates.published_at is not None and dates.published_at.date() == date(2024, 3, 12)


def test_the_urls_date_settles_disagreeing_statements() -> None:
    page = page_showing("", '<meta property="article:published_time" content="2024-03-12T08:00:00+01:00">'
                            '<meta name="date" content="2024-03-14">'
                            '<script type="application/ld+json">{"@type": "NewsArticle", '
                            '"datePublished": "2024-03-14T09:00:00+01:00"}</script>')
    dates = page_dates(parse_tree(page), "https://example.com/news/2024/03/12/slug", use_htmldate=False)
    assert dates.decided_by == "url"
    assert dates.published_at is not None and dates.published_at.date() == date(2024, 3, 12)
    assert url_day("https://example.com/a-2019-12-09-b.html") == date(2019, 12, 9)
    assert url_day("https://example.com/2020/13/01/x") is None
    assert url_day("https://example.com/story/20240312") is None  # eight digits may be an id
    assert url_day("http://[::1/2024/03/12/broken") is None  # no URL at all


def test_a_utc_time_is_read_in_the_zone_of_the_pages_language() -> None:
    # 16:30 UTC on the 11th is 01:30 on the 12th in Tokyo; the page names no zone of its own
    head = '<meta property="article:published_time" content="2024-03-11T16:30:00Z">'
    page = page_showing("", head).replace("<html>", "<html lang='ja'>")
    published = page_dates(parse_tree(page), "https://example.com/a", use_htmldate=False).published_at
    assert published is not None and published.date() == date(2024, 3, 12)
    locale = page_showing("", head + '<meta property="og:locale" content="ko_KR">')
    published = page_dates(parse_tree(locale), "https://example.com/a", use_htmldate=False).published_at
    assert published is not None and published.date() == date(2024, 3, 12)
    english = page_showing("", head).replace("<html>", "<html lang='en'>")
    published = page_dates(parse_tree(english), "https://example.com/a", use_htmldate=False).published_at
    assert published is not None and published.date() == date(2024, 3, 11)


@pytest.mark.parametrize(("line", "published", "updated"), [
    ("Đăng: 12/03/2024 08:15 | Cập nhật: 14/03/2024 10:05", date(2024, 3, 12), datetime(2024, 3, 14, 10, 5)),
    ("Erstellt am 12.03.2024 · Aktualisiert am 14.03.2024, 10:05 Uhr", date(2024, 3, 12),
     datetime(2024, 3, 14, 10, 5)),
    ("Published March 12, 2024 · Updated March 14, 2024", date(2024, 3, 12), datetime(2024, 3, 14)),
    ("2024年3月12日 08:15 更新 2024年3月14日", date(2024, 3, 12), datetime(2024, 3, 14)),
    ("12 March 2024", date(2024, 3, 12), None),
])
def test_the_update_date_below_the_headline_is_kept_apart(line: str, published: date,
                                                           updated: datetime | None) -> None:
    dates = page_dates(parse_tree(page_showing(line)), "https://example.org/a", use_htmldate=False)
    assert dates.published_at is not None and dates.published_at.date() == published
    if updated is None:
        assert dates.updated_at is None
    else:
        assert dates.updated_at is not None and dates.updated_at.replace(tzinfo=None) == updated


def test_an_update_date_alone_below_the_headline_is_the_pages_date_and_its_update() -> None:
    dates = page_dates(parse_tree(page_showing("Von Anna Beispiel · Aktualisiert am 06. März 2023")),
                       "https://example.org/a", use_htmldate=False)
    assert dates.published_at is not None and dates.published_at.date() == date(2023, 3, 6)
    assert dates.updated_at is not None and dates.updated_at.date() == date(2023, 3, 6)


def test_the_portals_banner_heading_is_not_the_headline() -> None:
    page = ("<html><body><div class='banner'><h1>Cổng thông tin điện tử</h1><span>Thứ Tư, 02/12/2026</span></div>"
            "<div class='ArticleDetail'><h1 class='ArticleHeader'>Tiêu đề</h1><p>12/03/2024 08:15</p>"
            "<p>Đoạn văn đầu tiên của bài báo.</p></div></body></html>")
    assert headline_day(parse_tree(page)) == date(2024, 3, 12)
    # the article's own heading first, wherever it stands
    page = ("<html><body><h1>Das Portal</h1><p>01.12.2026</p><article><h1>Der Artikel</h1><p>12.03.2024</p>"
            "</article></body></html>")
    assert headline_day(parse_tree(page)) == date(2024, 3, 12)


def test_a_month_and_day_without_a_year_take_the_year_of_the_pages_other_dates() -> None:
    # the page's loose meta date (its build) gives the year; the headline's month and day the date
    page = page_showing("[06月24日 11時30分]", '<meta name="date" content="2019-07-02">')
    dates = page_dates(parse_tree(page), "https://example.jp/news/a", use_htmldate=False)
    assert dates.published_at is not None and dates.published_at.date() == date(2019, 6, 24)
    assert in_year_of((12, 30), date(2024, 1, 3)) == date(2023, 12, 30)  # written last year
    assert in_year_of((2, 30), date(2024, 1, 3)) is None
    # without any other date there is no year to give it
    alone = page_dates(parse_tree(page_showing("3월 12일 오전 8:15")), "https://example.kr/a", use_htmldate=False)
    assert alone.published_at is None


def test_year_first_dates_with_slashes_or_dots_in_the_markup() -> None:
    for written in ("2024/03/12 08:15:00", "2024.03.12"):
        root = parse_tree(page_showing("", f'<meta property="article:published_time" content="{written}">'))
        published = page_dates(root, "https://example.jp/a", use_htmldate=False).published_at
        assert published is not None and published.date() == date(2024, 3, 12)


def test_a_loose_meta_date_does_not_beat_the_date_below_the_headline() -> None:
    # "date"/"dcterms.date" metas are often the page's build: confirming htmldate's answer with
    # one of them is no reason to pass over the date the readers see
    page = page_showing("Meldungen · 27.01.2022", '<meta name="date" content="2021-12-20T11:02:44+01:00">'
                                                  '<meta name="dcterms.date" content="2021-12-20T11:02:44+01:00">')
    dates = page_dates(parse_tree(page), "https://verband.example/meldungen/details")
    assert dates.published_at is not None and dates.published_at.date() == date(2022, 1, 27)
    # a declared date that agrees with htmldate still does
    declared = page.replace('name="date"', 'property="article:published_time"')
    dates = page_dates(parse_tree(declared), "https://verband.example/meldungen/details")
    assert dates.published_at is not None and dates.published_at.date() == date(2021, 12, 20)


def test_an_update_time_before_the_publication_does_not_unsettle_it() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2022-12-21T05:49:28+00:00",'
            ' "dateModified": "2022-12-20T16:55:21+00:00"}</script>')
    # the page also shows the (earlier) update's day: the declaration settles it all the same
    dates = page_dates(parse_tree(page_showing("20.12.2022", head)), "https://magazin.example/a",
                       use_htmldate=False)
    assert dates.decided_by == "stated"
    assert dates.published_at is not None and dates.published_at.date() == date(2022, 12, 21)
    assert dates.updated_at is None  # a page that says it changed before it appeared


def test_htmldate_is_not_asked_when_its_answer_cannot_win() -> None:
    # a date below the headline and nothing declared: htmldate's day could only be confirmed by
    # the loose meta date, which never beats the headline's, so it is not asked
    page = page_showing("Meldungen · 27.01.2022", '<meta name="date" content="2021-12-20T11:02:44+01:00">')
    dates = page_dates(parse_tree(page), "https://verband.example/meldungen/details")
    assert dates.published_at is not None and dates.published_at.date() == date(2022, 1, 27)
    assert not dates.asked_htmldate
    # no date below the headline: htmldate is asked
    bare = page_showing("Meldungen", '<meta name="date" content="2021-12-20T11:02:44+01:00">')
    assert page_dates(parse_tree(bare), "https://verband.example/meldungen/details").asked_htmldate


def test_a_time_showing_another_day_than_its_datetime_is_read_as_shown() -> None:
    # the template writes the last change into the attribute; readers see the text
    line = '<time datetime="2019-07-03T10:18:46Z">Publié le 29 juin 2019</time>'
    dates = page_dates(parse_tree(page_showing(line)), "https://luttes.example/a", use_htmldate=False)
    assert dates.published_at is not None and dates.published_at.date() == date(2019, 6, 29)
    # a day apart is one instant in two zones: the attribute's time is kept
    near = '<time datetime="2019-06-28T23:30:00Z">29 juin 2019</time>'
    dates = page_dates(parse_tree(page_showing(near)), "https://luttes.example/a", use_htmldate=False)
    assert dates.published_at == datetime(2019, 6, 28, 23, 30, tzinfo=UTC)


def test_one_declaration_against_most_of_them_does_not_win_by_the_url() -> None:
    # the URL names the day of the draft and one meta states it; JSON-LD, Open Graph and the
    # article's <time> state the next day, the one published
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2020-02-19T18:37:32+01:00"}'
            '</script><meta property="article:published_time" content="2020-02-19T18:37:32+01:00">'
            '<meta itemprop="datePublished" content="2020-02-18T18:12:26+01:00">')
    line = '<time datetime="2020-02-19T18:37:32+01:00">19 FEB 2020 - 18:37 CET</time>'
    dates = page_dates(parse_tree(page_showing(line, head)), "https://diario.example/2020/02/18/ciencia/a.html",
                       use_htmldate=False)
    assert dates.published_at is not None and dates.published_at.date() == date(2020, 2, 19)


@pytest.mark.parametrize("line", [
    "Aktualisiert am 14.03.2024, 10:05 · Erstellt am 10.03.2024",
    "Updated March 14, 2024 | Published March 10, 2024",
    "Cập nhật: 14/03/2024 10:05 - Đăng: 10/03/2024",
])
def test_the_update_shown_first_below_the_headline_is_not_the_publication(line: str) -> None:
    dates = page_dates(parse_tree(page_showing(line)), "https://zeitung.example/a", use_htmldate=False)
    assert dates.published_at is not None and dates.published_at.date() == date(2024, 3, 10)
    assert dates.updated_at is not None and dates.updated_at.date() == date(2024, 3, 14)
    # shown alone, the update's date is the page's date to its readers
    alone = page_dates(parse_tree(page_showing(line.split("·")[0].split("|")[0].split(" - ")[0])),
                       "https://zeitung.example/a", use_htmldate=False)
    assert alone.published_at is not None and alone.published_at.date() == date(2024, 3, 14)


FILLER = "<p>" + "Ein Absatz des Artikels, lang genug, dass unter der Überschrift kein Datum steht. " * 6 + "</p>"


def test_the_times_of_teasers_nested_in_the_article_are_not_its_own() -> None:
    teasers = "".join(f'<article class="teaser"><h3>Mehr</h3><time datetime="2024-03-0{d}T10:00:00+01:00"></time>'
                      "</article>" for d in (1, 2, 3))
    page = (f"<html><body><article><h1>Überschrift</h1>{FILLER}"
            f'<time datetime="2024-03-12T08:15:00+01:00"></time>{teasers}</article></body></html>')
    dates = page_dates(parse_tree(page), "https://zeitung.example/a")
    assert dates.published_at is not None and dates.published_at.date() == date(2024, 3, 12)
    assert dates.decided_by == "stated" and not dates.asked_htmldate  # one day stated: settled


def test_the_many_times_of_one_list_are_one_voice() -> None:
    # a timeline of three <time>s on the day the URL names, against JSON-LD and Open Graph
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-03-12T08:15:00+01:00"}'
            '</script><meta property="article:published_time" content="2024-03-12T08:15:00+01:00">')
    timeline = "".join(f'<li><time datetime="2024-03-05T{h}:00:00+01:00"></time></li>' for h in (10, 11, 12))
    page = f"<html><head>{head}</head><body><article><h1>Überschrift</h1>{FILLER}<ul>{timeline}</ul></article></body></html>"
    dates = page_dates(parse_tree(page), "https://zeitung.example/2024/03/05/a", use_htmldate=False)
    assert dates.published_at is not None and dates.published_at.date() == date(2024, 3, 12)


def page_ending_with(line: str, script: str = "") -> str:
    return (f"<html><body><h1>Überschrift</h1>{FILLER}{FILLER}<div class='footer-info'>{line}</div>"
            f"<script>{script}</script></body></html>")


@pytest.mark.parametrize(("line", "expected"), [
    ("Letzte Änderung: 31.10.2023 - 14:49:39 Erschienen am: 01.11.2023", date(2023, 11, 1)),
    ("Publié le jeudi 12 mars 2024", date(2024, 3, 12)),
    ("Ngày đăng: 12/03/2024 08:15", date(2024, 3, 12)),
    ("Last updated 14 March 2024. Published: 10 March 2024", date(2024, 3, 10)),
    ("发布时间：2024年3月12日", date(2024, 3, 12)),
])
def test_a_date_that_publish_words_introduce_anywhere_in_the_text(line: str, expected: date) -> None:
    dates = page_dates(parse_tree(page_ending_with(line)), "https://zeitschrift.example/a", use_htmldate=False)
    assert dates.published_at is not None and dates.published_at.date() == expected
    assert dates.decided_by == "published word"


def test_publish_words_and_their_date_apart_in_the_markup() -> None:
    # the template puts the words and the date on lines of their own, indented: no text between
    line = "<p>\n            Erschienen am\n                  <span>26. Jan 2022</span>\n         im Format Aktuelles</p>"
    dates = page_dates(parse_tree(page_ending_with(line)), "https://ministerium.example/a", use_htmldate=False)
    assert dates.published_at is not None and dates.published_at.date() == date(2022, 1, 26)
    assert dates.decided_by == "published word"


def test_a_date_after_publish_words_in_a_script_is_not_read() -> None:
    page = page_ending_with("Impressum", script='var meta = {"datePublished":"2021-05-04", "published":"2021-05-04"};')
    assert page_dates(parse_tree(page), "https://zeitschrift.example/a", use_htmldate=False).published_at is None


def test_a_dateline_just_above_the_headline_when_none_is_below_it() -> None:
    # "02.02.2022 10:16 Uhr - Bundesliga" over the headline; the teasers' dates further down
    page = ("<html><body><div class='kicker'>Quelle: Verein 02.02.2022 10:16 Uhr - 1. Liga</div>"
            f"<h1>Neuer Spieler verpflichtet</h1>{FILLER}<ul><li>30.01.2022 Anderes</li></ul></body></html>")
    dates = page_dates(parse_tree(page), "https://sport.example/news-1.html", use_htmldate=False)
    assert dates.published_at is not None and dates.published_at.date() == date(2022, 2, 2)
    assert dates.decided_by == "above headline"


def test_the_date_above_the_headline_before_a_date_in_the_article_text() -> None:
    # below the headline only the article's own dates, in its text: an offer open "vom 9.1. -10.2.2023"
    text = ("<p>Mit der Investition in den Windpark bietet die Firma vielen Bürgerinnen und Bürgern der "
            "Stadt vom 9.1. -10.2.2023 die Möglichkeit, Teil der Energiewende zu werden.</p>")
    page = (f"<html><body><div><a href='/news'>Zurück zum Newsroom</a> 06.12.2022</div>"
            f"<h1>Bürgerbeteiligung startet</h1>{text}{FILLER}</body></html>")
    dates = page_dates(parse_tree(page), "https://firma.example/presse/a.html", use_htmldate=False)
    assert dates.published_at is not None and dates.published_at.date() == date(2022, 12, 6)


def test_a_date_in_the_page_header_above_the_headline_is_not_its_date() -> None:
    # a today's-date widget in the site's header, then the headline
    page = (f"<html><body><header><span>Montag, 04.03.2024</span></header>"
            f"<h1>Überschrift</h1>{FILLER}</body></html>")
    dates = page_dates(parse_tree(page), "https://portal.example/a", use_htmldate=False)
    assert dates.published_at is None


def test_a_declared_time_in_the_future_is_no_publication() -> None:
    # the JSON-LD's datePublished a template's far-future placeholder, Open Graph the real time
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2099-12-31T00:00:00Z"}'
            '</script><meta property="article:published_time" content="2024-03-12T08:15:00+01:00">')
    page = f"<html><head>{head}</head><body><article><h1>Überschrift</h1>{FILLER}</article></body></html>"
    dates = page_dates(parse_tree(page), "https://zeitung.example/a", use_htmldate=False)
    assert dates.published_at is not None and dates.published_at.date() == date(2024, 3, 12)
    assert dates.decided_by == "stated"


def test_htmldate_is_not_asked_when_its_day_cannot_win_over_the_date_above() -> None:
    # no time stated anywhere: nothing could confirm htmldate's day, the date above comes first
    page = ("<html><body><div class='kicker'>Quelle: Verein 02.02.2022 10:16 Uhr - 1. Liga</div>"
            f"<h1>Neuer Spieler verpflichtet</h1>{FILLER}<ul><li>30.01.2022 Anderes</li></ul></body></html>")
    dates = page_dates(parse_tree(page), "https://sport.example/news-1.html")
    assert dates.published_at is not None and dates.published_at.date() == date(2022, 2, 2)
    assert not dates.asked_htmldate

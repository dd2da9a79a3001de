"""Wire datelines without a year just below the headline ("BERLIN, 3. März (dpa) –", "WASHINGTON,
March 3 (Reuters) -"): the month and day, in the year of the page's own times, else of the fetch
time, else of the URL's date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from newsflow.services.parser.html.dates import page_dates, site_timezone
from newsflow.services.parser.html.dom import parse_tree

FETCHED = datetime(2024, 3, 12, 15, 0, tzinfo=UTC)


def page(lang: str, first: str, head: str = "") -> str:
    return (f"<html lang='{lang}'><head>{head}</head><body><div class='story'><h1>The headline of the story</h1>"
            f"<p>{first} the rest of the first paragraph, long enough to be a paragraph.</p>"
            "<p>A second paragraph of the story.</p></div><footer>© 2026 Example Media</footer></body></html>")


@pytest.mark.parametrize(("lang", "first", "expected"), [
    ("de", "BERLIN, 12. März (dpa) – Die Bundesregierung hat am Dienstag beschlossen,", date(2024, 3, 12)),
    ("en", "WASHINGTON, March 12 (Reuters) - The U.S. Senate on Tuesday passed", date(2024, 3, 12)),
    ("en", "NEW YORK, Mar. 11 — Shares rose on Monday", date(2024, 3, 11)),
    ("fr", "PARIS, 12 mars (Reuters) - Le gouvernement a annoncé mardi", date(2024, 3, 12)),
    ("es", "MADRID, 12 mar (EFE).- El Gobierno aprobó este martes", date(2024, 3, 12)),
    ("ru", "МОСКВА, 12 марта — РИА Новости. Правительство", date(2024, 3, 12)),
    ("pl", "Warszawa, 11 marca (PAP) - Rząd przyjął", date(2024, 3, 11)),
    ("en", "LONDON, Dec. 30 (Reuters) - Britain said", date(2023, 12, 30)),  # the year before the fetch
])
def test_a_dateline_in_the_fetch_times_year(lang: str, first: str, expected: date) -> None:
    dates = page_dates(parse_tree(page(lang, first)), "https://news.example.com/a", use_htmldate=False,
                       fetched_at=FETCHED)
    assert dates.published_at is not None
    assert dates.published_at.date() == expected


def test_the_pages_own_times_give_the_year_first() -> None:
    head = '<meta property="article:modified_time" content="2022-03-14T10:00:00+01:00">'
    dates = page_dates(parse_tree(page("de", "BERLIN, 12. März (dpa) – Die Regierung", head)),
                       "https://news.example.com/a", use_htmldate=False, fetched_at=FETCHED)
    assert dates.published_at is not None
    assert dates.published_at.date() == date(2022, 3, 12)


def test_the_copyright_year_is_no_year_of_a_dateline() -> None:
    # htmldate reads the footer's "© 2026" as the 1st of January 2026: the fetch time's year comes first
    dates = page_dates(parse_tree(page("en", "WASHINGTON, March 12 (Reuters) - The Senate")),
                       "https://news.example.com/a", fetched_at=FETCHED)
    assert dates.published_at is not None
    assert dates.published_at.date() == date(2024, 3, 12)


@pytest.mark.parametrize("first", [
    "In Paris, 12 people were hurt -",  # no month after the day
    "berlin, 12. März (dpa) – ",  # no place name
    "WASHINGTON, March 12 the Senate voted",  # no agency or dash after it
])
def test_what_is_no_dateline(first: str) -> None:
    dates = page_dates(parse_tree(page("en", first)), "https://news.example.com/a", use_htmldate=False,
                       fetched_at=FETCHED)
    assert dates.published_at is None



def test_a_page_fetched_years_later_keeps_the_year_its_url_gives() -> None:
    # a saved or archived page: its own evidence of the year (here its URL's date) comes before
    # the fetch time's year, which would make "06月24日" the 24th of June before the fetch
    html = ("<html lang='ja'><body><div class='story'><h1>見出しの記事</h1>"
            "<p>06月24日 記事の最初の段落は十分に長い文章です。</p><p>二番目の段落です。</p>"
            "</div></body></html>")
    dates = page_dates(parse_tree(html), "https://news.example.jp/2019/06/24/k100.html",
                       use_htmldate=False, fetched_at=FETCHED)
    assert dates.published_at is not None
    assert dates.published_at.date() == date(2019, 6, 24)


@pytest.mark.parametrize(("url", "zone"), [
    ("https://www.diario.com.bo/nota", "America/La_Paz"),  # one zone in the tz database
    ("https://www.zeitung.de/artikel", "Europe/Berlin"),  # the table
    ("https://www.news.ru/a", "Europe/Moscow"),  # several zones, the table names the news' one
    ("https://startup.io/post", None),  # a domain used as a word
    ("https://www.example.com/a", None),
    ("https://www.example.us/a", None),  # several zones, none named
])
def test_a_country_domain_names_its_only_zone(url: str, zone: str | None) -> None:
    found = site_timezone(url)
    assert (str(found) if found is not None else None) == zone


def test_a_utc_statement_is_the_day_of_the_sites_country() -> None:
    # "Wed, 04 May 2022 02:41:00 GMT" is the evening of the 3rd in La Paz (UTC-4)
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "Wed, 04 May 2022 02:41:00 GMT"}</script>')
    dates = page_dates(parse_tree(page("es", "La policía informó", head)),
                       "https://www.diario.com.bo/nota", use_htmldate=False)
    assert dates.published_at is not None
    assert dates.published_at.date() == date(2022, 5, 3)

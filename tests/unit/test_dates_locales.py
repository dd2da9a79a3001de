"""Day-month order by the page's locale: a numeric date is read day first, month first where
the page's language names a region that writes it so (en-US), unless its domain is another
country's (a publishing tool's default lang="en-US" on a British site)."""

from __future__ import annotations

from datetime import date

import pytest

from newsflow.services.parser.html.dates import month_first_locale, page_dates, written_day
from newsflow.services.parser.html.dom import parse_tree


def page(lang: str, line: str) -> str:
    return (f"<html lang='{lang}'><head></head><body><article><h1>The headline of the story</h1>"
            f"<div class='byline'>By Jane Doe | {line}</div>"
            "<p>The first paragraph of the story, long enough to be a paragraph of text.</p>"
            "</article></body></html>")


@pytest.mark.parametrize(("lang", "url", "expected"), [
    ("en-US", "https://news.example.com/a", date(2024, 3, 12)),
    ("es-US", "https://noticias.example.com/a", date(2024, 3, 12)),
    ("en-US", "https://news.example.co.uk/a", date(2024, 12, 3)),  # a British site's template default
    ("en-GB", "https://news.example.com/a", date(2024, 12, 3)),
    ("en", "https://news.example.com/a", date(2024, 12, 3)),
    ("vi", "https://news.example.vn/a", date(2024, 12, 3)),
])
def test_an_ambiguous_numeric_date_in_the_order_of_the_pages_locale(lang: str, url: str,
                                                                    expected: date) -> None:
    dates = page_dates(parse_tree(page(lang, "03/12/2024 10:15 AM")), url, use_htmldate=False)
    assert dates.published_at is not None
    assert dates.published_at.date() == expected


def test_an_impossible_order_falls_back_to_the_other() -> None:
    # "25/03/2024" cannot be month first; "03/25/2024" cannot be day first
    assert written_day("25/03/2024", month_first=True) == date(2024, 3, 25)
    assert written_day("03/25/2024", month_first=False) == date(2024, 3, 25)
    assert written_day("03/12/2024", month_first=True) == date(2024, 3, 12)
    assert written_day("03/12/2024") == date(2024, 12, 3)


def test_which_locales_write_the_month_first() -> None:
    def first(lang: str, url: str) -> bool:
        return month_first_locale(parse_tree(page(lang, "")), url)

    assert first("en-US", "https://example.com/a")
    assert first("fil", "https://example.com/a")
    assert first("en_US", "https://example.us/a")
    assert not first("en-US", "https://example.in/a")
    assert not first("en-AU", "https://example.com/a")
    assert not first("de-DE", "https://example.com/a")


def arabic_page(line: str) -> str:
    return (f"<html lang='ar'><head></head><body><article><h1>عنوان المقال هنا</h1><div class='meta'>{line}</div>"
            "<p>الفقرة الأولى من المقال، طويلة بما يكفي لتكون فقرة من نصه الكامل.</p></article></body></html>")


@pytest.mark.parametrize(("line", "expected"), [
    ("12 آذار 2024", date(2024, 3, 12)),  # Levantine (Syriac) month names
    ("١٢ أيلول ٢٠٢٣", date(2023, 9, 12)),  # with Arabic-Indic digits
    ("الثلاثاء 12 مارس/آذار 2024", date(2024, 3, 12)),  # the Egyptian name and the Levantine one
    ("5 كانون الثاني 2024", date(2024, 1, 5)),  # two-word names
    ("5 تشرين الأول 2023", date(2023, 10, 5)),
    ("5 تشرين الثاني 2023", date(2023, 11, 5)),
    ("5 كانون الأول 2023", date(2023, 12, 5)),
    ("12 اذار 2024", date(2024, 3, 12)),  # without the madda
    ("1 آب 2023", date(2023, 8, 1)),
])
def test_levantine_arabic_month_names(line: str, expected: date) -> None:
    dates = page_dates(parse_tree(arabic_page(line)), "https://news.example.com/a", use_htmldate=False)
    assert dates.published_at is not None
    assert dates.published_at.date() == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("Updated on 12-Mar-2024 10:15 IST", date(2024, 3, 12)),
    ("Publicado: 12-ago-2023", date(2023, 8, 12)),
    ("12/Mar/2024", date(2024, 3, 12)),
])
def test_a_month_name_between_hyphens_or_slashes(line: str, expected: date) -> None:
    dates = page_dates(parse_tree(page("en", line)), "https://news.example.com/a", use_htmldate=False)
    assert dates.published_at is not None
    assert dates.published_at.date() == expected

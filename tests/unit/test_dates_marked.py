"""Written dates whose parts carry markers: a year's (Lithuanian "m.", Latvian "gada", Uzbek
"-yil", Kazakh "жылы"), a day's ordinal ("12th", "1er", "1º", "1°"), what joins the day to the
month (Catalan "d'", English "of", Uzbek and Kyrgyz "12-mart"), and Mongolian month numbers."""

from __future__ import annotations

from datetime import date

import pytest

from newsflow.services.parser.html.dates import page_dates, written_day
from newsflow.services.parser.html.dom import parse_tree


def page(lang: str, line: str) -> str:
    return (f"<html lang='{lang}'><head></head><body><div class='story'><h1>The headline of the story</h1>"
            f"<div class='meta'>{line}</div>"
            "<p>The first paragraph of the story, long enough to be a paragraph of text.</p></div></body></html>")


@pytest.mark.parametrize(("lang", "line", "expected"), [
    ("lt", "2024 m. kovo 12 d. 08:15", date(2024, 3, 12)),  # Lithuanian: year, genitive month, day
    ("lt", "Paskelbta: 2023 m. rugsėjo 5 d.", date(2023, 9, 5)),
    ("lv", "2024. gada 12. martā 08:15", date(2024, 3, 12)),  # Latvian: year first, locative month
    ("lv", "Publicēts 2023. gada 5. augustā", date(2023, 8, 5)),
    ("uz", "2024-yil 12-mart", date(2024, 3, 12)),  # Uzbek
    ("uz", "12-mart, 2024 08:15", date(2024, 3, 12)),
    ("ky", "12-март, 2024", date(2024, 3, 12)),  # Kyrgyz
    ("kk", "2024 жылы 12 наурыз", date(2024, 3, 12)),  # Kazakh
    ("mn", "2024 оны 3 сарын 12, 08:15", date(2024, 3, 12)),  # Mongolian: the month's number
    ("mn", "2023 оны 9 дүгээр сарын 5", date(2023, 9, 5)),
    ("en", "Tuesday 12th March 2024", date(2024, 3, 12)),  # English ordinals
    ("en", "Published on the 5th of September 2023", date(2023, 9, 5)),
    ("fr", "Publié le 1er mars 2024 à 08h15", date(2024, 3, 1)),
    ("es", "1º de marzo de 2024", date(2024, 3, 1)),
    ("it", "1° marzo 2024", date(2024, 3, 1)),
    ("ca", "12 d'abril de 2024", date(2024, 4, 12)),  # Catalan
    ("ca", "5 d’octubre de 2023", date(2023, 10, 5)),
])
def test_a_marked_date_below_the_headline(lang: str, line: str, expected: date) -> None:
    dates = page_dates(parse_tree(page(lang, line)), "https://news.example.com/a", use_htmldate=False)
    assert dates.published_at is not None
    assert dates.published_at.date() == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("November 18th, 2019", date(2019, 11, 18)),  # an ordinal is left out, not spaced
    ("12-Mar-2024", date(2024, 3, 12)),
    ("12 de març de 2024", date(2024, 3, 12)),
    ("2024 m. kovo 31 d.", date(2024, 3, 31)),
])
def test_written_day_reads_the_marked_forms(text: str, expected: date) -> None:
    assert written_day(text) == expected


@pytest.mark.parametrize("text", ["2024 m. kovo 32 d.", "2024 оны 13 сарын 12", "12th Street 2024"])
def test_no_such_day(text: str) -> None:
    assert written_day(text) is None


@pytest.mark.parametrize("text", ["1er semestre 2017", "2nd quarter 2021", "3rd Avenue 2022", "1ª edição 2023"])
def test_an_ordinal_before_a_word_that_is_no_month_is_not_sent_to_dateparser(
        text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import htmldate.extractors

    asked: list[str] = []
    monkeypatch.setattr(htmldate.extractors, "_external_date", lambda s: asked.append(s))  # ~30 ms a string
    assert written_day(text) is None
    assert asked == []

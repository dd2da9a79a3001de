"""Month names htmldate's parser misreads or misses: Latvian locatives, Slovenian genitives, the
Maghreb's Arabic names, the two-letter names of May in Indic and other scripts."""

from __future__ import annotations

from datetime import date

import pytest

from newsflow.services.parser.html.dates import page_dates, written_day
from newsflow.services.parser.html.dom import parse_tree

LATVIAN = ("janvārī", "februārī", "martā", "aprīlī", "maijā", "jūnijā", "jūlijā", "augustā", "septembrī",
           "oktobrī", "novembrī", "decembrī")
SLOVENIAN = ("januarja", "februarja", "marca", "aprila", "maja", "junija", "julija", "avgusta", "septembra",
             "oktobra", "novembra", "decembra")
ALGERIAN = ("جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر",
            "ديسمبر")
MOROCCAN = ("يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر")


@pytest.mark.parametrize("names", [LATVIAN, SLOVENIAN, ALGERIAN, MOROCCAN])
def test_every_month_of_the_year(names: tuple[str, ...]) -> None:
    assert [written_day(f"5. {name} 2023") for name in names] == [date(2023, m, 5) for m in range(1, 13)]


def page(lang: str, line: str) -> str:
    return (f"<html lang='{lang}'><head></head><body><div class='story'><h1>The headline of the story</h1>"
            f"<div class='meta'>{line}</div>"
            "<p>The first paragraph of the story, long enough to be a paragraph of text.</p></div></body></html>")


@pytest.mark.parametrize("name", ["मई", "মে", "மே", "మే", "ಮೇ", "ਮਈ", "ሜይ"])
def test_may_in_two_letters_below_the_headline(name: str) -> None:
    dates = page_dates(parse_tree(page("hi", f"5 {name} 2023")), "https://news.example.com/a", use_htmldate=False)
    assert dates.published_at is not None
    assert dates.published_at.date() == date(2023, 5, 5)


@pytest.mark.parametrize(("lang", "line", "expected"), [
    ("lv", "Publicēts: 2023. gada 5. septembrī, 08:15", date(2023, 9, 5)),
    ("sl", "Objavljeno: 5. januarja 2024 ob 08:15", date(2024, 1, 5)),
    ("ar", "الخميس 5 جويلية 2023 - 08:15", date(2023, 7, 5)),
    ("ar", "نشر في: 12 افريل 2024", date(2024, 4, 12)),  # the alef without its hamza
    ("ar", "الثلاثاء 5 غشت 2023", date(2023, 8, 5)),
    ("hi", "प्रकाशित: 12 मई 2024, 08:15 IST", date(2024, 5, 12)),
    ("bn", "প্রকাশ: ১২ মে ২০২৪", date(2024, 5, 12)),
    ("ta", "12 மே 2024", date(2024, 5, 12)),
])
def test_such_a_date_below_the_headline(lang: str, line: str, expected: date) -> None:
    dates = page_dates(parse_tree(page(lang, line)), "https://news.example.com/a", use_htmldate=False)
    assert dates.published_at is not None
    assert dates.published_at.date() == expected

"""The boxes beside the article (an <aside>, a <nav>, a "related" list) between the headline and
its date: their dates are other articles', not the date below the headline."""

from __future__ import annotations

from datetime import date

import pytest

from newsflow.services.parser.html.dates import page_dates
from newsflow.services.parser.html.dom import parse_tree


def page(box: str) -> str:
    return ("<html lang='de'><head></head><body><div class='story'><h1>Die Überschrift des Artikels</h1>"
            f"{box}<div class='byline'>Von Anna Beispiel, 12.03.2024, 08:15 Uhr</div>"
            "<p>Der erste Absatz des Artikels, lang genug, um ein Absatz zu sein.</p></div></body></html>")


@pytest.mark.parametrize("box", [
    "<aside><ul><li>Ein anderer Artikel <span>01.12.2023</span></li></ul></aside>",
    "<nav class='breadcrumb'><a href='/'>Start</a> <span>Archiv 01.12.2023</span></nav>",
    "<div class='related-posts'><a href='/x'>Ein anderer Artikel</a> <time>01.12.2023</time></div>",
])
def test_a_box_beside_the_article_is_not_read_below_the_headline(box: str) -> None:
    dates = page_dates(parse_tree(page(box)), "https://news.example.com/a", use_htmldate=False)
    assert dates.published_at is not None
    assert dates.published_at.date() == date(2024, 3, 12)
    assert dates.decided_by == "headline"

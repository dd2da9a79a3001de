"""htmldate's answer from a year alone (the footer's copyright year, "© 2026", read as the 1st of
January) yields to any time the page states; with none, it is still the answer."""

from __future__ import annotations

from datetime import date

import pytest

from newsflow.services.parser.html.dates import page_dates
from newsflow.services.parser.html.dom import parse_tree


def page(head: str = "", body: str = "") -> str:
    return (f"<html><head>{head}</head><body><div class='story'><h1>The headline of the story</h1>{body}"
            "<p>The first paragraph of the story, long enough to be a paragraph of text.</p></div>"
            "<footer>© 2026 Example Media. All rights reserved.</footer></body></html>")


@pytest.mark.parametrize(("head", "body"), [
    ("", '<span itemprop="uploadDate" content="2024-03-12"></span>'),
    ('<script type="application/ld+json">{"@type": "WebPage", "datePublished": "March 12, 2024"}</script>', ""),
])
def test_a_stated_time_beats_the_copyright_year(head: str, body: str) -> None:
    # statements htmldate does not read: it answers from the footer's year
    dates = page_dates(parse_tree(page(head, body)), "https://news.example.com/story")
    assert dates.asked_htmldate
    assert dates.published_at is not None
    assert dates.published_at.date() == date(2024, 3, 12)


def test_the_copyright_year_alone_is_still_htmldates_answer() -> None:
    dates = page_dates(parse_tree(page()), "https://news.example.com/story")
    assert dates.published_at is not None
    assert dates.published_at.date() == date(2026, 1, 1)
    assert dates.decided_by == "htmldate year"

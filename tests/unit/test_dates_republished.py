"""A page whose template writes its last change into both its publication and its modification
time: the day its headline shows, when earlier, is the article's first appearance."""

from __future__ import annotations

from datetime import date

import pytest

from newsflow.services.parser.html.dates import page_dates
from newsflow.services.parser.html.dom import parse_tree

CHANGED = "2024-03-14T09:49:32+0000"


def meta_page(published: str, modified: str | None, header: str, *, above: bool = False) -> str:
    modified_tag = f"<meta property='article:modified_time' content='{modified}'>" if modified else ""
    heading = "<h1>Harbour cranes return to service after the storm</h1>"
    line = f"<div class='article-date'>{header}</div>"
    return ("<html lang='en'><head>"
            f"<meta property='article:published_time' content='{published}'>{modified_tag}</head>"
            f"<body><article>{line + heading if above else heading + line}"
            "<p>The port authority said the last of the damaged cranes was repaired overnight.</p>"
            "</article></body></html>")


def ld_page(published: str, modified: str, header: str) -> str:
    return ("<html lang='de'><head><script type='application/ld+json'>"
            f'{{"@type": "NewsArticle", "datePublished": "{published}", "dateModified": "{modified}"}}'
            "</script></head><body><article><h1>Die Fähre fährt wieder nach Fahrplan</h1>"
            f"<p class='meta'>{header}</p><p>Nach drei Wochen Pause verkehrt die Fähre wieder.</p>"
            "</article></body></html>")


@pytest.mark.parametrize(("html", "expected"), [
    (meta_page(CHANGED, CHANGED, "March 12, 2024 / 12:25 PM / Updated 8 hours ago", above=True), date(2024, 3, 12)),
    (meta_page(CHANGED, CHANGED, "By Jane Roe · 13 March 2024 · updated"), date(2024, 3, 13)),
    (ld_page("2024-03-14T09:49:32+01:00", "2024-03-14T09:49:32+01:00",
             "Von Anna Beispiel, 10.03.2024 · Aktualisiert vor 3 Stunden"), date(2024, 3, 10)),
])
def test_the_shown_day_is_the_first_appearance(html: str, expected: date) -> None:
    dates = page_dates(parse_tree(html), "https://news.example.com/a", use_htmldate=False)
    assert dates.published_at is not None
    assert dates.published_at.date() == expected
    assert dates.decided_by == "shown before update"


@pytest.mark.parametrize("html", [
    # the publication and the change are two times: the declaration stands
    meta_page("2024-03-14T08:00:00+0000", CHANGED, "March 12, 2024 / Updated 8 hours ago", above=True),
    # no modification time declared
    meta_page(CHANGED, None, "March 12, 2024", above=True),
    # the headline's day is later than the declared one
    meta_page(CHANGED, CHANGED, "March 16, 2024 / Updated"),
    # far earlier than the declared day: another date (an event's), not the first appearance
    meta_page(CHANGED, CHANGED, "Season review: January 2, 2023 to the storm", above=True),
])
def test_otherwise_the_declared_day_stands(html: str) -> None:
    dates = page_dates(parse_tree(html), "https://news.example.com/a", use_htmldate=False)
    assert dates.published_at is not None
    assert dates.published_at.date() == date(2024, 3, 14)

"""A page that renders its article by script and gives it to browsers without scripts in a
``<noscript>`` element is not refused (issue 15): before a refusal, the page is read as such a
browser shows it. A page whose ``<noscript>`` holds no article is still refused."""

from __future__ import annotations

import pytest

from newsflow.services.parser.html import generic
from newsflow.services.parser.html.dom import parse_tree
from newsflow.services.parser.parts import ParseError

DE = ["Der Gemeinderat hat am Dienstag beschlossen, die Hafenmauer bis zum Herbst neu zu bauen, "
      "nachdem die Stürme des Winters sie zweimal beschädigt hatten.",
      "Die Arbeiten sollen nachts stattfinden, damit die Fischer ihren Fang tagsüber wie gewohnt anlanden können."]
TH = ["สภาเมืองอนุมัติงบประมาณซ่อมแซมกำแพงท่าเรือเมื่อวันอังคาร หลังจากพายุสร้างความเสียหายสองครั้งในฤดูหนาวที่ผ่านมา",
      "การก่อสร้างจะเริ่มในฤดูใบไม้ผลิและทำในเวลากลางคืน เพื่อให้เรือประมงขึ้นฝั่งได้ตามปกติในเวลากลางวัน"]


def _page(noscript: str) -> str:
    """A page whose markup, scripts aside, is a menu of headline-long links (a listing by its
    shape) and an empty mount point for the script."""
    links = "".join(f"<li><a href='/n/{i}'>Another story of the harbour town, number {i}</a></li>"
                    for i in range(10))
    return ("<html><head><title>Hafenmauer</title><meta property='og:title' content='Hafenmauer'></head><body>"
            f"<ul class='menu'>{links}</ul><div id='app'></div><noscript>{noscript}</noscript>"
            "<script src='/app.js'></script></body></html>")


@pytest.mark.parametrize("paragraphs", [DE, TH], ids=["de", "th"])
def test_the_article_a_browser_without_scripts_is_given(second_opinion_installed: bool,
                                                        paragraphs: list[str]) -> None:
    html = _page("<article><h1>Hafenmauer</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>")
    assert generic.extract(parse_tree(html), "https://example.org/hafen").paragraphs == paragraphs


@pytest.mark.parametrize("noscript", [
    "<p>Please enable JavaScript to view this page.</p>",
    "<img src='https://pixel.example.net/t.gif' width='1' height='1' alt=''>",
])
def test_a_noscript_without_an_article_does_not_save_a_listing(second_opinion_installed: bool, noscript: str) -> None:
    with pytest.raises(ParseError) as refused:
        generic.extract(parse_tree(_page(noscript)), "https://example.org/list")
    assert refused.value.error_class == "listing_page"


def test_an_article_in_the_markup_leaves_its_noscript_out() -> None:
    html = ("<html><body><article><h1>Hafenmauer</h1>" + "".join(f"<p>{p}</p>" for p in DE)
            + "<noscript><p>Bitte aktivieren Sie JavaScript, um die Kommentare zu lesen und selbst zu "
            "schreiben, was Sie über die neue Hafenmauer denken.</p></noscript></article></body></html>")
    assert generic.extract(parse_tree(html), "https://example.org/a").paragraphs == DE

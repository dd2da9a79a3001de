"""Short articles of every shape are found and never refused (issue 15): a content-like class
name on a box that holds little of the page's running text does not outweigh the article."""

from __future__ import annotations

import pytest

from newsflow.services.parser.html import generic, second_opinion
from newsflow.services.parser.html.dom import parse_tree
from newsflow.services.parser.parts import ParseError

FIRST = ("The council voted on Tuesday to rebuild the harbour wall, which storms damaged twice last "
         "winter, and to pay for it from the port's own reserves over five years, the mayor said.")
SECOND = "Residents may send their comments to the town hall until the end of the month, she added."


def _short_article(ticker_class: str) -> str:
    """A two-paragraph article, each paragraph in a field of its own (as CMSs render body
    fields), under a one-line news ticker whose class says "content"."""
    fields = "".join(f"<div class='field__item'><div class='field-text'><p>{p}</p></div></div>"
                     for p in (FIRST, SECOND))
    return ("<html><head><title>Harbour</title></head><body>"
            f"<div class='{ticker_class}'>+++ Storm warning for the coast, the islands, the estuary and the "
            "lakes, until Friday evening, the weather service says +++</div>"
            f"<article><h1>Harbour wall</h1><div class='fields'>{fields}</div></article>"
            "<div class='d-flex justify-content-between'><a href='/privacy'>Privacy</a>"
            "<a href='/imprint'>Imprint</a></div></body></html>")


def test_a_layout_box_named_content_does_not_outweigh_a_short_article() -> None:
    for ticker_class in ("header-ticker-content", "ticker content-box"):
        paragraphs = generic.article_blocks(parse_tree(_short_article(ticker_class)))
        assert FIRST in paragraphs and SECOND in paragraphs, ticker_class
        assert not any("Storm warning" in p for p in paragraphs)


def test_a_short_article_is_extracted_not_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Our extractor alone (an installation without the second opinion)."""
    monkeypatch.setattr(second_opinion, "available", lambda: False)
    parts = generic.extract(parse_tree(_short_article("header-ticker-content")), "https://example.org/harbour")
    assert parts.paragraphs == [FIRST, SECOND]


def test_a_content_name_on_the_article_itself_still_counts() -> None:
    """The bonus stands in full on the element that holds the page's running text."""
    html = ("<html><body><div class='post-content'>"
            f"<div><p>{FIRST}</p></div><div><p>{SECOND}</p></div></div>"
            "<div class='box'><p>Opening hours of the town hall: Monday to Friday, from eight to four.</p></div>"
            "</body></html>")
    paragraphs = generic.article_blocks(parse_tree(html))
    assert paragraphs[:2] == [FIRST, SECOND]


SUMMARY = ("The harbour's new tide gauge went into service on Monday: a film of its first day, "
           "and what its readings will tell the port about storms.")


def _video_page(declaration: str) -> str:
    """A page whose only content is a video player and a few words under it; the summary is
    in its metadata and shown under the player."""
    return (f"<html><head><title>Tide gauge</title>{declaration}"
            f"<meta property='og:description' content=\"{SUMMARY}\"></head><body>"
            "<nav><a href='/'>Home</a> <a href='/video'>Video</a></nav><main><h1>Tide gauge</h1>"
            "<div class='player'><video src='/v/1.mp4'></video></div>"
            f"<div class='video-caption'>{SUMMARY}</div><span>2 min</span></main></body></html>")


@pytest.mark.parametrize("declaration", [
    "<meta property='og:type' content='article'>",
    "<meta property='article:published_time' content='2024-03-04T10:00:00+01:00'>",
    "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Tide gauge\"}</script>",
])
def test_a_declared_article_without_findable_text_is_its_summary_not_refused(
        declaration: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(second_opinion, "available", lambda: False)
    parts = generic.extract(parse_tree(_video_page(declaration)), "https://tv.example.org/v/1")
    assert parts.paragraphs == [SUMMARY]


def test_a_page_that_declares_no_article_is_still_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(second_opinion, "available", lambda: False)
    with pytest.raises(ParseError) as refused:
        generic.extract(parse_tree(_video_page("<meta property='og:type' content='website'>")),
                        "https://tv.example.org/v/1")
    assert refused.value.error_class == "no_article_text"


def test_an_error_page_is_refused_whatever_it_declares(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(second_opinion, "available", lambda: False)
    page = _video_page("<meta property='og:type' content='article'>").replace(
        "<title>Tide gauge</title>", "<title>404 Not Found</title>")
    with pytest.raises(ParseError) as refused:
        generic.extract(parse_tree(page), "https://tv.example.org/v/1")
    assert refused.value.error_class == "error_page"

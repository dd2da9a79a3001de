"""The generic extractor's body on small hand-written pages: one failure class each."""

from __future__ import annotations

from newsflow.services.parser.html import generic
from newsflow.services.parser.html.boilerplate import heading_of
from newsflow.services.parser.html.dom import parse_tree

PROSE = ("The council voted on Tuesday to rebuild the harbour wall, which storms damaged twice "
         "last winter, and to pay for it from the port's own reserves over five years. ")


def _page(inner: str) -> str:
    return f"<html><head><title>Harbour wall</title></head><body><div class='story'>{inner}</div></body></html>"


def test_the_heading_of_a_dropped_link_list_goes_with_it() -> None:
    html = _page(
        f"<p>{PROSE}</p><h2>Who pays for it</h2><p>{PROSE}</p>"
        "<h3>Read more</h3><ul>" + "".join(
            f"<li><a href='/n/{i}'>Another story about the harbour, number {i}</a></li>" for i in range(5))
        + "</ul><p><strong>See also</strong></p><p><a href='/x'>The port's accounts, year by year</a></p>")
    paragraphs = generic.article_blocks(parse_tree(html))
    assert "Who pays for it" in paragraphs  # a section heading followed by text stays
    assert "Read more" not in paragraphs
    assert "See also" not in paragraphs
    assert not any("Another story" in p for p in paragraphs)


def test_a_heading_ending_a_sentence_or_long_is_not_a_list_heading() -> None:
    root = parse_tree(_page("<h3>Those were the days.</h3><ul id='a'></ul>"
                            f"<h3>{'A long heading that reads like a line of the article ' * 2}</h3><ul id='b'></ul>"
                            "<h3>Related</h3>text between<ul id='c'></ul><h4>Related</h4><ul id='d'></ul>"))
    assert [heading_of(root.get_element_by_id(i)) is not None for i in "abcd"] == [False, False, False, True]

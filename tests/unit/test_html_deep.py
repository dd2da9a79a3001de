"""Deep but valid pages parse: nesting beyond libxml2's limit keeps the article (issue 19, point 5)."""

from __future__ import annotations

import pytest

from newsflow.services.parser.html import parts_from_html
from newsflow.services.parser.html.dom import MAX_NESTING, block_texts, flatten_nesting, parse_tree

PARAGRAPHS = [f"This is paragraph {i} of a perfectly valid article, with enough words, commas, and sentences."
              for i in range(5)]


def nested(depth: int, tag: str = "div") -> bytes:
    article = "<h1>A deep page</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f"<html><head><title>A deep page</title></head><body>{f'<{tag}>' * depth}{article}"
            f"{f'</{tag}>' * depth}<footer>Footer</footer></body></html>").encode()


@pytest.mark.parametrize("depth", [10, 300, 5_000, 100_000])
def test_deeply_nested_page_keeps_its_article(depth: int) -> None:
    parts = parts_from_html(nested(depth), url="https://example.org/deep", charset="utf-8")
    assert parts.title == "A deep page"
    assert parts.paragraphs == PARAGRAPHS


def test_deep_inline_markup_is_read_too() -> None:
    parts = parts_from_html(nested(20_000, "span"), url="https://example.org/deep", charset="utf-8")
    assert parts.paragraphs == PARAGRAPHS


def test_flattening_keeps_scripts_comments_and_shallow_markup() -> None:
    shallow = "<div><p>a</p><!-- <div> --><script>if (a<b) {'<div>'}</script><br></div>"
    assert flatten_nesting(shallow, 5) == shallow
    deep = "<div>" * 10 + "<p>x</p>" + "</div>" * 10
    flattened = flatten_nesting(deep, 3)
    assert flattened.count("<div>") == 3 and flattened.count("</div>") == 3 and "<p>x</p>" in flattened
    root = parse_tree("<html><body>" + "<div>" * (MAX_NESTING * 5) + "<p>x</p>" + "</div>" * (MAX_NESTING * 5)
                      + "<p>after</p></body></html>")
    assert block_texts(root) == ["x", "after"]

"""Markup a script renders from a template: the post is put in place, a dialog is not."""

from __future__ import annotations

import pytest

from newsflow.services.parser.html import generic, second_opinion
from newsflow.services.parser.html.dom import parse_tree

ARTICLE = ["The council voted on Tuesday to rebuild the harbour wall, which storms damaged twice last "
           "winter, and to pay for it from the port's own reserves over five years.",
           "Work starts in spring and is to be done at night, so that the fishing boats can land their "
           "catch as usual during the day, the harbour master said on Wednesday."]
COOKIES = ("Essential cookies enable basic functions and are necessary for the website to work properly; "
           "statistics cookies collect information anonymously and help us understand our visitors. ")


def _page(template: str) -> str:
    article = "".join(f"<p>{p}</p>" for p in ARTICLE)
    return ("<html><head><title>Harbour wall</title></head><body>"
            f"<script type='text/template' id='consent-box'>{template}</script>"
            f"<main><div class='wrap'>{article}</div></main>"
            "<div class='d-flex justify-content-between'><a href='/privacy'>Privacy</a>"
            "<a href='/imprint'>Imprint</a></div></body></html>")


@pytest.mark.parametrize("opening", ["<div role='dialog' aria-labelledby='t'>", "<div aria-modal='true'>",
                                     "<dialog open>"])
def test_a_dialog_s_template_is_not_the_post(opening: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(second_opinion, "available", lambda: False)
    closing = "</dialog>" if opening.startswith("<dialog") else "</div>"
    dialog = (f"{opening}<h3 id='t'>Privacy settings</h3>"
              + "".join(f"<div class='d-flex justify-content-between'><p>{COOKIES * 2}</p></div>" for _ in range(3))
              + f"<a href='/privacy'>Privacy</a>{closing}")
    parts = generic.extract(parse_tree(_page(dialog)), "https://example.org/harbour")
    assert parts.paragraphs == ARTICLE


def test_a_post_s_template_is_put_in_place() -> None:
    post = "<div class='post-body'>" + "".join(f"<p>{p} {p}</p>" for p in ARTICLE) + "</div>"
    html = ("<html><body><script type='text/template'>" + post + "</script>"
            "<div id='blog'><p>Loading…</p></div></body></html>")
    assert generic.article_blocks(parse_tree(html)) == [f"{p} {p}" for p in ARTICLE]

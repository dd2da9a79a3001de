"""A page whose markup does not show its article but whose JSON-LD states it is not refused
(issue 15); pages without an article still are, with their reason."""

from __future__ import annotations

import json
from typing import Any

import pytest

from newsflow.services.parser.html import generic, second_opinion
from newsflow.services.parser.html.declared_body import declared_paragraphs
from newsflow.services.parser.html.dom import parse_tree
from newsflow.services.parser.parts import ParseError

FIRST = ("The council voted on Tuesday to rebuild the harbour wall, which storms damaged twice last "
         "winter, and to pay for it from the port's own reserves over five years.")
SECOND = ("Work starts in spring and is to be done at night, so that the fishing boats can land "
          "their catch as usual during the day, the harbour master said.")
STEP = ("Measure the diameter of the table top, from edge to edge through its middle, and add "
        "twice the drop you want the cloth to have.")


def _script_rendered(items: list[dict[str, Any]], *, title: str = "Harbour wall") -> str:
    """A page whose script renders the article from data: the markup shows a browser notice
    and the navigation only."""
    scripts = "".join(f"<script type='application/ld+json'>{json.dumps(item)}</script>" for item in items)
    nav = "".join(f"<li><a href='/s/{i}'>Section number {i}</a></li>" for i in range(6))
    return (f"<html><head><title>{title}</title>{scripts}</head><body><ul class='menu'>{nav}</ul>"
            "<div id='app'><p>Please update your browser for a better experience.</p></div>"
            "<div id='legal'><a href='/privacy'>Privacy</a></div></body></html>")


@pytest.fixture(params=[True, False], ids=["with second opinion", "ours alone"])
def second_opinion_installed(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    if not request.param:
        monkeypatch.setattr(second_opinion, "available", lambda: False)
    return bool(request.param)


def test_an_article_stated_only_in_json_ld_is_its_body(second_opinion_installed: bool) -> None:
    item = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Harbour wall",
            "articleBody": f"{FIRST}\n\n{SECOND}"}
    organisation = {"@type": "Organization", "name": "The Harbour Times", "description": "News " * 40}
    parts = generic.extract(parse_tree(_script_rendered([organisation, item])), "https://example.org/a")
    assert parts.paragraphs == [FIRST, SECOND]


def test_a_guide_stated_only_in_json_ld_is_its_description_and_steps(second_opinion_installed: bool) -> None:
    item = {"@context": "http://schema.org/", "@type": "HowTo", "name": "A round tablecloth",
            "description": f"<p>{FIRST}</p>",
            "step": [{"@type": "HowToStep", "name": "Step 1", "itemListElement": {
                "@type": "HowToDirection", "text": f"<p>{STEP}</p><p>{SECOND}</p>"}},
                {"@type": "HowToStep", "name": "Sew the hem all round"}]}
    parts = generic.extract(parse_tree(_script_rendered([item], title="A round tablecloth")),
                            "https://example.org/diy/1")
    assert parts.paragraphs == [FIRST, STEP, SECOND, "Sew the hem all round"]


def test_a_caption_in_the_markup_gives_way_to_the_declared_article(second_opinion_installed: bool) -> None:
    """The markup holds the lead picture's caption as a paragraph, long enough for an article by length; the
    script renders the article its JSON-LD states, many times as long."""
    caption = ("The harbour wall at low tide on Monday, two days after the second storm of the winter "
               "broke through it near the fish market and the ferry landing. Photo: Harbour Times")
    item = {"@type": "NewsArticle", "headline": "Harbour wall", "articleBody": f"{FIRST} {SECOND}\n{SECOND} {FIRST}"}
    html = _script_rendered([item]).replace(
        "<p>Please update your browser for a better experience.</p>", f"<img src='/wall.jpg' alt=''><p>{caption}</p>")
    parts = generic.extract(parse_tree(html), "https://example.org/d")
    assert parts.paragraphs == [f"{FIRST} {SECOND}", f"{SECOND} {FIRST}"]


def test_the_markup_s_article_comes_before_the_declared_one() -> None:
    item = {"@type": "Article", "articleBody": "A summary the page's data carries. " * 10}
    html = (f"<html><head><script type='application/ld+json'>{json.dumps(item)}</script></head>"
            f"<body><article><p>{FIRST}</p><p>{SECOND}</p><p>{FIRST}</p></article></body></html>")
    assert generic.extract(parse_tree(html), "https://example.org/b").paragraphs == [FIRST, SECOND, FIRST]


def test_a_page_whose_json_ld_states_no_article_is_still_refused(second_opinion_installed: bool) -> None:
    site = {"@type": "WebSite", "name": "The Harbour Times", "description": FIRST}
    crumbs = {"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "name": SECOND}]}
    with pytest.raises(ParseError) as refused:
        generic.extract(parse_tree(_script_rendered([site, crumbs])), "https://example.org/c")
    assert refused.value.error_class == "no_article_text"


def test_declared_paragraphs_read_graphs_and_plain_text() -> None:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "x"}, {"@type": ["BlogPosting"], "text": f"{FIRST}\n{SECOND}"}]}
    assert declared_paragraphs([json.dumps(graph)]) == [FIRST, SECOND]
    assert declared_paragraphs(["{not json", json.dumps({"@type": "Person", "text": FIRST})]) == []
    recipe = {"@type": "Recipe", "recipeInstructions": [{"@type": "HowToSection", "itemListElement": [
        {"@type": "HowToStep", "text": STEP}]}, "Serve warm."]}
    assert declared_paragraphs([json.dumps(recipe)]) == [STEP, "Serve warm."]

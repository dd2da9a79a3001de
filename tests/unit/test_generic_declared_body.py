"""A page whose markup does not show its article but whose JSON-LD states it is not refused
(issue 15); pages without an article still are, with their reason."""

from __future__ import annotations

import json
from typing import Any

import pytest

from newsflow.services.parser.html import generic
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
            f"<body><article><p>{FIRST}</p><p>{SECOND}</p><p>{STEP}</p></article></body></html>")
    assert generic.extract(parse_tree(html), "https://example.org/b").paragraphs == [FIRST, SECOND, STEP]


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


# -- the article in the data a page's scripts render it from (a JavaScript app's state) --

VI = ["Cảng Hải Phòng đón chuyến tàu container lớn nhất từ trước tới nay vào sáng thứ Ba, sau ba năm nạo vét luồng.",
      "Theo ban quản lý cảng, con tàu dài gần 400 mét và chở hơn mười nghìn container hàng xuất khẩu.",
      "Các doanh nghiệp logistics cho biết việc đón tàu lớn sẽ giảm chi phí vận chuyển sang châu Âu và châu Mỹ."]
ES = ["El puerto de Valparaíso reabrió el martes sus dos muelles principales tras tres semanas de reparaciones.",
      "Las grúas dañadas por el temporal de junio fueron reemplazadas por equipos nuevos llegados desde Rotterdam.",
      "Los estibadores celebraron la reapertura, aunque advirtieron que faltan trabajadores para el turno de noche."]
EN = ["The city council approved the new tram line on Monday after two years of public consultation on its route.",
      "Construction of the first section, between the station and the university, is to begin next spring.",
      "Shop owners along the route asked for compensation for the months when the street will be closed to cars."]
OTHER = [f"A different story the app's cache holds, about the regional football league, paragraph {i}, "
         "with enough words to be prose of its own." for i in range(8)]


def _app_page(title: str, script: str, *, script_type: str = "") -> str:
    """A page whose markup is the app's shell: navigation and a loading notice."""
    nav = "".join(f"<li><a href='/s/{i}'>Section number {i}</a></li>" for i in range(6))
    kind = f" type='{script_type}'" if script_type else ""
    return (f"<html><head><title>{title}</title><meta property='og:title' content='{title}'></head><body>"
            f"<ul class='menu'>{nav}</ul><div id='root'><p>Loading…</p></div>"
            f"<script{kind}>{script}</script></body></html>")


def test_a_next_js_page_s_article_is_read_from_its_data(second_opinion_installed: bool) -> None:
    title = "Cảng Hải Phòng đón tàu container lớn nhất"
    data = {"props": {"pageProps": {"article": {"title": title, "body": "".join(f"<p>{p}</p>" for p in VI)}}}}
    html = _app_page(title, json.dumps(data, ensure_ascii=False), script_type="application/json")
    assert generic.extract(parse_tree(html), "https://news.example.vn/a").paragraphs == VI


def test_an_arc_page_s_content_elements_are_its_paragraphs(second_opinion_installed: bool) -> None:
    title = "Valparaíso reabre sus muelles tras las reparaciones"
    content = {"headlines": {"basic": title}, "content_elements": [
        {"type": "text", "content": p} for p in ES] + [{"type": "image", "url": "https://cdn.example.cl/g.jpg"}]}
    script = f"window.Fusion=window.Fusion||{{}};Fusion.globalContent={json.dumps(content, ensure_ascii=False)};"
    assert generic.extract(parse_tree(_app_page(title, script)), "https://noticias.example.cl/b").paragraphs == ES


def test_the_page_s_own_article_among_the_cache_s_others(second_opinion_installed: bool) -> None:
    title = "Council approves the new tram line"

    def article(paragraphs: list[str]) -> dict[str, Any]:
        return {"body": {"json": [{"type": "p", "children": [{"type": "text", "data": p}]} for p in paragraphs]}}

    state = {"Article:2": article(OTHER), "Article:1": {"headline": title, **article(EN)}}
    script = f"window.__APOLLO_STATE__={json.dumps(state)}"
    assert generic.extract(parse_tree(_app_page(title, script)), "https://example.org/tram").paragraphs == EN


@pytest.mark.parametrize("script", [
    # a cookie notice's texts, one string
    "jQuery.extend(Drupal.settings, " + json.dumps({"eu_cookie_compliance": {"popup_html_info": " ".join(EN)}}) + ");",
    # the cache holds other stories only, whose words are not the headline's
    "window.__APOLLO_STATE__=" + json.dumps({"Article:2": {"body": [{"data": p} for p in OTHER]}}),
    # code, not data
    "var x = 1; function f(a) { return a + 1; }",
])
def test_a_page_whose_data_holds_no_article_of_its_own_is_still_refused(second_opinion_installed: bool,
                                                                          script: str) -> None:
    with pytest.raises(ParseError) as refused:
        generic.extract(parse_tree(_app_page("Council approves the new tram line", script)), "https://example.org/c")
    assert refused.value.error_class == "no_article_text"

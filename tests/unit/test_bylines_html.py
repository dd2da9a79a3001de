"""Bylines an HTML page shows in less usual places, each class on its own small page:
a byline with its date, a link to the author's page, a bold line closing the text,
"Written by:" with a colon; and the look-alikes that name nobody."""

from __future__ import annotations

import pytest

from newsflow.services.parser.html.dom import parse_tree
from newsflow.services.parser.html.metadata import byline_authors, page_metadata

PROSE = ("<p>Die Stadt hat am Montag ihren neuen Containerhafen eröffnet, der den Export der Region "
         "in den kommenden Jahren deutlich verändern soll, wie die Betreiber erklärten.</p>")


def authors_of(body: str) -> list[str]:
    return byline_authors(parse_tree(f"<html><body><h1>Hafen eröffnet</h1>{body}</body></html>"),
                          "https://zeitung.example/hafen")


@pytest.mark.parametrize(("body", "names"), [
    # the byline element holds the date too: the names before it
    ("<div class='author'><a href='/x'>Georg Quaas</a>, 21. Jan. 2015</div>" + PROSE, ["Georg Quaas"]),
    ("<div class='author-info'>Sara Zinnecker Stand: 05. Februar 2020</div>" + PROSE, ["Sara Zinnecker"]),
    ("<span class='byline'>By Jane Doe on 12 March 2024</span>" + PROSE, ["Jane Doe"]),
    # a link to the author's page, its path ending in the slug of the name (umlauts as "oe")
    (PROSE + "<div class='meta'><a href='https://zeitung.example/staff/uriel-gadessaud/'>Uriel Gadessaud</a></div>",
     ["Uriel Gadessaud"]),
    (PROSE + "<p><a href='/autoren/clara-loew'>Clara Löw</a>, <a href='/autoren/klaus-jacob'>Klaus Jacob</a></p>",
     ["Clara Löw", "Klaus Jacob"]),
    # a bold line that closes the text
    (PROSE * 3 + "<p><b><i>Stefan Wasmer</i></b></p>", ["Stefan Wasmer"]),
    # a signature set to the right, as Vietnamese papers sign; a name written without spaces
    (PROSE * 3 + "<p style='text-align: right;'>Minh Anh - Thu Hà</p>", ["Minh Anh", "Thu Hà"]),
    (PROSE * 3 + "<p align='right'><strong>张三</strong></p>", ["张三"]),
    # an unspaced name is a full name: it beats the handle before it
    ("<div class='byline'>admin</div><div class='author'>记者 张三</div>" + PROSE, ["张三"]),
    ("<p><em>Written by: <a href='https://other.example/x'>Julie Mollins</a></em></p>" + PROSE, ["Julie Mollins"]),
    # initials in the name, none in its slug
    (PROSE + "<div><span>By</span> <a href='/about/newsteam/jr-stone'>J.R. Stone</a></div>", ["J.R. Stone"]),
    # an author box: its heading names the author, the rest is the biography
    (PROSE + "<div class='author-bio'><h3>Martin Junker</h3><p>Alles von Martin Junker</p>"
             "<p>Kontakt | +49 030 5683 8000</p></div>", ["Martin Junker"]),
])
def test_bylines_in_less_usual_places(body: str, names: list[str]) -> None:
    assert authors_of(body) == names


def test_the_sites_name_after_the_names_is_not_a_name() -> None:
    page = ("<html><head><meta property='og:site_name' content='Hafenblatt'></head><body><h1>Hafen</h1>"
            "<div class='article-byline'>By Adam Aaronson Hafenblatt Staff</div>" + PROSE + "</body></html>")
    assert byline_authors(parse_tree(page), "https://hafenblatt.example/a", "Hafenblatt") == ["Adam Aaronson"]


def test_the_byline_adds_the_co_authors_of_the_declared_author() -> None:
    page = ("<html><head><meta name='author' content='Rudolf Fischer'></head><body><h1>Test</h1>"
            "<span class='vcard author'>von Rudolf Fischer, Simon Kohler</span>" + PROSE + "</body></html>")
    assert page_metadata(parse_tree(page), "https://rad.example/test", use_htmldate=False).authors == [
        "Rudolf Fischer", "Simon Kohler"]
    # a byline that names someone else does not replace the declared author
    other = page.replace("von Rudolf Fischer, Simon Kohler", "von Anna Beispiel, Max Muster")
    assert page_metadata(parse_tree(other), "https://rad.example/test", use_htmldate=False).authors == [
        "Rudolf Fischer"]


@pytest.mark.parametrize("body", [
    "<div class='post-meta author'>01.12.2022 / Photovoltaik / Speicher / Wirtschaft</div>" + PROSE,
    PROSE + "<p><a href='/tag/angela-merkel/'>Angela Merkel</a></p>",  # a tag page, not an author's
    PROSE + "<p><a href='/staff/'>Unser Team</a></p>",
    PROSE + "<p><a href='http://[::1/staff/anna-beispiel'>Anna Beispiel</a></p>",  # an href that is no URL
    PROSE + "<p><strong>Neue Wege</strong></p>" + PROSE,  # a bold subheading, text follows it
    PROSE * 3 + "<p style='text-align:right'>Nguồn: Báo Hải Phòng</p>",  # the source, a paper
    PROSE * 3 + "<p style='text-align:right'>Theo TTXVN</p>",  # an agency, one word
    "<p><strong>Hafen Hamburg</strong></p>",  # bold, but after no prose
    "<div class='author-box'><h3>Rezept von</h3><a href='/user/simone'>Simone32</a></div>",  # a label
])
def test_look_alikes_name_nobody(body: str) -> None:
    assert authors_of(body) == []


def yoast_page(graph: str) -> str:
    return (f"<html><head><script type='application/ld+json'>{{\"@context\": \"https://schema.org\", "
            f"\"@graph\": [{graph}]}}</script></head><body><h1>Hafen</h1>{PROSE}</body></html>")


PERSON = '{"@type": ["Person"], "@id": "https://zeitung.example/#/schema/person/7a3", "name": "Anna Beispiel"}'
ORGANISATION = '{"@type": "Organization", "@id": "https://zeitung.example/#organization", "name": "Hafenblatt"}'


def test_json_ld_authors_given_by_reference_in_the_graph() -> None:
    article = ('{"@type": "NewsArticle", "headline": "Hafen", "author": {"@id": '
               '"https://zeitung.example/#/schema/person/7a3"}, "publisher": {"@id": "https://zeitung.example/#organization"}}')
    meta = page_metadata(parse_tree(yoast_page(f"{article}, {PERSON}, {ORGANISATION}")),
                         "https://zeitung.example/hafen", use_htmldate=False)
    assert meta.authors == ["Anna Beispiel"]


def test_the_web_pages_author_when_the_graph_has_no_article() -> None:
    webpage = ('{"@type": "WebPage", "@id": "https://zeitung.example/hafen#webpage", "name": "Hafen", '
               '"author": {"@id": "https://zeitung.example/#/schema/person/7a3"}}')
    meta = page_metadata(parse_tree(yoast_page(f"{webpage}, {PERSON}")), "https://zeitung.example/hafen",
                         use_htmldate=False)
    assert meta.authors == ["Anna Beispiel"]
    # a reference to nothing names nobody
    dangling = webpage.replace("7a3", "999")
    assert page_metadata(parse_tree(yoast_page(f"{dangling}, {PERSON}")), "https://zeitung.example/hafen",
                         use_htmldate=False).authors == []


def test_an_author_meta_that_names_a_paper_is_set_aside() -> None:
    # another paper of the same CMS as nhandan.vn, read by the generic extractor
    page = ("<html><head><meta name='author' content='Báo Tiền Phong'></head><body><h1>Tin</h1>"
            "<div class='article__author'><span class='name'>Bài và ảnh: Hương Giang</span></div>"
            + PROSE + "</body></html>")
    meta = page_metadata(parse_tree(page), "https://tienphong.example/tin-post1.tpo", use_htmldate=False)
    assert meta.authors == [] and meta.site_authors == ["Báo Tiền Phong"]
    assert byline_authors(parse_tree(page), "https://tienphong.example/tin-post1.tpo") == ["Hương Giang"]


@pytest.mark.parametrize(("byline", "names"), [
    ("<a href='#'><b>Von:</b><br/><br/>Götz Warnke</a>", ["Götz Warnke"]),  # the label apart from the name
    ("<p><b>By</b><br>Jane Doe</p>", ["Jane Doe"]),
    ("<p><strong>Autor:</strong><br/> Petra Ruland</p>", ["Petra Ruland"]),
])
def test_a_bare_label_with_the_name_after_a_line_break(byline: str, names: list[str]) -> None:
    assert authors_of(f"{PROSE}{byline}") == names


@pytest.mark.parametrize("byline", ["<p><b>Von:</b><br>der Redaktion des Hauses und vielen anderen Leuten hier</p>",
                                    "<p><b>Text:</b><br>Das Wetter wird morgen schön und warm.</p>"])
def test_a_bare_label_before_a_sentence_names_nobody(byline: str) -> None:
    assert authors_of(f"{PROSE}{byline}") == []

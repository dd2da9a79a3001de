"""Headings left at the end of the article by furniture blocks taken out under them."""

from __future__ import annotations

import pytest

from newsflow.services.parser.html import generic
from newsflow.services.parser.html.dom import parse_tree

PROSE = {
    "en": ("The council voted on Tuesday to rebuild the harbour wall, which storms damaged twice "
           "last winter, and to pay for it from the port's own reserves over five years. "),
    "de": ("Der Gemeinderat hat am Dienstag beschlossen, die Hafenmauer neu zu bauen, die im letzten "
           "Winter zweimal von Stürmen beschädigt wurde, und sie aus den Rücklagen zu bezahlen. "),
    "es": ("El consejo votó el martes reconstruir el muro del puerto, que las tormentas dañaron dos "
           "veces el invierno pasado, y pagarlo con las reservas del propio puerto en cinco años. "),
    "vi": ("Hội đồng thành phố hôm thứ Ba đã biểu quyết xây lại bức tường cảng, vốn bị bão làm hư hại "
           "hai lần trong mùa đông vừa qua, bằng nguồn dự trữ của chính cảng trong năm năm. "),
    "ja": ("市議会は火曜日、昨冬に二度の嵐で損傷した港の防波堤を再建し、その費用を港の積立金から五年かけて"
           "支払うことを議決した。工事は来春に始まり、漁業者への影響を抑えるため夜間に行われる予定である。"),
}
HEADINGS = {"en": "You may also like", "de": "Mehr zum Thema", "es": "Te puede interesar",
            "vi": "Tin liên quan", "ja": "関連記事"}


def _page(inner: str) -> str:
    return f"<html><head><title>Harbour</title></head><body><div class='story'>{inner}</div></body></html>"


@pytest.mark.parametrize("language", sorted(HEADINGS))
def test_the_heading_of_a_related_block_taken_out_goes_with_it(language: str) -> None:
    prose, heading = PROSE[language], HEADINGS[language]
    teasers = "".join(f"<div class='teaser'><img src='/{i}.jpg'></div>" for i in range(3))
    html = _page(f"<h2>{heading} 1</h2><p>{prose}</p><p>{prose * 2}</p>"
                 f"<h3>{heading}</h3><div class='related-posts'>{teasers}</div>"
                 f"<div class='wrap'><h4>{heading} 2</h4></div><aside>{prose}</aside>")
    paragraphs = generic.article_blocks(parse_tree(html))
    assert f"{heading} 1" in paragraphs  # a heading that text follows stays
    assert heading not in paragraphs
    assert f"{heading} 2" not in paragraphs  # inside a wrapper of its own, nothing after it either
    assert paragraphs[-1] == (prose * 2).strip()


def test_a_heading_with_text_after_it_stays() -> None:
    prose = PROSE["en"]
    tail = _page(f"<p>{prose}</p><p>{prose}</p><h3>What comes next</h3>The works start in spring.")
    assert "What comes next" in generic.article_blocks(parse_tree(tail))
    nested = _page(f"<p>{prose}</p><div><h3>What comes next</h3></div><p>{prose}Works start in spring.</p>")
    assert "What comes next" in generic.article_blocks(parse_tree(nested))


def test_a_last_heading_that_is_a_sentence_stays() -> None:
    prose = PROSE["de"]
    sentence = "Der Bau beginnt im Frühjahr und dauert zwei Jahre."
    html = _page(f"<p>{prose}</p><p>{prose}</p><h3>{sentence}</h3><div class='related'><img src='/a.jpg'></div>")
    assert generic.article_blocks(parse_tree(html))[-1] == sentence

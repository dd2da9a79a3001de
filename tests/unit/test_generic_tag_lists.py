"""A post's tag list, marked by HTML's rel="tag" link type, is not its text, in any language."""

from __future__ import annotations

import pytest

from newsflow.services.parser.html import generic
from newsflow.services.parser.html.dom import parse_tree

PROSE = ("Der Gemeinderat hat am Dienstag beschlossen, die Hafenmauer neu zu bauen, die im letzten Winter "
         "zweimal von Stürmen beschädigt wurde, und sie aus den Rücklagen des Hafens zu bezahlen. ")


def _page(inner: str) -> str:
    return f"<html><head><title>Hafen</title></head><body><div class='entry'>{inner}</div></body></html>"


def _tags(words: list[str]) -> str:
    return ", ".join(f"<a href='/tag/{i}' rel='tag'>{w}</a>" for i, w in enumerate(words))


@pytest.mark.parametrize(("label", "words"), [
    ("Schlagwörter:", ["Hafen", "Gemeinderat", "Stürme"]),
    ("Etiquetas", ["puerto", "consejo municipal"]),
    ("", ["harbour", "council", "storms", "budget"]),
    ("Thẻ:", ["cảng biển", "hội đồng"]),
])
def test_a_rel_tag_list_is_dropped(label: str, words: list[str]) -> None:
    html = _page(f"<p>{PROSE}</p><p>{PROSE}</p><strong>{label}<br>{_tags(words)}</strong>"
                 f"<p>Veröffentlicht in <a href='/c' rel='category tag'>{words[0]}</a></p>")
    paragraphs = generic.article_blocks(parse_tree(html))
    assert paragraphs == [PROSE.strip(), PROSE.strip()]


def test_a_tag_link_inside_a_sentence_keeps_the_sentence() -> None:
    sentence = ("Wie schon im <a href='/tag/h' rel='tag'>Hafen</a> von Kiel soll die Mauer aus Beton sein, "
                "sagte die Bürgermeisterin am Abend vor der Presse.")
    html = _page(f"<p>{PROSE}</p><p>{sentence}</p>")
    paragraphs = generic.article_blocks(parse_tree(html))
    assert paragraphs[-1].startswith("Wie schon im Hafen von Kiel")
